"""Write a Kiln project as a Final Draft FDX file that the FDX reader reads back the same.

Kinds Final Draft has no paragraph type for travel as Action paragraphs Kiln recognises again
(``SUPER:`` / ``【字幕：…】`` captions, flashback markers); episodes become ``New Act``; note
elements become script notes. Style ranges become ``<Text Style=…>`` runs, kept revision marks
their ``RevisionID`` and the ``Revisions`` sets; annotations are written as ``ScriptNotes`` with
Final Draft's character ``Range``; the characters go into the ``SmartType`` character list.
Every scene heading carries the number the shooting script prints (``Number``), a scene's cast
is a ``Cast List`` paragraph under its heading, and the title page carries every field
(``title_page_lines``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from typing import Any
from xml.etree import ElementTree as ET

from app.core.enums import ElementKind, ScriptLayout
from app.core.records import ElementRecord, ProjectInfo
from app.core.styles import Span, styles_of
from app.core.vocabulary import (
    CREDIT,
    EPISODE_TITLE,
    HOLLYWOOD_WORDS,
    WORDS,
    caption_line,
    extension_words,
    flashback_marker,
)
from app.formats.fdx.reader import CAST_LIST, REVISIONS_KEY
from app.formats.fountain import emphasis
from app.formats.fountain.title_page import KNOWN_KEYS as TITLE_KEYS
from app.formats.fountain.title_page import label, norm_key
from app.formats.fountain.writer import _heading
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

K = ElementKind
_TYPES = {
    K.ACTION: "Action",
    K.TRANSITION: "Transition",
    K.SHOT: "Shot",
    K.CHARACTER: "Character",
    K.PARENTHETICAL: "Parenthetical",
}
_FDX_STYLE = {"bold": "Bold", "italic": "Italic", "underline": "Underline"}


def _runs(
    parent: ET.Element, text: str, spans: Sequence[Span] = (),
    revisions: Iterable[Any] = (),
) -> None:
    """Write ``text`` as ``<Text>`` runs, cut wherever its styles or revision marks change."""
    marks: list[tuple[int, int, str]] = []
    for item in revisions or ():
        try:
            marks.append((int(item[0]), int(item[1]), str(item[2])))
        except (TypeError, ValueError, IndexError):
            continue
    cuts = sorted({0, len(text), *(p for s, e, _ in spans for p in (s, e)),
                   *(p for s, e, _ in marks for p in (s, e) if 0 <= p <= len(text))})
    pieces = [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if a < b] or [(0, 0)]
    for a, b in pieces:
        t = ET.SubElement(parent, "Text")
        styles = [_FDX_STYLE[st] for st in ("bold", "italic", "underline")
                  if any(s <= a and b <= e and style == st for s, e, style in spans)]
        revision = next((r for s, e, r in marks if s <= a and b <= e), None)
        if revision is not None:
            t.set("RevisionID", revision)
        if styles:
            t.set("Style", "+".join(styles))
        t.text = text[a:b]


def _markup_runs(parent: ET.Element, markup: str) -> None:
    """Runs of Fountain-style markup (title-page values keep their emphasis that way)."""
    text, spans = emphasis.parse(markup)
    _runs(parent, text, spans)


class _Writer:
    def __init__(self, script: ScriptOut) -> None:
        self.script = script
        self.root = ET.Element("FinalDraft", DocumentType="Script", Template="No", Version="5")
        self.content = ET.SubElement(self.root, "Content")
        self.pos = 0
        self.ranges: list[tuple[int, int, NoteOut]] = []
        self.layout = script.info.layout
        self.pending_page = False

    def para(
        self, type_: str, text: str, parent: ET.Element | None = None,
        spans: Sequence[Span] = (), revisions: Iterable[Any] = (), **attrs_: str,
    ) -> ET.Element:
        p = ET.SubElement(self.content if parent is None else parent, "Paragraph", Type=type_)
        for k, v in attrs_.items():
            p.set(k, v)
        if parent is None and self.pending_page:
            p.set("StartsNewPage", "Yes")
            self.pending_page = False
        _runs(p, text, spans, revisions)
        if parent is None:
            self.pos += len("".join(t.text or "" for t in p.findall("Text"))) + 1
        return p

    def own(
        self, type_: str, el: ElementRecord, parent: ET.Element | None = None, shift: int = 0,
        text: str | None = None, **attrs_: str,
    ) -> ET.Element:
        """A paragraph of ``el``'s words (``text`` when given: its words ``shift`` along),
        with the element's styles and kept revision marks."""
        a = attrs(el)
        spans = [(s + shift, e + shift, st) for s, e, st in styles_of(el.text, a)]
        marks = []
        for item in a.get("revisions") or []:
            try:
                marks.append([int(item[0]) + shift, int(item[1]) + shift, str(item[2])])
            except (TypeError, ValueError, IndexError):
                continue
        words = el.text if text is None else text
        return self.para(type_, words, parent, spans, marks, **attrs_)

    def notes_at(self, el: ElementRecord, start: int) -> None:
        for n in self.script.notes.get(el.id, []):
            s = start + min(n.start, len(el.text))
            self.ranges.append((s, start + min(max(n.end, n.start), len(el.text)), n))

    def dialogue(self, els: list[ElementRecord], parent: ET.Element | None) -> None:
        first = els[0]
        # Final Draft's cues and parentheticals are Hollywood-style in either layout.
        ext = extension_words(ScriptLayout.HOLLYWOOD, first.extension)
        self.para("Character", f"{first.speaker}{ext}", parent)
        for el in els:
            if el.kind == K.DIALOGUE and el.parenthetical:
                paren = HOLLYWOOD_WORDS.mark(K.PARENTHETICAL, el.parenthetical)
                self.para("Parenthetical", paren, parent)
            start = self.pos
            if el.kind == K.PARENTHETICAL:
                # The parentheses are Final Draft's text: styles and notes move one along.
                p = self.own("Parenthetical", el, parent, 1, f"({el.text})")
                start += 1
            else:
                p = self.own("Lyrics" if el.kind == K.LYRIC else "Dialogue", el, parent)
            if parent is None:
                self.notes_at(el, start)
                continue
            # Final Draft counts a dual-dialogue block as two characters, so a range cannot
            # point inside it: its notes travel inline instead.
            for n in self.script.notes.get(el.id, []):
                sn = ET.SubElement(p, "ScriptNote")
                if n.author:
                    sn.set("WriterName", n.author)
                _runs(ET.SubElement(sn, "Paragraph"), n.body)

    def write(self) -> bytes:
        script = self.script
        several = len(script.episodes) > 1
        for ep in script.episodes:
            if several or ep.record.title:
                title = ep.record.title or EPISODE_TITLE.format(number=ep.record.number)
                self.para("New Act", title)
            for scene in ep.scenes:
                self.scene(scene)
        self.title_page()
        if self.ranges:
            notes = ET.SubElement(self.root, "ScriptNotes")
            for i, (s, e, n) in enumerate(self.ranges, start=1):
                sn = ET.SubElement(notes, "ScriptNote", ID=str(i), Range=f"{s},{e}")
                if n.author:
                    sn.set("WriterName", n.author)
                for line in n.body.split("\n"):
                    _runs(ET.SubElement(sn, "Paragraph"), line)
        self.lists()
        ET.indent(self.root, space="  ")
        return ET.tostring(self.root, encoding="UTF-8", xml_declaration=True)

    def lists(self) -> None:
        """The character list Final Draft offers as SmartType, and kept revision sets."""
        language = self.script.info.source_language
        names = [_name(n, language) for n in self.script.speakers.values()]
        if names := [n for n in names if n]:
            chars = ET.SubElement(ET.SubElement(self.root, "SmartType"), "Characters")
            for name in names:
                ET.SubElement(chars, "Character").text = name
        kept = self.script.title_page.get(REVISIONS_KEY)
        if isinstance(kept, dict):
            revisions = ET.SubElement(self.root, "Revisions")
            for k, v in (kept.get("attrs") or {}).items():
                revisions.set(str(k), str(v))
            for item in kept.get("sets") or []:
                if isinstance(item, dict):
                    ET.SubElement(revisions, "Revision", {str(k): str(v) for k, v in item.items()})

    def scene(self, scene: SceneOut) -> None:
        heading = _heading(scene, self.script.info.layout)
        if heading is not None:
            text = heading.lstrip(".")
            text = re.sub(r"\s*#[^#]+#$", "", text)
            # the number the shooting script prints, on every heading (the reader locks it
            # only when it is not the one the scene's place gives)
            attrs_ = {"Number": scene.number} if scene.number else {}
            p = self.para("Scene Heading", text, **attrs_)
            if scene.summary:
                props = ET.Element("SceneProperties")
                summary = ET.SubElement(props, "Summary")
                _runs(ET.SubElement(summary, "Paragraph"), scene.summary)
                p.insert(0, props)
            if cast := self.cast(scene):
                # Final Draft's own element for the characters of a scene (its TV templates
                # set it under the heading)
                self.para(CAST_LIST, cast)
        elements = scene.elements
        if elements and elements[0].kind == K.SCENE_HEADING:
            elements = elements[1:]
        i = 0
        while i < len(elements):
            el = elements[i]
            if not starts_block(el):
                self.element(el)
                i += 1
                continue
            block, i = dialogue_block(elements, i)
            nxt = elements[i] if i < len(elements) else None
            if nxt is not None and starts_block(nxt) and is_dual(nxt):
                right, i = dialogue_block(elements, i)
                holder = ET.SubElement(self.content, "Paragraph")
                dual = ET.SubElement(holder, "DualDialogue")
                self.dialogue(block, dual)
                self.dialogue(right, dual)
                self.pos += 3
            else:
                self.dialogue(block, None)

    def cast(self, scene: SceneOut) -> str:
        """The scene's cast as one line of names (``A, B``; ``A、B`` in the Chinese layout)."""
        language = self.script.info.source_language
        names = [_name(self.script.speakers.get(c) or {}, language) for c in scene.record.cast]
        return WORDS[self.layout].name_separator.join(n for n in names if n)

    def element(self, el: ElementRecord) -> None:
        a = attrs(el)
        kind = el.kind
        start = self.pos
        text = el.text
        if kind == K.PAGE_BREAK:
            self.pending_page = True
            return
        if kind == K.CAPTION:
            type_, text = "Action", caption_line(self.layout, text)
        elif kind in (K.FLASHBACK_START, K.FLASHBACK_END):
            type_, text = "Action", flashback_marker(self.layout, kind, text)
        elif kind == K.NOTE:
            self.ranges.append((max(0, self.pos - 1), max(0, self.pos - 1), NoteOut(el.text)))
            return
        elif kind == K.LYRIC:
            type_ = "Lyrics"
        elif kind == K.SECTION and a.get("fdx_type"):
            type_ = a["fdx_type"]
        elif kind == K.SECTION:
            type_ = "General"
            text = "#" * max(2, int(a.get("section_level", 2))) + f" {text}"
        elif kind == K.SYNOPSIS:
            type_ = "General"
            text = f"= {text}"
        else:
            type_ = a.get("fdx_type") or _TYPES.get(kind, "Action")
        extra = {"Alignment": "Center"} if a.get("centered") else {}
        if text == el.text:
            self.own(type_, el, **extra)
        else:
            self.para(type_, text, **extra)
        self.notes_at(el, start)

    def title_page(self) -> None:
        tp = ET.SubElement(ET.SubElement(self.root, "TitlePage"), "Content")
        for align, line in title_page_lines(self.script.info, self.script.title_page):
            p = ET.SubElement(tp, "Paragraph", Alignment=align, Type="General")
            _markup_runs(p, line)


