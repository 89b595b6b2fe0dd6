"""Write a Kiln project as Fountain text, so that reading it back gives the same project.

The writer forces (``.``, ``!``, ``@``, ``>``) whatever the reader would otherwise guess
differently, so Fountain → Kiln → Fountain is stable after the first pass.
"""

from __future__ import annotations

import logging
import re

from app.core.enums import ElementKind, ScriptLayout
from app.core.headings import (
    Heading,
    is_hollywood_heading,
    parse_chinese,
    render_chinese,
    render_hollywood,
)
from app.core.records import ElementRecord
from app.core.vocabulary import (
    CAPTION_STARTS,
    EPISODE_TITLE,
    FLASHBACK_END_LINE,
    FLASHBACK_START_LINE,
    WORDS,
    ZH_WORDS,
    caption_line,
    extension_words,
    flashback_marker,
)
from app.formats.fountain.reader import is_cue
from app.formats.script_source import NoteOut, SceneOut, ScriptOut, attrs, is_dual

logger = logging.getLogger(__name__)

_TITLE_ORDER = ("credit", "source", "draft_date", "contact", "copyright", "notes")
_SPECIAL_START = (".", "!", "@", "~", ">", "#", "=", "[[")


def _title_key(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _field(key: str, value: str) -> list[str]:
    lines = value.split("\n")
    if len(lines) == 1:
        return [f"{key}: {value}"]
    return [f"{key}:"] + [f"    {ln}" for ln in lines]


def title_page(script: ScriptOut) -> list[str]:
    info = script.info
    extra = script.title_page
    out = _field("Title", extra.pop("title", "") or info.title)
    if info.authors:
        out += _field("Author" if len(info.authors) == 1 else "Authors", "\n".join(info.authors))
    if info.draft:
        out += _field("Draft", info.draft)
    if info.registration_number:
        out += _field("Registration", info.registration_number)
    for key in list(_TITLE_ORDER) + sorted(k for k in extra if k not in _TITLE_ORDER):
        if extra.get(key):
            out += _field(_title_key(key), str(extra[key]))
    return out


def _notes(notes: list[NoteOut]) -> str:
    return "".join(f" [[{n.body}]]" for n in notes)


def _heading(scene: SceneOut, layout: ScriptLayout) -> str | None:
    rec = scene.record
    first = scene.elements[0] if scene.elements else None
    number = f" #{scene.locked_number}#" if scene.locked_number else ""
    if first is not None and first.kind == ElementKind.SCENE_HEADING:
        if not first.text:
            return None
        forced = "" if is_hollywood_heading(first.text) else "."
        return f"{forced}{first.text}{number}"
    h = Heading(rec.setting.value, rec.time_of_day.value, rec.location_name)
    if layout == ScriptLayout.ZH:
        text = render_chinese(h)
        parsed = parse_chinese(text)
        if parsed is None or parsed.location != rec.location_name:
            text = render_hollywood(h)
        return f".{text}{number}"
    return f"{render_hollywood(h)}{number}"


def _action(text: str) -> str:
    first = text.split("\n", 1)[0].strip()
    risky = (
        first.startswith(_SPECIAL_START)
        or is_hollywood_heading(first)
        or (is_cue(first) and "\n" in text.strip())
        or (first.endswith("TO:") and first == first.upper())
        or FLASHBACK_START_LINE.match(text.strip())
        or FLASHBACK_END_LINE.match(text.strip())
        or text.strip().startswith(CAPTION_STARTS)
        or re.fullmatch(r"={3,}", first) is not None
    )
    text = text.replace("\n\n", "\n  \n")
    return f"!{text}" if risky else text


def _cue(el: ElementRecord, layout: ScriptLayout) -> str:
    name = el.speaker or "?"
    forced = "" if is_cue(name) and not name.startswith(_SPECIAL_START) else "@"
    ext = extension_words(layout, el.extension)
    return f"{forced}{name}{ext}{' ^' if is_dual(el) else ''}"


def _dialogue_body(el: ElementRecord, notes: str, layout: ScriptLayout) -> list[str]:
    paren = WORDS[layout].mark(ElementKind.PARENTHETICAL, el.parenthetical)
    out = [paren] if el.parenthetical else []
    lines = [ln if ln.strip() else "  " for ln in el.text.split("\n")] if el.text else []
    if notes:
        if lines:
            lines[-1] += notes
        else:
            out[-1:] = [(out[-1] if out else "") + notes]
    return out + lines


def _element(el: ElementRecord, layout: ScriptLayout, notes: str) -> str:
    kind = el.kind
    a = attrs(el)
    zh = layout == ScriptLayout.ZH
    if kind == ElementKind.ACTION and a.get("centered"):
        return f">{el.text}<{notes}"
    if kind == ElementKind.ACTION and zh:
        return ZH_WORDS.mark(kind, el.text) + notes
    if kind in (ElementKind.ACTION, ElementKind.SHOT, ElementKind.CHARACTER,
                ElementKind.PARENTHETICAL):  # fmt: skip
        return _action(el.text) + notes
    if kind == ElementKind.TRANSITION:
        plain = el.text == el.text.upper() and el.text.endswith("TO:")
        return ("" if plain else ">") + el.text + notes
    if kind == ElementKind.CAPTION:
        return caption_line(layout, el.text) + notes
    if kind in (ElementKind.FLASHBACK_START, ElementKind.FLASHBACK_END):
        # Words the reader would not take for a marker are bracketed (Chinese layout) or give
        # way to the marker word (Hollywood), so the element comes back a flashback marker.
        marker = FLASHBACK_START_LINE if kind == ElementKind.FLASHBACK_START else FLASHBACK_END_LINE
        text = el.text if marker.match(el.text) else ""
        if zh and not text:
            return flashback_marker(layout, kind, el.text) + notes
        return flashback_marker(ScriptLayout.HOLLYWOOD, kind, text) + notes
    if kind == ElementKind.NOTE:
        return f"[[{el.text}]]{notes}"
    if kind.value == "lyric":
        return "\n".join(f"~{ln}" for ln in el.text.split("\n")) + notes
    if kind.value == "page_break":
        return "===" + notes
    if kind.value == "section":
        return "#" * max(2, int(a.get("section_level", 2))) + f" {el.text}{notes}"
    if kind.value == "synopsis":
        return f"= {el.text}{notes}"
    return _action(el.text) + notes


def write_fountain(script: ScriptOut) -> str:
    """The Fountain text of ``script``."""
    layout = script.info.layout
    paras: list[str] = ["\n".join(title_page(script))]
    several = len(script.episodes) > 1
    for ep in script.episodes:
        rec = ep.record
        if several or rec.title:
            paras.append(f"# {rec.title or EPISODE_TITLE.format(number=rec.number)}")
        for scene in ep.scenes:
            heading = _heading(scene, layout)
            if heading is not None:
                paras.append(heading)
            if scene.summary:
                paras.append(f"= {scene.summary}")
            elements = scene.elements
            if elements and elements[0].kind == ElementKind.SCENE_HEADING:
                elements = elements[1:]
            block: list[str] | None = None
            for el in elements:
                notes = _notes(script.notes.get(el.id, []))
                if el.kind == ElementKind.DIALOGUE:
                    continues = block is not None and attrs(el).get("same_cue")
                    if not continues:
                        block = [_cue(el, layout)]
                        paras.append("")  # placeholder filled below
                    block += _dialogue_body(el, notes, layout)
                    lone = len(block) == 1 and not block[0].startswith("@")
                    paras[-1] = "@" + block[0] if lone else "\n".join(block)
                    continue
                block = None
                paras.append(_element(el, layout, notes))
    return "\n\n".join(paras) + "\n"
