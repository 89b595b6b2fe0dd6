"""The connection pool of a project file's engine: one connection per thread, never closed
while it is in use.

Sessions opened inside one another on the same thread share that thread's connection (and its
transaction), as SQLAlchemy's ``SingletonThreadPool`` does and as the project layer expects.
That pool, though, closes connections *of other threads* once more than ``pool_size`` threads
have used the engine — any of them, in use or not (its documentation says so) — and a window
with a project open has more threads than that (the board's timing, the rhythm findings, the
heritage detection, the panels' readers, and Qt's pools start new threads after 30 s idle).
Closing a SQLite connection while another thread runs a statement on it crashed the process.

Here the UI thread keeps its connection for the life of the engine; a background thread's
connection is closed when its outermost use returns it, so none is ever closed under a running
statement and none is left behind by a thread that ended.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from sqlalchemy.pool import ConnectionPoolEntry, SingletonThreadPool

logger = logging.getLogger(__name__)


class ThreadConnectionPool(SingletonThreadPool):
    """``SingletonThreadPool`` without its cleanup: see the module's docstring."""

    def __init__(self, creator: Any, **kw: Any) -> None:
        kw.pop("pool_size", None)
        super().__init__(creator, pool_size=1_000_000, **kw)

    def _cleanup(self) -> None:
        """Close nothing: a connection closes when its background thread returns it."""

    def _do_return_conn(self, record: ConnectionPoolEntry) -> None:
        super()._do_return_conn(record)
        if threading.current_thread() is threading.main_thread():
            return  # the UI thread's connection lives as long as the engine
        current = getattr(self._conn, "current", None)
        if current is not None and current() is record:
            del self._conn.current
        self._all_conns.discard(record)
        record.close()
