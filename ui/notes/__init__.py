"""Consultants' notes in the window: the panel, the add-note dialog, the review summary."""
