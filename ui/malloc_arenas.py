"""glibc's malloc in the window (Linux): one arena for every thread, and freed memory given back.

glibc gives each thread that allocates while another holds the main arena an arena of its own,
and memory freed in one arena serves only that arena's thread. The window's background jobs
(heritage detection, the board's timing, lane findings, the panels' reads) each run on a pool
thread: what a finished scan freed on its thread stayed there, unused by the UI thread, some
10 MB on a 100-episode series. Python threads take turns under the GIL anyway, so one shared
arena (``M_ARENA_MAX`` = 1, what ``MALLOC_ARENA_MAX=1`` sets) costs no speed the window
would notice. ``give_back`` returns the free pages inside the heap to the system
(``malloc_trim``, well under a millisecond): the background worker calls it after each job, so
what a scan read and dropped does not stay counted against the window. Elsewhere (macOS,
Windows, musl) both do nothing.
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys
from typing import Any

logger = logging.getLogger(__name__)

#: glibc's mallopt parameter for the number of arenas (malloc.h)
M_ARENA_MAX = -8
_done: list[bool] = []
_trim: list[Any] = []


def share_one_arena() -> bool:
    """Ask glibc for one arena (once); False where there is no glibc ``mallopt`` or the user
    set ``MALLOC_ARENA_MAX`` themselves."""
    if _done:
        return _done[0]
    result = False
    if sys.platform.startswith("linux") and "MALLOC_ARENA_MAX" not in os.environ:
        try:
            mallopt = ctypes.CDLL(None).mallopt
        except (OSError, AttributeError):  # no C library symbols, or not glibc (musl)
            mallopt = None
        if mallopt is not None:
            result = mallopt(M_ARENA_MAX, 1) == 1
    _done.append(result)
    logger.debug("one malloc arena: %s", result)
    return result


def give_back() -> bool:
    """Return the heap's free pages to the system; False where there is no glibc."""
    if not _trim:
        trim = None
        if sys.platform.startswith("linux"):
            try:
                trim = ctypes.CDLL(None).malloc_trim
            except (OSError, AttributeError):  # not glibc
                trim = None
        _trim.append(trim)
    return _trim[0] is not None and bool(_trim[0](0))
