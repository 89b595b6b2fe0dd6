"""The translations view: every translatable line beside its translation into one language.

Pick a target language; each dialogue line, lyric and caption shows its source text and its
translation. A translation made from an older version of its source line is marked stale.
Editing a translation cell is one undoable edit; undo and redo refresh the view.
"""

from __future__ import annotations

import logging
import weakref

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, is_rtl
from app.interchange.translations import (
    SetTranslations,
    TranslationEdit,
    TranslationRow,
    translation_rows,
)
from app.services.changes import Changeset
from app.services.errors import USER_ERRORS
from app.services.project import OpenProject
from ui import dialogs

logger = logging.getLogger(__name__)

COLUMNS = ("line", "speaker", "source", "translation", "status")
ELEMENT_ROLE = Qt.ItemDataRole.UserRole + 1
STALE_COLOUR = QColor("#f6d7a7")


def _status_labels() -> dict[str, str]:
    return {
        "": _("untranslated"),
        "draft": _("draft"),
        "translated": _("translated"),
        "reviewed": _("reviewed"),
        "approved": _("approved"),
    }


class TranslationsView(QDockWidget):
    """A dock with the lines of the script and their translations into a chosen language."""

    def __init__(self, project: OpenProject, parent: QWidget | None = None) -> None:
        super().__init__(_("Translations"), parent)
        self.setObjectName("translationsView")
        self.project = project
        self.rows: list[TranslationRow] = []
        self._filling = False

        self.language = QComboBox()
        self.language.setObjectName("translationLanguage")
        for lang in project.info().target_languages:
            self.language.addItem(lang, lang)
        self.language.currentIndexChanged.connect(lambda _i: self.refresh())
        self.stale_only = QCheckBox(_("Only stale lines"))
        self.stale_only.setObjectName("staleOnly")
        self.stale_only.toggled.connect(lambda _on: self.refresh())
        self.summary = QLabel()
        self.summary.setObjectName("translationSummary")

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("translationTable")
        self.table.setHorizontalHeaderLabels(
            [_("Line"), _("Speaker"), _("Source"), _("Translation"), _("Status")]
        )
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.setWordWrap(True)
        self.table.itemChanged.connect(self._on_item_changed)

        top = QHBoxLayout()
        top.addWidget(QLabel(_("Language")))
        top.addWidget(self.language)
        top.addWidget(self.stale_only)
        top.addStretch(1)
        top.addWidget(self.summary)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addLayout(top)
        layout.addWidget(self.table)
        self.setWidget(body)

        this = weakref.ref(self)

        def listener(changes: Changeset) -> None:
            view = this()
            if view is not None and shiboken6.isValid(view):
                view.on_changes(changes)

        project.history.subscribe(listener)
        self.refresh()

    # -- reading --------------------------------------------------------------------------

    def current_language(self) -> str:
        return self.language.currentData() or ""

    def set_language(self, language: str) -> None:
        index = self.language.findData(language)
        if index >= 0:
            self.language.setCurrentIndex(index)

    def on_changes(self, changes: Changeset) -> None:
        if changes.tables & {"line_translation", "element", "character"}:
            # Later, not inside the edit's own signal: the table is rebuilt.
            QTimer.singleShot(0, self._refresh_if_alive)

    def _refresh_if_alive(self) -> None:
        if shiboken6.isValid(self):
            self.refresh()

    def refresh(self) -> None:
        """Read the lines and translations of the chosen language again."""
        language = self.current_language()
        rows = translation_rows(self.project, language) if language else []
        if self.stale_only.isChecked():
            rows = [r for r in rows if r.stale]
        self.rows = rows
        labels = _status_labels()
        rtl = is_rtl(language)
        self._filling = True
        try:
            self.table.setRowCount(len(rows))
            for i, row in enumerate(rows):
                status = labels.get(row.status, row.status)
                if row.stale:
                    status = _("stale — {status}").format(status=status)
                cells = (row.line_id, row.speaker, row.source, row.text, status)
                for j, value in enumerate(cells):
                    item = QTableWidgetItem(value)
                    item.setData(ELEMENT_ROLE, row.element_id)
                    if COLUMNS[j] != "translation":
                        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    elif rtl:
                        item.setTextAlignment(
                            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                        )
                    if row.stale:
                        item.setBackground(QBrush(STALE_COLOUR))
                        item.setToolTip(
                            _("The source line changed after this translation was made.")
                        )
                    self.table.setItem(i, j, item)
        finally:
            self._filling = False
        stale = sum(r.stale for r in rows)
        done = sum(1 for r in rows if r.text)
        self.summary.setText(
            _("{done} of {total} translated, {stale} stale").format(
                done=done, total=len(rows), stale=stale
            )
        )

    # -- editing --------------------------------------------------------------------------

    def set_translation(self, row_index: int, text: str) -> None:
        """Save ``text`` as the translation of row ``row_index`` (one undoable edit)."""
        row = self.rows[row_index]
        status = row.status if row.status and row.status != "draft" else "translated"
        edit = TranslationEdit(row.element_id, self.current_language(), text, status,
                               row.translator)  # fmt: skip
        try:
            self.project.run(SetTranslations([edit], typing=True))
        except USER_ERRORS as exc:
            dialogs.show_error(self, _("Translation not saved"), str(exc))
            self.refresh()

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or COLUMNS[item.column()] != "translation":
            return
        if item.row() >= len(self.rows) or item.text() == self.rows[item.row()].text:
            return
        self.set_translation(item.row(), item.text())
