"""One glibc malloc arena for every thread of the window (Linux).

glibc gives each thread that allocates while another holds the main arena an arena of its own,
and memory freed in one arena serves only that arena's thread. The window's background jobs
(heritage detection, the board's timing, lane findings, the panels' reads) each run on a pool
thread: what a finished scan freed on its thread stayed there, unused by the UI thread, some
10 MB on a 100-episode series. Python threads take turns under the GIL anyway, so one shared
arena (``M_ARENA_MAX`` = 1, what ``MALLOC_ARENA_MAX=1`` sets) costs no speed the window
would notice. Elsewhere (macOS, Windows, musl) this does nothing.
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys

logger = logging.getLogger(__name__)

#: glibc's mallopt parameter for the number of arenas (malloc.h)
M_ARENA_MAX = -8
_done: list[bool] = []


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
