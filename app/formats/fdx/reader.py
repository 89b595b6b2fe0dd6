"""Read Final Draft FDX files into a Kiln project.

Paragraph types map to element kinds (docs/interchange.md); a ``DualDialogue`` block's second
speaker becomes ``dual`` dialogue; a parenthetical after a speaker's last line and sung
``Lyrics`` under a cue stay in the speaker's block; ``SceneProperties`` give the scene summary;
the scene heading's ``Number`` is the scene's number (locked when it is not the one the
scene's place gives); a ``Cast List`` paragraph under a heading is the scene's cast;
``ScriptNotes`` (by character ``Range``, the way Final Draft counts: each paragraph's text
plus one for its break, an embedded dual-dialogue block two) and inline ``ScriptNote``
elements become annotations anchored on the ranged words. Bold, italic and underlined runs
become style ranges (``app.core.styles``); revision marks (``RevisionID`` runs and the
``Revisions`` sets) are kept to be written back; the ``SmartType`` character list and the
``Cast`` add characters that have no lines. Title-page paragraphs labelled as Kiln writes
them (``Contact: …``, ``Draft: …``) go back to their fields, the others to its notes.
"""

from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from app.core.controls import CONTROLS, code_points, controls_in, without_controls
from app.core.headings import parse_chinese, parse_hollywood
from app.core.i18n import _
from app.core.styles import STYLES_KEY, Span, spans_from_runs, to_attrs
from app.core.vocabulary import (
    CAPTION_LINE,
    CREDIT_LINES,
    FLASHBACK_END_LINE,
    FLASHBACK_START_LINE,
    extension_codes,
    split_cue,
)
from app.formats.budgets import Budget
from app.formats.builder import ScriptBuilder
from app.formats.common import ImportFailed, ImportReport, has_cjk, read_limited
from app.formats.fountain import emphasis
from app.formats.fountain.title_page import KNOWN_KEYS as TITLE_KEYS
from app.formats.fountain.title_page import norm_key, store
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
_FDX_STYLES = {"Bold": "bold", "Italic": "italic", "Underline": "underline"}
#: Where Kiln keeps Final Draft's revision sets (a private title-page key, never printed).
REVISIONS_KEY = "_fdx_revisions"
#: Final Draft's paragraph type for the characters of a scene (set under its heading).
CAST_LIST = "Cast List"
#: ``Label: value`` on a title-page paragraph (the fields Kiln writes that way).
_LABEL = re.compile(r"([A-Za-z][A-Za-z _-]{0,30}):(.*)", re.DOTALL)  # both parts stripped


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
    notes: list[tuple[str, str]] = field(default_factory=list)  # (body, author)
    plain: str = ""
    spans: list[Span] = field(default_factory=list)
    revisions: list[list[Any]] = field(default_factory=list)  # [start, end, revision id]


def runs_of(p: Element) -> tuple[str, list[Span], list[list[Any]]]:
    """The text of a paragraph's ``<Text>`` runs, their style ranges and revision marks."""
    pieces: list[tuple[str, list[str]]] = []
    revisions: list[list[Any]] = []
    at = 0
    for t in p.findall("Text"):
        text = t.text or ""
        styles = [_FDX_STYLES[s] for s in (t.get("Style") or "").split("+") if s in _FDX_STYLES]
        pieces.append((text, styles))
        if (revision := t.get("RevisionID")) and text:
            if revisions and revisions[-1][1] == at and revisions[-1][2] == revision:
                revisions[-1][1] = at + len(text)
            else:
                revisions.append([at, at + len(text), revision])
        at += len(text)
    text, spans = spans_from_runs(pieces)
    return text, spans, revisions


#: A title-page paragraph of more runs than this is kept as plain text (writing each run's
#: emphasis back costs a reading of the whole paragraph; a title page has a handful).
_MAX_TITLE_RUNS = 1000


def styled_text(p: Element) -> str:
    """The text of a paragraph with its styles as Fountain emphasis (for the title page)."""
    text, spans, _revisions = runs_of(p)
    if len(p.findall("Text")) > _MAX_TITLE_RUNS:
        return emphasis.render(text)
    return emphasis.render(text, spans)


