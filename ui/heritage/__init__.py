"""The heritage library in the window: panel, entry card, edit form, detection, coverage."""
