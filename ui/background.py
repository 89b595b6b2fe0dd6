"""Work off the UI thread: one small wrapper that runs a function and hands back its result.

``Worker.submit(job, done, failed)`` runs ``job()`` on the worker's own thread and then calls
``done(result)`` (or ``failed(error)``) on the UI thread, through a queued signal. A worker runs
its jobs one after another in the order given, so jobs that share objects (a spaCy pipeline)
never run at once. ``shutdown`` drops results not yet delivered and waits for the running job.
After each job the heap's free pages go back to the system (``ui.malloc_arenas.give_back``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from ui.malloc_arenas import give_back

logger = logging.getLogger(__name__)


class _Relay(QObject):
    """Lives on the UI thread; the job emits through it, so the slots run there."""

    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, job: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.job, self.relay = job, relay
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.job()
        except Exception as exc:  # handed to the UI thread, which decides what to show
            logger.exception("background job failed")
            give_back()
            self.relay.failed.emit(exc)
            return
        give_back()  # what the job read and dropped goes back to the system
        self.relay.done.emit(result)


class Worker(QObject):
    """A background thread for jobs whose results come back to the UI thread by signal."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)  # one after another, in order
        self._relays: set[_Relay] = set()
        self._closed = False

    def submit(
        self,
        job: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[Exception], None] | None = None,
    ) -> None:
        """Run ``job()`` in the background; call ``done`` or ``failed`` on the UI thread."""
        if self._closed:
            return
        relay = _Relay(self)
        self._relays.add(relay)

        def deliver(callback: Callable[[Any], None] | None, value: Any) -> None:
            self._relays.discard(relay)
            relay.deleteLater()
            if callback is not None and not self._closed:
                callback(value)

        relay.done.connect(lambda value: deliver(done, value))
        relay.failed.connect(lambda error: deliver(failed, error))
        self.pool.start(_Job(job, relay))

    def busy(self) -> bool:
        """Whether a job is running, queued, or has a result not yet delivered."""
        return bool(self._relays) or self.pool.activeThreadCount() > 0

    def shutdown(self, wait_ms: int = 30000) -> None:
        """Drop queued jobs and undelivered results; wait for the running job to end."""
        self._closed = True
        self.pool.clear()
        self.pool.waitForDone(wait_ms)
