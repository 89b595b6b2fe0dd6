"""Read Fountain (fountain.io) screenplays into a Kiln project.

Mapping (see docs/interchange.md): level-1 sections (``# …``) start episodes; deeper sections
are ``section`` elements; ``= …`` right after a heading is the scene summary, elsewhere a
``synopsis`` element; ``[[notes]]`` become annotations on the element they sit in (or the one
before); boneyard ``/* … */`` is left out and reported. Emphasis markers stay in the text.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from app.core.headings import Heading, parse_chinese, parse_hollywood
from app.core.i18n import _
from app.core.vocabulary import (
    CAPTION_LINE,
    FLASHBACK_END_LINE,
    FLASHBACK_START_LINE,
    ZH_ACTION_MARK,
    extension_codes,
    split_cue,
)
from app.formats.common import ImportFailed, ImportReport, ScriptBuilder, has_cjk, read_limited
from app.formats.text_decoding import decode

logger = logging.getLogger(__name__)

_TITLE_KEY = re.compile(r"^([A-Za-z][A-Za-z ]{0,30})\s*[:：]\s*(.*)$")
_TITLE_FIELDS = {
    "credit": "credit",
    "source": "source",
    "draft date": "draft_date",
    "contact": "contact",
    "copyright": "copyright",
    "notes": "notes",
}
_SCENE_NUMBER = re.compile(r"\s*#([\w.\-]+)#\s*$")
_MAX_CUE = 120
_PAREN = re.compile(r"^[(（].*[)）]$", re.DOTALL)


def _title_key(line: str) -> re.Match[str] | None:
    """``Key: value`` of a title page (the key is short, so a long line is looked at once)."""
    head = line[:40]
    if ":" not in head and "：" not in head:
        return None
    return _TITLE_KEY.match(line)


def _spans(text: str, opening: str, closing: str) -> list[tuple[int, int]]:
    """Where ``opening … closing`` pairs sit in ``text`` (linear: stops at an unclosed one)."""
    spans = []
    pos = 0
    while (start := text.find(opening, pos)) >= 0:
        end = text.find(closing, start + len(opening))
        if end < 0:
            break
        spans.append((start, end + len(closing)))
        pos = end + len(closing)
    return spans


def is_cue(line: str) -> bool:
    """An unforced character cue: upper case with at least one letter (extensions may differ)."""
    if len(line) > _MAX_CUE:
        return False
    name = split_cue(line.rstrip("^ ").strip())[0]
    return bool(name) and name == name.upper() and any(c.isupper() for c in name)


class _Reader:
    def __init__(self, text: str, path: Path) -> None:
        self.path = path
        self.report = ImportReport()
        cjk = has_cjk(text)
        self.builder = ScriptBuilder(
            path.stem, "zh-Hans" if cjk else "en", "zh" if cjk else "hollywood"
        )
        self.cjk = cjk
        self.pending_notes: list[str] = []
        self.fresh_scene = False

    # -- title page and preprocessing ------------------------------------------------------

    def title_page(self, lines: list[str]) -> int:
        """Read the title page; return the index of the first script line."""
        if not lines or not _title_key(lines[0]):
            return 0
        fields: dict[str, list[str]] = {}
        key = None
        i = 0
        while i < len(lines) and lines[i].strip():
            line = lines[i]
            m = _title_key(line)
            if m and not line[:1].isspace():
                key = m[1].strip().lower()
                fields[key] = [m[2].strip()] if m[2].strip() else []
            elif key is not None:
                fields[key].append(line.strip())
            i += 1
        b = self.builder
        for key, values in fields.items():
            value = "\n".join(values)
            if key == "title":
                b.project["title"] = (
                    re.sub(r"[*_]", "", " ".join(values)).strip() or b.project["title"]
                )
                if value != b.project["title"]:
                    b.title_page["title"] = value
            elif key in ("author", "authors"):
                b.project["authors"] = values
            elif key in ("registration", "licence", "license"):
                b.project["registration_number"] = value
            elif key == "draft":
                b.project["draft"] = value
            else:
                b.title_page[_TITLE_FIELDS.get(key, key.replace(" ", "_"))] = value
        return i

    def boneyard(self, text: str) -> str:
        parts: list[str] = []
        last = 0
        line = 1
        for start, end in _spans(text, "/*", "*/"):
            parts.append(text[last:start])
            line += text.count("\n", last, start)
            chunk = text[start:end]
            self.report.add(line, chunk, _("boneyard (commented-out) text is not imported"))
            parts.append("\n" * chunk.count("\n"))
            line += chunk.count("\n")
            last = end
        parts.append(text[last:])
        return "".join(parts)

    # -- paragraphs -----------------------------------------------------------------------

    def run(self, text: str) -> ScriptBuilder:
        text = self.boneyard(text)
        lines = text.split("\n")
        start = self.title_page(lines)
        para: list[str] = []
        para_line = start + 1
        for n in range(start, len(lines) + 1):
            line = lines[n] if n < len(lines) else ""
            # A line of two or more spaces keeps a paragraph (a blank line inside dialogue).
            if line.strip() or (para and line.startswith("  ") and n < len(lines)):
                if not para:
                    para_line = n + 1
                para.append(line)
                continue
            if para:
                self.paragraph(para, para_line)
                para = []
        for body in self.pending_notes:
            self.report.add(len(lines), body, _("a note with no script line to attach to"))
        return self.builder

    def paragraph(self, raw: list[str], line_no: int) -> None:
        joined = "\n".join(raw)
        notes: list[tuple[int, str]] = []
        cleaned_parts: list[str] = []
        last = 0
        at = 0
        for start, end in _spans(joined, "[[", "]]"):
            cleaned_parts.append(joined[last:start])
            at += joined.count("\n", last, start)
            notes.append((at, joined[start + 2 : end - 2].strip()))
            last = end
        cleaned_parts.append(joined[last:])
        lines = [ln.rstrip() for ln in "".join(cleaned_parts).split("\n")]
        produced: list[dict[str, Any] | None] = self.classify(lines, line_no)
        for at, body in notes:
            target = next((e for e in reversed(produced[: at + 1]) if e is not None), None)
            target = target or next((e for e in produced if e is not None), None)
            if target is None:
                target = self.builder.last_element()
            if target is None:
                self.pending_notes.append(body)
            else:
                self.builder.note(target, body)

    def _element(self, kind: str, text: str, **extra: Any) -> dict[str, Any]:
        el = self.builder.element(kind, text, **extra)
        for body in self.pending_notes:
            self.builder.note(el, body)
        self.pending_notes = []
        self.fresh_scene = False
        return el

    def classify(self, lines: list[str], line_no: int) -> list[dict[str, Any] | None]:
        """Turn one paragraph into elements; return the element each line produced."""
        content = [ln for ln in lines if ln.strip()]
        if not content:
            return [None] * len(lines)
        first = content[0].strip()
        one = len(content) == 1
        b = self.builder
        if one and re.fullmatch(r"={3,}", first):
            return [self._element("page_break", "")] * len(lines)
        if first.startswith("#"):
            return [self.section(ln.strip()) for ln in lines]
        if first.startswith("=") and not first.startswith("=="):
            out: list[dict[str, Any] | None] = []
            for ln in lines:
                body = ln.strip().lstrip("=").strip()
                scene = b.scene
                if self.fresh_scene and scene is not None and not scene.get("summary"):
                    scene["summary"] = body
                    out.append(None)
                else:
                    out.append(self._element("synopsis", body))
            return out
        if one and first.startswith(".") and not first.startswith(".."):
            self.heading(first[1:].strip(), forced=True)
            return [None] * len(lines)
        if one and (parse_hollywood(_SCENE_NUMBER.sub("", first)) or self._zh_heading(first)):
            self.heading(first, forced=False)
            return [None] * len(lines)
        if first.startswith("~"):
            text = "\n".join(
                ln.strip()[1:].strip() if ln.strip().startswith("~") else ln.strip() for ln in lines
            )
            return [self._element("lyric", text)] * len(lines)
        if one and first.startswith(">") and first.endswith("<"):
            return [self._element("action", first[1:-1].strip(), attrs={"centered": True})]
        if one and first.startswith(">"):
            return [self._element("transition", first[1:].strip())]
        if (
            one
            and first == first.upper()
            and first.endswith("TO:")
            and any(c.isalpha() for c in first)
        ):
            return [self._element("transition", first)]
        if first.startswith("@") or (not one and is_cue(first) and not first.startswith("!")):
            return self.dialogue(lines, line_no)
        text = "\n".join(lines).strip("\n")
        if text.startswith("!"):
            text = text[1:]
        return [self.action(text)] * len(lines)

    def _zh_heading(self, line: str) -> Heading | None:
        if not self.cjk:
            return None
        h = parse_chinese(_SCENE_NUMBER.sub("", line))
        return h if h is not None and h.number is not None else None

    def action(self, text: str) -> dict[str, Any]:
        stripped = text.strip()
        if m := CAPTION_LINE.match(stripped):
            return self._element("caption", (m["zh"] if m["zh"] is not None else m["en"]).strip())
        if m := FLASHBACK_START_LINE.match(stripped):
            return self._element("flashback_start", m["zh"] or m["en"])
        if m := FLASHBACK_END_LINE.match(stripped):
            return self._element("flashback_end", m["zh"] or m["en"])
        if self.cjk and text.startswith(ZH_ACTION_MARK):
            text = text[1:].lstrip()
        return self._element("action", text)

    def section(self, line: str) -> dict[str, Any] | None:
        if not line:
            return None
        level = len(line) - len(line.lstrip("#"))
        title = line.lstrip("#").strip()
        if level == 1:
            self.builder.episode(title)
            self.fresh_scene = False
            return None
        return self._element("section", title, attrs={"section_level": level})

    def heading(self, line: str, forced: bool) -> None:
        number = None
        if m := _SCENE_NUMBER.search(line):
            number = m[1]
            line = line[: m.start()].strip()
        h = parse_hollywood(line)
        zh = parse_chinese(line) if h is None else None
        b = self.builder
        if h is not None:
            b.scene_start(h.setting, h.time_of_day, h.location, number)
            if not h.exact:
                b.scene["elements"].append({"kind": "scene_heading", "text": line})
        elif zh is not None:
            b.scene_start(zh.setting, zh.time_of_day, zh.location, number or zh.number)
            if not zh.exact and zh.number is None:
                b.scene["elements"].append({"kind": "scene_heading", "text": line})
        else:
            b.scene_start(number=number)
            b.scene["elements"].append({"kind": "scene_heading", "text": line})
        self.fresh_scene = True

    def dialogue(self, lines: list[str], line_no: int) -> list[dict[str, Any] | None]:
        cue = lines[0].strip().lstrip("@").strip()
        if len(cue) > _MAX_CUE:
            self.report.add(line_no, lines[0], _("a character cue too long to be a name"))
            return [self.action("\n".join(lines))] * len(lines)
        dual = cue.endswith("^")
        name, extensions = split_cue(cue.rstrip("^").strip())
        if not name:
            self.report.add(line_no, lines[0], _("a character cue without a name"))
            return [self.action("\n".join(lines))] * len(lines)
        speaker = self.builder.character(name)
        ext = extension_codes(extensions)
        produced: list[dict[str, Any] | None] = [None]
        chunks: list[tuple[str, list[str], list[int]]] = []
        paren, text, owners = "", [], []
        for i, ln in enumerate(lines[1:], start=1):
            s = ln.strip()
            if _PAREN.match(s):
                if text or paren:
                    chunks.append((paren, text, owners))
                    text, owners = [], []
                paren = s[1:-1].strip()
                owners.append(i)
            else:
                text.append(s)
                owners.append(i)
        chunks.append((paren, text, owners))
        index: dict[int, dict[str, Any]] = {}
        for j, (par, txt, own) in enumerate(chunks):
            el = self._element(
                "dialogue",
                "\n".join(txt),
                speaker=speaker,
                extension=ext,
                parenthetical=par,
                dual=dual,
                attrs={"same_cue": True} if j else {},
            )
            for i in own:
                index[i] = el
            if j == 0:
                produced[0] = el
        produced += [index.get(i) for i in range(1, len(lines))]
        return produced


def import_fountain(path: Path, encoding: str = "auto") -> tuple[dict[str, Any], ImportReport]:
    """Read a Fountain file; return the project JSON dict and the report of unplaced lines."""
    path = Path(path)
    text = decode(read_limited(path), path, encoding)
    return parse_fountain(text, path)


def parse_fountain(text: str, path: Path) -> tuple[dict[str, Any], ImportReport]:
    """Parse Fountain ``text`` (read from ``path``, named in messages)."""
    reader = _Reader(text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff"), path)
    builder = reader.run(text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff"))
    if builder.element_count() == 0 and not any(ep["scenes"] for ep in builder.episodes):
        raise ImportFailed(
            _("{path} holds no screenplay Kiln can read; check that it is a Fountain file.").format(
                path=path
            )
        )
    return builder.to_dict(), reader.report


__all__ = ["import_fountain", "is_cue", "parse_fountain"]
