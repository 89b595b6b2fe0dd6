"""The studio in the window: sync state in the status bar, Sync now, the conflicts list and
what others changed (the sync itself is ``app.features.studio``)."""
