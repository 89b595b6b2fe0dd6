"""Noted words in the script editor: a tint by severity, the note as a tooltip, and a marker in
the margin beside every paragraph that carries open notes.

Open notes are marked; a resolved or accepted note is done with and leaves its words plain (and
its paragraph without a marker). An orphan — a note whose words are gone — has nothing to mark
and stays listed in the notes panel. The tints are the editor's extra selections, so the
document — the script being edited — is never changed by them. Tints and markers are laid again
whenever the editor renders its page and whenever notes change (the editor's bridge announces
changed notes, and a text edit re-anchors its notes in the same step). Colours come from
``ui.notes.highlights``.

The markers live in two gutters, one each side of the page. A paragraph's marker sits in the
gutter where its line *starts*: the left one for Chinese, English or Portuguese lines, the right
one for Arabic and Persian lines (which the editor sets right to left). The eye meets the marker
where it begins to read, and the marker stays beside the words however long the line is. A
marker takes the colour of the gravest open note of its paragraph and shows their count when
there is more than one; resting the pointer on it lists the notes (author, kind, first line);
a click selects the next of them — its words in the editor and its row in the notes panel.

Other marks may share the gutters (``GutterLayer``, added with ``NoteMarks.add_layer``): the fit
badges of ``ui.editor.fit_marks`` sit in the gutter where a line *ends*, so they never meet a
note marker of the same line.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QTextEdit, QToolTip, QWidget

from app.core.enums import AnnotationStatus, Severity
from app.core.i18n import _
from app.features.notes import service
from app.features.notes.impact import NotesImpact
from app.features.notes.labels import kind_labels
from app.features.notes.service import NoteRecord
from app.project.open_project import OpenProject
from ui.editor.widget import ScriptEditor
from ui.notes.highlights import HIGHLIGHTS, SEVERITY_COLOURS, SEVERITY_ORDER
from ui.plain import plain_tip

logger = logging.getLogger(__name__)

#: Width of each margin gutter, and the diameter of a marker, in pixels.
GUTTER_WIDTH = 24
MARKER_SIZE = 16


class GutterLayer(Protocol):
    """More marks drawn in the note gutters (after the note markers)."""

    def paint_gutter(self, gutter: NoteGutter, painter: QPainter, clip: QRect) -> None:
        """Draw this layer's marks of ``gutter`` that meet ``clip``."""
        ...

    def tooltip_in(self, gutter: NoteGutter, point: QPointF) -> str:
        """The tooltip of this layer's mark under ``point`` of ``gutter`` ("" for none)."""
        ...


@dataclass(frozen=True)
class Marker:
    """The marker of one paragraph: its notes, gravest (then oldest) first."""

    block: QTextBlock
    notes: tuple[NoteRecord, ...]
    right_to_left: bool

    @property
    def severity(self) -> Severity:
        return self.notes[0].severity

    def tooltip(self) -> str:
        """One line per note: author, kind and the first line of the note."""
        kinds = kind_labels()
        return "\n".join(
            _("{author} · {kind}: {line}").format(
                author=n.author, kind=kinds.get(n.kind, n.kind.value),
                line=(n.body.splitlines() or [""])[0])
            for n in self.notes)


