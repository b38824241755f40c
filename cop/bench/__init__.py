"""The page benchmark: fill a database with a large forum (fill) and measure its pages (pages)."""
