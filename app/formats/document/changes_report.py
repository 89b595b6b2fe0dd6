"""Build the changes report ``Document``: what changed between two versions of the script.

A cover line says which two versions (drafts, the script now, or two project files) and counts
the scenes added, removed, moved and changed; then, episode by episode in script order, every
scene that changed, with its lines: added lines marked ``+``, removed lines ``−`` with their words
struck through, and changed lines twice — the old words with the deleted ones struck through,
then the new with the inserted ones in bold and underlined (Chinese character by character,
Arabic, Persian and Latin word by word). Right-to-left lines run right to left. Rendered to PDF
or DOCX like every document (``app.formats.documents``).
"""

from __future__ import annotations

import datetime as dt
import logging

from app.core.direction import dominant_rtl, isolate
from app.core.enums import ScriptLayout
from app.core.headings import chinese_episode_heading
from app.features.drafts.compare import Comparison, LineChange, SceneChange
from app.formats.document.labels import ExportText, _
from app.formats.document.model import Document, PageStyle, Paragraph
from app.formats.document.options import Cancelled, ExportOptions, Progress

logger = logging.getLogger(__name__)

STYLE = PageStyle(family="sans", size=10.5, leading=1.5)
DELETED = "strike"
INSERTED = ("bold", "underline")


def build(comparison: Comparison, title: str, layout: ScriptLayout, opts: ExportOptions,
          text: ExportText, progress: Progress) -> Document:
    """The changes report of ``comparison`` (of the project called ``title``)."""
    g = text.gettext
    rtl = text.rtl
    doc = Document(title=g(_("Changes: {title}")).format(title=title), language=text.language,
                   rtl=rtl, style=STYLE, header=title, front_pages=0)
    # labelled lines read in the report's direction, whatever the title's script
    doc.add(Paragraph(g(_("Changes: {title}")).format(title=isolate(title)), bold=True, size=18,
                      rtl=rtl))
    for line in (
        g(_("From: {version}")).format(version=isolate(_version(comparison.old_label, g))),
        g(_("To: {version}")).format(version=isolate(_version(comparison.new_label, g))),
        g(_("Date: {date}")).format(date=isolate(text.date(opts.date or dt.date.today()))),
    ):
        doc.add(Paragraph(line, rtl=rtl, space_before=4))
    doc.add(Paragraph(_counts(comparison, text), rtl=rtl, space_before=10))
    if comparison.empty:
        doc.add(Paragraph(g(_("Nothing changed.")), rtl=rtl, space_before=10))
    for episode in comparison.episodes:
        line = {
            "added": g(_("Episode {n} added: {title}")),
            "removed": g(_("Episode {n} removed: {title}")),
            "changed": g(_("Episode {n} retitled: {title}")),
        }[episode.status].format(n=text.digits(episode.number),
                                 title=episode.title or episode.old_title)
        doc.add(Paragraph(line, rtl=rtl, space_before=4))
    groups = list(comparison.by_episode())
    for n, (number, scenes) in enumerate(groups):
        if not progress(n, len(groups)):
            raise Cancelled
        doc.add(Paragraph(_episode(number, comparison.episode_titles.get(number or 0, ""),
                                   layout, text), bold=True, size=14, rtl=rtl, space_before=18,
                          keep_with_next=True))
        for scene in scenes:
            _scene(doc, scene, text)
    progress(len(groups), len(groups))
    return doc


def _version(label: str, g: object) -> str:
    return label or g(_("the script now"))  # type: ignore[operator]


def _counts(c: Comparison, text: ExportText) -> str:
    g, d = text.gettext, text.digits
    return g(_("Scenes: {added} added, {removed} removed, {moved} moved, {changed} changed; "
               "{lines} lines changed.")).format(
        added=d(len(c.added)), removed=d(len(c.removed)), moved=d(len(c.moved)),
        changed=d(len(c.changed)), lines=d(c.lines_changed()))


def _episode(number: int | None, title: str, layout: ScriptLayout, text: ExportText) -> str:
    if number is None:
        return text.gettext(_("Without an episode"))
    if layout == ScriptLayout.ZH and text.language.startswith("zh"):
        return chinese_episode_heading(number, title)
    head = text.gettext(_("Episode {n}")).format(n=text.digits(number))
    return f"{head}: {title}" if title else head


def _scene(doc: Document, scene: SceneChange, text: ExportText) -> None:
    g, rtl = text.gettext, text.rtl
    if scene.added:
        status = g(_("added"))
    elif scene.removed:
        status = g(_("removed"))
    elif scene.moved and scene.changed:
        status = g(_("moved from {scene}, changed")).format(scene=scene.old_number)
    elif scene.moved:
        status = g(_("moved from {scene}")).format(scene=scene.old_number)
    else:
        status = g(_("changed"))
    heading = scene.old_heading if scene.removed else scene.heading
    doc.add(Paragraph(f"{heading} — {status}", bold=True, space_before=10, keep_with_next=True,
                      rtl=dominant_rtl(heading, rtl)))
    if scene.changed and scene.heading != scene.old_heading and not scene.added:
        _pair(doc, scene.old_heading, scene.heading, "")
    for line in scene.lines:
        _line(doc, line, text)


def _who(line: LineChange, new: bool) -> str:
    speaker = line.speaker_new if new else line.speaker_old
    return f"{speaker}: " if speaker else ""


def _line(doc: Document, line: LineChange, text: ExportText) -> None:
    g = text.gettext
    if line.status == "added":
        body = _who(line, True) + (line.new or "")
        doc.add(_marked("+ ", body, [(0, len(body), s) for s in INSERTED]))
        return
    if line.status == "removed":
        body = _who(line, False) + (line.old or "")
        doc.add(_marked("− ", body, [(0, len(body), DELETED)]))
        return
    note = ""
    if "speaker" in line.fields:
        note = g(_("(speaker changed)"))
    if line.moved:
        note = " ".join(x for x in (note, g(_("(moved in the scene)"))) if x)
    old_lead, new_lead = _who(line, False), _who(line, True)
    old_spans: list[tuple[int, int, str]] = []
    new_spans: list[tuple[int, int, str]] = []
    old_at, new_at = len(old_lead), len(new_lead)
    for op, piece in line.words:
        if op in ("equal", "delete"):
            if op == "delete":
                old_spans.append((old_at, old_at + len(piece), DELETED))
            old_at += len(piece)
        if op in ("equal", "insert"):
            if op == "insert":
                new_spans += [(new_at, new_at + len(piece), s) for s in INSERTED]
            new_at += len(piece)
    _pair(doc, old_lead + (line.old or ""), new_lead + (line.new or ""), note,
          old_spans, new_spans)


def _pair(doc: Document, old: str, new: str, note: str,
          old_spans: list[tuple[int, int, str]] | None = None,
          new_spans: list[tuple[int, int, str]] | None = None) -> None:
    if old_spans is None:
        old_spans = [(0, len(old), DELETED)]
    if new_spans is None:
        new_spans = [(0, len(new), s) for s in INSERTED]
    doc.add(_marked("− ", old, old_spans))
    doc.add(_marked("+ ", new + (f"  {note}" if note else ""), new_spans))


def _marked(sign: str, body: str, spans: list[tuple[int, int, str]]) -> Paragraph:
    """A line of the report: its sign, then its words with the changed ones styled. A line
    that runs right to left puts the sign at its right, where it starts."""
    shift = len(sign)
    return Paragraph(sign + body, rtl=dominant_rtl(body, False), indent=18, space_before=2,
                     styles=tuple((a + shift, b + shift, s) for a, b, s in spans if a < b))
