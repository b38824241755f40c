"""Views for the everyday forum features, one module per concern."""
