"""Bots that post through the real pages, for the patient-spammer tests and benchmark."""
