"""What the script editor's mixins use of the editor, as a Protocol.

``ScriptEditor`` (``ui.editor.widget``) is made of mixins: completion, structural editing,
saving and word selection. Each mixin method takes ``self`` as an ``EditorState``, not as the
editor class, so the mixin modules never import the module that imports them.
"""

from __future__ import annotations

import logging
from typing import Protocol

from PySide6.QtCore import QRect, QTimer, SignalInstance
from PySide6.QtGui import QTextBlock, QTextCursor, QTextDocument
from PySide6.QtWidgets import QCompleter

from app.core.enums import ElementKind, ScriptLayout
from app.core.records import SceneRecord
from app.features.script.shorthand import Reading
from app.project.changes import Changeset
from app.project.commands import Command
from app.project.open_project import OpenProject
from ui.editor.render import Slot

logger = logging.getLogger(__name__)


class EditorState(Protocol):
    """The script editor as its mixins see it: its state, QTextEdit's calls it makes, and the
    methods one mixin calls on another."""

    _project: OpenProject | None
    layout: ScriptLayout  # the editor's script layout (it shadows QWidget.layout())
    read_only: bool
    _slots: list[Slot]  # what each paragraph edits, by its block's user state
    _dirty: set[int]  # slots typed in since the last commit
    _typed_in: set[int]  # slots typed in since the caret came into their paragraph
    _scope: tuple[str, str] | None  # what the page shows: ("scene"|"beat"|"episode", id)
    scope_changed: SignalInstance
    committed: SignalInstance
    _open_paren: str | None  # the element whose empty parenthetical is shown open
    _names: dict[str, str]  # character id -> name in the source language
    _name_ids: dict[str, str]  # any casefolded name or alias -> character id
    _other_names: list[str]
    _completer: QCompleter
    _prefix: str  # the words the completer replaces
    _commit_timer: QTimer

    # -- QTextEdit ------------------------------------------------------------------------

    def textCursor(self) -> QTextCursor: ...  # noqa: N802 - Qt

    def setTextCursor(self, cursor: QTextCursor) -> None: ...  # noqa: N802 - Qt

    def document(self) -> QTextDocument: ...

    def cursorRect(self) -> QRect: ...  # noqa: N802 - Qt

    def ensureCursorVisible(self) -> None: ...  # noqa: N802 - Qt

    # -- the editor -----------------------------------------------------------------------

    def current_slot(self) -> Slot | None: ...

    def current_kind(self) -> ElementKind | None: ...

    def _run(self, command: Command) -> Changeset | None: ...

    def _reload(self, *, keep_caret: bool = False, caret: tuple | None = None,
                heading_of: str | None = None) -> None: ...

    def _previous_slot(self) -> Slot | None: ...

    def _scenes(self) -> list[SceneRecord]: ...

    # -- the mixins, calling one another ----------------------------------------------------

    def flush(self) -> None: ...

    def _commit(self, slot: Slot, shown: str) -> None: ...

    def _commit_heading(self, slot: Slot, shown: str) -> None: ...

    def completion_candidates(self) -> list[str]: ...

    def _accept_completion(self) -> bool: ...

    def _insert_completion(self, text: str) -> None: ...

    def _element_position(self, element_id: str) -> int: ...

    def _slot_scene(self, element_id: str) -> str: ...

    def _new_element(self, scene_id: str, kind: ElementKind, position: int) -> None: ...

    def _field_for(self, kind: ElementKind) -> str: ...

    def _convert(self, slot: Slot, kind: ElementKind) -> None: ...

    def _finish_cue(self) -> None: ...

    def _finish_line(self, slot: Slot, shown: str, *, entering: bool) -> tuple | None | bool: ...

    def _rewrite(self, slot: Slot, reading: Reading, entering: bool) -> tuple | None: ...

    def _after_reading(self, slot: Slot, caret: tuple | None) -> None: ...

    def _follow_scene(self, scene_id: str) -> None: ...

    def _start_first_scene(self) -> bool: ...

    def slot_of(self, block: QTextBlock) -> Slot | None: ...

    def words_block(self, element_id: str) -> QTextBlock | None: ...

    def words_span(self, block: QTextBlock) -> tuple[int, int] | None: ...

    def words_cursor(self, block: QTextBlock, start: int, end: int) -> QTextCursor | None: ...
