"""Read Fountain 1.1 (fountain.io) screenplays into a Kiln project, rule by rule.

The text is cut into paragraphs at empty lines (a line of two spaces keeps a paragraph going);
each paragraph is classified as the syntax page says: scene headings (``INT``/``EXT``/``EST``/
``INT./EXT``/``I/E`` then a dot or space, or forced with ``.`` before a letter or digit, with
``#1-3#`` numbers), transitions (upper case ending in ``TO:``, or forced ``>``), centred text
``>…<``, character cues (upper case with a line after, or forced ``@``; extensions; ``^`` for
dual dialogue) with parentheticals, dialogue (``  `` keeps an empty line), lyrics ``~`` (also
sung inside dialogue), page breaks ``===``, sections ``#`` and synopses ``=``, and action
(forced ``!``, indentation kept). A ``人物：A、B`` line under a Chinese heading, or a
``[[CAST: A, B]]`` note under any heading, is the scene's cast; a ``#n#`` number is locked
only when it is not the one the scene's place gives (``ScriptBuilder.settle_numbers``).
Emphasis becomes style ranges (``app.core.styles``); notes become annotations anchored on the
words before them; boneyard is kept in ``attrs["boneyard"]`` of the element it sat in or next
to, written back and never printed. Mapping to Kiln: docs/interchange.md.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from app.core.chinese_lines import LineKind, names, read_line
from app.core.controls import code_points
from app.core.enums import ScriptLayout
from app.core.headings import Heading, parse_chinese, parse_hollywood
from app.core.i18n import _
from app.core.styles import STYLES_KEY, to_attrs
from app.core.vocabulary import (
    CAPTION_LINE,
    FLASHBACK_END_LINE,
    FLASHBACK_START_LINE,
    ZH_ACTION_MARKS,
    ZH_CAST_LINE,
    extension_codes,
    extension_words,
    split_cue,
)
from app.formats.budgets import (
    MAX_BONEYARD,
    MAX_EMPHASIS,
    MAX_NOTES,
    check_text,
    over_budget,
)
from app.formats.builder import ScriptBuilder
from app.formats.common import ImportFailed, ImportReport, has_cjk, read_limited
from app.formats.fountain import emphasis
from app.formats.fountain.marks import (
    BONEYARD,
    PRIVATE,
    Inline,
    Lifted,
    lift,
    marks_in,
    quote_at,
    unmarked,
)
from app.formats.fountain.title_page import read_title_page
from app.formats.text_decoding import clean_controls, decode_text

logger = logging.getLogger(__name__)

#: What a scene number ``#1-3#`` may hold (checked on the few characters between its ``#``).
_NUMBER_WORDS = re.compile(r"[\w.\-]{1,20}")
#: How a scene heading starts (before the dot or space that must follow), case aside.
_HEADING_START = re.compile(r"^(?:INT\.?\s*/\s*EXT|EXT\.?\s*/\s*INT|INT|EXT|EST|I\s*/\s*E)[.\s]",
                            re.IGNORECASE)
_MAX_CUE = 120
#: Runs of emphasis markers (counted against ``MAX_EMPHASIS``).
_MARKER_RUNS = re.compile(r"\*+|_+")
_MAX_HEADING = 200
#: A note under a Hollywood heading that holds the scene's cast (Fountain has no element for
#: it): ``[[CAST: LIN, SHIRIN]]``, as the writer puts it.
CAST_NOTE = "CAST:"
_CAST_NOTE = re.compile(r"CAST\s*:", re.IGNORECASE)  # matched on the stripped note; names follow


def split_number(line: str) -> tuple[str, str | None]:
    """``INT. KILN - NIGHT #1-3#`` → ``("INT. KILN - NIGHT", "1-3")``: the words before a scene
    number that ends the line, and the number (None, and the line as it was, when there is
    none). Scanned from the end by hand: one pass, whatever the line holds."""
    end = len(line.rstrip())
    if end < 3 or line[end - 1] != "#":
        return line, None
    start = line.rfind("#", max(0, end - 22), end - 1)
    if start < 0 or not _NUMBER_WORDS.fullmatch(line, start + 1, end - 1):
        return line, None
    while start > 0 and line[start - 1].isspace():
        start -= 1
    return line[:start], line[start:end].strip()[1:-1]


def _is_paren(line: str) -> bool:
    return len(line) >= 2 and line[0] in "(（" and line[-1] in ")）"


def _clean(line: str) -> str:
    """A line without its marks (what the rules look at)."""
    return unmarked(line)


def is_cue(line: str) -> bool:
    """An unforced character cue: upper case with at least one letter (extensions may differ)."""
    if len(line) > _MAX_CUE:
        return False
    name = split_cue(line.rstrip("^ ").strip())[0]
    return bool(name) and name == name.upper() and any(c.isupper() for c in name)


def is_transition(line: str) -> bool:
    """An unforced transition: upper case, ending in ``TO:`` (a space after it breaks it)."""
    text = line.lstrip()
    return (
        len(text) <= _MAX_CUE
        and text.endswith("TO:")
        and text == text.upper()
        and any(c.isalpha() for c in text)
    )


def is_forced_heading(line: str) -> bool:
    """``.`` then a letter or digit (``..`` and ``. text`` are action)."""
    text = line.lstrip()
    return len(text) > 1 and text[0] == "." and text[1].isalnum()


def is_heading(line: str) -> bool:
    """An unforced scene heading (the line alone in its paragraph)."""
    text = line.strip()
    if len(text) > _MAX_HEADING + 24:
        return False
    text = split_number(text)[0]
    return len(text) <= _MAX_HEADING and bool(_HEADING_START.match(text + " "))


def _centered(line: str) -> bool:
    text = line.strip()
    return len(text) >= 2 and text[0] == ">" and text[-1] == "<"


def _lyric(line: str) -> bool:
    return line.lstrip().startswith("~")


class _Reader:
    def __init__(self, lifted: Lifted, path: Path, report: ImportReport) -> None:
        self.path = path
        self.lifted = lifted
        self.report = report
        cjk = has_cjk(lifted.text)
        self.builder = ScriptBuilder(
            path.stem, "zh-Hans" if cjk else "en", "zh" if cjk else "hollywood",
            source=path, report=report,
        )
        self.cjk = cjk
        self.layout = ScriptLayout.ZH if cjk else ScriptLayout.HOLLYWOOD
        #: Marks waiting for the next element, with their place: ``at`` (its start: a note on
        #: a heading) or ``before`` (a note or boneyard on lines of their own).
        self.pending: list[tuple[str, str]] = []
        self.fresh_scene = False
        self.line_no = 0

    # -- paragraphs -----------------------------------------------------------------------

    def run(self) -> ScriptBuilder:
        lines = self.lifted.text.split("\n")
        start = read_title_page(lines, self.builder, self.lifted.restore)
        para: list[str] = []
        para_line = start
        for n in range(start, len(lines) + 1):
            line = lines[n] if n < len(lines) else ""
            clean = _clean(line)
            inside = bool(para) and n < len(lines)
            # A line of two or more spaces keeps a paragraph (an empty line inside dialogue).
            if clean.strip() or (inside and len(clean) >= 2 and not clean.strip()):
                if not para:
                    para_line = n
                para.append(line)
                continue
            if line.strip():  # marks alone on a line of their own
                marks = marks_in(line)
                notes_only = all(self.lifted.mark(ch).kind != BONEYARD for ch in marks)
                if para and notes_only and n + 1 < len(lines) and _clean(lines[n + 1]).strip():
                    para[-1] += "".join(marks)  # a note between two lines of one element
                    continue
                if para:  # boneyard on whole lines ends the element: the lines are not there
                    self.paragraph(para, para_line)
                    para = []
                self.floating(marks)
                continue
            if para:
                self.paragraph(para, para_line)
                para = []
        if self.pending:
            self.floating([], final=True)
        return self.builder

    def floating(self, marks: list[str], final: bool = False) -> None:
        """Notes and boneyard standing on lines of their own, between elements: kept after the
        element before them in the same scene, else before the next element. A ``[[CAST: …]]``
        note right under a heading is that scene's cast."""
        if self.fresh_scene and not final:
            marks = [ch for ch in marks if not self.cast_note(ch)]
            if not marks:
                return
        last = self.builder.last_element()
        heading_only = self.fresh_scene and not (
            last is not None and last.get("kind") == "scene_heading" and last.get("text")
        )
        if final:
            marks = [ch for ch, _place in self.pending] + marks
            self.pending = []
            if last is None:
                for ch in marks:
                    mark = self.lifted.mark(ch)
                    self.report.add(mark.line, mark.raw, _("a note or boneyard with no script "
                                                           "line to keep it with"))
                return
            self.attach_block(last, marks, "after")
            return
        if last is None or heading_only:
            self.pending += [(ch, "before") for ch in marks]
            return
        self.attach_block(last, marks, "after")

    def cast_note(self, ch: str) -> bool:
        """Take the note ``ch`` as the current scene's cast when it is a ``CAST:`` note."""
        mark = self.lifted.mark(ch)
        body = mark.body.lstrip()
        m = _CAST_NOTE.match(body) if mark.kind != BONEYARD else None
        if m is None or self.builder.scene is None:
            return False
        self.cast([n for n in body[m.end():].split(",") if n.strip()])
        return True

    def cast(self, people: list[str]) -> None:
        scene = self.builder.scene
        assert scene is not None
        keys = [self.builder.character(n.strip()) for n in people]
        scene["cast"] = list(dict.fromkeys([*scene.get("cast", []), *keys]))

    def attach_block(self, element: dict[str, Any], marks: list[str], place: str) -> None:
        for ch in marks:
            mark = self.lifted.mark(ch)
            if mark.kind == BONEYARD:
                element.setdefault("attrs", {}).setdefault("boneyard", []).append(
                    {"place": place, "text": mark.body}
                )
            else:
                text = element.get("text", "")
                at = len(text) if place == "after" else 0
                self.builder.note(element, mark.body, quote="", start=at)

    def paragraph(self, raw: list[str], index: int) -> None:
        self.line_no = self.lifted.source_line(index)
        lines = [ln.rstrip() for ln in raw]
        clean = [_clean(ln) for ln in lines]
        first = clean[0].strip()
        one = len(lines) == 1
        if one and len(first) >= 3 and first == "=" * len(first):
            extra = {"equals": len(first)} if len(first) != 3 else None
            self.element("page_break", Inline(""), marks_from=lines[0], attrs=extra)
            return
        if first.startswith("#"):
            for line in lines:
                self.section(line.strip())
            return
        if first.startswith("=") and not first.startswith("=="):
            for line in lines:
                self.synopsis(line.strip())
            return
        if one and is_forced_heading(first):
            self.heading(lines[0].strip()[1:], forced=True)
            return
        if one and (is_heading(first) or self._zh_heading(first)):
            self.heading(lines[0].strip(), forced=False)
            return
        if one and first.startswith(">") and not _centered(first):
            self.transition(lines[0].strip()[1:], forced=is_transition(first[1:]))
            return
        if one and is_transition(_clean(raw[0])) and not first.startswith("!"):
            self.transition(lines[0].strip())
            return
        forced_cue = first.startswith("@")
        unforced = not one and is_cue(first) and not first.startswith(("!", "~", ">"))
        if forced_cue or unforced:
            self.dialogue(lines)
            return
        self.action_lines(lines)

    # -- elements -------------------------------------------------------------------------

    def element(
        self, kind: str, words: Inline, *, marks_from: str = "", **extra: Any
    ) -> dict[str, Any]:
        """Add an element with ``words``; place the marks in them (and those waiting)."""
        attrs = dict(extra.pop("attrs", None) or {})
        if words.spans:
            attrs[STYLES_KEY] = to_attrs(words.spans)
        el = self.builder.element(kind, words.text, attrs=attrs, **extra)
        waiting, self.pending = self.pending, []
        self.attach_block(el, [ch for ch, place in waiting if place == "before"], "before")
        marks = [(0, ch) for ch, place in waiting if place == "at"]
        marks += [(0, ch) for ch in marks_in(marks_from)]
        marks += words.marks
        for at, ch in marks:
            self.place(el, at, ch)
        self.fresh_scene = False
        return el

    def place(self, el: dict[str, Any], at: int, ch: str) -> None:
        mark = self.lifted.mark(ch)
        text = el.get("text", "")
        if mark.kind == BONEYARD:
            el.setdefault("attrs", {}).setdefault("boneyard", []).append(
                {"at": min(at, len(text)), "text": mark.body}
            )
            return
        start, end = quote_at(text, at)
        self.builder.note(el, mark.body, quote=text[start:end], start=start)

    def action_lines(self, lines: list[str]) -> None:
        """Action, with lyrics (``~``) and centred lines (``>…<``) as their own elements."""
        group: list[str] = []
        kind = ""
        for i, line in enumerate(lines):
            body = line
            if i == 0 and _clean(line).lstrip().startswith("!"):
                body = line.replace("!", "", 1)
                this = "forced"
            elif _lyric(_clean(line)):
                this = "lyric"
            elif _centered(_clean(line)):
                this = "centered"
            else:
                this = "action"
            if kind == "forced" and this == "action":
                this = kind  # a forced action goes on over its following lines
            if group and this != kind:
                self.flush(kind, group)
                group = []
            kind = this
            group.append(body)
        if group:
            self.flush(kind, group)

    def flush(self, kind: str, group: list[str]) -> None:
        if not any(_clean(line).strip() for line in group):
            marks = [ch for line in group for ch in marks_in(line)]
            if marks:
                self.floating(marks)
            return  # an empty line kept by two spaces after the element
        if kind == "lyric":
            text = "\n".join(ln.lstrip()[1:] for ln in group)
            self.element("lyric", Inline.read(text).stripped())
        elif kind == "centered":
            text = "\n".join(ln.strip()[1:-1].strip() for ln in group)
            self.element("action", Inline.read(text).stripped(), attrs={"centered": True})
        else:
            self.action(Inline.read("\n".join(group)), forced=kind == "forced")

    def action(self, words: Inline, forced: bool = False) -> None:
        words = words.stripped(keep_indent=True)
        while words.text.startswith("\n"):
            words = words.sliced(1)
        stripped = words.text.strip()
        if m := CAPTION_LINE.match(stripped):
            group = "zh" if m["zh"] is not None else "en"
            offset = len(words.text) - len(words.text.lstrip()) + m.start(group)
            self.element("caption", words.sliced(offset, offset + len(m[group])).stripped())
            return
        if m := FLASHBACK_START_LINE.match(stripped):
            self.element("flashback_start", Inline(m["zh"] or m["en"]))
            self._marks_of(words)
            return
        if m := FLASHBACK_END_LINE.match(stripped):
            self.element("flashback_end", Inline(m["zh"] or m["en"]))
            self._marks_of(words)
            return
        if self.cjk and "\n" not in stripped and stripped.startswith("【"):
            line = read_line(stripped)[0]
            if line.kind is LineKind.SHOT:  # 【特写：瓷片】
                offset = words.text.index("【") + 1
                self.element("shot", words.sliced(offset, offset + len(line.text)).stripped())
                return
        cast = ZH_CAST_LINE.match(stripped) if self.cjk and self.fresh_scene else None
        if cast is not None and "\n" not in stripped and not words.marks and not forced:
            self.cast(names(cast[1]))  # 人物：A、B under a Chinese heading
            return
        extra: dict[str, Any] = {"forced": True} if forced else {}
        if self.cjk and words.text.startswith(ZH_ACTION_MARKS):
            words = words.sliced(1).stripped()
        elif self.cjk:
            extra["unmarked"] = True  # written back without the △ the layout adds
        self.element("action", words, attrs=extra)

    def _marks_of(self, words: Inline) -> None:
        last = self.builder.last_element()
        if last is not None:
            for _at, ch in words.marks:
                self.place(last, len(last.get("text", "")), ch)

    def transition(self, line: str, forced: bool = False) -> None:
        """A transition; ``forced``: written with ``>`` though it reads as one without."""
        self.element("transition", Inline.read(line).stripped(),
                     attrs={"forced": True} if forced else None)

    def section(self, line: str) -> None:
        clean = _clean(line)
        if not clean.strip():
            return
        level = len(clean) - len(clean.lstrip("#"))
        words = Inline.read(line.lstrip().lstrip("#")).stripped()
        if level == 1:
            self.builder.episode(words.text)
            self.fresh_scene = False
            self.pending += [(ch, "at") for _at, ch in words.marks]
            return
        self.element("section", words, attrs={"section_level": level})

    def synopsis(self, line: str) -> None:
        words = Inline.read(line.lstrip()[1:]).stripped()
        scene = self.builder.scene
        if self.fresh_scene and scene is not None and not scene.get("summary") and words.text:
            scene["summary"] = words.text
            self.pending += [(ch, "at") for _at, ch in words.marks]
            return
        self.element("synopsis", words)

    def _zh_heading(self, line: str) -> Heading | None:
        if not self.cjk:
            return None
        h = parse_chinese(split_number(line)[0])
        return h if h is not None and h.number is not None else None

    def heading(self, line: str, forced: bool) -> None:
        marks = marks_in(line)
        line = _clean(line).strip()
        number = None
        before, found = split_number(line)
        if found is not None:
            number = found
            line = before.strip()
        b = self.builder
        h = parse_hollywood(line) if (is_heading(line) or forced) else None
        zh = parse_chinese(line) if h is None and (self.cjk or forced) else None
        words = Inline.read(line)
        keep: dict[str, Any] | None = None  # the heading's own words, when fields lose them
        if h is not None and not words.spans:
            b.scene_start(h.setting, h.time_of_day, h.location, number)
            keep = None if h.exact else {"kind": "scene_heading", "text": line}
        elif zh is not None and not words.spans:
            b.scene_start(zh.setting, zh.time_of_day, zh.location,
                          b.number_if_unexpected(number or zh.number))
            keep = None if zh.exact else {"kind": "scene_heading", "text": line}
        else:
            b.scene_start(number=number)
            keep = {"kind": "scene_heading", "text": words.text}
            if words.spans:
                keep["attrs"] = {STYLES_KEY: to_attrs(words.spans)}
        if keep is not None:
            if forced:
                keep.setdefault("attrs", {})["forced"] = True
            b.scene["elements"].append(keep)
        self.fresh_scene = True
        heading_el = b.scene["elements"][0] if b.scene["elements"] else None
        if heading_el is not None and marks:
            for ch in marks:
                self.place(heading_el, len(heading_el["text"]), ch)
        else:
            self.pending += [(ch, "at") for ch in marks]

    def dialogue(self, lines: list[str]) -> None:
        cue_line = lines[0].strip()
        cue = _clean(cue_line).strip()
        forced = cue.startswith("@")
        cue = cue.removeprefix("@").strip()
        if len(cue) > _MAX_CUE:
            self.report.add(self.line_no, cue, _("a character cue too long to be a name"))
            self.action(Inline.read("\n".join(lines)))
            return
        dual = cue.endswith("^")
        cue = cue.rstrip("^").strip()
        name, extensions = split_cue(cue)
        name = emphasis.strip(name)
        if not name:
            self.report.add(self.line_no, cue, _("a character cue without a name"))
            self.action(Inline.read("\n".join(lines)))
            return
        speaker = self.builder.character(name)
        ext = extension_codes(extensions)
        common: dict[str, Any] = {"speaker": speaker, "extension": ext, "dual": dual}
        attrs: dict[str, Any] = {}
        if f"{name}{extension_words(self.layout, ext)}" != cue:
            attrs["cue"] = cue  # the words of the cue, where Kiln's fields would change them
        if forced:
            attrs["forced"] = True
        self.pending += [(ch, "at") for ch in marks_in(cue_line)]
        body = lines[1:]
        if not body:
            self.element("character", Inline(name), attrs=attrs, speaker=speaker)
            return
        produced = 0
        paren: Inline | None = None
        text: list[str] = []
        sung: list[str] = []

        def emit(kind: str, words: Inline, parenthetical: Inline | None) -> None:
            nonlocal produced
            extra = dict(attrs) if produced == 0 else {"same_cue": True}
            if kind == "dialogue":
                paren_text = ""
                if parenthetical is not None:
                    if parenthetical.spans or parenthetical.marks:
                        emit("parenthetical", parenthetical, None)
                        extra = {"same_cue": True}
                    else:
                        paren_text = parenthetical.text
                self.element("dialogue", words, parenthetical=paren_text, attrs=extra, **common)
            else:
                self.element(kind, words, attrs=extra, **common)
            produced += 1

        def flush_text() -> None:
            nonlocal paren, text
            if text:
                joined = "\n".join(ln.strip() for ln in text)
                emit("dialogue", Inline.read(joined).stripped(), paren)
                paren, text = None, []

        def flush_sung() -> None:
            nonlocal paren, sung
            if sung:
                if paren is not None:
                    emit("parenthetical", paren, None)
                    paren = None
                joined = "\n".join(ln.strip()[1:] for ln in sung)
                emit("lyric", Inline.read(joined).stripped(), None)
                sung = []

        for line in body:
            clean = _clean(line).strip()
            if _is_paren(clean):
                flush_text()
                flush_sung()
                if paren is not None:
                    emit("parenthetical", paren, None)
                inner = line.strip()
                paren = Inline.read(inner[1:-1] if inner[-1:] in ")）" else inner[1:]).stripped()
            elif _lyric(clean):
                flush_text()
                sung.append(line)
            else:
                flush_sung()
                text.append(line if clean else "")
        flush_text()
        flush_sung()
        if paren is not None:
            emit("parenthetical", paren, None)  # a parenthetical after the last line


