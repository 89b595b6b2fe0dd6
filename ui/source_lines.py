"""Keep PySide6 from holding the source text of every imported module in memory.

PySide6 (6.4 and later) looks at each module imported after it for the word "PySide6", to know
which modules may switch on its ``__feature__`` options; it reads the module's source with
``inspect.getsource``, which leaves every line of every imported file in ``linecache``. With
SQLAlchemy, spaCy and their dependencies that is some 1,400 files and 600,000 lines — about
50 MB of strings the window never reads again. ``forget_module_sources`` wraps PySide6's check
so that it gives the same answer but drops the lines it read from the cache afterwards (a
traceback that needs them reads them again). ``ui/__init__`` calls it, before any other
window module is imported.
"""

from __future__ import annotations

import inspect
import linecache
import logging
import sys
from collections.abc import Callable
from types import ModuleType

import PySide6  # noqa: F401 - sets up shibokensupport.feature, which is wrapped below

logger = logging.getLogger(__name__)

_MARK = "_kiln_forgets_sources"


def forget_module_sources() -> bool:
    """Wrap PySide6's per-import source check (once); False when this PySide6 has none."""
    feature = sys.modules.get("shibokensupport.feature")
    check = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(check):
        return False
    if getattr(check, _MARK, False):
        return True
    feature._mod_uses_pyside = _forgetting(check)
    return True


def _forgetting(check: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    def uses_pyside(module: ModuleType) -> bool:
        try:
            path = inspect.getsourcefile(module)
        except TypeError:  # a built-in module: no file, nothing cached
            path = None
        cached_before = path is not None and path in linecache.cache
        try:
            return check(module)
        finally:
            if path is not None and not cached_before:
                linecache.cache.pop(path, None)

    setattr(uses_pyside, _MARK, True)
    return uses_pyside
