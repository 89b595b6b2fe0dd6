"""Adapters that put Kiln's reading of a Fountain file and a peer's expected output in one shape.

Both sides become a list of ``(type, text)`` elements — ``heading`` (with ``#n#`` when
numbered), ``action``, ``centered``, ``character`` (`` ^`` when dual), ``parenthetical`` (with its
parentheses), ``dialogue`` (lines joined by ``\\n``), ``lyric``, ``transition``, ``section``,
``synopsis``, ``page_break`` and ``title:<key>`` for title-page fields — and the agreement of
two lists is the share of elements that line up (difflib's matching blocks) over the longer
list. Peer conventions are undone here (tests/data/peers/README.md), never in Kiln's reader.
"""

from __future__ import annotations

import difflib
import html
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import yaml

from app.core.enums import ScriptLayout
from app.core.headings import Heading, render_hollywood
from app.core.records import is_feature, printed_scene_numbers
from app.core.styles import styled_runs
from app.core.vocabulary import caption_line, extension_words
from app.formats.common import ImportFailed
from app.formats.fountain import emphasis
from app.formats.fountain.reader import parse_fountain

PEERS = Path(__file__).resolve().parent.parent / "data" / "peers"
Element = tuple[str, str]


def _styled(text: str, attrs: dict[str, Any] | None) -> str:
    """Text with its emphasis as neutral tags, so both sides compare styles too."""
    out = []
    for run in styled_runs(text, attrs):
        tags = sorted(run.styles)
        out.append("".join(f"<{t}>" for t in tags) + run.text + "".join(f"</{t}>" for t in tags))
    return "".join(out)


# -- Kiln's side ------------------------------------------------------------------------------


def kiln_elements(source: str, name: str = "case.fountain") -> list[Element]:
    """Kiln's reading of Fountain ``source`` in the peers' shape."""
    try:
        data, _report = parse_fountain(source, Path(name))
    except ImportFailed:
        return []  # nothing Kiln would import: no elements either
    layout = ScriptLayout(data["project"]["layout"])
    names = {c["key"]: next(iter(c["names"].values())) for c in data["characters"]}
    out: list[Element] = []
    project = data["project"]
    page = project.get("title_page") or {}
    for key in page.get("_keys") or []:
        norm = re.sub(r"[\s-]+", "_", key.strip().lower())
        if norm == "title":
            value = page.get("title") or project["title"]
        elif norm in ("author", "authors"):
            value = "\n".join(project.get("authors") or [])
        else:
            value = page.get(norm, "")
        out.append((f"title:{key.lower()}", value))
    # Kiln numbers every scene (the number its script prints: a locked one, else its place's,
    # and a number that equals its place's is not locked); the peers show only the numbers
    # the source wrote, so a scene's number is shown when the source wrote that number.
    written = set(re.findall(r"#([\w.\-]{1,20})#[ \t]*$", source, re.MULTILINE))
    feature = is_feature(project["layout"], [ep["title"] for ep in data["episodes"]])
    for ep in data["episodes"]:
        if ep["title"]:
            out.append(("section", ep["title"]))
        headed = [not (sc["elements"] and sc["elements"][0]["kind"] == "scene_heading"
                       and not sc["elements"][0]["text"]) for sc in ep["scenes"]]
        places = printed_scene_numbers(feature, ep["number"], headed)
        for scene, place in zip(ep["scenes"], places, strict=True):
            els = scene["elements"]
            printed = scene.get("number") or place
            number = f" #{printed}#" if printed in written else ""
            if els and els[0]["kind"] == "scene_heading":
                if els[0]["text"]:
                    out.append(("heading", els[0]["text"] + number))
                els = els[1:]
            else:
                location = next(
                    (v for loc in data["locations"] if loc["key"] == scene.get("location")
                     for v in loc["names"].values()), "",
                )
                h = Heading(scene["setting"], scene["time_of_day"], location)
                out.append(("heading", render_hollywood(h) + number))
            if scene.get("summary"):
                out.append(("synopsis", scene["summary"]))
            for el in els:
                out += _kiln_element(el, names, layout)
    return out


def _kiln_element(el: dict[str, Any], names: dict[str, str], layout: ScriptLayout) -> list[Element]:
    kind, text, attrs = el["kind"], el.get("text", ""), el.get("attrs") or {}
    styled = _styled(text, attrs)
    in_block = kind in ("dialogue", "lyric", "parenthetical") and el.get("speaker")
    out: list[Element] = []
    if in_block and not attrs.get("same_cue"):
        cue = attrs.get("cue") or names[el["speaker"]] + extension_words(
            layout, el.get("extension", "")
        )
        out.append(("character", cue + (" ^" if el.get("dual") else "")))
    if kind == "dialogue":
        if el.get("parenthetical"):
            out.append(("parenthetical", f"({el['parenthetical']})"))
        out.append(("dialogue", styled))
    elif kind == "parenthetical":
        out.append(("parenthetical", f"({styled})"))
    elif kind == "action":
        out.append(("centered" if attrs.get("centered") else "action", styled))
    elif kind == "caption":
        out.append(("action", caption_line(layout, styled)))
    elif kind in ("flashback_start", "flashback_end"):
        out.append(("action", text))
    elif kind == "character":
        out.append(("character", attrs.get("cue") or text))
    elif kind == "page_break":
        out.append(("page_break", ""))
    else:
        out.append((kind, styled))
    return out