def _plain(p: Element) -> str:
    return "".join(t.text or "" for t in p.findall("Text"))


def _inline_notes(p: Element) -> list[tuple[str, str]]:
    notes = []
    for n in p.findall("ScriptNote"):
        body = "\n".join(_plain(q) for q in n.findall("Paragraph")).strip()
        if body:
            notes.append((body, n.get("WriterName") or n.get("Author") or ""))
    return notes


def _unit(p: Element, pos: int) -> Unit:
    text, spans, revisions = runs_of(p)
    u = Unit(p.get("Type") or "General", text, pos, number=p.get("Number"))
    u.plain, u.spans, u.revisions = text, spans, revisions
    u.notes = _inline_notes(p)
    return u


def flatten(content: Element, budget: Budget | None = None) -> list[Unit]:
    """The paragraphs of ``<Content>`` in order, dual-dialogue blocks opened up (each line
    checked against ``budget``'s line length when given)."""
    units: list[Unit] = []
    pos = 0
    for p in content.findall("Paragraph"):
        dual = p.find("DualDialogue")
        if dual is not None:
            speakers = 0
            for inner in dual.findall("Paragraph"):
                if inner.get("Type") == "Character":
                    speakers += 1
                u = _unit(inner, pos)
                u.dual = speakers >= 2
                units.append(u)
            pos += 3  # the block counts two units, then its paragraph break
            continue
        u = _unit(p, pos)
        if budget is not None:
            for number, line in enumerate(u.plain.split("\n"), start=1):
                budget.line(number, line)
        u.centered = p.get("Alignment") == "Center" and u.type in ("Action", "General")
        u.new_page = p.get("StartsNewPage") == "Yes"
        props = p.find("SceneProperties")
        if props is not None:
            summary = props.find("Summary")
            if summary is not None:
                u.summary = "\n".join(_plain(q) for q in summary.findall("Paragraph"))
            if not u.summary.strip() and (props.get("Title") or "").strip():
                u.summary = (props.get("Title") or "").strip()
        units.append(u)
        pos += len(u.plain) + 1
    return units


def _cut(u: Unit) -> tuple[str, list[Span], list[list[Any]], int]:
    """A unit's words without the line breaks around them, its ranges moved to match, and how
    many characters were cut at its start."""
    text = u.plain
    lead = len(text) - len(text.lstrip("\n"))
    body = text.strip("\n")
    end = lead + len(body)
    spans = [(max(a, lead) - lead, min(b, end) - lead, st) for a, b, st in u.spans if b > lead]
    revisions = [
        [max(a, lead) - lead, min(b, end) - lead, r] for a, b, r in u.revisions
        if b > lead and a < end
    ]
    return body, [sp for sp in spans if sp[0] < sp[1]], revisions, lead


