"""The moderation dashboard: its figures (figures) and their server-drawn charts (charts)."""
