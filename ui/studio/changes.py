"""What others changed since the writer last looked: the studio's log, scene by scene, fetched
off the UI thread."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import _
from app.features.studio import audit, server
from app.project.open_project import OpenProject
from ui.studio.runner import SyncRunner

logger = logging.getLogger(__name__)


class ChangesDialog(QDialog):
    """Others' changes after server number ``since``, grouped by scene."""

    def __init__(self, project: OpenProject, runner: SyncRunner, since: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("studioChangesDialog")
        self.setWindowTitle(_("What others changed"))
        self.project = project
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("changesTree")
        self.tree.setHeaderLabels([_("Where"), _("Who"), _("When"), _("What")])
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addWidget(close)
        studio = runner.studio
        link = studio.link()
        me = link.member

        def fetch() -> list[audit.LogEntry]:
            with server.transaction(studio.address(link), read_only=True) as conn:
                return [e for e in audit.read_log(conn, link.project_id, since)
                        if e.author != me]

        #: Set once the log has arrived (tests wait for it).
        self.loaded = False
        runner.worker.submit(fetch, self._show, self._failed)

    def _show(self, log: list[audit.LogEntry]) -> None:
        self.tree.clear()
        for group in audit.by_scene(self.project, log):
            top = QTreeWidgetItem(self.tree, [group.label])
            for entry, edits in group.entries:
                what = "; ".join(dict.fromkeys(x.describe() for x in edits))
                QTreeWidgetItem(top, ["", entry.author, f"{entry.at:%Y-%m-%d %H:%M}", what])
            top.setExpanded(True)
        if not log:
            QTreeWidgetItem(self.tree, [_("Nobody else changed anything since you last looked.")])
        self.loaded = True

    def _failed(self, error: Exception) -> None:
        self.tree.clear()
        QTreeWidgetItem(self.tree, [str(error)])
        self.loaded = True