# -- Jouvence ---------------------------------------------------------------------------------

_JOUVENCE_TYPES = {
    ".": "heading", "!": "action", "@": "character", "=": "dialogue", "_": "parenthetical",
    ">": "transition", "~": "lyric", "#": "section", "+": "synopsis",
}  # fmt: skip


def jouvence_cases() -> list[tuple[str, dict[str, Any]]]:
    """``(name, case)`` for every YAML document of the Jouvence suite."""
    cases = []
    for path in sorted((PEERS / "jouvence").glob("test_*.yaml")):
        for i, doc in enumerate(yaml.safe_load_all(path.read_text(encoding="utf-8"))):
            if doc:
                cases.append((f"{path.stem}#{i + 1}", doc))
    return cases


def jouvence_elements(case: dict[str, Any]) -> list[Element]:
    """Jouvence's expected elements, its own conventions undone: actions are split at empty
    lines (Jouvence keeps them inside one action and adds empty actions for extra ones)."""
    out: list[Element] = [
        (f"title:{k}", str(v)) for k, v in (case.get("title") or {}).items()
    ]
    for item in case.get("out") or []:
        if item == "<pagebreak>":
            out.append(("page_break", ""))
            continue
        kind = _JOUVENCE_TYPES[item[0]]
        text = item[1:]
        if kind == "action" and text.startswith("><"):
            out.append(("centered", _styled(*_parsed(text[2:].strip()))))
            continue
        if kind == "action":
            for chunk in re.split(r"\n\s*\n", text):
                if chunk.strip("\n").strip():
                    out.append(("action", _styled(*_parsed(chunk.strip("\n").rstrip()))))
            continue
        if kind in ("dialogue", "lyric", "centered"):
            text = _styled(*_parsed(text.strip()))
        out.append((kind, text.strip()))
    return out


def _parsed(text: str) -> tuple[str, dict[str, Any]]:
    plain, spans = emphasis.parse(text)
    return plain, {"styles": [list(s) for s in spans]}


# -- screenplain ------------------------------------------------------------------------------