class NoteMarks(QObject):
    """Keeps ``editor``'s extra selections on the words notes sit on, and its margin markers,
    for the project the editor's bridge follows.

    ``note_chosen(note_id)`` is emitted when a marker is clicked (the window selects the note in
    the notes panel).
    """

    note_chosen = Signal(str)

    def __init__(self, editor: ScriptEditor) -> None:
        super().__init__(editor)
        self.editor = editor
        self.project: OpenProject | None = None
        self._notes: dict[str, list[NoteRecord]] = {}  # element id → notes on its words
        self.marks: list[tuple[QTextCursor, NoteRecord]] = []
        self.markers: list[Marker] = []
        self._turns: dict[str, int] = {}  # element id → how many clicks its marker has had
        self.gutters = (NoteGutter(self, right=False), NoteGutter(self, right=True))
        #: other marks drawn in the same gutters
        self.layers: list[GutterLayer] = []
        editor.setViewportMargins(GUTTER_WIDTH, 0, GUTTER_WIDTH, 0)
        editor.rendered.connect(self.refresh)
        editor.viewport().installEventFilter(self)
        editor.verticalScrollBar().valueChanged.connect(self._repaint_gutters)
        editor.document().documentLayout().update.connect(self._repaint_gutters)
        self._place_gutters()
        editor.bridge.project_changed.connect(self.set_project)
        editor.bridge.notes_changed.connect(self.on_changes)
        self.set_project(editor.bridge.project)

    def add_layer(self, layer: GutterLayer) -> None:
        """Draw ``layer``'s marks in the gutters too."""
        self.layers.append(layer)
        self._repaint_gutters()

    def repaint_gutters(self) -> None:
        """Draw the gutters again (a layer's marks changed)."""
        self._repaint_gutters()

    def set_project(self, project: OpenProject | None) -> None:
        """Mark the notes of ``project`` (None: no marks); the bridge calls it."""
        self.project = project
        self._turns = {}
        self.reload()

    def on_changes(self, impact: NotesImpact) -> None:
        """Mark again when notes changed (added, moved, resolved, replied to)."""
        if impact.notes:
            self.reload()

    def reload(self) -> None:
        """Read the notes again and mark them."""
        self._notes = {}
        if self.project is not None:
            for note in service.notes(self.project):
                anchor = note.anchor
                if (anchor is not None and not note.orphan and anchor.end > anchor.start
                        and note.status is AnnotationStatus.OPEN):
                    self._notes.setdefault(anchor.element_id, []).append(note)
        self.refresh()

    def refresh(self) -> None:
        """Lay the marks and markers on the page as it is now."""
        self.marks = []
        self.markers = []
        if self._notes:
            block = self.editor.document().begin()
            while block.isValid():
                slot = self.editor.slot_of(block)
                shown = []
                for note in self._notes.get(slot.element_id if slot else "", ()):
                    anchor = note.anchor
                    cursor = self.editor.words_cursor(block, anchor.start, anchor.end)
                    if cursor is not None:
                        self.marks.append((cursor, note))
                        shown.append(note)
                if shown:
                    shown.sort(key=lambda n: (-SEVERITY_ORDER.index(n.severity), n.created_at))
                    rtl = block.textDirection() == Qt.LayoutDirection.RightToLeft
                    self.markers.append(Marker(block, tuple(shown), rtl))
                block = block.next()
        selections = []
        for cursor, note in self.marks:
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            style = QTextCharFormat()
            style.setBackground(QColor(HIGHLIGHTS[note.severity]))
            style.setToolTip(plain_tip(tooltip(note)))
            selection.format = style
            selections.append(selection)
        self.editor.setExtraSelections(selections)
        self._repaint_gutters()

    def tooltip_at(self, position: int) -> str:
        """The notes on the character at document ``position`` (empty: none)."""
        return "\n\n".join(tooltip(note) for cursor, note in self.marks
                           if cursor.selectionStart() <= position < cursor.selectionEnd())

    # -- the margin markers -----------------------------------------------------------------

    def marker_rect(self, marker: Marker) -> QRect | None:
        """Where ``marker`` is drawn, in its gutter's coordinates (None: not laid out)."""
        block = marker.block
        if not block.isValid() or block.layout() is None or block.layout().lineCount() == 0:
            return None
        top = (self.editor.document().documentLayout().blockBoundingRect(block).top()
               - self.editor.verticalScrollBar().value())
        line = block.layout().lineAt(0)
        middle = top + line.y() + line.height() / 2
        left = (GUTTER_WIDTH - MARKER_SIZE) // 2
        return QRect(left, round(middle - MARKER_SIZE / 2), MARKER_SIZE, MARKER_SIZE)

    def marker_at(self, gutter: NoteGutter, point: QPointF) -> Marker | None:
        """The marker of ``gutter`` under ``point`` (gutter coordinates)."""
        for marker in self.markers:
            if marker.right_to_left != gutter.right:
                continue
            rect = self.marker_rect(marker)
            if rect is not None and rect.adjusted(-3, -3, 3, 3).contains(point.toPoint()):
                return marker
        return None

    def activate(self, marker: Marker) -> str | None:
        """A click on ``marker``: select the next of its notes; returns that note's id."""
        if not marker.block.isValid() or not marker.notes:
            return None
        anchor = marker.notes[0].anchor
        assert anchor is not None
        turn = self._turns.get(anchor.element_id, 0)
        self._turns[anchor.element_id] = turn + 1
        note = marker.notes[turn % len(marker.notes)]
        anchor = note.anchor
        assert anchor is not None
        self.editor.select_words(anchor.element_id, anchor.start, anchor.end)
        self.note_chosen.emit(note.id)
        return note.id

    def _place_gutters(self) -> None:
        viewport = self.editor.viewport().geometry()
        left, right = self.gutters
        left.setGeometry(viewport.left() - GUTTER_WIDTH, viewport.top(), GUTTER_WIDTH,
                         viewport.height())
        right.setGeometry(viewport.right() + 1, viewport.top(), GUTTER_WIDTH, viewport.height())

    def _repaint_gutters(self, *_args: object) -> None:
        for gutter in self.gutters:
            if shiboken6.isValid(gutter):
                gutter.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Move):
            self._place_gutters()  # the viewport has its new place: the gutters go beside it
            return super().eventFilter(watched, event)
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.tooltip_at(self.editor.cursorForPosition(event.pos()).position())
            if text:
                QToolTip.showText(event.globalPos(), text, self.editor.viewport())
                return True
            QToolTip.hideText()
        return super().eventFilter(watched, event)


