"""The one listener of an open project's history: every change, read once, as typed Qt signals.

``ProjectBridge`` subscribes to the ``History`` of the project it follows — its changes and its
refused writes — and lets go when that project closes or another one takes its place, so the
history holds the same two listeners however often panels come and go. For each change it asks
the features once what the changeset means (``app.features.impact.impact_of``) and emits the
parts that concern someone; panels and views connect to these signals, never to the history,
and never read a changeset's rows. A panel that is shown and hidden follows the bridge only
while it is shown (``follow_while_shown``), and catches up when it is shown again.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Sequence

import shiboken6
from PySide6.QtCore import QEvent, QObject, QTimer, Signal, SignalInstance
from PySide6.QtWidgets import QWidget

from app.core.enums import Role
from app.features.impact import impact_of
from app.features.script.outline import OutlineIndex, outline_index
from app.project.changes import Changeset
from app.project.errors import ProjectChangedOnDisk
from app.project.history import Unsubscribe
from app.project.open_project import OpenProject

logger = logging.getLogger(__name__)


class ProjectBridge(QObject):
    """Follows one open project at a time and announces what each of its changes means."""

    #: The project followed now (an ``OpenProject``, or None once it is let go).
    project_changed = Signal(object)
    #: Every change written (done, undone, redone, replayed): its ``Impact``.
    changed = Signal(object)
    #: ``ScriptImpact``: lines, scenes, episodes, names or the project's fields changed.
    script_changed = Signal(object)
    #: ``BoardImpact``: the board's lanes, or only their timing.
    board_changed = Signal(object)
    #: ``NotesImpact``: notes, or the lines, cards and episodes they sit on.
    notes_changed = Signal(object)
    #: ``GlossaryImpact``: terms, frequencies or forms of address.
    glossary_changed = Signal(object)
    #: ``TranslationsImpact``: translatable lines or their translations (per language).
    translations_changed = Signal(object)
    #: ``HeritageImpact``: scenes to scan again, or the coverage.
    heritage_changed = Signal(object)
    #: ``RhythmImpact``: the rhythm settings (speech rates, subtitle limits), or what the
    #: series rhythm report reads.
    rhythm_changed = Signal(object)
    #: The project followed is now worked on in another role (consultant: the script is
    #: read-only); views ask ``can_edit`` again.
    role_changed = Signal(object)
    #: ``ProjectChangedOnDisk``: the file refused a write because another program changed it;
    #: emitted once the refused edit's own event is over (the error reached its writer first).
    refused = Signal(object)

    def __init__(self, project: OpenProject | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._project: OpenProject | None = None
        #: The history's "stop" callables of the project followed; emptied in place, so the
        #: ``destroyed`` handler below sees the current ones.
        self._stops: list[Unsubscribe] = []
        self._outline: OutlineIndex | None = None
        #: How many changes the bridge has announced (a panel shown again compares it).
        self.generation = 0
        stops = self._stops
        # A bridge destroyed with its window while still following a project lets go of it,
        # or the history would call into a deleted object.
        self.destroyed.connect(lambda _obj=None: _stop_all(stops))
        if project is not None:
            self.set_project(project)

    @property
    def project(self) -> OpenProject | None:
        """The project followed (None: none)."""
        return self._project

    def set_project(self, project: OpenProject | None) -> None:
        """Follow ``project`` (None: none), letting go of the one followed so far."""
        if project is self._project:
            return
        _stop_all(self._stops)
        self._project = project
        self._outline = None
        if project is not None:
            history = project.history
            self._stops += [history.subscribe(self._on_change),
                            history.on_refused(self._on_refused)]
        self.project_changed.emit(project)

    def set_role(self, role: Role) -> None:
        """Work on the project followed as ``role`` from now on, and say so to every view."""
        if self._project is None or self._project.role is Role(role):
            return
        self._project.set_role(role)
        logger.info("the project is now worked on as %s", Role(role).value)
        self.role_changed.emit(self._project)

    @property
    def listener_count(self) -> int:
        """How many listeners the bridge holds on the history of its project (0 or 2)."""
        return len(self._stops)

    def outline(self) -> OutlineIndex:
        """Where every scene sits (episode, card): read once per change of scenes or episodes,
        so following the caret asks the file nothing."""
        if self._outline is None:
            self._outline = outline_index(self._project) if self._project else OutlineIndex()
        return self._outline

    # -- the history's calls ----------------------------------------------------------------

    def _on_change(self, changeset: Changeset) -> None:
        if not shiboken6.isValid(self):
            return
        impact = impact_of(changeset)
        self.generation += 1
        if impact.script.scenes or impact.script.episodes:
            self._outline = None
        self.changed.emit(impact)
        for signal, part in ((self.script_changed, impact.script),
                             (self.board_changed, impact.board),
                             (self.notes_changed, impact.notes),
                             (self.glossary_changed, impact.glossary),
                             (self.translations_changed, impact.translations),
                             (self.heritage_changed, impact.heritage),
                             (self.rhythm_changed, impact.rhythm)):
            if part:
                signal.emit(part)

    def _on_refused(self, error: Exception) -> None:
        if not shiboken6.isValid(self) or not isinstance(error, ProjectChangedOnDisk):
            return
        project = self._project
        logger.info("write refused: %s", error)
        # After the current event: the refused edit's caller handles its error first.
        QTimer.singleShot(0, self, lambda: self._announce_refusal(project, error))

    def _announce_refusal(self, project: OpenProject | None, error: ProjectChangedOnDisk) -> None:
        if project is self._project and project is not None:
            self.refused.emit(error)


def _stop_all(stops: list[Unsubscribe]) -> None:
    while stops:
        stops.pop()()


def can_edit(project: OpenProject, table: str) -> bool:
    """Whether edits of ``table`` are allowed (not for read-only files or, for the script, a
    consultant)."""
    allowed = project.history.allowed_tables
    return project.history.writable and (allowed is None or table in allowed)


class _WhileShown(QObject):
    """Keeps ``connections`` connected while ``widget`` is shown (see ``follow_while_shown``)."""

    def __init__(self, widget: QWidget, bridge: ProjectBridge,
                 connections: Sequence[tuple[SignalInstance, Callable[..., object]]],
                 catch_up: Callable[[], object]) -> None:
        super().__init__(widget)
        self.bridge = bridge
        self.connections = list(connections)
        self.catch_up = catch_up
        self.connected = False
        self.seen = bridge.generation
        self._connect()
        widget.installEventFilter(self)

    def _connect(self) -> None:
        if not self.connected:
            for signal, slot in self.connections:
                signal.connect(slot)
            self.connected = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind == QEvent.Type.Hide and self.connected:
            for signal, slot in self.connections:
                # Qt has already cut the connection when the widget is being destroyed.
                with contextlib.suppress(RuntimeError):
                    signal.disconnect(slot)
            self.connected = False
            self.seen = self.bridge.generation
        elif kind == QEvent.Type.Show and not self.connected:
            self._connect()
            if self.bridge.generation != self.seen:
                self.catch_up()  # changes were made while it was hidden
        return False


def follow_while_shown(widget: QWidget, bridge: ProjectBridge,
                       connections: Sequence[tuple[SignalInstance, Callable[..., object]]],
                       catch_up: Callable[[], object]) -> None:
    """Connect each (bridge signal, slot) of ``connections`` while ``widget`` is shown.

    Hidden (closed, in a background tab, its window minimised), the widget hears nothing and
    costs nothing; shown again after changes it missed, ``catch_up()`` reads what it shows
    again. A widget never shown (built for a tool or a test) stays connected. The connections
    go with the widget when it is deleted.
    """
    _WhileShown(widget, bridge, connections, catch_up)
