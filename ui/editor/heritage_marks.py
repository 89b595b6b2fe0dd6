"""Heritage terms in the script editor: a wavy underline, a tooltip, and Ctrl+click to link.

Terms found by the background detection (``ui.heritage.detection``) are underlined with a
wavy line in the heritage colour (a dotted one was a faint single pixel; issue 16) — notes
tint the background instead, so both can sit on the same words. Resting the pointer on a term
shows the entry's name in the interface language, its domain and the first line of its
description. Ctrl+click on a term opens a small menu: link the
entry to this line or to this scene (one undoable step, saved in the file like any edit).

The underlines are the editor's extra selections of the layer ``"heritage"``: the script itself
is never changed by them. A term whose words no longer match what the editor shows (typing not
yet scanned) is left plain until the next scan.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QColor, QHelpEvent, QMouseEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QMenu, QTextEdit, QToolTip

from app.core.i18n import _
from app.features.heritage.coverage import entry_name
from app.features.heritage.detect import Match
from app.features.heritage.labels import access_text
from app.features.heritage.linking import link_entry
from app.features.heritage.migrate import access_level
from app.project.errors import USER_ERRORS
from app.project.open_project import OpenProject
from ui.bridge import can_edit
from ui.editor.widget import ScriptEditor
from ui.plain import plain_tip

logger = logging.getLogger(__name__)

LAYER = "heritage"
UNDERLINE = "#1f5fa8"  # the board's heritage blue
RESTRICTED = "#c0392b"  # an entry whose bearers restrict its depiction (access flag)

DOMAIN_LABELS: dict[str, Callable[[], str]] = {
    "oral_traditions": lambda: _("Oral traditions"),
    "performing_arts": lambda: _("Performing arts"),
    "social_practices": lambda: _("Social practices, rituals, festivals"),
    "knowledge_nature": lambda: _("Knowledge of nature"),
    "traditional_craftsmanship": lambda: _("Traditional craftsmanship"),
}


def entry_tooltip(entry: dict[str, Any] | None, fallback: str = "") -> str:
    """Name in the interface language, domain(s) and the first line of the description."""
    if not entry:
        return fallback
    lines = [entry_name(entry, fallback=fallback)]
    domains = [DOMAIN_LABELS[d]() if d in DOMAIN_LABELS else d
               for d in entry.get("unesco_domains", [])]
    if domains:
        lines.append(", ".join(domains))
    description = entry.get("description", {})
    text = description.get("en") or description.get("zh-Hans") or ""
    first = text.strip().splitlines()[0] if text.strip() else ""
    if first:
        lines.append(first if len(first) <= 160 else first[:157] + "…")
    consent = access_text(entry)  # "Restricted: needs the bearers' approval — …"
    if consent:
        lines.append("⚠ " + consent)
    return "\n".join(lines)


class HeritageMarks(QObject):
    """Keeps ``editor``'s heritage underlines in step with the detected terms."""

    #: (entry id, target type, target id) after a link was made from the editor
    linked = Signal(str, str, str)
    #: a sentence for the status bar (a refused link)
    message = Signal(str)

    def __init__(self, editor: ScriptEditor) -> None:
        super().__init__(editor)
        self.editor = editor
        self.project: OpenProject | None = None
        self.library: Any = None  # app.features.heritage.library.Library, once open
        self.entries: Callable[[str], dict[str, Any] | None] = lambda _id: None
        self._matches: dict[str, list[Match]] = {}  # element id -> terms in its text
        #: (cursor over the words, element id, scene id, match) of every underline shown
        self.marks: list[tuple[QTextCursor, str, str, Match]] = []
        self.menu: QMenu | None = None
        editor.rendered.connect(self.refresh)
        editor.viewport().installEventFilter(self)

    def set_project(self, project: OpenProject | None) -> None:
        self.project = project
        self._matches = {}
        self.refresh()

    def set_matches(self, by_element: dict[str, list[Match]]) -> None:
        """The terms of every element (element id -> matches in its text), then redraw."""
        self._matches = by_element
        self.refresh()

    def refresh(self) -> None:
        """Lay the underlines on the page as it is now."""
        self.marks = []
        if self._matches:
            block = self.editor.document().begin()
            while block.isValid():
                slot = self.editor.slot_of(block)
                found = self._matches.get(slot.element_id or "", ()) if slot else ()
                if found and slot is not None and slot.field in ("line", "text"):
                    span = self.editor.words_span(block)
                    text = block.text()
                    for match in found:
                        if span is None or text[span[0] + match.start:span[0] + match.end] \
                                != match.text:
                            continue  # the words changed since the scan
                        cursor = self.editor.words_cursor(block, match.start, match.end)
                        if cursor is not None:
                            self.marks.append((cursor, slot.element_id or "", slot.scene_id,
                                               match))
                block = block.next()
        style = QTextCharFormat()
        style.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        style.setUnderlineColor(QColor(UNDERLINE))
        restricted = QTextCharFormat(style)
        restricted.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        restricted.setUnderlineColor(QColor(RESTRICTED))
        selections = []
        for cursor, _element, _scene, match in self.marks:
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            selection.format = restricted if self.is_restricted(match) else style
            selections.append(selection)
        self.editor.set_marks(LAYER, selections)

    def is_restricted(self, match: Match) -> bool:
        """Whether any entry of ``match`` is flagged restricted (a red wavy underline)."""
        return any(access_level(self.entries(i) or {}) == "restricted" for i in match.entry_ids)

    def marks_at(self, position: int) -> list[tuple[QTextCursor, str, str, Match]]:
        """The underlines covering the character at document ``position``."""
        return [m for m in self.marks
                if m[0].selectionStart() <= position < m[0].selectionEnd()]

    def tooltip_at(self, position: int) -> str:
        """What resting the pointer at document ``position`` shows (empty: no term there)."""
        tips = []
        for _cursor, _element, _scene, match in self.marks_at(position):
            tips += [entry_tooltip(self.entries(entry_id), entry_id)
                     for entry_id in match.entry_ids]
        return "\n\n".join(tips)

    # -- linking ----------------------------------------------------------------------------

    def menu_at(self, position: int) -> QMenu | None:
        """The "link this entry" menu for the term at ``position`` (None: no term there)."""
        found = self.marks_at(position)
        if not found:
            return None
        writable = self.project is not None and can_edit(self.project, "heritage_link")
        menu = QMenu(self.editor)
        for _cursor, element_id, scene_id, match in found:
            for entry_id in match.entry_ids:
                name = entry_name(self.entries(entry_id), fallback=entry_id)
                for text, kind, target in (
                        (_("Link {name} to this line"), "element", element_id),
                        (_("Link {name} to this scene"), "scene", scene_id)):
                    action = menu.addAction(text.format(name=name))
                    action.setEnabled(writable)
                    action.setData((entry_id, kind, target))
                    action.triggered.connect(
                        lambda _c=False, e=entry_id, k=kind, t=target: self.link(e, k, t))
        return menu

    def link(self, entry_id: str, target_type: str, target_id: str) -> bool:
        """Link ``entry_id`` to a line or scene (undoable); say why when it is refused."""
        if self.project is None or self.library is None:
            return False
        try:
            link_entry(self.project, target_type, target_id, entry_id, self.library)
        except USER_ERRORS as exc:
            self.message.emit(str(exc))
            return False
        self.message.emit(_("Linked {name}.").format(
            name=entry_name(self.entries(entry_id), fallback=entry_id)))
        self.linked.emit(entry_id, target_type, target_id)
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind == QEvent.Type.ToolTip and isinstance(event, QHelpEvent) and self.marks:
            text = self.tooltip_at(self.editor.cursorForPosition(event.pos()).position())
            if text:
                QToolTip.showText(event.globalPos(), plain_tip(text), self.editor.viewport())
                return True
        elif (kind == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent)
              and event.button() == Qt.MouseButton.LeftButton
              and event.modifiers() & Qt.KeyboardModifier.ControlModifier and self.marks):
            point = event.position().toPoint()
            menu = self.menu_at(self.editor.cursorForPosition(point).position())
            if menu is not None:
                self._show_menu(menu, self.editor.viewport().mapToGlobal(point))
                return True
        return super().eventFilter(watched, event)

    def _show_menu(self, menu: QMenu, where: QPoint) -> None:
        if self.menu is not None:
            self.menu.deleteLater()
        self.menu = menu
        menu.popup(where)
