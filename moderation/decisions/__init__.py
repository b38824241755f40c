"""Moderators' decisions: one post (decide), a selection from the queue (bulk), and the retrain
they lead to (retrain, the only place that queues one)."""
