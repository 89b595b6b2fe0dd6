"""Lines the writer finishes are read as the script they spell; paste reads every line so.

Mixed into ``ScriptEditor``. When the writer finishes a paragraph they typed in (Enter, moving
the caret to another paragraph, saving), ``app.features.script.shorthand.read_line`` says what
it spells in the project's layout, and one command of ``app.features.script.scenes`` writes
that: a heading starts a scene, ``第三集：…`` an episode, ``人物：…`` sets the cast,
``角色：台词`` becomes dialogue, ``【字幕：…】`` a caption, ``CUT TO:`` a transition. Lines typed
during a pause are only committed as typed; they are read when finished, so the page never
changes under the caret while the writer is still in the line.

Also here: a typed △ or ▲ at the start of an action line is the action mark itself (never
doubled), typing into an episode that has no scene yet starts its first scene, and paste runs
the same reading over every pasted line as one undo step.
"""

from __future__ import annotations

import logging

from app.core.direction import strip_isolates
from app.core.enums import ElementKind, ScriptLayout
from app.core.headings import Heading
from app.core.vocabulary import ZH_ACTION_MARKS
from app.features.script.scenes import (
    LineToCast,
    LineToEpisode,
    LineToScene,
    PasteLines,
    ReadLine,
)
from app.features.script.shorthand import Reading, read_line
from app.project.commands import Create
from ui.editor.render import LINE, TEXT, Slot, unmark
from ui.editor.state import EditorState

logger = logging.getLogger(__name__)

K = ElementKind

#: Where the caret goes after a finished line was rewritten: (element id or None, field,
#: offset, scene id); None: leave it.
Caret = tuple[str | None, str, int, str | None]


class ShorthandMixin:
    """Reading finished lines, the action mark, paste and the first scene of an episode."""

    def _finish_line(self: EditorState, slot: Slot, shown: str, *,
                     entering: bool) -> Caret | None | bool:
        """Read the finished paragraph of ``slot`` (its words ``shown``); rewrite it when it
        spells something else. Returns False when it stays as it is, else where the caret goes
        (``entering``: the writer pressed Enter and goes on writing after it)."""
        if slot.element_id is None or slot.field not in (TEXT, LINE) or self.read_only:
            return False
        if slot.field == TEXT and slot.kind not in (K.ACTION, K.SCENE_HEADING):
            return False
        words = (unmark(self.layout, slot.kind, shown) if slot.field == TEXT
                 else strip_isolates(shown).strip())
        reading = read_line(self.layout, words)
        if slot.kind is K.SCENE_HEADING and words and (reading is None
                                                      or reading.what != "heading"):
            reading = Reading("heading", heading=Heading("int", "day", words))
        if reading is None:
            return False
        if slot.field == LINE and reading.what == "element":
            return False  # a Chinese dialogue line reads its own words (``fields_from``)
        if reading.what == "element" and reading.kind is K.ACTION and slot.kind is K.ACTION:
            if reading.fields.get("text", "") == words:
                return False
        return self._rewrite(slot, reading, entering)

    def _rewrite(self: EditorState, slot: Slot, reading: Reading,
                 entering: bool) -> Caret | None:
        element_id = slot.element_id
        assert element_id is not None
        if reading.what == "heading":
            assert reading.heading is not None
            command = LineToScene(element_id, reading.heading, keep_empty=entering)
            self._run(command)
            if command.created_id is None:
                return None
            self._follow_scene(command.created_id)
            first = next(iter(self._project.elements(command.created_id)), None)
            if first is None:
                return (None, "heading", -1, command.created_id)
            return (first.id, self._field_for(first.kind), 0, command.created_id)
        if reading.what == "episode":
            episode = LineToEpisode(element_id, reading.title)
            self._run(episode)
            if episode.created_id is None:
                return None
            self._follow_scene(episode.created_id)
            return (None, "heading", -1, episode.created_id)
        if reading.what == "cast":
            self._run(LineToCast(element_id, reading.names, keep_line=entering))
            return (element_id, TEXT, 0, slot.scene_id) if entering else None
        command = ReadLine(element_id, reading)
        command.merge_key = f"element:{element_id}"  # one undo step with the typing
        self._run(command)
        return (element_id, self._field_for(reading.kind or K.ACTION), -1, slot.scene_id)

    def _follow_scene(self: EditorState, scene_id: str) -> None:
        """Keep ``scene_id`` on the page: a scope that does not hold it widens to its episode."""
        if any(s.id == scene_id for s in self._scenes()):
            return
        scene = next((s for s in self._project.scenes() if s.id == scene_id), None)
        if scene is not None:
            self._scope = ("episode", scene.episode_id)
            self.scope_changed.emit("episode", scene.episode_id)

    # -- the action mark ----------------------------------------------------------------------

    def _swallow_action_mark(self: EditorState, typed: str) -> bool:
        """A △/▲ typed where the action line's mark already stands: step over the mark."""
        if self.layout is not ScriptLayout.ZH or typed not in ZH_ACTION_MARKS:
            return False
        slot, cursor = self.current_slot(), self.textCursor()
        if slot is None or slot.kind is not K.ACTION or slot.field != TEXT:
            return False
        text = cursor.block().text()
        if cursor.positionInBlock() > 1 or text[:1] not in ZH_ACTION_MARKS:
            return False
        cursor.setPosition(cursor.block().position() + 1)
        self.setTextCursor(cursor)
        return True

    # -- an episode with no scene yet -----------------------------------------------------------

    def _start_first_scene(self: EditorState) -> bool:
        """Typing on the page of an episode that has no scene: give it its first scene, with
        the caret in its (empty) heading. True when one was made."""
        if self._project is None or self.read_only or self._scope is None:
            return False
        kind, row_id = self._scope
        if kind != "episode" or self._project.scenes(row_id):
            return False
        create = Create("scene", {"episode_id": row_id})
        self._run(create)
        if create.created_id is None:
            return False
        self._reload(caret=(None, "heading", -1, create.created_id))
        return True

    # -- paste ------------------------------------------------------------------------------------

    def paste_text(self: EditorState, text: str) -> bool:
        """Paste ``text`` after the current paragraph, every line read as a script line (one
        undo step). A single line goes into the paragraph as typed words; returns False then."""
        slot = self.current_slot()
        if slot is None or self.read_only or self._project is None:
            return False
        lines = [line for line in text.replace("\r\n", "\n").split("\n") if line.strip()]
        if len(lines) < 2:
            return False
        self.flush()
        command = PasteLines(slot.scene_id, slot.element_id, self.layout, text)
        self._run(command)
        if command.last is None:
            return True
        scene_id, element_id = command.last
        self._follow_scene(scene_id)
        if element_id is None:
            self._reload(caret=(None, "heading", -1, scene_id))
        else:
            kind = next((e.kind for e in self._project.elements(scene_id) if e.id == element_id),
                        K.ACTION)
            self._reload(caret=(element_id, self._field_for(kind), -1, scene_id))
        return True
