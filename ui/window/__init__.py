"""The main window: a frame holding the workspace, its menus, dialogs and the navigator."""
