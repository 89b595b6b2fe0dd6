"""An open project: the file, the undo history, the change recorder, generic commands and
Changesets (plain data, replayable on another copy)."""