class _Reader:
    def __init__(self, root: Element, path: Path, budget: Budget | None = None) -> None:
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
        _remove_controls(root, self.report)
        budget = budget if budget is not None else Budget(path)
        self.units = flatten(content, budget)
        sample = "\n".join(u.text for u in self.units[:400])
        cjk = has_cjk(sample)
        self.builder = ScriptBuilder(
            path.stem, "zh-Hans" if cjk else "en", "zh" if cjk else "hollywood",
            source=path, report=self.report,
        )
        self.builder.budget = budget
        self.owner: list[dict[str, Any] | None] = [None] * len(self.units)
        self.lead: list[int] = [0] * len(self.units)
        #: For each unit, the nearest element at or after it and before it (made once, when a
        #: note needs one).
        self._after: list[dict[str, Any] | None] | None = None
        self._before: list[dict[str, Any] | None] | None = None
        #: a scene heading was read and nothing of its scene yet (a Cast List there is its cast)
        self.fresh = False

    def title_page(self) -> None:
        paragraphs = self.root.findall("TitlePage/Content/Paragraph")
        texts = [styled_text(p).strip() for p in paragraphs]
        texts = [t for t in texts if t]
        if not texts:
            return
        b = self.builder
        title = emphasis.strip(texts[0]).strip()
        b.project["title"] = title or b.project["title"]
        if texts[0] != title:
            b.title_page["title"] = texts[0]  # with its emphasis, for the title page
        rest = texts[1:]
        for i, t in enumerate(rest):
            if emphasis.strip(t).lower() in CREDIT_LINES and i + 1 < len(rest):
                b.title_page["credit"] = t
                b.project["authors"] = [a.strip() for a in rest[i + 1].split("\n") if a.strip()]
                rest = rest[:i] + rest[i + 2 :]
                break
        notes: list[str] = []
        known = {norm_key(k) for k in TITLE_KEYS} - {"title"}
        for t in rest:
            # ``Contact: …``, ``Draft date: …``: the fields Kiln labels (title_page_lines)
            m = _LABEL.match(t)
            key = norm_key(m[1].strip()) if m else ""
            if m and key in known and m[2].strip():
                store(b, key, m[2].strip())
            else:
                notes.append(t)
        if notes:
            b.title_page["notes"] = "\n".join(
                x for x in (b.title_page.get("notes", ""), *notes) if x)

    def lists(self) -> None:
        """Final Draft's character list (SmartType) and cast: characters without lines too."""
        for c in self.root.findall("SmartType/Characters/Character"):
            name = (c.text or "").strip()
            if name:
                self.builder.character(name)
        for m in self.root.findall("Cast/Member"):
            name = (m.get("Character") or "").strip()
            if name:
                self.builder.character(name)
        revisions = self.root.find("Revisions")
        if revisions is not None:
            self.builder.title_page[REVISIONS_KEY] = {
                "attrs": dict(revisions.attrib),
                "sets": [dict(r.attrib) for r in revisions.findall("Revision")],
            }

    def run(self) -> ScriptBuilder:
        self.title_page()
        self.lists()  # first: the characters keep the order of Final Draft's list
        b = self.builder
        cue: tuple[str, str, bool] | None = None
        paren: tuple[int, Unit] | None = None
        in_block = False
        waiting: list[int] = []  # units that belong to the next element
        for i, u in enumerate(self.units):
            kind = u.type
            text, spans, revisions, self.lead[i] = _cut(u)
            extra: dict[str, Any] = {}
            if spans:
                extra[STYLES_KEY] = to_attrs(spans)
            if revisions:
                extra["revisions"] = revisions
            if u.new_page:
                last = next((ep["scenes"][-1] for ep in reversed(b.episodes) if ep["scenes"]),
                            None)
                if last is not None:  # a page break ends the scene before the paragraph
                    last["elements"].append({"kind": "page_break", "text": ""})
            sung = cue is not None and kind in ("Lyrics", "Lyric")
            if kind not in ("Dialogue", "Parenthetical", "Character") and not sung:
                if paren is not None:
                    self.trailing(*paren, cue, in_block)
                cue, paren, in_block = None, None, False
            if kind == "Scene Heading":
                self.heading(text, u)
                waiting.append(i)
                self.fresh = True
                continue
            if kind == CAST_LIST and self.fresh and b.scene is not None:
                self.cast(text)
                waiting.append(i)
                continue
            if kind == "Character":
                if paren is not None:
                    self.trailing(*paren, cue, in_block)
                name, exts = split_cue(text.strip())
                cue = (name, extension_codes(exts), u.dual)
                paren, in_block = None, False
                waiting.append(i)
                continue
            if kind == "Parenthetical":
                if paren is not None:
                    self.trailing(*paren, cue, in_block)
                    in_block = True
                paren = (i, u)
                continue
            if kind == "Dialogue" or sung:
                if cue is None:
                    self.report.add(i + 1, text, _("dialogue without a character cue"),
                                    kept=_("as action"))
                    self.element(i, waiting, "action", text, attrs=extra)
                    continue
                name, ext, dual = cue
                parenthetical = ""
                if paren is not None:
                    pi, pu = paren
                    if sung or pu.spans:  # a parenthetical kept as its own element
                        self.trailing(pi, pu, cue, in_block)
                        in_block = True
                    else:
                        parenthetical = _strip_parens(pu.plain)
                        waiting.append(pi)
                    paren = None
                if in_block:
                    extra["same_cue"] = True
                self.element(
                    i,
                    waiting,
                    "lyric" if sung else "dialogue",
                    text,
                    speaker=b.character(name),
                    extension=ext,
                    parenthetical=parenthetical,
                    dual=dual,
                    attrs=extra,
                )
                in_block = True
                continue
            if kind == "New Act":
                b.episode(text.strip())
                continue
            if kind == "End of Act":
                extra.update({"section_level": 2, "fdx_type": kind})
                self.element(i, waiting, "section", text, attrs=extra)
                continue
            if kind == "General" and (m := re.match(r"^(#{2,}+)\s*+(.*)$", text, re.DOTALL)):
                self.element(i, waiting, "section", m[2], attrs={"section_level": len(m[1])})
                continue
            if kind == "General" and text.startswith("= "):
                self.element(i, waiting, "synopsis", text[2:])
                continue
            mapped = KINDS.get(kind)
            if mapped is None:
                mapped = "action"
                extra["fdx_type"] = kind
            if u.centered:
                extra["centered"] = True
            if mapped == "action" and not (set(extra) - {STYLES_KEY, "revisions"}):
                self.action(i, waiting, text, extra)
            else:
                self.element(i, waiting, mapped, text, attrs=extra)
        if paren is not None:
            self.trailing(*paren, cue, in_block)
        self.notes()
        return b

    def trailing(
        self, i: int, u: Unit, cue: tuple[str, str, bool] | None, in_block: bool
    ) -> None:
        """A parenthetical with no line of its own after it: kept in the speaker's block."""
        text, spans, revisions, self.lead[i] = _cut(u)
        words = text.strip()
        if len(words) >= 2 and words[0] in "(（" and words[-1] in ")）":
            cut = text.index(words[0]) + 1
            spans = [(max(a, cut) - cut, min(b, cut + len(words) - 2) - cut, st)
                     for a, b, st in spans]
            self.lead[i] += cut
            words = words[1:-1]
        attrs: dict[str, Any] = {"same_cue": True} if in_block else {}
        if spans := [sp for sp in spans if sp[0] < sp[1]]:
            attrs[STYLES_KEY] = to_attrs(spans)
        if revisions:
            attrs["revisions"] = revisions
        if cue is None:
            self.element(i, [], "parenthetical", words, attrs=attrs)
            return
        name, ext, dual = cue
        self.element(i, [], "parenthetical", words, speaker=self.builder.character(name),
                     extension=ext, dual=dual, attrs=attrs)

    def element(
        self, i: int, waiting: list[int], kind: str, text: str, **extra: Any
    ) -> dict[str, Any]:
        self.fresh = False
        el = self.builder.element(kind, text, **extra)
        for j in [*waiting, i]:
            self.owner[j] = el
        waiting.clear()
        return el

    def action(self, i: int, waiting: list[int], text: str, extra: dict[str, Any]) -> None:
        s = text.strip()
        if m := CAPTION_LINE.match(s):
            self.element(i, waiting, "caption", (m["zh"] if m["zh"] is not None else m["en"]))
        elif m := FLASHBACK_START_LINE.match(s):
            self.element(i, waiting, "flashback_start", m["zh"] or m["en"])
        elif m := FLASHBACK_END_LINE.match(s):
            self.element(i, waiting, "flashback_end", m["zh"] or m["en"])
        else:
            self.element(i, waiting, "action", text, attrs=extra)

    def cast(self, text: str) -> None:
        """A Cast List under a heading: the scene's cast (``A, B``, ``(A, B)``, ``A、B``)."""
        b = self.builder
        assert b.scene is not None
        words = text.strip()
        if words[:1] in "(（" and words[-1:] in ")）":
            words = words[1:-1]
        keys = [b.character(n.strip()) for n in re.split(r"[,，、;；\n]", words) if n.strip()]
        b.scene["cast"] = list(dict.fromkeys([*b.scene.get("cast", []), *keys]))

    def heading(self, text: str, u: Unit) -> None:
        b = self.builder
        h = parse_hollywood(text) or parse_chinese(text)
        if h is None:
            b.scene_start(number=u.number)
        else:
            # Final Draft's Number, else a number in the heading's words (Chinese scenes); it
            # stays locked only when it is not the one the scene's place gives
            # (ScriptBuilder.settle_numbers).
            b.scene_start(h.setting, h.time_of_day, h.location, u.number or h.number)
        if h is None or not h.exact:
            b.scene["elements"].append({"kind": "scene_heading", "text": text})
        if u.summary.strip():
            b.scene["summary"] = u.summary.strip()

    def notes(self) -> None:
        for i, u in enumerate(self.units):
            for body, author in u.notes:
                self._attach(i, body, author=author)
        starts = [u.start for u in self.units]
        for n in self.root.findall("ScriptNotes/ScriptNote"):
            body = "\n".join(_plain(q) for q in n.findall("Paragraph")).strip()
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
            author = n.get("WriterName") or n.get("Author") or ""
            if not self._attach(at, body, author=author, span=(start, end)):
                self.report.add(at + 1, body, _("a script note with no line to attach to"))

    def _attach(
        self, i: int, body: str, author: str = "", span: tuple[int, int] | None = None
    ) -> bool:
        if not self.units:
            return False
        target = self.owner[i]
        quote, start = "", None
        if target is not None and span is not None and self.units[i].start <= span[0]:
            unit = self.units[i]
            a = span[0] - unit.start - self.lead[i]
            b = span[1] - unit.start - self.lead[i]
            text = target.get("text", "")
            if 0 <= a <= b <= len(text) and text[a:b] == unit.plain[a + self.lead[i]:
                                                                      b + self.lead[i]]:
                quote, start = text[a:b], a
        if target is None:
            after, before = self._nearest()
            target = after[i] or (before[i - 1] if i > 0 else None)
        if target is None:
            return False
        self.builder.note(target, body, author=author.strip(), quote=quote, start=start)
        return True


    def _nearest(self) -> tuple[list[dict[str, Any] | None], list[dict[str, Any] | None]]:
        """For each unit, the first element at or after it, and the last at or before it."""
        if self._after is None or self._before is None:
            n = len(self.owner)
            after: list[dict[str, Any] | None] = [None] * n
            before: list[dict[str, Any] | None] = [None] * n
            found: dict[str, Any] | None = None
            for k in range(n - 1, -1, -1):
                found = self.owner[k] if self.owner[k] is not None else found
                after[k] = found
            found = None
            for k in range(n):
                found = self.owner[k] if self.owner[k] is not None else found
                before[k] = found
            self._after, self._before = after, before
        return self._after, self._before


