"""Write a Kiln project as Fountain text, so that reading it back gives the same project.

The writer forces (``.``, ``!``, ``@``, ``>``) whatever the reader would otherwise guess
differently, writes emphasis ranges as markers (escaping literal ``*``/``_`` only where needed),
notes as ``[[…]]`` where their words end and boneyard where it was read, so Fountain → Kiln →
Fountain keeps every element, emphasis, note and boneyard. Every heading carries the number the
shooting script prints (``#3#``; a Chinese heading leads with it), and a scene's cast follows
its heading (``人物：A、B``, or a ``[[CAST: A, B]]`` note in the Hollywood layout).
"""

from __future__ import annotations

import logging
import re

from app.core.enums import ElementKind, ScriptLayout
from app.core.headings import (
    Heading,
    parse_chinese,
    render_chinese,
    render_hollywood,
)
from app.core.records import ElementRecord
from app.core.styles import styles_of
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
    split_cue,
)
from app.formats.fountain import emphasis
from app.formats.fountain.marks import CLOSING
from app.formats.fountain.reader import (
    CAST_NOTE,
    is_cue,
    is_forced_heading,
    is_heading,
    is_transition,
)
from app.formats.fountain.title_page import write_title_page
from app.formats.script_source import (
    NoteOut,
    SceneOut,
    ScriptOut,
    attrs,
    dialogue_block,
    is_dual,
    starts_block,
)

logger = logging.getLogger(__name__)

_SPECIAL_START = (".", "!", "@", "~", ">", "#", "=", "[[", "/*")
_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
K = ElementKind


def title_page(script: ScriptOut) -> list[str]:
    """The title page lines of ``script``."""
    return write_title_page(script)


def _note(body: str) -> str:
    """``[[body]]``; brackets inside that would end the note early are parted, and an empty
    line (which a note may not hold) keeps two spaces."""
    body = body.replace("]]", "] ]").replace("[[", "[ [")
    body = "\n".join(line if line.strip() else "  " for line in body.split("\n"))
    return f"[[{body}]]"


def _note_insert(text: str, note: NoteOut) -> tuple[int, str]:
    """Where a note goes (where its words end) and how it is written there: set off by a
    space from Latin words, touching Chinese ones."""
    at = min(max(note.end, note.start, 0), len(text))
    raw = _note(note.body)
    before = text[at - 1] if at else ""
    after = text[at] if at < len(text) else ""
    latin_before = bool(before) and not before.isspace() and not _CJK.match(before)
    if after == " " or (latin_before and (not after or after in CLOSING)):
        return at, " " + raw
    if not before and after and not after.isspace() and not _CJK.match(after):
        return at, raw + " "
    return at, raw


def _inline(el: ElementRecord, notes: list[NoteOut]) -> str:
    """The element's words as Fountain: emphasis, inline boneyard and notes in place."""
    a = attrs(el)
    inserts: list[tuple[int, str]] = []
    for bone in a.get("boneyard") or []:
        if isinstance(bone, dict) and "at" in bone:
            inserts.append((int(bone["at"]), f"/*{bone.get('text', '')}*/"))
    inserts += [_note_insert(el.text, n) for n in notes]
    inserts.sort(key=lambda item: item[0])
    return emphasis.render(el.text, styles_of(el.text, a), inserts)


def _blocks(el: ElementRecord, place: str) -> list[str]:
    """Boneyard kept before or after an element, as paragraphs of their own."""
    return [
        f"/*{bone.get('text', '')}*/"
        for bone in attrs(el).get("boneyard") or []
        if isinstance(bone, dict) and bone.get("place") == place
    ]