#: Title-page fields set in the middle of the page, and at its end side (draft and date).
_CENTRED = ("source", "logline")
_END = ("draft", "draft_date", "date")


def title_page_lines(info: ProjectInfo, extra: dict[str, Any]) -> list[tuple[str, str]]:
    """The paragraphs of a Final Draft title page as (alignment, Fountain-marked text).

    Title, credit and authors are centred as Final Draft sets them; every other field Kiln
    knows is written ``Label: value`` (``Contact: …``, ``Draft date: …``), which the reader
    reads back to the same field: source and logline centred, contact, copyright, notes and
    the registration number at the start, draft and date at the end. A field of another name
    (a Fountain ``Genre:``) is written as its value alone, which Final Draft and the reader
    take as a note.
    """
    fields = {k: str(v) for k, v in extra.items() if not k.startswith("_") and v}
    out = [("Center", fields.pop("title", "") or info.title)]
    credit = fields.pop("credit", "")
    if info.authors:
        out += [("Center", credit or CREDIT), ("Center", "\n".join(info.authors))]
    elif credit:
        fields = {"credit": credit, **fields}
    if info.logline:
        fields["logline"] = info.logline
    if info.registration_number:
        fields["registration"] = info.registration_number
    if info.draft:
        fields["draft"] = info.draft
    known = {norm_key(k) for k in TITLE_KEYS}

    def line(key: str) -> str:
        return f"{label(key)}: {fields[key]}" if key in known else fields[key]

    out += [("Center", line(k)) for k in _CENTRED if k in fields]
    out += [("Left", line(k)) for k in fields if k not in _CENTRED and k not in _END]
    out += [("Right", line(k)) for k in _END if k in fields]
    return out


def _name(names: dict[str, str], language: str) -> str:
    """A character's name in ``language``, else any name it has."""
    return names.get(language) or next(iter(names.values()), "")


def write_fdx(script: ScriptOut) -> bytes:
    """The FDX bytes (UTF-8 XML) of ``script``."""
    return _Writer(script).write()
