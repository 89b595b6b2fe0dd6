"""Read Final Draft FDX files into a Kiln project.

Paragraph types map to element kinds (docs/interchange.md); a ``DualDialogue`` block's second
speaker becomes ``dual`` dialogue; ``SceneProperties/Summary`` is the scene summary; the scene
heading's ``Number`` is the scene's locked number; ``ScriptNotes`` (by character ``Range``, the
way Final Draft counts: each paragraph's text plus one for its break, an embedded dual-dialogue
block two) and inline ``ScriptNote`` elements become annotations. Bold, italic and underlined
runs become Fountain-style ``**``, ``*`` and ``_`` markers, which the writer turns back.
"""

from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from app.core.headings import parse_chinese, parse_hollywood
from app.core.i18n import _
from app.core.vocabulary import (
    CAPTION_LINE,
    CREDIT_LINES,
    FLASHBACK_END_LINE,
    FLASHBACK_START_LINE,
    extension_codes,
    split_cue,
)
from app.formats.common import ImportFailed, ImportReport, ScriptBuilder, has_cjk, read_limited
from app.formats.safe_xml import parse_xml

logger = logging.getLogger(__name__)

#: FDX paragraph types Kiln maps to a kind of its own; others are kept as action + fdx_type.
KINDS = {
    "Action": "action",
    "Transition": "transition",
    "Shot": "shot",
    "Lyrics": "lyric",
    "Lyric": "lyric",
}


@dataclass
class Unit:
    """One FDX paragraph, flattened, with its place in Final Draft's character count."""

    type: str
    text: str
    start: int
    number: str | None = None
    summary: str = ""
    centered: bool = False
    dual: bool = False
    new_page: bool = False
    notes: list[str] = field(default_factory=list)
    plain: str = ""


def styled_text(p: Element) -> str:
    """The text of a paragraph with style runs written as emphasis markers."""
    out = []
    for t in p.findall("Text"):
        text = t.text or ""
        styles = set((t.get("Style") or "").split("+"))
        if text.strip():
            if "Underline" in styles:
                text = f"_{text}_"
            if "Italic" in styles:
                text = f"*{text}*"
            if "Bold" in styles:
                text = f"**{text}**"
        out.append(text)
    return "".join(out)


def _inline_notes(p: Element) -> list[str]:
    notes = []
    for n in p.findall("ScriptNote"):
        body = "\n".join(styled_text(q) for q in n.findall("Paragraph")).strip()
        if body:
            notes.append(body)
    return notes


def flatten(content: Element) -> list[Unit]:
    """The paragraphs of ``<Content>`` in order, dual-dialogue blocks opened up."""
    units: list[Unit] = []
    pos = 0
    for p in content.findall("Paragraph"):
        dual = p.find("DualDialogue")
        if dual is not None:
            speakers = 0
            for inner in dual.findall("Paragraph"):
                if inner.get("Type") == "Character":
                    speakers += 1
                u = Unit(inner.get("Type") or "General", styled_text(inner), pos)
                u.dual = speakers >= 2
                u.notes = _inline_notes(inner)
                units.append(u)
            pos += 3  # the block counts two units, then its paragraph break
            continue
        text = styled_text(p)
        u = Unit(p.get("Type") or "General", text, pos, number=p.get("Number"))
        u.centered = p.get("Alignment") == "Center" and u.type in ("Action", "General")
        u.new_page = p.get("StartsNewPage") == "Yes"
        u.notes = _inline_notes(p)
        props = p.find("SceneProperties")
        if props is not None:
            summary = props.find("Summary")
            if summary is not None:
                u.summary = "\n".join(styled_text(q) for q in summary.findall("Paragraph"))
        units.append(u)
        u.plain = "".join(t.text or "" for t in p.findall("Text"))
        pos += len(u.plain) + 1
    return units


