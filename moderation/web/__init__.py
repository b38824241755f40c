"""Moderation's pages: the review area in the Wagtail admin, the threshold admin pages, and the
members' report and appeal pages (mounted under the forum's addresses)."""
