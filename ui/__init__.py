"""Kiln's window (PySide6). The only package that imports Qt; it reaches data through app.services."""
