"""The review queue: its items and filters (items), one item in full (item), and telling
moderators about posts waiting too long (alerts)."""
