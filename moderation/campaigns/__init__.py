"""Spam campaigns: every post and account of a post's campaign (find), and removing them in one
go (purge). The contacts that tie posts together are read by moderation/contacts.py."""