class NoteGutter(QWidget):
    """One margin of the editor, drawing the markers of the paragraphs that start on its side."""

    def __init__(self, marks: NoteMarks, *, right: bool) -> None:
        super().__init__(marks.editor)
        self.marks = marks
        self.right = right
        self.setObjectName("noteGutterRight" if right else "noteGutterLeft")
        self.setMouseTracking(True)

    def markers(self) -> list[Marker]:
        """The markers drawn in this gutter."""
        return [m for m in self.marks.markers if m.right_to_left == self.right]

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.fillRect(event.rect(), self.palette().base())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        font = QFont(self.font())
        font.setPointSizeF(7.0)
        font.setBold(True)
        painter.setFont(font)
        for marker in self.markers():
            rect = self.marks.marker_rect(marker)
            if rect is None or not rect.intersects(event.rect()):
                continue
            strong = QColor(SEVERITY_COLOURS[marker.severity])
            painter.setPen(QPen(strong, 1.5))
            painter.setBrush(QColor(HIGHLIGHTS[marker.severity]))
            painter.drawEllipse(QRectF(rect).adjusted(0.75, 0.75, -0.75, -0.75))
            if len(marker.notes) > 1:
                painter.setPen(strong.darker(130))
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(len(marker.notes)))
            else:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(strong)
                painter.drawEllipse(QRectF(rect).center(), 2.5, 2.5)
        for layer in self.marks.layers:
            layer.paint_gutter(self, painter, event.rect())
        painter.end()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            marker = self.marks.marker_at(self, QPointF(event.pos()))
            text = marker.tooltip() if marker is not None else self.layer_tooltip(
                QPointF(event.pos()))
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def layer_tooltip(self, point: QPointF) -> str:
        """The tooltip of another layer's mark under ``point`` ("" for none)."""
        for layer in self.marks.layers:
            text = layer.tooltip_in(self, point)
            if text:
                return text
        return ""

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        over = self.marks.marker_at(self, event.position()) is not None
        self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        marker = self.marks.marker_at(self, event.position())
        if marker is not None and event.button() == Qt.MouseButton.LeftButton:
            self.marks.activate(marker)
            event.accept()
            return
        super().mousePressEvent(event)


def tooltip(note: NoteRecord) -> str:
    """How a note reads when the pointer rests on its words."""
    return f"{note.author}: {note.body}"
