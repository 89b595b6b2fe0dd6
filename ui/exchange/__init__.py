"""Import and export from the window: the export dialog and File ▸ Import/Export as…."""