def import_fountain(path: Path, encoding: str = "auto") -> tuple[dict[str, Any], ImportReport]:
    """Read a Fountain file; return the project JSON dict and the report of unplaced lines."""
    path = Path(path)
    text, found = decode_text(read_limited(path), path, encoding)
    data, report = parse_fountain(text, path)
    report.encoding = found
    return data, report


def parse_fountain(text: str, path: Path) -> tuple[dict[str, Any], ImportReport]:
    """Parse Fountain ``text`` (read from ``path``, named in messages) within the budgets of
    ``app.formats.budgets``; control characters are removed with a warning per line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    check_text(text, path)
    if text.count("*") + text.count("_") > MAX_EMPHASIS:  # a cheap bound first
        runs = len(_MARKER_RUNS.findall(text))
        if runs > MAX_EMPHASIS:
            raise over_budget(path, "emphasis", runs)
    report = ImportReport()
    text, controls = clean_controls(text)
    for line, words, chars in controls:
        report.add(line, words, _("control characters were removed ({chars})").format(
            chars=code_points(chars)))
    replaced = 0
    if PRIVATE.search(text):
        text, replaced = PRIVATE.subn("\ufffd", text)
    lifted = lift(text, max_notes=MAX_NOTES, max_boneyard=MAX_BONEYARD)
    if lifted.over is not None:
        raise over_budget(path, lifted.over)
    reader = _Reader(lifted, path, report)
    if replaced:
        reader.report.add(0, "\ufffd", _("private-use characters were replaced by \ufffd"))
    builder = reader.run()
    empty = builder.element_count() == 0 and not any(ep["scenes"] for ep in builder.episodes)
    if empty and not builder.title_page:
        raise ImportFailed(
            _("{path} holds no screenplay Kiln can read; check that it is a Fountain file.").format(
                path=path
            )
        )
    return builder.to_dict(), reader.report


__all__ = ["import_fountain", "is_cue", "is_forced_heading", "is_heading", "is_transition",
           "parse_fountain"]
