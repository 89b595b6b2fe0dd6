"""What each paragraph of the editor says, and how an edited paragraph maps back to fields.

Every editable paragraph is bound to one element and one field of it (``Slot``). The Chinese
layout writes a dialogue element as one ``角色（OS）：（括号）台词`` line (field ``line``, split on
commit); the Hollywood layout gives it a cue (``speaker``), an optional parenthetical and the
line (``text``). Other kinds show their words between the layout's marks (△, 【字幕：…】,
``SUPER: "…"``), which are stripped again on commit. Scene headings come from scene fields.

Qt-free, like ``ui.editor.script_layout`` whose fixed words it reuses.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from app.core.direction import isolate, paragraph_rtl, strip_isolates
from app.core.enums import ElementKind, ScriptLayout, Setting, TimeOfDay
from app.core.records import ElementRecord, SceneRecord
from app.features.script.editing import parse_zh_line, zh_dialogue_line
from ui.editor.script_layout import WORDS, Role, scene_heading

K = ElementKind

#: field names a paragraph can be bound to
LINE, TEXT, SPEAKER, PAREN = "line", "text", "speaker", "parenthetical"

#: (start, end) marks around an element's words, per layout
MARKS: dict[ScriptLayout, dict[ElementKind, tuple[str, str]]] = {
    ScriptLayout.ZH: {
        K.ACTION: ("△", ""),
        K.CAPTION: ("【字幕：", "】"),
        K.PARENTHETICAL: ("（", "）"),
        K.NOTE: ("〔注：", "〕"),
        K.CHARACTER: ("", "："),
        K.FLASHBACK_START: ("【闪回】", ""),
        K.FLASHBACK_END: ("【闪回结束】", ""),
    },
    ScriptLayout.HOLLYWOOD: {
        K.CAPTION: ('SUPER: "', '"'),
        K.PARENTHETICAL: ("(", ")"),
        K.NOTE: ("[NOTE: ", "]"),
        K.FLASHBACK_START: ("FLASHBACK: ", ""),
        K.FLASHBACK_END: ("END FLASHBACK.", ""),
    },
}

_ROLES: dict[ElementKind, Role] = {
    K.SCENE_HEADING: Role.SCENE_HEADING, K.ACTION: Role.ACTION, K.CHARACTER: Role.CUE,
    K.PARENTHETICAL: Role.PARENTHETICAL, K.DIALOGUE: Role.DIALOGUE,
    K.TRANSITION: Role.TRANSITION, K.SHOT: Role.SHOT, K.CAPTION: Role.CAPTION,
    K.FLASHBACK_START: Role.FLASHBACK, K.FLASHBACK_END: Role.FLASHBACK, K.NOTE: Role.NOTE,
}

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
    text = scene_heading(layout, scene)
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
        cue = speaker + (f" ({element.extension})" if element.extension else "")
        paras = [Para(cue, Role.CUE, paragraph_rtl(cue), slot(SPEAKER), True)]
        if element.parenthetical:
            paren = f"({element.parenthetical})"
            paras.append(Para(paren, Role.PARENTHETICAL, rtl, slot(PAREN)))
        paras.append(Para(element.text, Role.DIALOGUE, rtl, slot(TEXT)))
        return paras
    start, end = MARKS[layout].get(kind, ("", ""))
    text = f"{start}{element.text}{end}"
    capitals = layout is ScriptLayout.HOLLYWOOD and kind in CAPITALS
    return [Para(text, _ROLES.get(kind, Role.ACTION), rtl, slot(TEXT), capitals)]


def spoken_part(slot: Slot, layout: ScriptLayout, shown: str) -> str:
    """The words of a paragraph that decide its direction (the line, not the cue)."""
    if slot.field == LINE:
        parsed = parse_zh_line(strip_isolates(shown))
        return parsed.text if parsed is not None else strip_isolates(shown)
    return unmark(layout, slot.kind, shown)


def unmark(layout: ScriptLayout, kind: ElementKind | None, shown: str) -> str:
    """``shown`` without the marks the layout puts around ``kind``."""
    text = strip_isolates(shown).strip()
    if kind is None:
        return text
    start, end = MARKS[layout].get(kind, ("", ""))
    if start and text.startswith(start.strip()):
        text = text[len(start.strip()):]
    elif kind is K.ACTION and text[:1] in ("△", "▲"):
        text = text[1:]
    if end and text.endswith(end):
        text = text[: -len(end)]
    return text.strip()


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


@dataclass(frozen=True)
class HeadingFields:
    """Scene fields read back from an edited heading."""

    setting: Setting | None
    time_of_day: TimeOfDay | None
    location: str
    number: str | None


def parse_heading(layout: ScriptLayout, shown: str) -> HeadingFields:
    """``1-1 日 外 老窑`` or ``1-1 INT. THE KILN - NIGHT`` back into scene fields."""
    words = WORDS[layout]
    text = strip_isolates(shown).strip()
    number = None
    m = re.match(r"^(\d+\s*[-–]\s*\d+[A-Za-z]?)\s*", text)
    if m:
        number = m.group(1).replace(" ", "")
        text = text[m.end():]
    setting = time = None
    settings = sorted(words.settings.items(), key=lambda kv: -len(kv[1]))
    times = {v.upper(): k for k, v in words.times.items()}
    rest: list[str] = []
    for token in re.split(r"\s+", text.replace(" - ", " ")):
        up = token.upper()
        match_setting = next((k for k, v in settings if up == v.upper()), None)
        if setting is None and match_setting is not None:
            setting = match_setting
        elif time is None and up in times:
            time = times[up]
        elif token and token != "-":
            rest.append(token)
    return HeadingFields(setting, time, " ".join(rest), number)


def heading_words(layout: ScriptLayout) -> list[str]:
    """Words the heading completer offers besides location names."""
    words = WORDS[layout]
    return list(words.times.values()) + list(words.settings.values())
