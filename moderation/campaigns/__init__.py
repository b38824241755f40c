"""Spam campaigns: the contacts that tie posts together (contacts), every post and account of a
post's campaign (find), and removing them in one go (purge)."""
