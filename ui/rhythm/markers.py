"""Rhythm markers: each finding of the series rhythm report as one of seven kinds, each with a
colour, a one-letter glyph and a name — the board's lane headers draw them, the Series Rhythm
view marks its findings with the same colours.

The colours are the board's where a kind has one (a hook card's, a cliffhanger card's, a climax
card's, a setup card's, the paywall tag's, an over-long lane's), so a marker reads like the card
or tag it is about.

``LaneFindings`` keeps the report's findings per episode (``RhythmReport.markers()``) for the
project a bridge follows. The report reads the whole series (about half a second of CPU on 100
episodes), so it is read on a ``ui.background.Worker``, once per burst of changes the bridge's
``rhythm_changed`` announces: soon after cards, episodes, scenes or the settings changed, after
a pause after typing — never while painting.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from enum import StrEnum

from PySide6.QtCore import QObject, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap

from app.core.i18n import _, pgettext
from app.features.rhythm.impact import RhythmImpact
from app.features.rhythm.report import Finding, Rule, rhythm_report
from app.project.open_project import OpenProject
from ui.background import Worker
from ui.bridge import ProjectBridge

logger = logging.getLogger(__name__)


class MarkerKind(StrEnum):
    """What a rhythm marker is about (one or more rules)."""

    HOOK = "hook"
    CLIFFHANGER = "cliffhanger"
    SHAPE = "shape"
    LENGTH = "length"
    SETUP = "setup"
    CLIMAX = "climax"
    PAYWALL = "paywall"


#: The kind of each rule's finding.
RULE_KINDS: Mapping[Rule, MarkerKind] = {
    Rule.NO_HOOK: MarkerKind.HOOK, Rule.LATE_HOOK: MarkerKind.HOOK,
    Rule.NO_CLIFFHANGER: MarkerKind.CLIFFHANGER,
    Rule.UNTYPED_CLIFFHANGER: MarkerKind.CLIFFHANGER,
    Rule.SCENES: MarkerKind.SHAPE, Rule.LINES: MarkerKind.SHAPE,
    Rule.VOICE_OVER: MarkerKind.SHAPE,
    Rule.LENGTH: MarkerKind.LENGTH,
    Rule.OPEN_SETUP: MarkerKind.SETUP, Rule.LATE_PAYOFF: MarkerKind.SETUP,
    Rule.NO_MINI_CLIMAX: MarkerKind.CLIMAX,
    Rule.NO_PAYWALL: MarkerKind.PAYWALL, Rule.PAYWALL_RANGE: MarkerKind.PAYWALL,
    Rule.WEAK_PAYWALL: MarkerKind.PAYWALL,
}

#: One colour per kind, in the order the markers are drawn.
KIND_COLOURS: Mapping[MarkerKind, str] = {
    MarkerKind.HOOK: "#e4572e",  # a hook card (ui.board.style.KIND_COLOURS)
    MarkerKind.CLIFFHANGER: "#2c3e50",  # a cliffhanger card
    MarkerKind.SHAPE: "#5b6b7f",  # scenes, lines, VO/OS: the episode's shape
    MarkerKind.LENGTH: "#c53030",  # a lane over its target (ui.board.style.LENGTH_COLOURS)
    MarkerKind.SETUP: "#4f8a2b",  # a setup card's green, darker for the white glyph
    MarkerKind.CLIMAX: "#d35400",  # a climax card
    MarkerKind.PAYWALL: "#b7791f",  # the paywall tag of a lane header
}


def kind_of(finding: Finding) -> MarkerKind:
    """The marker kind of ``finding``."""
    return RULE_KINDS[finding.rule]


def kind_name(kind: MarkerKind) -> str:
    """The name of a marker kind (the legend, the tooltips)."""
    return {MarkerKind.HOOK: _("Hook"), MarkerKind.CLIFFHANGER: _("Cliffhanger"),
            MarkerKind.SHAPE: _("Scenes, lines, VO/OS"), MarkerKind.LENGTH: _("Seconds"),
            MarkerKind.SETUP: _("Setup and payoff"), MarkerKind.CLIMAX: _("Climax"),
            MarkerKind.PAYWALL: _("Paywall")}[kind]


def kind_glyph(kind: MarkerKind) -> str:
    """The one letter a marker of ``kind`` shows (translators pick a letter of the name)."""
    return {MarkerKind.HOOK: pgettext("rhythm marker: hook", "H"),
            MarkerKind.CLIFFHANGER: pgettext("rhythm marker: cliffhanger", "C"),
            MarkerKind.SHAPE: pgettext("rhythm marker: scenes, lines, VO/OS", "S"),
            MarkerKind.LENGTH: pgettext("rhythm marker: seconds against target", "L"),
            MarkerKind.SETUP: pgettext("rhythm marker: setup and payoff", "Q"),
            MarkerKind.CLIMAX: pgettext("rhythm marker: climax", "M"),
            MarkerKind.PAYWALL: pgettext("rhythm marker: paywall", "P")}[kind]


def kinds_of(findings: tuple[Finding, ...] | list[Finding]) -> list[MarkerKind]:
    """The kinds among ``findings``, once each, in the order markers are drawn."""
    found = {kind_of(f) for f in findings}
    return [kind for kind in KIND_COLOURS if kind in found]


def findings_tooltip(findings: tuple[Finding, ...] | list[Finding]) -> str:
    """The findings in words, by kind: "Hook: Episode 3 has no hook card." one a line."""
    ordered = sorted(findings, key=lambda f: list(KIND_COLOURS).index(kind_of(f)))
    return "\n".join(_("{kind}: {finding}").format(kind=kind_name(kind_of(f)), finding=f.message)
                     for f in ordered)


def paint_marker(painter: QPainter, rect: QRectF, kind: MarkerKind) -> None:
    """Draw the marker of ``kind`` in ``rect``: a rounded square of its colour, its letter in
    white (the lane headers and the rhythm view draw it alike)."""
    font = QFont(painter.font())
    font.setPointSizeF(7.0)
    font.setBold(True)
    painter.setFont(font)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(KIND_COLOURS[kind]))
    painter.drawRoundedRect(rect, 3, 3)
    painter.setPen(QColor("#ffffff"))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, kind_glyph(kind))


def marker_icon(kind: MarkerKind, size: int = 14) -> QIcon:
    """The marker of ``kind`` as an icon (the rhythm view's findings list)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    paint_marker(painter, QRectF(0, 0, size, size), kind)
    painter.end()
    return QIcon(pixmap)


def legend() -> str:
    """Every marker's letter and name, one a line (the board legend's tooltip)."""
    return "\n".join(_("{letter} — {kind}").format(letter=kind_glyph(kind), kind=kind_name(kind))
                     for kind in KIND_COLOURS)


#: Read the report again this long after cards, episodes, scenes or settings changed.
REPORT_MS = 250
#: Typing changes only the seconds and counts: read again after this pause (as the board).
TIMING_MS = 1500


class LaneFindings(QObject):
    """The rhythm findings per episode id of the project ``bridge`` follows, read off the UI
    thread; ``updated`` is emitted when ``markers`` changed."""

    updated = Signal()

    def __init__(self, bridge: ProjectBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.worker = Worker(self)
        self.project: OpenProject | None = None
        #: episode id -> the findings about it
        self.markers: dict[str, tuple[Finding, ...]] = {}
        #: how many reports were read (tests compare it)
        self.reads = 0
        # Held while the worker reads the project, so letting it go waits for the read to end
        # and a closed project is never read.
        self._reading = threading.Lock()
        self._generation = 0
        self._running = False  # a read was handed to the worker and has not come back
        self._again = False  # a change came while a read was running: read once more after
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._read)
        bridge.project_changed.connect(self.set_project)
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
        self._again = False  # a read still running for the project let go is dropped
        self._timer.stop()
        if project is not None:
            self._timer.start(0)
        self.updated.emit()

    def on_change(self, impact: RhythmImpact) -> None:
        """Read the report again once the burst of changes is over."""
        if self.project is None:
            return
        if impact.report:
            self._timer.start(REPORT_MS)
        elif impact.timing and not self._timer.isActive():
            self._timer.start(TIMING_MS)

    def busy(self) -> bool:
        """Whether a read is running or waiting (for a pause, or for the one running)."""
        return self._running or self._timer.isActive() or self._again

    def shutdown(self) -> None:
        """Stop reading (the window closes)."""
        self._timer.stop()
        self.worker.shutdown()

    def _read(self) -> None:
        if self._running:  # one read at a time: the next starts when this one is over
            self._again = True
            return
        project, generation = self.project, self._generation
        if project is None:
            return
        self._running = True

        def job() -> dict[str, tuple[Finding, ...]] | None:
            with self._reading:
                if generation != self._generation:
                    return None
                return rhythm_report(project).markers()

        def done(markers: dict[str, tuple[Finding, ...]] | None) -> None:
            self._running = False
            if markers is not None and generation == self._generation:
                self.markers = markers
                self.reads += 1
                self.updated.emit()
            self._read_again()

        def failed(error: Exception) -> None:
            self._running = False
            logger.warning("series rhythm not read for the lane markers: %s", error)
            self._read_again()

        self.worker.submit(job, done, failed)

    def _read_again(self) -> None:
        if self._again:
            self._again = False
            self._read()
