"""Kiln's window (PySide6): the only package that imports Qt; it reads data through app.project."""