class _Reader:
    def __init__(self, root: Element, path: Path) -> None:
        self.root = root
        self.path = path
        self.report = ImportReport()
        content = root.find("Content")
        if root.tag != "FinalDraft" or content is None:
            raise ImportFailed(
                _(
                    "{path} is XML but not a Final Draft script; export it from Final Draft "
                    "as .fdx and try again."
                ).format(path=path)
            )
        self.units = flatten(content)
        sample = "\n".join(u.text for u in self.units[:400])
        cjk = has_cjk(sample)
        self.builder = ScriptBuilder(
            path.stem, "zh-Hans" if cjk else "en", "zh" if cjk else "hollywood"
        )
        self.owner: list[dict[str, Any] | None] = [None] * len(self.units)

    def title_page(self) -> None:
        texts = [styled_text(p).strip() for p in self.root.findall("TitlePage/Content/Paragraph")]
        texts = [t for t in texts if t]
        if not texts:
            return
        b = self.builder
        b.project["title"] = re.sub(r"[*_]", "", texts[0]) or b.project["title"]
        rest = texts[1:]
        for i, t in enumerate(rest):
            if t.lower() in CREDIT_LINES and i + 1 < len(rest):
                b.title_page["credit"] = t
                b.project["authors"] = [a.strip() for a in rest[i + 1].split("\n") if a.strip()]
                rest = rest[:i] + rest[i + 2 :]
                break
        if rest:
            b.title_page["notes"] = "\n".join(rest)

    def run(self) -> ScriptBuilder:
        self.title_page()
        b = self.builder
        cue: tuple[str, str, bool] | None = None
        paren = ""
        in_block = False
        waiting: list[int] = []  # units that belong to the next element
        for i, u in enumerate(self.units):
            kind = u.type
            text = u.text.strip("\n")
            if u.new_page:
                scenes = [sc for ep in b.episodes for sc in ep["scenes"]]
                if scenes:  # a page break ends the scene before the paragraph
                    scenes[-1]["elements"].append({"kind": "page_break", "text": ""})
            if kind != "Dialogue" and kind not in ("Parenthetical", "Character"):
                cue, paren, in_block = None, "", False
            if kind == "Scene Heading":
                self.heading(text, u)
                waiting.append(i)
                continue
            if kind == "Character":
                name, exts = split_cue(text.strip())
                cue = (name, extension_codes(exts), u.dual)
                paren, in_block = "", False
                waiting.append(i)
                continue
            if kind == "Parenthetical":
                paren = text.strip().removeprefix("(").removesuffix(")").strip()
                waiting.append(i)
                continue
            if kind == "Dialogue":
                if cue is None:
                    self.report.add(i + 1, text, _("dialogue without a character cue"))
                    self.element(i, waiting, "action", text)
                    continue
                name, ext, dual = cue
                self.element(
                    i,
                    waiting,
                    "dialogue",
                    text,
                    speaker=b.character(name),
                    extension=ext,
                    parenthetical=paren,
                    dual=dual,
                    attrs={"same_cue": True} if in_block else {},
                )
                paren, in_block = "", True
                continue
            if kind == "New Act":
                b.episode(text.strip())
                continue
            if kind == "End of Act":
                self.element(
                    i, waiting, "section", text, attrs={"section_level": 2, "fdx_type": kind}
                )
                continue
            if kind == "General" and (m := re.match(r"^(#{2,})\s*(.*)$", text, re.DOTALL)):
                self.element(i, waiting, "section", m[2], attrs={"section_level": len(m[1])})
                continue
            if kind == "General" and text.startswith("= "):
                self.element(i, waiting, "synopsis", text[2:])
                continue
            mapped = KINDS.get(kind)
            extra: dict[str, Any] = {}
            if mapped is None:
                mapped = "action"
                extra["fdx_type"] = kind
            if u.centered:
                extra["centered"] = True
            if mapped == "action" and not extra:
                self.action(i, waiting, text)
            else:
                self.element(i, waiting, mapped, text, attrs=extra)
        if cue is not None and paren:
            self.report.add(len(self.units), paren, _("a parenthetical with no dialogue after it"))
        self.notes()
        return b

    def element(
        self, i: int, waiting: list[int], kind: str, text: str, **extra: Any
    ) -> dict[str, Any]:
        el = self.builder.element(kind, text, **extra)
        for j in [*waiting, i]:
            self.owner[j] = el
        waiting.clear()
        return el

    def action(self, i: int, waiting: list[int], text: str) -> None:
        s = text.strip()
        if m := CAPTION_LINE.match(s):
            self.element(i, waiting, "caption", (m["zh"] if m["zh"] is not None else m["en"]))
        elif m := FLASHBACK_START_LINE.match(s):
            self.element(i, waiting, "flashback_start", m["zh"] or m["en"])
        elif m := FLASHBACK_END_LINE.match(s):
            self.element(i, waiting, "flashback_end", m["zh"] or m["en"])
        else:
            self.element(i, waiting, "action", text)

    def heading(self, text: str, u: Unit) -> None:
        b = self.builder
        h = parse_hollywood(text) or parse_chinese(text)
        if h is None:
            b.scene_start(number=u.number)
        else:
            b.scene_start(h.setting, h.time_of_day, h.location, u.number or h.number)
        if h is None or not h.exact:
            b.scene["elements"].append({"kind": "scene_heading", "text": text})
        if u.summary.strip():
            b.scene["summary"] = u.summary.strip()

    def notes(self) -> None:
        for i, u in enumerate(self.units):
            for body in u.notes:
                self._attach(i, body)
        starts = [u.start for u in self.units]
        for n in self.root.findall("ScriptNotes/ScriptNote"):
            body = "\n".join(styled_text(q) for q in n.findall("Paragraph")).strip()
            if not body:
                continue
            try:
                start, end = (int(v) for v in (n.get("Range") or "").split(",")[:2])
            except ValueError:
                self.report.add(0, body, _("a script note without a readable range"))
                continue
            at = max(0, bisect.bisect_right(starts, start) - 1)
            while at > 0 and starts[at - 1] == starts[at]:
                at -= 1  # inside a dual-dialogue block: its first line
            unit = self.units[at] if self.units else None
            quote = ""
            if unit is not None and unit.start <= start <= end <= unit.start + len(unit.plain):
                quote = unit.plain[start - unit.start : end - unit.start]
            author = n.get("WriterName") or n.get("Author") or ""
            if not self._attach(at, body, author=author, quote=quote):
                self.report.add(at + 1, body, _("a script note with no line to attach to"))

    def _attach(self, i: int, body: str, author: str = "", quote: str = "") -> bool:
        target = next((e for e in self.owner[i:] if e is not None), None)
        target = target or next((e for e in reversed(self.owner[:i]) if e is not None), None)
        if target is None:
            return False
        if quote and quote not in target.get("text", ""):
            quote = ""
        self.builder.note(target, body, author=author.strip(), quote=quote)
        return True


def import_fdx(path: Path) -> tuple[dict[str, Any], ImportReport]:
    """Read a Final Draft file; return the project JSON dict and the report."""
    path = Path(path)
    root = parse_xml(read_limited(path), path, "Final Draft")
    reader = _Reader(root, path)
    builder = reader.run()
    if builder.element_count() == 0 and not any(ep["scenes"] for ep in builder.episodes):
        raise ImportFailed(
            _("{path} holds no script paragraphs; check that it is a Final Draft script.").format(
                path=path
            )
        )
    return builder.to_dict(), reader.report
