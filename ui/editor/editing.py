"""Structural edits of the script editor: Enter, Tab, Backspace and the per-kind shortcuts.

Mixed into ``ScriptEditor``; every edit here is one command in the project's history (so the
window's Undo takes it back) followed by a re-render with the caret placed on the new paragraph.
"""

from __future__ import annotations

import logging

from app.core.direction import strip_isolates
from app.core.enums import ElementKind, ScriptLayout
from app.core.vocabulary import ZH_ACTION_MARK, ZH_COLON, parse_zh_line
from app.features.script.editing import enter_kind, tab_kind
from app.project.commands import Create, Delete, Update
from ui.editor.render import LINE, PAREN, SPEAKER, TEXT, Slot, unmark
from ui.editor.state import EditorState

logger = logging.getLogger(__name__)

K = ElementKind
_DIALOGUE_PARTS = (K.CHARACTER, K.PARENTHETICAL, K.DIALOGUE)
#: the Chinese layout writes cue, aside and line on one line, so Tab skips those steps
_ZH_CYCLE = (K.ACTION, K.CHARACTER, K.TRANSITION)


def effective_kind(layout: ScriptLayout, slot: Slot | None, shown: str) -> ElementKind | None:
    """The kind the writer is typing in a paragraph (a dialogue's cue counts as CHARACTER)."""
    if slot is None:
        return None
    if slot.element_id is None:
        return K.SCENE_HEADING
    if slot.field == SPEAKER:
        return K.CHARACTER
    if slot.field == PAREN:
        return K.PARENTHETICAL
    if slot.field == LINE:
        return K.DIALOGUE if parse_zh_line(strip_isolates(shown)) else K.CHARACTER
    return slot.kind


