"""Kiln's window (PySide6): the only package that imports Qt; it reads data through app.project."""

from ui.malloc_arenas import share_one_arena
from ui.source_lines import forget_module_sources

# Before the window's modules (and SQLAlchemy, spaCy) are imported and its threads start.
forget_module_sources()
share_one_arena()
