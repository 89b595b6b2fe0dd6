"""Kiln's window (PySide6): the only package that imports Qt; it reads data through app.project."""

from ui.source_lines import forget_module_sources

forget_module_sources()  # before the window's modules (and SQLAlchemy, spaCy) are imported
