"""What each paragraph of the editor says, and how an edited paragraph maps back to fields.

Every editable paragraph is bound to one element and one field of it (``Slot``). The Chinese
layout writes a dialogue element as one ``角色（OS）：（括号）台词`` line (field ``line``, split on
commit); the Hollywood layout gives it a cue (``speaker``), an optional parenthetical and the
line (``text``). Other kinds show their words between the layout's marks (△, 【字幕：…】,
``SUPER: "…"``), which are stripped again on commit. Scene headings come from scene fields.

Qt-free, like ``ui.editor.script_layout``; the marks are ``app.core.vocabulary``'s.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass

from app.core.direction import isolate, paragraph_rtl, strip_isolates
from app.core.enums import ElementKind, ScriptLayout
from app.core.records import ElementRecord, SceneRecord
from app.core.vocabulary import WORDS, parse_zh_line, zh_dialogue_line
from app.features.script.scenes import is_blank
from ui.editor.script_layout import ROLES, Role, scene_heading

logger = logging.getLogger(__name__)

K = ElementKind

#: field names a paragraph can be bound to
LINE, TEXT, SPEAKER, PAREN = "line", "text", "speaker", "parenthetical"

#: kinds the Hollywood layout sets in capitals (drawn so, never stored so)
CAPITALS = frozenset({K.CHARACTER, K.TRANSITION, K.SCENE_HEADING, K.SHOT})

_CUE = re.compile(r"^(?P<name>.*?)\s*(?:\((?P<ext>[^)]*)\))?\s*$", re.S)


@dataclass(frozen=True)
class Slot:
    """What one editor paragraph edits: a field of an element, or a scene's heading."""

    scene_id: str
    element_id: str | None  # None: a scene heading / cast / episode line
    field: str
    kind: ElementKind | None  # None for lines drawn from episode or scene fields


@dataclass(frozen=True)
class Para:
    """One editor paragraph: its text, look, direction and what it edits."""

    text: str
    role: Role
    rtl: bool
    slot: Slot | None  # None: read-only (episode heading, cast line)
    capitals: bool = False


def heading_para(layout: ScriptLayout, scene: SceneRecord) -> Para:
    """A scene's heading; empty for a scene nobody has headed yet, to type the heading in."""
    text = "" if is_blank(scene) else scene_heading(layout, scene)
    capitals = layout is ScriptLayout.HOLLYWOOD
    return Para(text, Role.SCENE_HEADING, False, Slot(scene.id, None, "heading", None), capitals)


def cast_para(layout: ScriptLayout, scene: SceneRecord, names: Mapping[str, str]) -> Para | None:
    words = WORDS[layout]
    cast = [names[c] for c in scene.cast if names.get(c)]
    if not cast or not words.cast:
        return None
    return Para(words.cast.format(names=words.name_separator.join(cast)), Role.CAST, False, None)


def speaker_name(element: ElementRecord, names: Mapping[str, str]) -> str:
    return (names.get(element.speaker_id or "") or element.speaker).strip()


def element_paras(
    layout: ScriptLayout, element: ElementRecord, names: Mapping[str, str]
) -> list[Para]:
    """The paragraphs of one element in ``layout``."""
    kind = element.kind
    rtl = paragraph_rtl(element.text, element.language)

    def slot(field: str) -> Slot:
        return Slot(element.scene_id, element.id, field, kind)

    if kind is K.DIALOGUE:
        speaker = speaker_name(element, names)
        if layout is ScriptLayout.ZH:
            line = zh_dialogue_line(speaker, element.extension, element.parenthetical, "")
            if rtl and line:
                line = isolate(line)
            return [Para(line + element.text, Role.DIALOGUE, rtl, slot(LINE))]
        extension = WORDS[layout].extension.format(extension=element.extension)
        cue = speaker + (extension if element.extension else "")
        paras = [Para(cue, Role.CUE, paragraph_rtl(cue), slot(SPEAKER), True)]
        if element.parenthetical:
            paren = WORDS[layout].mark(K.PARENTHETICAL, element.parenthetical)
            paras.append(Para(paren, Role.PARENTHETICAL, rtl, slot(PAREN)))
        paras.append(Para(element.text, Role.DIALOGUE, rtl, slot(TEXT)))
        return paras
    text = WORDS[layout].mark(kind, element.text)
    capitals = layout is ScriptLayout.HOLLYWOOD and kind in CAPITALS
    return [Para(text, ROLES.get(kind, Role.ACTION), rtl, slot(TEXT), capitals)]


def spoken_part(slot: Slot, layout: ScriptLayout, shown: str) -> str:
    """The words of a paragraph that decide its direction (the line, not the cue)."""
    if slot.field == LINE:
        parsed = parse_zh_line(strip_isolates(shown))
        return parsed.text if parsed is not None else strip_isolates(shown)
    return unmark(layout, slot.kind, shown)


def unmark(layout: ScriptLayout, kind: ElementKind | None, shown: str) -> str:
    """``shown`` without the marks the layout puts around ``kind``."""
    return WORDS[layout].unmark(kind, strip_isolates(shown))


def fields_from(slot: Slot, layout: ScriptLayout, shown: str) -> dict[str, str]:
    """The element fields an edited paragraph stands for."""
    if slot.field == LINE:
        parsed = parse_zh_line(strip_isolates(shown))
        if parsed is None:  # no colon yet: the writer is still typing the cue
            return {"speaker": strip_isolates(shown).strip(), "text": ""}
        return {"speaker": parsed.speaker, "extension": parsed.extension,
                "parenthetical": parsed.parenthetical, "text": parsed.text}
    if slot.field == SPEAKER:
        match = _CUE.match(strip_isolates(shown))
        return {"speaker": match["name"].strip(), "extension": (match["ext"] or "").strip()}
    if slot.field == PAREN:
        return {"parenthetical": unmark(layout, K.PARENTHETICAL, shown)}
    return {"text": unmark(layout, slot.kind, shown)}
