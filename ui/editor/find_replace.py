"""Find and replace across the whole project; Replace All is one undo step."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from app.core.i18n import _, format_number, ngettext
from app.features.script.find_replace import ReplaceAll, find_all
from app.project.errors import USER_ERRORS
from app.project.open_project import OpenProject

logger = logging.getLogger(__name__)


class FindReplaceDialog(QDialog):
    """Lists every match (click one to show its scene) and replaces them all at once."""

    def __init__(self, project: OpenProject, show_scene: Callable[[str], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Find and Replace"))
        self.project = project
        self._show_scene = show_scene
        self.find_edit = QLineEdit()
        self.replace_edit = QLineEdit()
        self.case_box = QCheckBox(_("Match case"))
        self.results = QListWidget()
        self.status = QLabel()
        find_button = QPushButton(_("Find All"))
        replace_button = QPushButton(_("Replace All"))
        find_button.clicked.connect(self.find)
        replace_button.clicked.connect(self.replace_all)
        self.results.itemActivated.connect(lambda item: self._show_scene(item.data(256)))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(find_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(replace_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(_("Find:"), self.find_edit)
        form.addRow(_("Replace with:"), self.replace_edit)
        form.addRow(self.case_box)
        form.addRow(self.results)
        form.addRow(self.status)
        form.addRow(buttons)

    def find(self) -> int:
        self.results.clear()
        try:
            matches = find_all(self.project, self.find_edit.text(),
                               case_sensitive=self.case_box.isChecked())
        except USER_ERRORS as exc:
            self.status.setText(str(exc))
            return 0
        numbers = {s.id: s.number for s in self.project.scenes()}
        for match in matches:
            item = QListWidgetItem(numbers.get(match.scene_id, "?"))
            item.setData(256, match.scene_id)
            self.results.addItem(item)
        self.status.setText(ngettext("{count} match", "{count} matches", len(matches))
                            .format(count=format_number(len(matches))))
        return len(matches)

    def replace_all(self) -> int:
        command = ReplaceAll(self.find_edit.text(), self.replace_edit.text(),
                             case_sensitive=self.case_box.isChecked())
        try:
            self.project.run(command)
        except USER_ERRORS as exc:
            self.status.setText(str(exc))
            return 0
        self.status.setText(ngettext("Replaced {count} time.", "Replaced {count} times.",
                                     command.replaced).format(count=format_number(command.replaced)))
        return command.replaced
