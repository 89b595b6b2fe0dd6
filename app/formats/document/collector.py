"""Pause Python's cyclic garbage collector while an export lays out and renders its document.

A 100-episode export makes millions of small objects (lines, runs, XML elements) and keeps
hundreds of thousands alive until it is written; each time enough are made the collector walks
every one still alive, and that walking was a sixth of a packet's render. Nearly all of them are
freed by their reference counts anyway, so the collector is paused for the export and resumed
after it (it then finds whatever cycles the export left). Exports on two threads at once share
one pause: the collector resumes when the last one ends, and only if it ran before the first.
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_holders = 0  # exports inside ``collector_paused`` now
_resume = False  # whether the collector ran before the first of them paused it


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the body with automatic garbage collection off (nested and threaded uses share it)."""
    global _holders, _resume
    with _lock:
        if _holders == 0:
            _resume = gc.isenabled()
            gc.disable()
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _resume:
                gc.enable()
