"""The script editor: a QTextEdit whose paragraphs are bound to element fields.

Typing stays in the document and is committed to the project as ``Update(..., typing=True)``
after a short pause, on leaving the paragraph and on focus out (the autosave: every commit is a
transaction in the file). Enter, Tab, Backspace on an empty paragraph and the per-kind shortcuts
are commands too (``ui.editor.editing``). The editor's own undo stack is off: the window's Undo
walks the project's single history; the editor follows the project its bridge (``ui.bridge``)
follows and renders again when the bridge says the script changed.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from PySide6.QtCore import QEvent, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QKeySequence, QPalette, QTextCursor
from PySide6.QtWidgets import QCompleter, QTextEdit, QWidget

from app.core.direction import paragraph_rtl
from app.core.enums import ElementKind, ScriptLayout
from app.core.records import ElementRecord
from app.core.timing import RateBook, element_seconds
from app.core.vocabulary import WORDS
from app.features.rhythm.impact import RhythmImpact
from app.features.script.impact import ScriptImpact
from app.project.changes import Changeset
from app.project.errors import USER_ERRORS, ProjectChangedOnDisk
from app.project.open_project import OpenProject
from ui.bridge import ProjectBridge, can_edit
from ui.editor.completion import CompletionMixin
from ui.editor.editing import StructureMixin, effective_kind
from ui.editor.fonts import set_page
from ui.editor.render import (
    Para,
    Slot,
    cast_para,
    element_paras,
    heading_para,
    spoken_part,
)
from ui.editor.saving import SavingMixin
from ui.editor.script_layout import Paragraph, Role, episode_heading
from ui.editor.script_view import paragraph_formats
from ui.editor.shorthand import ShorthandMixin
from ui.editor.word_selection import WordSelectionMixin

logger = logging.getLogger(__name__)

#: idle time before typing is committed to the file
COMMIT_MS = 400


class ScriptEditor(StructureMixin, SavingMixin, ShorthandMixin, CompletionMixin,
                   WordSelectionMixin, QTextEdit):
    """Edits the scenes of one scene, beat or episode of the project ``bridge`` follows."""

    kind_changed = Signal(str)
    #: the editor widened what it shows (a scene typed in a scene's page): kind, id
    scope_changed = Signal(str, str)
    #: the caret went into another scene (the navigator follows it)
    caret_scene = Signal(str)
    #: typing was written to the file (nothing typed is left only on screen)
    committed = Signal()
    #: the script became read-only (True) or writable again (False)
    permission_changed = Signal(bool)
    edited = Signal()  # the writer typed: there is something for Undo even before the commit
    duration_changed = Signal(float, float)  # current scene, everything shown
    rendered = Signal()  # the page was drawn again: positions from before mean nothing now

    def __init__(self, bridge: ProjectBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scriptEditor")
        self.bridge = bridge
        self._mark_layers: dict[str, list[QTextEdit.ExtraSelection]] = {}
        self.setUndoRedoEnabled(False)
        self.setAcceptRichText(False)
        self.setTabChangesFocus(False)
        self.document().setDocumentMargin(24.0)
        self._project: OpenProject | None = None
        self.layout: ScriptLayout = ScriptLayout.ZH
        self.read_only = False
        self._scope: tuple[str, str] | None = None
        self._slots: list[Slot] = []
        self._dirty: set[int] = set()
        #: slots typed in since the caret came into their paragraph: read when finished
        self._typed_in: set[int] = set()
        self._caret_scene: str | None = None
        self._busy = False
        self._rendering = False
        self._open_paren: str | None = None
        self._kind: ElementKind | None = None
        self._block_number = -1
        self._names: dict[str, str] = {}
        self._name_ids: dict[str, str] = {}
        self._other_names: list[str] = []
        #: the elements on the page as last rendered (kind, language, line id), by id
        self._elements: dict[str, ElementRecord] = {}
        #: the project's speech rates (its rhythm settings), read once per change of them
        self.rates = RateBook()
        self._commit_timer = _timer(self, COMMIT_MS, self.flush)
        self._duration_timer = _timer(self, 250, self._emit_duration)
        self._reload_timer = _timer(self, 0, self._catch_up)
        self._completer = QCompleter(self)
        self._completer.setWidget(self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setModel(QStringListModel(self._completer))
        self._completer.activated.connect(self._insert_completion)
        self._prefix = ""
        self.document().contentsChange.connect(self._on_contents_change)
        self.cursorPositionChanged.connect(self._on_cursor_moved)
        bridge.project_changed.connect(self.set_project)
        bridge.script_changed.connect(self._on_script_changed)
        bridge.role_changed.connect(self._on_role_changed)
        bridge.rhythm_changed.connect(self._on_rhythm_changed)
        if bridge.project is not None:
            self.set_project(bridge.project)

    # -- what is shown --------------------------------------------------------------------

    def set_project(self, project: OpenProject | None) -> None:
        """Edit ``project`` (None: show nothing); the bridge calls it when its project changes."""
        self._project = project
        self._scope = None
        self.rates = project.rate_book() if project is not None else RateBook()
        if project is not None:
            self.layout = project.info().layout
        self._show_permission(project)
        self._reload()

    def _on_rhythm_changed(self, impact: RhythmImpact) -> None:
        """The project's speech rates may have changed: the live seconds use the new ones."""
        if impact.settings and self._project is not None:
            self.rates = self._project.rate_book()
            self._emit_duration()

    def _on_role_changed(self, project: OpenProject) -> None:
        """The project is now worked on in another role: typing is allowed or not from now."""
        if project is self._project:
            self.flush()  # what was typed as a writer is kept
            self._show_permission(project)
            self._on_cursor_moved()

    def _show_permission(self, project: OpenProject | None) -> None:
        """Whether the script may be typed into, and a page that shows it (a grey page)."""
        self.read_only = project is not None and not can_edit(project, "element")
        palette = self.viewport().palette()
        base = self.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Base)
        palette.setColor(QPalette.ColorRole.Base,
                         QColor("#eeeeee") if self.read_only else base)
        self.viewport().setPalette(palette)
        self.viewport().setAutoFillBackground(True)
        self.setProperty("scriptReadOnly", self.read_only)
        self.permission_changed.emit(self.read_only)

    def show_scope(self, kind: str, row_id: str) -> None:
        """Show one ``"scene"``, the scenes of a ``"beat"`` or a whole ``"episode"``, with the
        caret at its top; asked for what is shown already, it leaves the caret where it is."""
        self.flush()
        if self._scope == (kind, row_id):
            return
        self._scope = (kind, row_id)
        self._reload()
        self.moveCursor(QTextCursor.MoveOperation.Start)

    # -- where the caret is -----------------------------------------------------------------

    def place(self) -> tuple[str, str, str, str, int] | None:
        """Where the writer is: (scope kind, scope id, element id — or the scene id of a
        heading —, field, offset in the paragraph); None when nothing is shown."""
        slot = self.current_slot()
        if self._scope is None or slot is None:
            return None
        where = slot.element_id if slot.element_id is not None else slot.scene_id
        return (*self._scope, where, slot.field, self.textCursor().positionInBlock())

    def place_caret(self, where: str | None, field: str, offset: int) -> None:
        """Put the caret where ``place`` said it was (as near as the page still allows)."""
        if field == "heading":
            self._place_caret(None, field, offset, where)
        else:
            self._place_caret(where, field, offset)
        if self.current_slot() is None:
            self.place_caret_at_start()
        self.ensureCursorVisible()

    def place_caret_at_start(self) -> None:
        """The caret in the first paragraph the writer can type in (a heading not typed yet:
        ready to type it)."""
        block = self.document().begin()
        while block.isValid() and not 0 <= block.userState() < len(self._slots):
            block = block.next()
        if block.isValid():
            cursor = QTextCursor(block)
            if not block.text():
                cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
            self.setTextCursor(cursor)

    def has_pending(self) -> bool:
        """True while typed words are not yet in the file."""
        return bool(self._dirty)

    def finish_typing(self) -> None:
        """Commit what was typed and read the line being written as finished (File ▸ Save)."""
        block = self.textCursor().block()
        typed = block.userState() in self._typed_in
        self.flush()
        slot = self.current_slot()
        if typed and slot is not None:
            self._typed_in.discard(block.userState())
            if self._finish_line(slot, block.text(), entering=False) is not False:
                self._reload(keep_caret=True)

    def set_layout(self, layout: ScriptLayout) -> None:
        """Re-render in ``layout``; the elements' words are not touched."""
        self.flush()
        self.layout = ScriptLayout(layout)
        self._reload(keep_caret=True)

    def setExtraSelections(self, selections) -> None:  # noqa: N802, ANN001 - Qt override
        """The default layer of marks (notes); other layers stay (``set_marks``)."""
        self.set_marks("", selections)

    def set_marks(self, layer: str, selections: list[QTextEdit.ExtraSelection]) -> None:
        """Show ``selections`` as ``layer``'s extra selections, beside the other layers'."""
        self._mark_layers[layer] = list(selections)
        QTextEdit.setExtraSelections(
            self, [s for marks in self._mark_layers.values() for s in marks])

    def shown_element(self, element_id: str | None) -> ElementRecord | None:
        """The record of an element on the page, as it was when the page was last drawn
        (its words may have been typed over since)."""
        return self._elements.get(element_id or "")

    def current_slot(self) -> Slot | None:
        state = self.textCursor().block().userState()
        return self._slots[state] if 0 <= state < len(self._slots) else None

    def current_kind(self) -> ElementKind | None:
        return effective_kind(self.layout, self.current_slot(), self.textCursor().block().text())

    def _scenes(self) -> list:
        if self._project is None or self._scope is None:
            return []
        kind, row_id = self._scope
        if kind == "episode":
            return self._project.scenes(row_id)
        if kind == "beat":
            return self._project.scenes(beat_id=row_id)
        return self._project.scenes(scene_id=row_id)

    def _reload(self, *, keep_caret: bool = False, caret: tuple | None = None,
                heading_of: str | None = None) -> None:
        """Render the scope again, putting the caret back where it was (or at ``caret``)."""
        self._reload_timer.stop()
        if keep_caret and caret is None:
            slot = self.current_slot()
            if slot is not None:
                offset = self.textCursor().positionInBlock()
                caret = (slot.element_id, slot.field, offset, slot.scene_id)
        scroll = self.verticalScrollBar().value()
        paras = self._paragraphs()
        self._rendering = True
        try:
            self._render(paras)
        finally:
            self._rendering = False
        self._dirty.clear()
        self._typed_in.clear()
        if heading_of is not None:
            caret = (None, "heading", -1, heading_of)
        if caret is not None:
            self._place_caret(*caret)
        self.verticalScrollBar().setValue(scroll) if keep_caret else None
        self._emit_duration()
        self._on_cursor_moved()
        self.rendered.emit()

    def _paragraphs(self) -> list[Para | Paragraph]:
        project = self._project
        if project is None or self._scope is None:
            return []
        info = project.info()
        characters = project.characters()
        self._names = {c.id: c.name(info.source_language) for c in characters}
        self._name_ids = {}
        self._other_names = []
        for c in characters:
            for name in list(c.names.values()) + [a for al in c.aliases.values() for a in al]:
                self._name_ids.setdefault(name.casefold(), c.id)
                self._other_names.append(name)
        result: list[Para | Paragraph] = []
        self._elements = {}
        if self._scope[0] == "episode":
            episode = next((e for e in project.episodes() if e.id == self._scope[1]), None)
            if episode is not None:
                result.append(Paragraph(episode_heading(self.layout, episode),
                                        Role.EPISODE_HEADING))
        for scene in self._scenes():
            result.append(heading_para(self.layout, scene))
            cast = cast_para(self.layout, scene, self._names)
            if cast is not None:
                result.append(cast)
            for element in project.elements(scene.id):
                self._elements[element.id] = element
                if element.id == self._open_paren and not element.parenthetical:
                    element = _with_open_paren(element)
                result.extend(element_paras(self.layout, element, self._names))
        return result

    def _render(self, paras: list[Para | Paragraph]) -> None:
        document = self.document()
        document.clear()
        self._slots = []
        # the screenplay face is loaded the first time a Hollywood page is drawn
        page = set_page(self, self.layout is ScriptLayout.HOLLYWOOD and bool(paras))
        cursor = QTextCursor(document)
        cursor.beginEditBlock()
        for index, para in enumerate(paras):
            block_format, char_format = paragraph_formats(
                self.layout, Paragraph(para.text, para.role, para.rtl))
            if page is not None:
                page.set_look(block_format, char_format, para.role, para.rtl)
            if getattr(para, "capitals", False):
                char_format.setFontCapitalization(QFont.Capitalization.AllUppercase)
            if index:
                cursor.insertBlock(block_format, char_format)
            else:
                cursor.setBlockFormat(block_format)
                cursor.setBlockCharFormat(char_format)
            cursor.insertText(para.text, char_format)
            slot = getattr(para, "slot", None)
            if slot is not None:
                self._slots.append(slot)
                cursor.block().setUserState(len(self._slots) - 1)
            else:
                cursor.block().setUserState(-1)
        cursor.endEditBlock()

    def _place_caret(self, element_id: str | None, field: str, offset: int,
                     scene_id: str | None = None) -> None:
        block = self.document().begin()
        fallback = None
        while block.isValid():
            state = block.userState()
            if 0 <= state < len(self._slots):
                slot = self._slots[state]
                if slot.element_id == element_id and (element_id or slot.scene_id == scene_id):
                    if slot.field == field:
                        fallback = block
                        break
                    fallback = fallback or block
            block = block.next()
        if fallback is None:
            return
        cursor = QTextCursor(fallback)
        length = fallback.length() - 1
        if offset == 0:
            offset = self._mark_length(self._slots[fallback.userState()])
        cursor.setPosition(fallback.position() + (length if offset < 0 else min(offset, length)))
        self.setTextCursor(cursor)

    def _mark_length(self, slot: Slot | None) -> int:
        if slot is None or slot.field != "text" or slot.kind is None:
            return 0
        return len(WORDS[self.layout].marks.get(slot.kind, ("", ""))[0])

    def _previous_slot(self) -> Slot | None:
        block = self.textCursor().block().previous()
        while block.isValid():
            state = block.userState()
            if 0 <= state < len(self._slots) and self._slots[state].element_id is not None:
                return self._slots[state]
            if 0 <= state < len(self._slots):
                return None
            block = block.previous()
        return None

    # -- committing -----------------------------------------------------------------------

    def _run(self, command) -> Changeset | None:  # noqa: ANN001 - any Command
        if self._project is None:
            return None
        self._busy = True
        try:
            return self._project.run(command)
        except ProjectChangedOnDisk:
            # The window asks what to do (save a copy holding this edit, or reload): see
            # ui.window.disk_change. Nothing is written here; the typed text stays on screen.
            logger.info("edit refused: %s changed on disk", self._project.path)
            return None
        finally:
            self._busy = False

    def _on_script_changed(self, _impact: ScriptImpact) -> None:
        if self._project is None or self._busy or self._rendering:
            return  # the editor's own edit: it renders what it wrote itself
        self._reload_timer.start()  # the file changed under us (a dock, a sync): show the file

    def _catch_up(self) -> None:
        """Show the file again after a change made elsewhere. Words typed since the last commit
        (the autosave waits ``COMMIT_MS``) are the writer's: they are committed first, never
        dropped (Undo commits them itself before it takes anything back)."""
        try:
            self.flush()
        except USER_ERRORS as error:  # the element typed in was removed meanwhile
            logger.warning("typed words could not be kept: %s", error)
        self._reload(keep_caret=True)

    # -- typing ---------------------------------------------------------------------------

    def _on_contents_change(self, position: int, removed: int, added: int) -> None:
        if self._rendering:
            return
        document = self.document()
        block = document.findBlock(position)
        end = document.findBlock(position + max(added - 1, 0))
        while block.isValid():
            state = block.userState()
            if 0 <= state < len(self._slots):
                self._dirty.add(state)
                self._typed_in.add(state)
                self._update_direction(block, self._slots[state])
            if block == end:
                break
            block = block.next()
        self._commit_timer.start()
        self._duration_timer.start()
        self.edited.emit()

    def _update_direction(self, block, slot: Slot) -> None:  # noqa: ANN001 - a QTextBlock
        if slot.element_id is None:
            return
        rtl = paragraph_rtl(spoken_part(slot, self.layout, block.text()))
        wanted = Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
        block_format = block.blockFormat()
        if block_format.layoutDirection() != wanted:
            block_format.setLayoutDirection(wanted)
            # indents are kept on the paragraph's start side, which has just changed
            left, right = block_format.leftMargin(), block_format.rightMargin()
            block_format.setLeftMargin(right)
            block_format.setRightMargin(left)
            cursor = QTextCursor(block)
            self._rendering = True
            try:
                cursor.setBlockFormat(block_format)
            finally:
                self._rendering = False

    def _on_cursor_moved(self) -> None:
        kind = self.current_kind()
        if kind != self._kind:
            self._kind = kind
            self.kind_changed.emit(kind.value if kind else "")
        block = self.textCursor().blockNumber()
        if block != self._block_number:
            left = self.document().findBlockByNumber(self._block_number)
            self._block_number = block
            if self._dirty and not self._rendering:
                self.flush()  # leaving a paragraph commits it
            if not self._rendering and left.isValid() and left.userState() in self._typed_in:
                self._typed_in.clear()
                slot = self._slots[left.userState()]
                if self._finish_line(slot, left.text(), entering=False) is not False:
                    self._reload_timer.start()  # it was read as something else: show that
        slot = self.current_slot()
        scene = slot.scene_id if slot is not None else None
        if scene is not None and scene != self._caret_scene and not self._rendering:
            self._caret_scene = scene
            self.caret_scene.emit(scene)

    def focusOutEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt override
        self.flush()
        super().focusOutEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if event.matches(QKeySequence.StandardKey.Undo) or event.matches(
                QKeySequence.StandardKey.Redo
            ):
                event.ignore()  # the window's Undo walks the project's history
                return False
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        key, cursor = event.key(), self.textCursor()
        popup = self._completer.popup()
        if popup.isVisible() and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape):
            event.ignore()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._on_enter()
            return
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            self._on_tab(key == Qt.Key.Key_Backtab)
            return
        slot = self.current_slot()
        edits = bool(event.text()) or key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete)
        navigation = not event.text() and key not in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete)
        if slot is None and event.text().strip() and self._start_first_scene():
            slot, cursor = self.current_slot(), self.textCursor()  # then type into its heading
        if event.text() and self._swallow_action_mark(event.text()):
            return
        if cursor.hasSelection() and edits and (
            self.document().findBlock(cursor.selectionStart())
            != self.document().findBlock(cursor.selectionEnd())
        ):
            return  # an edit across paragraphs would merge elements
        if not navigation and (slot is None or self.read_only):
            if event.matches(QKeySequence.StandardKey.Copy) or event.matches(
                    QKeySequence.StandardKey.SelectAll):
                super().keyPressEvent(event)
            return
        if key == Qt.Key.Key_Backspace and not cursor.hasSelection() and (
            cursor.positionInBlock() <= self._mark_length(slot)
        ):
            self._on_backspace_at_start()
            return
        if key == Qt.Key.Key_Delete and cursor.atBlockEnd() and not cursor.hasSelection():
            return
        super().keyPressEvent(event)
        if event.text():
            self._update_completion()

    def inputMethodEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt override
        if self.current_slot() is None and event.commitString():
            self._start_first_scene()
        if self.current_slot() is None or self.read_only:
            event.ignore()
            return
        if self._swallow_action_mark(event.commitString()):
            return
        super().inputMethodEvent(event)
        if event.commitString():
            self._update_completion()

    def insertFromMimeData(self, source) -> None:  # noqa: N802, ANN001 - Qt override
        if self.current_slot() is None or self.read_only:
            return
        if self.paste_text(source.text()):
            return  # several lines: read as script lines, one undo step
        self.textCursor().insertText(" ".join(source.text().splitlines()))

    # -- duration -------------------------------------------------------------------------

    def scene_durations(self) -> dict[str, float]:
        """Estimated seconds of every scene shown, from the words now in the editor, at the
        project's speech rates for each line's language."""
        seconds: dict[str, float] = {}
        block = self.document().begin()
        while block.isValid():
            state = block.userState()
            if 0 <= state < len(self._slots):
                slot = self._slots[state]
                seconds.setdefault(slot.scene_id, 0.0)
                if slot.element_id is not None and slot.field not in ("speaker", "parenthetical"):
                    words = spoken_part(slot, self.layout, block.text())
                    element = self._elements.get(slot.element_id)
                    rates = self.rates(element.language if element is not None else None)
                    seconds[slot.scene_id] += element_seconds(slot.kind, words, rates)
            block = block.next()
        return seconds

    def _emit_duration(self) -> None:
        seconds = self.scene_durations()
        slot = self.current_slot()
        current = seconds.get(slot.scene_id, 0.0) if slot else 0.0
        self.duration_changed.emit(current, sum(seconds.values()))


def _timer(parent: QWidget, interval: int, slot) -> QTimer:  # noqa: ANN001
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(interval)
    timer.timeout.connect(slot)
    return timer


def _with_open_paren(element):  # noqa: ANN001, ANN202 - an ElementRecord
    return replace(element, parenthetical=" ")