class StructureMixin:
    """Enter/Tab/Backspace behaviour; expects the attributes of ``ScriptEditor``."""

    def _element_position(self: EditorState, element_id: str) -> int:
        return next((e.position for e in self._project.elements(self._slot_scene(element_id))
                     if e.id == element_id), 0)

    def _slot_scene(self: EditorState, element_id: str) -> str:
        slot = next(s for s in self._slots if s.element_id == element_id)
        return slot.scene_id

    def _new_element(self: EditorState, scene_id: str, kind: ElementKind, position: int) -> None:
        stored = K.DIALOGUE if kind in _DIALOGUE_PARTS else kind
        command = Create("element", {"scene_id": scene_id, "kind": stored.value},
                         position=position)
        self._run(command)
        field = self._field_for(kind)
        offset = 0
        if kind is K.PARENTHETICAL and self.layout is ScriptLayout.HOLLYWOOD:
            self._open_paren, offset = command.created_id, 1
        self._reload(caret=(command.created_id, field, offset))

    def _field_for(self: EditorState, kind: ElementKind) -> str:
        if kind in _DIALOGUE_PARTS and self.layout is ScriptLayout.ZH:
            return LINE
        return {K.CHARACTER: SPEAKER, K.PARENTHETICAL: PAREN}.get(kind, TEXT)

    def _convert(self: EditorState, slot: Slot, kind: ElementKind) -> None:
        """Turn the element of ``slot`` into ``kind`` (cue/aside/line: a dialogue element)."""
        stored = K.DIALOGUE if kind in _DIALOGUE_PARTS else kind
        if stored != slot.kind:
            self._run(Update("element", slot.element_id, {"kind": stored.value}))
        if kind is K.PARENTHETICAL and self.layout is ScriptLayout.HOLLYWOOD:
            self._open_paren = slot.element_id
        offset = 1 if kind is K.PARENTHETICAL and self.layout is ScriptLayout.HOLLYWOOD else 0
        self._reload(caret=(slot.element_id, self._field_for(kind), offset))

    def set_current_kind(self: EditorState, kind: ElementKind) -> None:
        """The per-kind shortcut: make the current paragraph ``kind``."""
        self.flush()
        slot = self.current_slot()
        if slot is None or slot.element_id is None or self.read_only:
            return
        self._convert(slot, kind)

    def _on_enter(self: EditorState) -> None:
        slot, shown = self.current_slot(), self.textCursor().block().text()
        typed = self.textCursor().block().userState() in self._typed_in
        self.flush()
        if slot is None:
            self._start_first_scene()  # Enter on the page of an episode with no scene yet
            return
        if self.read_only:
            return
        if slot.element_id is None:  # after a scene heading comes action
            first = next(iter(self._project.elements(slot.scene_id)), None)
            if first is not None and first.kind is K.ACTION and not first.text.strip():
                self._reload(caret=(first.id, TEXT, 0))  # an empty action is there already
                return
            self._new_element(slot.scene_id, K.ACTION, 0)
            return
        if typed:
            caret = self._finish_line(slot, shown, entering=True)
            if caret is not False:
                self._after_reading(slot, caret)
                return
        kind = effective_kind(self.layout, slot, shown)
        if slot.field == LINE and kind is K.CHARACTER and shown.strip():
            self._finish_cue()
            return
        if slot.field in (SPEAKER, PAREN):
            self._reload(caret=(slot.element_id, TEXT, 0))
            return
        words = unmark(self.layout, slot.kind, shown) if slot.field == TEXT else shown.strip()
        if not words.strip():
            if kind is not K.ACTION:
                self._convert(slot, K.ACTION)
            return  # Enter on an empty action line adds nothing (no blank lines in the script)
        position = self._element_position(slot.element_id) + 1
        self._new_element(slot.scene_id, enter_kind(kind), position)

    def _after_reading(self: EditorState, slot: Slot, caret: tuple | None) -> None:
        """Enter on a line read as another kind: go on after it as after a line of that kind."""
        if caret is None:
            self._reload(keep_caret=True)
            return
        element = next((e for e in self._project.elements(caret[3] or slot.scene_id)
                        if e.id == caret[0]), None) if caret[0] else None
        if element is not None and element.id == slot.element_id and (
                element.text.strip() or element.speaker.strip()):
            self._new_element(element.scene_id, enter_kind(element.kind), element.position + 1)
            return
        self._reload(caret=caret)

    def _finish_cue(self: EditorState) -> None:
        cursor = self.textCursor()
        cursor.movePosition(cursor.MoveOperation.EndOfBlock)
        cursor.insertText(ZH_COLON)
        self.setTextCursor(cursor)

    def _on_tab(self: EditorState, backwards: bool) -> None:
        if self._accept_completion():
            return
        self.flush()
        slot, shown = self.current_slot(), self.textCursor().block().text()
        if slot is None or slot.element_id is None or self.read_only:
            return
        kind = effective_kind(self.layout, slot, shown)
        empty = not (strip_isolates(shown).strip().strip(ZH_ACTION_MARK + ZH_COLON))
        if empty:
            if self.layout is ScriptLayout.ZH:
                cycle = _ZH_CYCLE
                at = cycle.index(kind) if kind in cycle else -1
                target = cycle[(at + (-1 if backwards else 1)) % len(cycle)]
            else:
                target = tab_kind(kind, empty=True, backwards=backwards)
            self._convert(slot, target)
            return
        if slot.field == LINE and kind is K.CHARACTER:
            self._finish_cue()
            return
        if slot.field == SPEAKER:
            self._open_paren = slot.element_id
            self._reload(caret=(slot.element_id, PAREN, 1))
            return
        if slot.field == PAREN:
            self._reload(caret=(slot.element_id, TEXT, 0))
            return
        position = self._element_position(slot.element_id) + 1
        self._new_element(slot.scene_id, tab_kind(kind, empty=False), position)

    def _on_backspace_at_start(self: EditorState) -> None:
        """Backspace at the start of a paragraph: delete it when it is empty, never merge."""
        slot, shown = self.current_slot(), self.textCursor().block().text()
        if slot is None or slot.element_id is None or self.read_only:
            return
        self.flush()
        if slot.field == PAREN:
            if not unmark(self.layout, K.PARENTHETICAL, shown):
                self._open_paren = None
                self._run(Update("element", slot.element_id, {"parenthetical": ""}))
                self._reload(caret=(slot.element_id, SPEAKER, -1))
            return
        if unmark(self.layout, slot.kind, shown) if slot.field == TEXT else shown.strip():
            return  # a paragraph with words never merges into the one before
        element = next((e for e in self._project.elements(slot.scene_id)
                        if e.id == slot.element_id), None)
        if element is None or element.parenthetical.strip():
            return
        if slot.field != LINE and (element.text or element.speaker):
            return  # the other part of a Hollywood dialogue still has words
        previous = self._previous_slot()
        self._run(Delete("element", slot.element_id))
        self._reload(caret=(previous.element_id, previous.field, -1) if previous else None,
                     heading_of=slot.scene_id if previous is None else None)
