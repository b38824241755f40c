"""Settings modules: base holds everything; dev, test and production override it."""
