"""The list of sync conflicts: for each, the text that is in the script and the text that was
not kept, who wrote each and when; the writer keeps the current text or uses the other."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.direction import isolate
from app.core.i18n import _
from app.features.studio import conflicts
from app.features.studio.conflicts import Conflict
from app.project.errors import USER_ERRORS
from app.project.open_project import OpenProject
from ui import dialogs

logger = logging.getLogger(__name__)


def describe(conflict: Conflict) -> str:
    """One line for the list: what, by whom, when."""
    # Names and the time keep their own direction inside an Arabic or Persian sentence.
    when = isolate(conflict.at[:16].replace("T", " "))
    by, other = isolate(conflict.by), isolate(conflict.kept_by or "?")
    if conflict.what == "kept":
        return _("{by} deleted this, {other} had changed it ({when})").format(
            by=by, other=other, when=when)
    if conflict.what == "restored":
        return _("{by} changed what {other} deleted ({when})").format(
            by=by, other=other, when=when)
    return _("{by} and {other} both changed this ({when})").format(by=by, other=other, when=when)


class ConflictsDialog(QDialog):
    """Resolve the open sync conflicts of a project, one by one."""

    def __init__(self, project: OpenProject, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("studioConflictsDialog")
        self.setWindowTitle(_("Sync conflicts"))
        self.project = project
        self.items = QListWidget(self)
        self.items.setObjectName("conflictList")
        self.current = QPlainTextEdit(self)
        self.current.setObjectName("conflictCurrent")
        self.current.setReadOnly(True)
        self.other = QPlainTextEdit(self)
        self.other.setObjectName("conflictOther")
        self.other.setReadOnly(True)
        self.take_button = QPushButton(_("Use the other text"), self)
        self.take_button.setObjectName("conflictTake")
        self.keep_button = QPushButton(_("Keep the current text"), self)
        self.keep_button.setObjectName("conflictKeep")
        self.take_button.clicked.connect(lambda: self._resolve(take=True))
        self.keep_button.clicked.connect(lambda: self._resolve(take=False))
        texts = QHBoxLayout()
        for label, box in ((_("In the script now"), self.current),
                           (_("Not kept"), self.other)):
            column = QVBoxLayout()
            column.addWidget(QLabel(label, self))
            column.addWidget(box)
            texts.addLayout(column)
        buttons = QHBoxLayout()
        buttons.addWidget(self.take_button)
        buttons.addWidget(self.keep_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.items)
        layout.addLayout(texts)
        layout.addLayout(buttons)
        layout.addWidget(close)
        self.items.currentItemChanged.connect(lambda *_args: self._show())
        self.reload()

    def reload(self) -> None:
        self.items.clear()
        for conflict in conflicts.open_conflicts(self.project):
            item = QListWidgetItem(describe(conflict), self.items)
            item.setData(Qt.ItemDataRole.UserRole, conflict)
        if self.items.count():
            self.items.setCurrentRow(0)
        self._show()

    def selected(self) -> Conflict | None:
        item = self.items.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _show(self) -> None:
        conflict = self.selected()
        self.current.setPlainText((conflict.current or "") if conflict else "")
        self.other.setPlainText(conflict.other_text if conflict else "")
        self.take_button.setEnabled(bool(conflict and conflict.can_take))
        self.keep_button.setEnabled(conflict is not None)

    def _resolve(self, *, take: bool) -> None:
        conflict = self.selected()
        if conflict is None:
            return
        try:
            conflicts.resolve(self.project, conflict.note_id, take=take)
        except USER_ERRORS as exc:
            dialogs.show_error(self, _("Sync conflicts"), str(exc))
            return
        self.reload()
