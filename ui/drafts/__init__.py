"""The drafts of a project in the window: the Drafts panel, the compare view, a draft read."""
