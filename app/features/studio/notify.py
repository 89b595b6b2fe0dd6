"""Hear the studio say "something new is there" (PostgreSQL LISTEN/NOTIFY) on a thread of its
own, so an open window can show a badge and pull when the writer pauses.

The server's ``studio.announce_changeset`` trigger sends "<project id> <seq> <author>" on the
``kiln_studio`` channel when a changeset commits. ``Watcher`` keeps one connection listening and
calls ``on_change(seq, author)`` for its project's changesets (from its own thread: a window
hands the call to its UI thread). A lost connection is tried again every few seconds; being
offline is normal, so it logs and waits.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable

from app.features.studio.address import PASSWORD_VARIABLE, Address
from app.features.studio.ddl import CHANNEL

logger = logging.getLogger(__name__)

OnChange = Callable[[int, str], None]


def conninfo(address: Address) -> tuple[str, dict[str, str]]:
    """libpq's form of ``address`` and the password to add (if it has none itself)."""
    url = address.url.set(drivername="postgresql")
    extra = {}
    if url.password is None and os.environ.get(PASSWORD_VARIABLE):
        extra["password"] = os.environ[PASSWORD_VARIABLE]
    return url.render_as_string(hide_password=False), extra


class Watcher:
    """Listens for new changesets of one project until stopped."""

    def __init__(self, address: Address, project_id: str, on_change: OnChange, *,
                 retry_seconds: float = 5.0) -> None:
        self.address = address
        self.project_id = project_id
        self.on_change = on_change
        self.retry_seconds = retry_seconds
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        #: Set once the watcher is listening (tests and the status bar wait on it).
        self.listening = threading.Event()

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="kiln-studio-watch",
                                            daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop listening and wait (at most ``timeout`` seconds) for the thread to end."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _run(self) -> None:
        import psycopg  # on the watcher's thread, once a linked project syncs: not at start-up

        info, extra = conninfo(self.address)
        while not self._stop.is_set():
            try:
                with psycopg.connect(info, autocommit=True, connect_timeout=10, **extra) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.listening.set()
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=0.5):
                            self._heard(note.payload)
            except psycopg.Error as exc:
                self.listening.clear()
                logger.info("studio watcher waits to reconnect: %s", exc)
                self._stop.wait(self.retry_seconds)

    def _heard(self, payload: str) -> None:
        parts = payload.split(" ", 2)
        if len(parts) == 3 and parts[0] == self.project_id and parts[1].isdigit():
            try:
                self.on_change(int(parts[1]), parts[2])
            except Exception:  # a listener's bug must not end the watching
                logger.exception("studio change listener failed")
