"""Spam defence and human review: screening, the review queue, flags and trust."""
