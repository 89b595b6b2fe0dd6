"""PySide6's per-import check for the word "PySide6", answered from the file's bytes.

PySide6 (6.4 and later) looks at each module imported after it for the word "PySide6", to know
which modules may switch on its ``__feature__`` options. It reads the module's source with
``inspect.getsource``, which decodes every file and leaves every line of it in ``linecache``:
with SQLAlchemy, spaCy and their dependencies some 1,400 files and 600,000 lines, about 50 MB
of strings the window never reads again, and about 0.2 ms a module (some 0.07 s of the start-up
to a project on screen). ``forget_module_sources`` puts a check in its place that gives the same
answer from the source file's bytes (a plain ``.py`` file: the word is ASCII, so it is in the
bytes exactly when it is in the text), cached nowhere and about four times faster; anything else
(a module without a ``.py`` file, one that cannot be read) goes to PySide6's own check, whose
lines are dropped from the cache again unless something had read them before. ``ui/__init__``
calls it, before any other window module is imported.
"""

from __future__ import annotations

import linecache
import logging
import sys
from collections.abc import Callable
from types import ModuleType

import PySide6  # noqa: F401 - sets up shibokensupport.feature, whose check is replaced below

logger = logging.getLogger(__name__)

_MARK = "_kiln_forgets_sources"


def forget_module_sources() -> bool:
    """Replace PySide6's per-import source check (once); False when this PySide6 has none."""
    feature = sys.modules.get("shibokensupport.feature")
    check = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(check):
        return False
    if getattr(check, _MARK, False):
        return True
    feature._mod_uses_pyside = _from_bytes(check)
    return True


def _from_bytes(check: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:  # gone or unreadable: PySide6's own check decides, as before
                pass
        cached_before = isinstance(path, str) and path in linecache.cache
        try:
            return check(module)
        finally:
            if isinstance(path, str) and not cached_before:
                linecache.cache.pop(path, None)

    setattr(uses_pyside, _MARK, True)
    uses_pyside.pyside_check = check  # type: ignore[attr-defined]  # PySide6's own, for tests
    return uses_pyside