def _remove_controls(root: Element, report: ImportReport) -> None:
    """Take the control characters XML lets through (DEL, C1, a character reference to a
    carriage return) out of every text and attribute, reporting each text they were in."""
    for el in root.iter():
        for attr in ("text", "tail"):
            value = getattr(el, attr)
            if value and CONTROLS.search(value):
                clean = without_controls(value)
                setattr(el, attr, clean)
                report.add(0, clean, _("control characters were removed ({chars})").format(
                    chars=code_points(controls_in(value))))
        for key, value in el.attrib.items():
            if CONTROLS.search(value):
                el.set(key, without_controls(value))
                report.add(0, without_controls(value), _(
                    "control characters were removed ({chars})").format(
                    chars=code_points(controls_in(value))))


def _strip_parens(text: str) -> str:
    words = text.strip()
    if len(words) >= 2 and words[0] in "(（" and words[-1] in ")）":
        return words[1:-1].strip()
    return words


def import_fdx(path: Path) -> tuple[dict[str, Any], ImportReport]:
    """Read a Final Draft file; return the project JSON dict and the report."""
    path = Path(path)
    budget = Budget(path)
    root = parse_xml(read_limited(path), path, "Final Draft", budget,
                     counted={"Paragraph": "paragraphs"})
    reader = _Reader(root, path, budget)
    builder = reader.run()
    if builder.element_count() == 0 and not any(ep["scenes"] for ep in builder.episodes):
        raise ImportFailed(
            _("{path} holds no script paragraphs; check that it is a Final Draft script.").format(
                path=path
            )
        )
    return builder.to_dict(), reader.report