def _heading(
    scene: SceneOut, layout: ScriptLayout, notes: list[NoteOut] | None = None
) -> str | None:
    rec = scene.record
    first = scene.elements[0] if scene.elements else None
    zh = layout == ScriptLayout.ZH
    # Every heading carries the number the shooting script prints (the reader locks it only
    # when it differs from the one the scene's place gives); a Chinese heading leads with it.
    shown = scene.number or scene.locked_number or rec.number
    if first is not None and first.kind == ElementKind.SCENE_HEADING:
        if not first.text and not notes:
            return None
        if not first.text:
            shown = ""
        markup = _inline(first, notes or [])
        plain = first.text
        zh_heading = parse_chinese(plain) if zh else None
        natural = is_heading(plain) or (zh_heading is not None and zh_heading.number is not None)
        forced = attrs(first).get("forced") or not natural or markup != plain
        own_number = zh_heading is not None and zh_heading.number == shown
        number = f" #{shown}#" if shown and not own_number else ""
        return f"{'.' if forced else ''}{markup}{number}"
    h = Heading(rec.setting.value, rec.time_of_day.value, rec.location_name)
    if zh:
        text = render_chinese(h, number=shown)
        parsed = parse_chinese(text)
        if parsed is not None and parsed.location == rec.location_name:
            return f".{text}"
        return f".{render_hollywood(h)}" + (f" #{shown}#" if shown else "")
    return f"{render_hollywood(h)}" + (f" #{shown}#" if shown else "")


def _action(text: str, forced: bool = False) -> str:
    first = text.split("\n", 1)[0]
    head = first.strip()
    risky = (
        head.startswith(_SPECIAL_START)
        or is_heading(head)
        or is_forced_heading(head)
        or (is_cue(head) and "\n" in text.strip())
        or (is_transition(first) and "\n" not in text.strip())
        or FLASHBACK_START_LINE.match(text.strip())
        or FLASHBACK_END_LINE.match(text.strip())
        or text.strip().startswith(CAPTION_STARTS)
        or re.fullmatch(r"={3,}", head) is not None
        or (len(head) >= 2 and head[0] == ">" and head[-1] == "<")
    )
    text = "\n".join(line if line.strip() else "  " for line in text.split("\n"))
    return f"!{text}" if risky or forced else text


def _cue(first: ElementRecord, layout: ScriptLayout) -> str:
    name = first.speaker or "?"
    written = attrs(first).get("cue")
    if isinstance(written, str) and split_cue(written)[0] == name:
        cue = written
    else:
        cue = f"{name}{extension_words(layout, first.extension)}"
    natural = is_cue(cue) and not cue.startswith(_SPECIAL_START)
    forced = "" if natural and not attrs(first).get("forced") else "@"
    return f"{forced}{cue}{' ^' if is_dual(first) else ''}"


