"""The studio's corner of the status bar: the sync state, a badge for news from the studio,
"Sync now", and the number of conflicts waiting (which opens the conflicts list)."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from app.core.direction import isolate
from app.core.i18n import _, ngettext
from app.features.studio import conflicts
from app.project.open_project import OpenProject
from ui.studio.changes import ChangesDialog
from ui.studio.conflicts_dialog import ConflictsDialog
from ui.studio.runner import SyncRunner

logger = logging.getLogger(__name__)


class StudioStatus(QWidget):
    """Shows and drives the sync of one open project (add it to the window's status bar)."""

    def __init__(self, project: OpenProject, runner: SyncRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("studioStatus")
        self.project = project
        self.runner = runner
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.state = QLabel(self)
        self.state.setObjectName("studioState")
        self.badge = QLabel(self)
        self.badge.setObjectName("studioBadge")
        self.sync_button = QToolButton(self)
        self.sync_button.setObjectName("studioSyncNow")
        self.sync_button.setText(_("Sync now"))
        self.sync_button.clicked.connect(runner.sync_now)
        self.conflicts_button = QToolButton(self)
        self.conflicts_button.setObjectName("studioConflicts")
        self.conflicts_button.clicked.connect(self.show_conflicts)
        self.changes_button = QToolButton(self)
        self.changes_button.setObjectName("studioChanges")
        self.changes_button.setText(_("What changed"))
        self.changes_button.clicked.connect(self.show_changes)
        for widget in (self.state, self.badge, self.sync_button, self.conflicts_button,
                       self.changes_button):
            layout.addWidget(widget)
        #: The server number up to which the writer has looked at others' changes.
        self.looked_until = runner.status().last_seen
        runner.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Read the state again (after a sync, an edit, news from the studio)."""
        status = self.runner.status()
        if self.runner.busy:
            text = _("Syncing…")
        elif self.runner.last_error:
            text = ngettext("Offline: {n} edit waiting", "Offline: {n} edits waiting",
                            status.pending).format(n=status.pending)
        elif status.pending:
            text = ngettext("{n} edit to send", "{n} edits to send",
                            status.pending).format(n=status.pending)
        elif status.last_sync_at is not None:
            text = _("Synced {time}").format(
                time=isolate(status.last_sync_at.strftime("%H:%M")))
        else:
            text = _("Not synced yet")
        if status.refused:
            text += " · " + ngettext("{n} refused", "{n} refused", status.refused).format(
                n=status.refused)
        self.state.setText(text)
        self.state.setToolTip(self.runner.last_error or status.server)
        news = self.runner.news
        self.badge.setText(ngettext("{n} new", "{n} new", news).format(n=news) if news else "")
        self.badge.setVisible(bool(news))
        waiting = len(conflicts.open_conflicts(self.project))
        self.conflicts_button.setText(
            ngettext("{n} conflict", "{n} conflicts", waiting).format(n=waiting))
        self.conflicts_button.setVisible(bool(waiting))
        self.sync_button.setEnabled(not self.runner.busy)

    def show_conflicts(self) -> ConflictsDialog:
        dialog = ConflictsDialog(self.project, self)
        dialog.finished.connect(lambda _result: self.refresh())
        dialog.open()
        return dialog

    def show_changes(self) -> ChangesDialog:
        dialog = ChangesDialog(self.project, self.runner, self.looked_until, self)
        self.looked_until = self.runner.status().last_seen
        dialog.open()
        return dialog
