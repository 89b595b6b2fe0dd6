"""Write a Kiln project as a Final Draft FDX file that the FDX reader reads back the same.

Kinds Final Draft has no paragraph type for travel as Action paragraphs Kiln recognises again
(``SUPER:`` / ``【字幕：…】`` captions, flashback markers); sections become ``New Act``; note
elements become script notes. Annotations are written as ``ScriptNotes`` with Final Draft's
character ``Range``.
"""

from __future__ import annotations

import logging
import re
from xml.etree import ElementTree as ET

from app.core.enums import ElementKind, ScriptLayout
from app.core.records import ElementRecord
from app.core.vocabulary import (
    CREDIT,
    EPISODE_TITLE,
    HOLLYWOOD_WORDS,
    caption_line,
    extension_words,
    flashback_marker,
)
from app.formats.fountain.writer import _heading
from app.formats.script_source import NoteOut, SceneOut, ScriptOut, attrs, is_dual

logger = logging.getLogger(__name__)

_EMPHASIS = re.compile(r"(\*\*\*[^*\n]+\*\*\*|\*\*[^*\n]+\*\*|\*[^*\n]+\*|_[^_\n]+_)")
_TYPES = {
    ElementKind.ACTION: "Action",
    ElementKind.TRANSITION: "Transition",
    ElementKind.SHOT: "Shot",
    ElementKind.CHARACTER: "Character",
    ElementKind.PARENTHETICAL: "Parenthetical",
}


def _runs(parent: ET.Element, text: str) -> None:
    """Write ``text`` as ``<Text>`` runs, emphasis markers turned into styles."""
    pieces = [p for p in _EMPHASIS.split(text) if p] or [""]
    for piece in pieces:
        styles = []
        inner = piece
        if _EMPHASIS.fullmatch(piece):
            if inner.startswith("***"):
                styles, inner = ["Bold", "Italic"], inner[3:-3]
            elif inner.startswith("**"):
                styles, inner = ["Bold"], inner[2:-2]
            elif inner.startswith("*"):
                styles, inner = ["Italic"], inner[1:-1]
            else:
                styles, inner = ["Underline"], inner[1:-1]
        t = ET.SubElement(parent, "Text")
        if styles:
            t.set("Style", "+".join(styles))
        t.text = inner


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
        self, type_: str, text: str, parent: ET.Element | None = None, **attrs_: str
    ) -> ET.Element:
        p = ET.SubElement(self.content if parent is None else parent, "Paragraph", Type=type_)
        for k, v in attrs_.items():
            p.set(k, v)
        if parent is None and self.pending_page:
            p.set("StartsNewPage", "Yes")
            self.pending_page = False
        _runs(p, text)
        if parent is None:
            self.pos += len("".join(t.text or "" for t in p.findall("Text"))) + 1
        return p

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
            if el.parenthetical:
                paren = HOLLYWOOD_WORDS.mark(ElementKind.PARENTHETICAL, el.parenthetical)
                self.para("Parenthetical", paren, parent)
            start = self.pos
            p = self.para("Dialogue", el.text, parent)
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
        ET.indent(self.root, space="  ")
        return ET.tostring(self.root, encoding="UTF-8", xml_declaration=True)

    def scene(self, scene: SceneOut) -> None:
        heading = _heading(scene, self.script.info.layout)
        if heading is not None:
            text = heading.lstrip(".")
            text = re.sub(r"\s*#[^#]+#$", "", text)
            attrs_ = {"Number": scene.locked_number} if scene.locked_number else {}
            p = self.para("Scene Heading", text, **attrs_)
            if scene.summary:
                props = ET.Element("SceneProperties")
                summary = ET.SubElement(props, "Summary")
                _runs(ET.SubElement(summary, "Paragraph"), scene.summary)
                p.insert(0, props)
        elements = scene.elements
        if elements and elements[0].kind == ElementKind.SCENE_HEADING:
            elements = elements[1:]
        i = 0
        while i < len(elements):
            el = elements[i]
            if el.kind == ElementKind.DIALOGUE:
                block = [el]
                while (
                    i + 1 < len(elements)
                    and elements[i + 1].kind == ElementKind.DIALOGUE
                    and (attrs(elements[i + 1]).get("same_cue"))
                ):
                    i += 1
                    block.append(elements[i])
                nxt = elements[i + 1] if i + 1 < len(elements) else None
                if nxt is not None and nxt.kind == ElementKind.DIALOGUE and is_dual(nxt):
                    right = [nxt]
                    i += 1
                    while i + 1 < len(elements) and attrs(elements[i + 1]).get("same_cue"):
                        i += 1
                        right.append(elements[i])
                    holder = ET.SubElement(self.content, "Paragraph")
                    dual = ET.SubElement(holder, "DualDialogue")
                    self.dialogue(block, dual)
                    self.dialogue(right, dual)
                    self.pos += 3
                else:
                    self.dialogue(block, None)
                i += 1
                continue
            self.element(el)
            i += 1

    def element(self, el: ElementRecord) -> None:
        a = attrs(el)
        kind = el.kind
        start = self.pos
        text = el.text
        if kind.value == "page_break":
            self.pending_page = True
            return
        if kind == ElementKind.CAPTION:
            type_, text = "Action", caption_line(self.layout, text)
        elif kind in (ElementKind.FLASHBACK_START, ElementKind.FLASHBACK_END):
            type_, text = "Action", flashback_marker(self.layout, kind, text)
        elif kind == ElementKind.NOTE:
            self.ranges.append((max(0, self.pos - 1), max(0, self.pos - 1), NoteOut(el.text)))
            return
        elif kind.value == "lyric":
            type_ = "Lyrics"
        elif kind.value == "section" and a.get("fdx_type"):
            type_ = a["fdx_type"]
        elif kind.value == "section":
            type_ = "General"
            text = "#" * max(2, int(a.get("section_level", 2))) + f" {text}"
        elif kind.value == "synopsis":
            type_ = "General"
            text = f"= {text}"
        else:
            type_ = a.get("fdx_type") or _TYPES.get(kind, "Action")
        extra = {"Alignment": "Center"} if a.get("centered") else {}
        self.para(type_, text, **extra)
        self.notes_at(el, start)

    def title_page(self) -> None:
        info = self.script.info
        extra = self.script.title_page
        tp = ET.SubElement(ET.SubElement(self.root, "TitlePage"), "Content")
        lines = [extra.pop("title", "") or info.title]
        if info.authors:
            lines += [extra.pop("credit", "") or CREDIT, "\n".join(info.authors)]
        lines += [str(v) for k, v in extra.items() if v and k != "credit"]
        for line in lines:
            p = ET.SubElement(tp, "Paragraph", Alignment="Center", Type="General")
            _runs(p, line)


def write_fdx(script: ScriptOut) -> bytes:
    """The FDX bytes (UTF-8 XML) of ``script``."""
    return _Writer(script).write()
