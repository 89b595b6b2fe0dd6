"""Runs a studio sync without blocking the window: the network phases on a worker thread, the
local ones (the outbox, replaying what came) on the UI thread, so the writer keeps typing.

``SyncRunner`` also listens for the studio's NOTIFY (``app.features.studio.notify``): a new
changeset by someone else shows as a badge, and is pulled by itself once the writer has paused
for ``idle_ms`` (the window calls ``note_activity`` whenever the writer edits).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from app.core.errors import UserError
from app.features.studio.notify import Watcher
from app.features.studio.sync import Fetched, PushResult, Sent, Studio, SyncResult, SyncStatus
from ui.background import Worker

logger = logging.getLogger(__name__)


class SyncRunner(QObject):
    """Syncs one open project with its studio on request, and when news arrives."""

    #: The state shown in the status bar may have changed.
    changed = Signal()
    #: A sync finished (``SyncResult``).
    synced = Signal(object)
    #: A sync failed; the message is for the writer (nothing is lost: the outbox keeps it).
    failed = Signal(str)
    #: The server announced a changeset by someone (seq, author).
    heard = Signal(int, str)
    _heard_from_thread = Signal(int, str)

    def __init__(self, studio: Studio, parent: QObject | None = None, *,
                 idle_ms: int = 5000) -> None:
        super().__init__(parent)
        self.studio = studio
        self.worker = Worker(self)
        self.busy = False
        self.last_error = ""
        #: Changesets by others announced since the last sync.
        self.news = 0
        self._push = PushResult()
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(idle_ms)
        self._idle.timeout.connect(self._idle_reached)
        self._watcher: Watcher | None = None
        self._closed = False  # shut down: nothing starts any more
        self._heard_from_thread.connect(self._on_heard)

    # -- what the window calls -----------------------------------------------------------------

    def status(self) -> SyncStatus:
        """Where the copy stands (without asking the server)."""
        return self.studio.status(online=False)

    def note_activity(self) -> None:
        """The writer just edited: wait for a pause before pulling by itself."""
        self._idle.start()

    def start_watching(self) -> None:
        """Listen for the studio's announcements (a thread of its own)."""
        if self._watcher is None:
            link = self.studio.link()
            self._watcher = Watcher(self.studio.address(link), link.project_id,
                                    self._heard_from_thread.emit)
            self._watcher.start()

    def sync_now(self) -> None:
        """Start a sync (nothing happens while one runs, nor once shut down)."""
        if self.busy or self._closed:
            return
        self.busy, self.last_error, self._push = True, "", PushResult()
        self.changed.emit()
        self._next_batch()

    def shutdown(self, wait_ms: int = 30000) -> None:
        """Stop listening and syncing; wait at most ``wait_ms`` for a network call under way
        (0: do not wait — its result is dropped; the outbox keeps what it was sending, and the
        studio recognises a batch sent twice). Nothing starts afterwards."""
        self._closed = True
        self._idle.stop()
        if self._watcher is not None:
            self._watcher.stop(wait_ms / 1000)
            self._watcher = None
        self.worker.shutdown(wait_ms)

    def running(self) -> bool:
        """Whether a network call is still under way (after ``shutdown``: not yet ended)."""
        return self.worker.pool.activeThreadCount() > 0

    # -- the phases ----------------------------------------------------------------------------

    def _next_batch(self) -> None:
        try:
            batch = self.studio.outgoing()
        except UserError as exc:
            self._failed(exc)
            return
        if not batch.entries:
            self._fetch()
            return
        self.worker.submit(lambda: self.studio.send(batch),
                           lambda sent: self._sent(sent, len(batch.entries)), self._failed)

    def _sent(self, sent: Sent, size: int) -> None:
        try:
            self.studio.settle(sent)
        except UserError as exc:
            self._failed(exc)
            return
        for name in ("sent", "already", "conflicts", "kept", "restored"):
            setattr(self._push, name, getattr(self._push, name) + getattr(sent.result, name))
        self._push.refused.update(sent.result.refused)
        if size >= self.studio.batch:
            self._next_batch()
        else:
            self._fetch()

    def _fetch(self) -> None:
        try:
            incoming = self.studio.incoming()
        except UserError as exc:
            self._failed(exc)
            return
        self.worker.submit(lambda: self.studio.fetch(incoming), self._fetched, self._failed)

    def _fetched(self, fetched: Fetched) -> None:
        try:
            pulled = self.studio.apply(fetched)
        except UserError as exc:
            self._failed(exc)
            return
        self.busy, self.news = False, 0
        result = SyncResult(self._push, pulled)
        self.synced.emit(result)
        self.changed.emit()
        if pulled.waiting:  # edits made during the sync: send them, then pull again
            self.sync_now()

    def _failed(self, error: Exception) -> None:
        self.busy = False
        self.last_error = str(error)
        logger.info("studio sync failed: %s", error)
        self.failed.emit(self.last_error)
        self.changed.emit()

    def _on_heard(self, seq: int, author: str) -> None:
        if self._closed or seq <= self.studio.link().last_seen:
            return
        self.news += 1
        self.heard.emit(seq, author)
        self.changed.emit()
        if not self._idle.isActive():
            self.sync_now()

    def _idle_reached(self) -> None:
        if self.news and not self.busy and not self._closed:
            self.sync_now()
