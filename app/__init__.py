"""Kiln's core: pure Python, no Qt. The window (ui/) and the command line both sit on top of it."""

from __future__ import annotations

#: Kiln's version, as ``pyproject.toml`` gives it (a test keeps the two equal). Written here
#: rather than read from the installed package's metadata: importing ``importlib.metadata``
#: cost every command 13-50 ms before it could print its first word.
__version__ = "0.1.0"
