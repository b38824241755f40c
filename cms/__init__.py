"""Wagtail pages: the home page now; resource and toolkit pages build on it."""
