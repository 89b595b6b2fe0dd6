"""The studio in the main window: for a project linked to a studio server, its corner of the
status bar (``ui.studio.status``), the Studio menu, and a sync runner that talks to the server
off the UI thread (``ui.studio.runner``).

The features follow the project the workspace's bridge follows: a linked project (its file has a
``sync_link``) gets a ``SyncRunner`` that listens for the studio's news, and a ``StudioStatus``
in the status bar; every change the bridge announces tells the runner the writer is active (it
pulls by itself only after a pause) and refreshes the corner shortly after. Studio ▸ Sync Now,
Sync Conflicts… and What Others Changed… are enabled only for a linked project.

Letting the project go (another one opened, File ▸ Close, a language switch) never waits for the
network: a sync under way is dropped (the outbox keeps every edit and the studio recognises a
batch sent twice) and its runner is deleted once its call has ended; closing the window waits for
such a call to end (the connection's own timeout bounds it).
"""

from __future__ import annotations

import logging

import shiboken6
from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from app.core.i18n import _
from app.features.impact import Impact
from app.features.studio.sync import Studio
from app.project import outbox
from app.project.open_project import OpenProject
from ui.bridge import ProjectBridge
from ui.host import Frame
from ui.studio.changes import ChangesDialog
from ui.studio.conflicts_dialog import ConflictsDialog
from ui.studio.runner import SyncRunner
from ui.studio.status import StudioStatus

logger = logging.getLogger(__name__)

#: The corner reads the outbox and the conflicts again this long after a burst of changes.
REFRESH_MS = 300
#: How often runners let go of are checked for a network call that has ended.
RETIRE_MS = 500


class StudioFeatures(QObject):
    """The Studio menu and the sync of the linked project the bridge follows."""

    def __init__(self, frame: Frame, bridge: ProjectBridge) -> None:
        super().__init__(frame.window())
        self.frame = frame
        self.bridge = bridge
        self.window = window = frame.window()
        self.project: OpenProject | None = None
        self.runner: SyncRunner | None = None
        self.corner: StudioStatus | None = None
        #: runners let go of whose network call has not ended yet
        self._retiring: list[SyncRunner] = []
        self._retire_timer = QTimer(self)
        self._retire_timer.setInterval(RETIRE_MS)
        self._retire_timer.timeout.connect(self._retire)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_MS)
        self._refresh_timer.timeout.connect(self._refresh_corner)

        self.menu = QMenu(_("&Studio"), window)
        self.menu.setObjectName("studioMenu")
        self.sync_action = QAction(_("Sync Now"), window)
        self.sync_action.triggered.connect(lambda _checked=False: self.sync_now())
        self.conflicts_action = QAction(_("Sync Conflicts…"), window)
        self.conflicts_action.triggered.connect(lambda _checked=False: self.show_conflicts())
        self.changes_action = QAction(_("What Others Changed…"), window)
        self.changes_action.triggered.connect(lambda _checked=False: self.show_changes())
        self.menu.addActions([self.sync_action, self.conflicts_action, self.changes_action])
        bar = frame.menuBar()
        menus = bar.actions()
        if menus:
            bar.insertMenu(menus[-1], self.menu)  # before Help, the menu bar's last menu
        else:
            bar.addMenu(self.menu)
        bridge.project_changed.connect(self.set_project)
        bridge.changed.connect(self._on_change)
        self.set_project(bridge.project)

    # -- the project ----------------------------------------------------------------------------

    def set_project(self, project: OpenProject | None) -> None:
        """Follow ``project``: sync it when it is linked to a studio (the bridge calls it)."""
        self._let_go()
        self.project = project
        linked = project is not None and outbox.read_link(project.file.sessions) is not None
        self.menu.menuAction().setEnabled(linked)
        for action in self.actions():
            action.setEnabled(linked)
        if not linked or project is None:
            return
        runner = self.runner = SyncRunner(Studio(project), self)
        corner = self.corner = StudioStatus(project, runner, self.window)
        self.frame.statusBar().addPermanentWidget(corner)
        corner.show()
        runner.start_watching()
        logger.info("%s syncs with the studio at %s", project.path, corner.runner.status().server)

    def actions(self) -> list[QAction]:
        """Studio ▸ Sync Now, Sync Conflicts…, What Others Changed…"""
        return [self.sync_action, self.conflicts_action, self.changes_action]

    def _on_change(self, _impact: Impact) -> None:
        if self.runner is not None:
            self.runner.note_activity()  # pull by itself only once the writer pauses
            self._refresh_timer.start()

    def _refresh_corner(self) -> None:
        if self.corner is not None and shiboken6.isValid(self.corner):
            self.corner.refresh()

    # -- the menu -------------------------------------------------------------------------------

    def sync_now(self) -> None:
        """Studio ▸ Sync Now: push and pull in the background; the corner shows how it went."""
        if self.runner is not None:
            self.runner.sync_now()

    def show_conflicts(self) -> ConflictsDialog | None:
        """Studio ▸ Sync Conflicts…: the texts a sync did not keep, to keep or take."""
        return self.corner.show_conflicts() if self.corner is not None else None

    def show_changes(self) -> ChangesDialog | None:
        """Studio ▸ What Others Changed…: the studio's log since the writer last looked."""
        return self.corner.show_changes() if self.corner is not None else None

    # -- letting go -----------------------------------------------------------------------------

    def _let_go(self) -> None:
        """Stop syncing the project followed so far, without waiting for the network."""
        self._refresh_timer.stop()
        corner, self.corner = self.corner, None
        if corner is not None and shiboken6.isValid(corner):
            self.frame.statusBar().removeWidget(corner)
            corner.deleteLater()
        runner, self.runner = self.runner, None
        if runner is not None:
            runner.shutdown(wait_ms=0)
            self._retiring.append(runner)
            self._retire()

    def _retire(self) -> None:
        """Delete the runners let go of whose network call has ended (deleting one earlier
        would wait for the call)."""
        for runner in list(self._retiring):
            if not runner.running():
                self._retiring.remove(runner)
                runner.deleteLater()
        if self._retiring:
            self._retire_timer.start()
        else:
            self._retire_timer.stop()

    def shutdown(self) -> None:
        """The window closes: stop syncing; wait for a network call under way to end."""
        self._let_go()
        self._retire_timer.stop()
        for runner in self._retiring:
            runner.worker.pool.waitForDone()
        self._retiring.clear()
