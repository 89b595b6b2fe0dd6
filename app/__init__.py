"""Kiln's core: pure Python, no Qt. The window (ui/) and the command line both sit on top of it."""

from __future__ import annotations

_version: str | None = None


def __getattr__(name: str) -> str:
    """``app.__version__``, read from the installed package on first use: importing
    ``importlib.metadata`` costs tens of milliseconds the window's first frame does not wait for."""
    global _version
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if _version is None:
        from importlib import metadata

        try:
            _version = metadata.version("kiln")
        except metadata.PackageNotFoundError:  # a source tree that was never installed
            _version = "0.0.0+source"
    return _version