class _Writer:
    def __init__(self, script: ScriptOut) -> None:
        self.script = script
        self.layout = script.info.layout
        self.zh = self.layout == ScriptLayout.ZH

    def notes(self, el: ElementRecord) -> list[NoteOut]:
        return self.script.notes.get(el.id, [])

    def block(self, els: list[ElementRecord]) -> list[str]:
        """A dialogue block: the cue, then each line, parenthetical and sung line under it."""
        lines = [_cue(els[0], self.layout)]
        for el in els:
            markup = _inline(el, self.notes(el))
            if el.kind == K.LYRIC:
                lines += [f"~{line}" for line in markup.split("\n")]
            elif el.kind == K.PARENTHETICAL:
                lines.append(WORDS[self.layout].mark(K.PARENTHETICAL, markup))
            else:
                if el.parenthetical:
                    lines.append(WORDS[self.layout].mark(K.PARENTHETICAL, el.parenthetical))
                lines += [line if line.strip() else "  " for line in markup.split("\n")]
        if len(lines) == 1:
            lines.append("  ")  # a cue with nothing under it still needs a line
        if not lines[0].startswith("@") and not is_cue(lines[0].rstrip("^ ")):
            lines[0] = "@" + lines[0]
        before = [b for el in els for b in _blocks(el, "before")]
        after = [b for el in els for b in _blocks(el, "after")]
        return [*before, "\n".join(lines), *after]

    def element(self, el: ElementRecord) -> list[str]:
        kind = el.kind
        a = attrs(el)
        markup = _inline(el, self.notes(el))
        if kind == K.ACTION and a.get("centered"):
            text = "\n".join(f">{line}<" for line in markup.split("\n"))
        elif kind == K.ACTION and self.zh and not a.get("unmarked"):
            text = ZH_WORDS.mark(kind, markup)
        elif kind == K.SHOT and self.zh:
            text = f"【{markup}】"  # 【特写：瓷片】, read back as a shot
        elif kind in (K.ACTION, K.SHOT, K.PARENTHETICAL):
            text = _action(markup, bool(a.get("forced")))
        elif kind == K.CHARACTER:
            text = "@" + (a.get("cue") if isinstance(a.get("cue"), str) else markup)
        elif kind == K.TRANSITION:
            natural = is_transition(markup) and "\n" not in markup and not a.get("forced")
            text = markup if natural else ">" + markup
        elif kind == K.CAPTION:
            text = caption_line(self.layout, markup)
        elif kind in (K.FLASHBACK_START, K.FLASHBACK_END):
            text = self.flashback(el) + "".join(f" {_note(n.body)}" for n in self.notes(el))
        elif kind == K.NOTE:
            text = _note(el.text) + "".join(f" {_note(n.body)}" for n in self.notes(el))
        elif kind == K.LYRIC:
            text = "\n".join(f"~{line}" for line in markup.split("\n"))
        elif kind == K.PAGE_BREAK:
            equals = a.get("equals")
            marker = "=" * (equals if isinstance(equals, int) and 3 <= equals <= 80 else 3)
            text = marker + (f" {markup}" if markup else "")
        elif kind == K.SECTION:
            text = "#" * max(2, int(a.get("section_level", 2))) + f" {markup}"
        elif kind == K.SYNOPSIS:
            text = f"= {markup}"
        else:
            text = _action(markup)
        return [*_blocks(el, "before"), text, *_blocks(el, "after")]

    def flashback(self, el: ElementRecord) -> str:
        # Words the reader would not take for a marker are bracketed (Chinese layout) or give
        # way to the marker word (Hollywood), so the element comes back a flashback marker.
        kind = el.kind
        marker = FLASHBACK_START_LINE if kind == K.FLASHBACK_START else FLASHBACK_END_LINE
        text = el.text if marker.match(el.text) else ""
        if self.zh and not text:
            return flashback_marker(self.layout, kind, el.text)
        return flashback_marker(ScriptLayout.HOLLYWOOD, kind, text)

    def scene(self, scene: SceneOut) -> list[str]:
        paras: list[str] = []
        elements = scene.elements
        head_notes: list[NoteOut] = []
        if elements and elements[0].kind == K.SCENE_HEADING:
            head_notes = self.notes(elements[0])
            paras += _blocks(elements[0], "before")
        heading = _heading(scene, self.layout, head_notes)
        if heading is not None:
            paras.append(heading)
        if elements and elements[0].kind == K.SCENE_HEADING:
            paras += _blocks(elements[0], "after")
            elements = elements[1:]
        if heading is not None and (cast := self.cast(scene)):
            paras.append(cast)  # under its heading, where the reader takes it for the cast
        if scene.summary:
            paras.append(f"= {scene.summary}")
        i = 0
        while i < len(elements):
            el = elements[i]
            if not starts_block(el):
                paras += self.element(el)
                i += 1
                continue
            block, i = dialogue_block(elements, i)
            paras += self.block(block)
        return paras

    def cast(self, scene: SceneOut) -> str:
        """The scene's cast, which Fountain has no element for: ``人物：A、B`` under a Chinese
        heading (as Chinese scripts write it), a ``[[CAST: A, B]]`` note under a Hollywood
        one; the reader takes either back as the cast."""
        language = self.script.info.source_language
        names = [n.get(language) or next(iter(n.values()), "")
                 for n in (self.script.speakers.get(c) or {} for c in scene.record.cast)]
        names = [n for n in names if n]
        if not names:
            return ""
        if self.zh:
            return ZH_WORDS.cast.format(names=ZH_WORDS.name_separator.join(names))
        return _note(f"{CAST_NOTE} {', '.join(names)}")

    def write(self) -> str:
        script = self.script
        paras: list[str] = ["\n".join(title_page(script))]
        several = len(script.episodes) > 1
        for ep in script.episodes:
            rec = ep.record
            if several or rec.title:
                paras.append(f"# {rec.title or EPISODE_TITLE.format(number=rec.number)}")
            for scene in ep.scenes:
                paras += self.scene(scene)
        return "\n\n".join(p for p in paras if p is not None) + "\n"


def write_fountain(script: ScriptOut) -> str:
    """The Fountain text of ``script``."""
    return _Writer(script).write()


__all__ = ["title_page", "write_fountain"]
