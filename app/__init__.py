"""Kiln's core: pure Python, no Qt. The window (ui/) and the command line both sit on top of it."""

from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("kiln")
except _metadata.PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
