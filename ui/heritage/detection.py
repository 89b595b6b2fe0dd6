"""Heritage-term detection for the open project, run off the UI thread.

``HeritageDetection.start()`` (the window calls it once it is on screen) opens the library,
builds the detector (``app.features.heritage.detect.detector_for``: spaCy is imported there, in the
worker)
and scans the whole project on a ``ui.background.Worker``, a batch of scenes at a time
(``app.features.heritage.scan.scene_batches``). Edits to script lines queue their
scenes (``HeritageImpact``, from the bridge); after a pause (``RESCAN_MS``) only those scenes are
scanned again. Every finished scan
updates ``scenes`` (scene id -> ``SceneMatches``) and emits ``updated``; a change of links emits
it too, since the coverage counts links. A library edit (``library_changed``) rebuilds the
detector and rescans everything.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from app.features.heritage.coverage import Coverage, coverage
from app.features.heritage.detect import Match, detector_for
from app.features.heritage.impact import HeritageImpact
from app.features.heritage.library import Library
from app.features.heritage.scan import SceneMatches, detect_in, read_script, scene_batches
from app.project.open_project import OpenProject
from ui.background import Worker
from ui.bridge import ProjectBridge

logger = logging.getLogger(__name__)

#: pause after the last edit before its scenes are scanned again
RESCAN_MS = 700


class HeritageDetection(QObject):
    """Keeps the detected heritage terms of the open project, scanning in the background."""

    updated = Signal()  # terms or links changed: marks, coverage and lane chips redraw
    library_ready = Signal(object)  # the Library, once the worker has opened it
    failed = Signal(str)  # a sentence for the status bar

    def __init__(self, bridge: ProjectBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        bridge.heritage_changed.connect(self._on_changes)
        self.worker = Worker(self)
        self.project: OpenProject | None = None
        self.library: Library | None = None
        self.scenes: dict[str, SceneMatches] = {}
        self.started = False
        self.timings: dict[str, float] = {}  # seconds: "detector", "scan", "rescan"
        self._generation = 0  # results of a scan started for an older project are dropped
        # Held while the worker reads the project, so closing it waits for the read (a fraction
        # of a second), never for the matching, and never closes a connection mid-query.
        self._reading = threading.Lock()
        self._pending: set[str] = set()
        self._full_pending = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RESCAN_MS)
        self._timer.timeout.connect(self._rescan)

    # -- state from the window ----------------------------------------------------------------

    def set_project(self, project: OpenProject | None) -> None:
        """Scan ``project`` (None: forget everything).

        Returns once the worker has stopped reading the previous project, so the caller may
        close it.
        """
        with self._reading:
            self._generation += 1
        self.project = project
        self.scenes = {}
        self._pending.clear()
        self._timer.stop()
        if project is not None and self.started:
            self._scan_all()
        self.updated.emit()

    def set_library(self, library: Library) -> None:
        """Use ``library`` (the one the panel opened) instead of opening another."""
        if self.library is None:
            self.library = library

    def start(self) -> None:
        """Open the library, build the detector and scan the project (all in the background)."""
        if self.started:
            return
        self.started = True
        self._scan_all()

    def library_changed(self) -> None:
        """An entry was edited or added: rebuild the detector and scan everything again."""
        if self.started:
            self._scan_all()

    def shutdown(self) -> None:
        self.worker.shutdown()

    # -- results ------------------------------------------------------------------------------

    def busy(self) -> bool:
        """Whether a scan is running or waiting for the pause after an edit."""
        return self.worker.busy() or self._timer.isActive()

    def element_matches(self) -> dict[str, list[Match]]:
        """Terms in the script-line text of each element (parentheticals left out)."""
        found: dict[str, list[Match]] = {}
        for scene in self.scenes.values():
            for item in scene.matches:
                if item.field == "text":
                    found.setdefault(item.element_id, []).append(item.match)
        return found

    def coverage(self) -> Coverage:
        """Linked and detected heritage items per episode of the open project."""
        if self.project is None:
            return Coverage()
        return coverage(self.project, self.scenes.values())

    def entry(self, entry_id: str) -> dict[str, Any] | None:
        """A library entry by id (None before the library is open or for unknown ids)."""
        return self.library.get(entry_id) if self.library is not None else None

    # -- scanning -----------------------------------------------------------------------------

    def _on_changes(self, impact: HeritageImpact) -> None:
        if self.project is None:
            return
        if impact.rescan and self.started:
            self._pending |= impact.rescan
            self._timer.start()
        if impact.coverage:
            self.updated.emit()

    def _scan_all(self) -> None:
        self._pending.clear()
        self._timer.stop()
        self._submit(None)

    def _rescan(self) -> None:
        if self.worker.busy():  # one scan at a time; the rest waits for the next pause
            self._timer.start()
            return
        scenes, self._pending = self._pending, set()
        if scenes:
            self._submit(scenes)

    def _submit(self, scene_ids: set[str] | None) -> None:
        project, generation = self.project, self._generation
        library = self.library

        def job() -> tuple[Library, list[SceneMatches], dict[str, float]]:
            times: dict[str, float] = {}
            lib = library or Library.open()
            t0 = time.perf_counter()
            detector = detector_for(lib)  # spaCy is imported here, off the UI thread
            times["detector"] = time.perf_counter() - t0
            found: list[SceneMatches] = []
            t0 = time.perf_counter()
            complete = scene_ids is None
            with self._reading:
                batches = (
                    scene_batches(project, scene_ids)
                    if project is not None and generation == self._generation
                    else None
                )
            for batch in batches or []:
                # A batch of scenes at a time: the lock is held while one batch is read, never
                # while it is matched, and only one batch's paragraphs are in memory at once.
                with self._reading:
                    if generation != self._generation:
                        return lib, [], times  # another project meanwhile: dropped in done()
                    script = read_script(project, batch, complete=complete)
                found += detect_in(script, detector)
                del script
            if batches is not None:
                times["scan" if complete else "rescan"] = time.perf_counter() - t0
            return lib, found, times

        def done(result: tuple[Library, list[SceneMatches], dict[str, float]]) -> None:
            lib, found, times = result
            if self.library is None:
                self.library = lib
                self.library_ready.emit(lib)
            elif lib is not self.library:
                lib.close()  # the panel opened its own meanwhile: keep one
            self.timings.update(times)
            if generation != self._generation:
                return
            if scene_ids is None:
                self.scenes = {s.scene_id: s for s in found}
            else:
                for scene_id in scene_ids:
                    self.scenes.pop(scene_id, None)
                self.scenes.update({s.scene_id: s for s in found if s.matches})
            logger.info("heritage scan: %d scenes with terms (%s)", len(self.scenes), times)
            self.updated.emit()

        def failed(error: Exception) -> None:
            if self.library is None:
                self.started = False  # no library: start again once there is one
            self.failed.emit(str(error))

        self.worker.submit(job, done, failed)
