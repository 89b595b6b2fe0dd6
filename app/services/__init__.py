"""Use cases shared by the window and the command line: open a project, edit it, undo, report."""
