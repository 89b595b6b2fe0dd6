"""The side form of the beat board: every field of the selected card, saved as you leave it."""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from app.core.enums import BeatKind, BeatStatus
from app.core.i18n import _, format_number
from app.core.records import BeatRecord
from ui.board.style import kind_label, status_label

logger = logging.getLogger(__name__)


class _SummaryEdit(QPlainTextEdit):
    left = Signal()

    def focusOutEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt override
        super().focusOutEvent(event)
        self.left.emit()


class CardForm(QWidget):
    """Edits one card; emits ``changed(beat_id, fields)`` for what the writer altered."""

    changed = Signal(str, dict)
    make_scene = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cardForm")
        self.beat: BeatRecord | None = None
        self.caption = QLabel(_("Select a card to edit it."))
        self.caption.setWordWrap(True)
        self.title = QLineEdit()
        self.summary = _SummaryEdit()
        self.summary.setMaximumHeight(120)
        self.kind = QComboBox()
        for kind in BeatKind:
            self.kind.addItem(kind_label(kind), kind.value)
        self.status = QComboBox()
        for status in BeatStatus:
            self.status.addItem(status_label(status), status.value)
        self.seconds = QSpinBox()
        self.seconds.setRange(0, 600)
        self.seconds.setSuffix(_(" s"))
        self.scene_button = QPushButton(_("Make a scene from this card"))
        self.scene_button.setObjectName("makeSceneButton")
        self.scenes_label = QLabel()
        layout = QFormLayout(self)
        layout.addRow(self.caption)
        layout.addRow(_("Title:"), self.title)
        layout.addRow(_("Summary:"), self.summary)
        layout.addRow(_("Kind:"), self.kind)
        layout.addRow(_("Status:"), self.status)
        layout.addRow(_("Estimated:"), self.seconds)
        layout.addRow(self.scenes_label)
        layout.addRow(self.scene_button)
        self.title.editingFinished.connect(lambda: self._emit("title", self.title.text()))
        self.summary.left.connect(lambda: self._emit("summary", self.summary.toPlainText()))
        self.kind.activated.connect(lambda _i: self._emit("kind", self.kind.currentData()))
        self.status.activated.connect(lambda _i: self._emit("status", self.status.currentData()))
        self.seconds.editingFinished.connect(
            lambda: self._emit("estimated_seconds", self.seconds.value() or None))
        self.scene_button.clicked.connect(lambda: self.beat and self.make_scene.emit(self.beat.id))
        self.show_beat(None)

    def show_beat(self, beat: BeatRecord | None, scenes: int = 0) -> None:
        self.beat = beat
        for widget in (self.title, self.summary, self.kind, self.status, self.seconds,
                       self.scene_button):
            widget.setEnabled(beat is not None)
        if beat is None:
            self.caption.setText(_("Select a card to edit it."))
            self.title.clear()
            self.summary.clear()
            self.scenes_label.clear()
            return
        self.caption.setText(_("Card"))
        self.title.setText(beat.title)
        self.summary.setPlainText(beat.summary)
        self.kind.setCurrentIndex(self.kind.findData(beat.kind.value))
        self.status.setCurrentIndex(self.status.findData(beat.status.value))
        self.seconds.setValue(beat.estimated_seconds or 0)
        self.scene_button.setEnabled(beat.episode_id is not None)
        self.scenes_label.setText(
            _("Scenes from this card: {count}").format(count=format_number(scenes)))

    def _emit(self, field: str, value: object) -> None:
        if self.beat is None:
            return
        if getattr(self.beat, field) == value or (
            field in ("kind", "status") and getattr(self.beat, field).value == value
        ):
            return
        self.changed.emit(self.beat.id, {field: value})
