"""Read Chinese scripts typed as plain text or in Word (DOCX) into a Kiln project.

Each line is read with the Chinese line grammar of ``app.core.chinese_lines`` (the layouts of
DOMAIN.md and the platforms' variants); this module adds what depends on where a line stands:
the front matter before the first episode or scene (``《片名》`` → title, ``编剧：`` → authors,
``大纲：`` → logline, ``人物小传：`` → characters with age and bio, other ``键：值`` lines → the
title page), a cue alone on its line whose words follow on the next, and scene numbers that are
locked only when they differ from the scene's place. A line that cannot go where it stands is
reported with where it was kept instead; nothing is dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from app.core.chinese_lines import ChineseLine, LineKind, normalise, read_bio, read_line
from app.core.controls import CONTROLS, code_points, controls_in, without_controls
from app.core.i18n import _
from app.core.records import scene_number
from app.formats.budgets import Budget, check_text
from app.formats.builder import ScriptBuilder
from app.formats.common import ImportFailed, ImportReport, read_limited
from app.formats.docx.reader import paragraphs
from app.formats.text_decoding import decode_text

logger = logging.getLogger(__name__)

_KINDS = {
    LineKind.ACTION: "action",
    LineKind.CAPTION: "caption",
    LineKind.FLASHBACK_START: "flashback_start",
    LineKind.FLASHBACK_END: "flashback_end",
    LineKind.TRANSITION: "transition",
    LineKind.SHOT: "shot",
}
_FRONT_KEYS = ("：", ":")


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.report = ImportReport()
        self.builder = ScriptBuilder(path.stem, "zh-Hans", "zh", source=path, report=self.report)
        self.started = False  # past the front matter
        self.section = ""  # "outline" or "bios" in the front matter
        self.outline: list[str] = []
        self.last_bio: str | None = None
        self.waiting: ChineseLine | None = None  # a cue alone on its line
        self.pending_cast: list[str] = []
        #: Lines that go on a bio, by character key (joined once the front matter ends).
        self.bio_more: dict[str, list[str]] = {}
        #: The cast of each scene met so far, as a set (by the scene's id), to add in one step.
        self.cast_seen: dict[int, set[str]] = {}

    # -- lines ---------------------------------------------------------------------------

    def line(self, n: int, raw: str) -> None:
        for item in read_line(raw, self.builder.characters.keys()):
            if not self.started and item.kind not in (LineKind.EPISODE, LineKind.SCENE):
                self.front(n, raw, item)
                continue
            if not self.started:
                self.end_front()
            self.body(n, raw, item)

    def front(self, n: int, raw: str, item: ChineseLine) -> None:
        """The front matter: title, writers, outline, bios and other facts of the series."""
        b = self.builder
        kind = item.kind
        if kind is LineKind.BLANK:
            return
        if kind is LineKind.TITLE:
            b.project["title"] = item.text or b.project["title"]
        elif kind is LineKind.WRITER:
            b.project["authors"] = list(item.cast)
        elif kind is LineKind.OUTLINE:
            self.section = "outline"
            if item.text:
                self.outline.append(item.text)
        elif kind is LineKind.BIOS:
            self.section = "bios"
            if item.text:
                self.bio(n, item.text)
        elif self.section == "bios":
            self.bio(n, raw)
        elif self.section == "outline":
            self.outline.append(normalise(raw))
        else:
            text = normalise(raw)
            key, sep, value = text.partition(_FRONT_KEYS[0] if _FRONT_KEYS[0] in text else ":")
            if sep and key and value.strip() and len(key) <= 8:
                b.title_page[key.strip()] = value.strip()  # 类型：都市 — a fact of the series
            else:
                self.front_note(n, text, _("a line before the first scene Kiln does not know"))

    def front_note(self, n: int, text: str, reason: str) -> None:
        # Gathered in a list while the front matter lasts, joined at its end (a string grown
        # line by line would copy itself on every line).
        page = self.builder.title_page
        notes = page.get("notes")
        if isinstance(notes, list):
            notes.append(text)
        else:
            page["notes"] = [notes, text] if notes else [text]
        self.report.add(n, text, reason, kept=_("in the title page's notes"))

    def bio(self, n: int, raw: str) -> None:
        bio = read_bio(raw)
        b = self.builder
        if bio is not None:
            self.last_bio = b.character(bio.name, age=bio.age, description=bio.description)
            return
        text = normalise(raw)
        if self.last_bio is not None:  # a bio that goes on over several lines
            self.bio_more.setdefault(self.last_bio, []).append(text)
            return
        self.front_note(n, text, _("a line under the character bios that names no character"))

    def end_front(self) -> None:
        self.started = True
        b = self.builder
        if self.outline:
            b.project["logline"] = "\n".join(self.outline)
        if isinstance(b.title_page.get("notes"), list):
            b.title_page["notes"] = "\n".join(b.title_page["notes"])
        for key, more in self.bio_more.items():
            details = b.character_details.setdefault(key, {})
            joined = "\n".join(x for x in (details.get("description"), *more) if x)
            details["description"] = b.words(joined)
        self.bio_more = {}

    def body(self, n: int, raw: str, item: ChineseLine) -> None:
        b = self.builder
        kind = item.kind
        if kind is not LineKind.TEXT and self.waiting is not None:
            self.flush_waiting()
        if kind is LineKind.BLANK:
            return
        if kind is LineKind.EPISODE:
            b.episode(item.text, number=item.number)
        elif kind is LineKind.SCENE:
            self.scene(item)
        elif kind is LineKind.CAST:
            if self.in_prologue():
                self.pending_cast = list(item.cast)
                self.report.add(n, raw, _("a cast line outside any scene"),
                                kept=_("as the cast of the next scene"))
            else:
                self.cast(item.cast)
        elif kind is LineKind.DIALOGUE:
            if not item.text and not item.parenthetical:
                self.waiting = item  # 张三： — the words are on the next line
                return
            self.dialogue(n, raw, item)
        elif kind in _KINDS:
            self.before_scene(n, raw, kind)
            b.element(_KINDS[kind], item.text)
        elif self.waiting is not None:
            waiting, self.waiting = self.waiting, None
            self.dialogue(n, raw, ChineseLine(LineKind.DIALOGUE, normalise(raw), waiting.speaker,
                                              waiting.extension, waiting.parenthetical))
        else:
            # Any other line inside a scene is action (titles and headers included).
            self.before_scene(n, raw, LineKind.TEXT)
            b.element("action", normalise(raw))

    def before_scene(self, n: int, raw: str, kind: LineKind) -> None:
        """Text after an episode line and before its first scene goes in a scene of its own;
        an unknown line there is reported."""
        if self.in_prologue() and kind is LineKind.TEXT:
            self.report.add(n, raw, _("text before the first scene heading"),
                            kept=_("as action before the episode's first scene"))

    def in_prologue(self) -> bool:
        """Before the first scene heading of the episode (text there has a scene of its own)."""
        scene = self.builder.scene
        return scene is None or scene["elements"][:1] == [{"kind": "scene_heading", "text": ""}]

    def flush_waiting(self) -> None:
        waiting, self.waiting = self.waiting, None
        if waiting is not None:
            self.dialogue(0, "", waiting)

    def dialogue(self, n: int, raw: str, item: ChineseLine) -> None:
        b = self.builder
        self.before_scene(n, raw, item.kind)
        b.element(
            "dialogue",
            item.text,
            speaker=b.character(item.speaker) if item.speaker else None,
            extension=item.extension,
            parenthetical=item.parenthetical,
        )

    def scene(self, item: ChineseLine) -> None:
        b = self.builder
        h = item.heading
        assert h is not None
        number = h.number
        if number and "-" not in number and b.episodes:
            # 第三场: the third scene of this episode, locked only when it is not the third.
            position = int(number) - 1 if number.isdigit() else -1
            number = scene_number(b.episodes[-1]["number"], position) if position >= 0 else number
        b.scene_start(h.setting, h.time_of_day, h.location, b.number_if_unexpected(number))
        if not h.complete:
            # No time of day or no setting in the heading: keep its words, invent nothing.
            b.scene["elements"].append({"kind": "scene_heading", "text": item.text})
        cast = list(item.cast) or self.pending_cast
        self.pending_cast = []
        if cast:
            self.cast(tuple(cast))

    def cast(self, names: tuple[str, ...] | list[str]) -> None:
        scene = self.builder.scene
        assert scene is not None
        cast = scene.setdefault("cast", [])
        seen = self.cast_seen.setdefault(id(scene), set(cast))
        for name in names:
            key = self.builder.character(name)
            if key not in seen:
                seen.add(key)
                cast.append(key)

    def finish(self) -> None:
        if self.waiting is not None:
            self.flush_waiting()
        if not self.started:
            self.end_front()


def parse_chinese_lines(lines: Iterable[str], path: Path) -> tuple[dict[str, Any], ImportReport]:
    """Read a Chinese script given as lines (from text or DOCX; lines may be streamed), within
    the budgets of ``app.formats.budgets``; control characters are removed with a warning."""
    reader = _Reader(path)
    budget = reader.builder.budget
    for n, line in enumerate(lines, start=1):
        budget.take("lines")
        budget.line(n, line)
        if CONTROLS.search(line):
            chars = controls_in(line)
            line = without_controls(line)
            reader.report.add(n, line, _("control characters were removed ({chars})").format(
                chars=code_points(chars)))
        reader.line(n, line)
    reader.finish()
    b = reader.builder
    if b.element_count() == 0 and not any(ep["scenes"] for ep in b.episodes):
        raise ImportFailed(
            _(
                "{path} has no scene Kiln recognises; scene headings look like "
                "“1-1 日 外 地点” or “第一场 外/日 校门口”."
            ).format(path=path)
        )
    return b.to_dict(), reader.report


def import_chinese_text(path: Path, encoding: str = "auto") -> tuple[dict[str, Any], ImportReport]:
    """Read a Chinese plain-text script (UTF-8, UTF-8 BOM, GB18030 or UTF-16)."""
    path = Path(path)
    text, found = decode_text(read_limited(path), path, encoding)
    text = text.lstrip("\ufeff")
    check_text(text, path)  # before the text is cut into lines
    data, report = parse_chinese_lines(text.split("\n"), path)
    report.encoding = found
    return data, report


def _not_docx(path: Path) -> Callable[[str], ImportFailed]:
    def refuse(reason: str) -> ImportFailed:
        return ImportFailed(
            _("{path} is not a Word (.docx) document Kiln will read ({reason}); save it again "
              "from Word as .docx and try again.").format(path=path, reason=reason)
        )

    return refuse


def import_docx(path: Path) -> tuple[dict[str, Any], ImportReport]:
    """Read a Chinese script written in Word: one paragraph per line of the layout, streamed
    out of the package (``app.formats.docx.reader``) as it is unpacked."""
    path = Path(path)
    read_limited(path)  # size check before unzipping
    budget = Budget(path)

    def lines() -> Iterator[str]:
        for paragraph in paragraphs(path, budget, _not_docx(path)):
            yield from paragraph.split("\n")

    return parse_chinese_lines(lines(), path)
