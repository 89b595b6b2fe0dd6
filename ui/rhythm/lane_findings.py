"""The series rhythm's findings per episode for the board's lane markers, read off the UI thread
and, after typing, only for the episodes typed in.

``LaneFindings`` keeps ``RhythmReport.markers()`` (episode id -> findings) of the project a
bridge follows. Reading the whole series costs about half a second of CPU on 100 episodes —
almost all of it timing every line (``app.features.rhythm.timeline``) — so:

- it is read on a ``ui.background.Worker`` (one read at a time; a change during a read asks for
  one more read after it), never while painting;
- cards, episodes, scenes or the rhythm settings changed (``RhythmImpact.report``): the whole
  series is read again, ``REPORT_MS`` after the last change of a burst;
- only lines changed (typing, ``RhythmImpact.timing``): once the writer has paused for
  ``TIMING_MS`` after the last commit, only the episodes holding the scenes typed in
  (``ScriptImpact.line_scenes``) are timed again; the others' timelines are kept from the last
  read and the report is worked out from them (about 70 ms on 100 episodes instead of 500-1000),
  so a read's moment on a Python thread rarely meets the writer's keystrokes.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, QTimer, Signal

from app.features.rhythm.impact import RhythmImpact
from app.features.rhythm.report import Finding, rhythm_report
from app.features.rhythm.settings import project_settings
from app.features.rhythm.timeline import EpisodeTimeline, timelines
from app.features.script.impact import ScriptImpact
from app.project.open_project import OpenProject
from ui.background import Worker
from ui.bridge import ProjectBridge

logger = logging.getLogger(__name__)

#: Read the report again this long after cards, episodes, scenes or settings changed.
REPORT_MS = 250
#: Typing changes only the seconds and counts: read again after this pause (as the board).
TIMING_MS = 1500

Timelines = dict[str, EpisodeTimeline]
Markers = dict[str, tuple[Finding, ...]]


class LaneFindings(QObject):
    """The rhythm findings per episode id of the project ``bridge`` follows, read off the UI
    thread; ``updated`` is emitted when ``markers`` changed."""

    updated = Signal()

    def __init__(self, bridge: ProjectBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.worker = Worker(self)
        self.project: OpenProject | None = None
        #: episode id -> the findings about it
        self.markers: Markers = {}
        #: how many reports were read, and how many of them timed the whole series (tests)
        self.reads = 0
        self.full_reads = 0
        # Held while the worker reads the project, so letting it go waits for the read to end
        # and a closed project is never read.
        self._reading = threading.Lock()
        self._generation = 0
        self._timelines: Timelines | None = None  # from the last read, by episode id
        self._full = True  # the next read times the whole series
        self._typed: set[str] = set()  # scenes whose lines changed since the last read
        self._running = False  # a read was handed to the worker and has not come back
        self._again = False  # a change came while a read was running: read once more after
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._read)
        bridge.project_changed.connect(self.set_project)
        # the scenes typed in come with the script's part of a change, before its rhythm part
        bridge.script_changed.connect(self._on_script)
        bridge.rhythm_changed.connect(self.on_change)
        if bridge.project is not None:
            self.set_project(bridge.project)

    def set_project(self, project: OpenProject | None) -> None:
        """Read ``project``'s findings (None: none); returns once no read of the project let
        go is running, so the caller may close it."""
        with self._reading:
            self._generation += 1
        self.project = project
        self.markers = {}
        self._timelines, self._full, self._typed = None, True, set()
        self._again = False  # a read still running for the project let go is dropped
        self._timer.stop()
        if project is not None:
            self._timer.start(0)
        self.updated.emit()

    def _on_script(self, impact: ScriptImpact) -> None:
        if self.project is not None:
            self._typed |= impact.line_scenes

    def on_change(self, impact: RhythmImpact) -> None:
        """Read the report again once the burst of changes is over."""
        if self.project is None:
            return
        if impact.report:
            self._full = True
            self._timer.start(REPORT_MS)
        elif impact.timing and not (self._timer.isActive()
                                    and self._timer.interval() == REPORT_MS):
            # each commit of typing puts the read off again: it runs once the writer pauses,
            # so its moment on the worker's Python thread rarely meets the next keystrokes
            self._timer.start(TIMING_MS)

    def busy(self) -> bool:
        """Whether a read is running or waiting (for a pause, or for the one running)."""
        return self._running or self._timer.isActive() or self._again

    def shutdown(self) -> None:
        """Stop reading (the window closes)."""
        self._timer.stop()
        self.worker.shutdown()

    # -- reading, on the worker -------------------------------------------------------------------

    def _read(self) -> None:
        if self._running:  # one read at a time: the next starts when this one is over
            self._again = True
            return
        project, generation = self.project, self._generation
        if project is None:
            return
        full = self._full or self._timelines is None
        kept = dict(self._timelines or {})
        typed = frozenset(self._typed)
        self._full, self._typed = False, set()
        self._running = True

        def job() -> tuple[Timelines, Markers] | None:
            with self._reading:
                if generation != self._generation:
                    return None
                return read_findings(project, None if full else kept, typed)

        def done(result: tuple[Timelines, Markers] | None) -> None:
            self._running = False
            if result is not None and generation == self._generation:
                self._timelines, self.markers = result
                self.reads += 1
                self.full_reads += full
                self.updated.emit()
            self._read_again()

        def failed(error: Exception) -> None:
            self._running = False
            if generation == self._generation:
                self._full = True  # start from a whole read next time
            logger.warning("series rhythm not read for the lane markers: %s", error)
            self._read_again()

        self.worker.submit(job, done, failed)

    def _read_again(self) -> None:
        if self._again:
            self._again = False
            self._read()


def read_findings(project: OpenProject, kept: Timelines | None,
                  typed: frozenset[str]) -> tuple[Timelines, Markers]:
    """The series' timelines and its findings per episode: every episode timed again when
    ``kept`` is None, else only the episodes holding the ``typed`` scenes (the others kept)."""
    settings = project_settings(project)
    if kept is None:
        lines = {t.episode.id: t for t in timelines(project, settings.rates)}
    else:
        lines = dict(kept)
        if typed:
            lines.update((t.episode.id, t) for t in timelines(project, settings.rates,
                                                               scenes=typed))
    ordered = sorted(lines.values(), key=lambda t: t.episode.number)
    return lines, rhythm_report(project, settings, ordered).markers()
