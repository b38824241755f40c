"""Wagtail pages: the home page, the resource library, and the resources editors publish."""