class _ScreenplainHtml(HTMLParser):
    """Screenplain's ``--bare`` HTML as elements (see tests/data/peers/README.md)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[Element] = []
        self.stack: list[tuple[str, set[str]]] = []
        self.buf: list[str] = []
        self.styles: list[str] = []
        self.number = ""
        self.dialogue: list[str] | None = None
        self.side = ""

    def _classes(self, attrs: list[tuple[str, str | None]]) -> set[str]:
        return set((dict(attrs).get("class") or "").split())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = self._classes(attrs)
        if "page-break" in classes:
            self._end_dialogue()
            self.out.append(("page_break", ""))
        if tag == "br":
            self.buf.append("\n")
            return
        if tag in ("strong", "em", "u"):
            style = {"strong": "bold", "em": "italic", "u": "underline"}[tag]
            self.buf.append(f"\0{style}\0")
            return
        if tag == "div" and classes & {"left", "right"}:
            self.side = "right" if "right" in classes else "left"
        if tag == "span" and classes & {"scnuml", "scnumr"}:
            self.stack.append((tag, classes))
            self.buf_before, self.buf = self.buf, []
            return
        self.stack.append((tag, classes))
        if tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6", "span") or (
            tag == "div" and "transition" in classes
        ):
            self.buf = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("strong", "em", "u"):
            style = {"strong": "bold", "em": "italic", "u": "underline"}[tag]
            self.buf.append(f"\0/{style}\0")
            return
        if tag == "br" or not self.stack:
            return
        _t, classes = self.stack.pop()
        if tag == "span" and classes & {"scnuml", "scnumr"}:
            self.number = "".join(self.buf).strip()
            self.buf = self.buf_before
            return
        text = _tags("".join(self.buf))
        parents = {c for _tag, cls in self.stack for c in cls}
        if tag == "p" and "dialog" in parents or (tag == "p" and parents & {"left", "right"}):
            if "character" in classes:
                self._end_dialogue()
                self.out.append(("character", text + (" ^" if self.side == "right" else "")))
            elif "parenthetical" in classes:
                self._end_dialogue()
                self.out.append(("parenthetical", text))
            else:
                self.dialogue = (self.dialogue or []) + [text.strip()]
        elif tag == "p" and "action" in parents:
            kind = "centered" if "centered" in parents else "action"
            self.out.append((kind, "\n".join(ln.rstrip() for ln in text.split("\n"))))
        elif tag == "h6":
            number = f" #{self.number}#" if self.number else ""
            self.out.append(("heading", text.strip() + number))
            self.number = ""
        elif re.fullmatch(r"h[1-5]", tag):
            self.out.append(("section", text.strip()))
        elif tag == "span" and any(c.endswith("-synopsis") for c in classes):
            self.out.append(("synopsis", text.strip()))
        elif tag == "div" and "transition" in classes:
            self.out.append(("transition", text.strip()))
        elif tag == "div" and ("dialog" in classes or classes & {"left", "right"}):
            self._end_dialogue()

    def handle_data(self, data: str) -> None:
        self.buf.append(data.replace("\xa0", " "))

    def _end_dialogue(self) -> None:
        if self.dialogue is not None:
            self.out.append(("dialogue", "\n".join(self.dialogue)))
            self.dialogue = None


def _tags(text: str) -> str:
    """``\\0bold\\0…\\0/bold\\0`` as the neutral tags of ``_styled``, nested consistently."""
    plain: list[str] = []
    spans: list[list[Any]] = []
    open_at: dict[str, int] = {}
    for i, piece in enumerate(text.split("\0")):
        if i % 2 == 0:
            plain.append(piece)
        elif piece.startswith("/"):
            start = open_at.pop(piece[1:], None)
            if start is not None:
                spans.append([start, len("".join(plain)), piece[1:]])
        else:
            open_at[piece] = len("".join(plain))
    return _styled("".join(plain), {"styles": spans})


def screenplain_html(path: Path) -> list[Element]:
    parser = _ScreenplainHtml()
    parser.feed(html.unescape(path.read_text(encoding="utf-8")).replace("&", "&amp;"))
    parser.close()
    parser._end_dialogue()
    return parser.out


_FDX_TYPES = {
    "Scene Heading": "heading", "Action": "action", "Character": "character",
    "Dialogue": "dialogue", "Parenthetical": "parenthetical", "Transition": "transition",
}  # fmt: skip


def screenplain_fdx(path: Path) -> list[Element]:
    """Screenplain's expected FDX as elements (dialogue lines are paragraphs of their own)."""
    root = ET.fromstring(path.read_bytes())
    out: list[Element] = []
    dialogue: list[str] | None = None

    def end() -> None:
        nonlocal dialogue
        if dialogue is not None:
            out.append(("dialogue", "\n".join(dialogue)))
            dialogue = None

    def walk(paragraphs: list[ET.Element], dual: bool) -> None:
        nonlocal dialogue
        speakers = 0
        for p in paragraphs:
            inner = p.find("DualDialogue")
            if inner is not None:
                end()
                walk(inner.findall("Paragraph"), True)
                continue
            kind = _FDX_TYPES.get(p.get("Type") or "", "action")
            styled = _fdx_styled(p)
            if kind == "dialogue":
                dialogue = (dialogue or []) + [styled.strip()]
                continue
            end()
            if kind == "character":
                speakers += 1
                styled += " ^" if dual and speakers == 2 else ""
            if kind == "action" and p.get("Alignment") == "Center":
                kind = "centered"
            out.append((kind, "\n".join(ln.rstrip() for ln in styled.split("\n"))))
        end()

    walk(root.find("Content").findall("Paragraph"), False)
    return out


def _fdx_styled(p: ET.Element) -> str:
    names = {"Bold": "bold", "Italic": "italic", "Underline": "underline"}
    plain = ""
    spans: list[list[Any]] = []
    for t in p.findall("Text"):
        text = t.text or ""
        for style in (t.get("Style") or "").split("+"):
            if style in names and text:
                spans.append([len(plain), len(plain) + len(text), names[style]])
        plain += text
    return _styled(plain, {"styles": spans})


def screenplain_cases() -> list[tuple[str, Path, Path]]:
    """``(name, fountain, expected)`` for every expected HTML and FDX file of screenplain."""
    cases = []
    for source in sorted((PEERS / "screenplain").glob("*.fountain")):
        for suffix in (".html", ".fdx"):
            expected = source.with_suffix(suffix)
            if expected.exists():
                cases.append((f"{source.stem}{suffix}", source, expected))
    return cases


def screenplain_elements(expected: Path) -> list[Element]:
    return screenplain_html(expected) if expected.suffix == ".html" else screenplain_fdx(expected)


# -- agreement --------------------------------------------------------------------------------


def agreement(ours: list[Element], theirs: list[Element]) -> tuple[int, int]:
    """``(matched, total)``: elements that line up, and the longer list's length."""
    matcher = difflib.SequenceMatcher(None, ours, theirs, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return matched, max(len(ours), len(theirs))


def differences(ours: list[Element], theirs: list[Element]) -> list[str]:
    """Readable lines for each element that does not line up."""
    matcher = difflib.SequenceMatcher(None, ours, theirs, autojunk=False)
    lines = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op != "equal":
            lines.append(f"{op}: kiln {ours[a1:a2]!r} / peer {theirs[b1:b2]!r}")
    return lines
