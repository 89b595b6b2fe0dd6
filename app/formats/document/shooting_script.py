"""Build the shooting script ``Document`` in the project's layout (Chinese or Hollywood)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from app.core.direction import dominant_rtl, has_rtl, is_rtl
from app.core.enums import ElementKind, ScriptLayout
from app.core.headings import Heading, chinese_episode_heading, render_chinese, render_hollywood
from app.core.records import ElementRecord, SceneRecord
from app.core.vocabulary import (
    HOLLYWOOD_WORDS,
    ZH_LYRIC,
    ZH_WORDS,
    flashback_marker,
    zh_dialogue_line,
)
from app.features.notes.consent import ConsentItem, consent_items
from app.formats.document import sources
from app.formats.document.labels import ExportText, _
from app.formats.document.model import (
    Document,
    DualDialogue,
    Note,
    PageBreak,
    PageStyle,
    Paragraph,
    Table,
)
from app.formats.document.options import Cancelled, ExportOptions, Progress
from app.project.open_project import OpenProject

logger = logging.getLogger(__name__)

INCH = 72.0

HOLLYWOOD = PageStyle(
    width=8.5 * INCH,
    height=11 * INCH,
    margin_left=1.5 * INCH,
    margin_right=1.0 * INCH,
    margin_top=1.0 * INCH,
    margin_bottom=1.0 * INCH,
    family="screenplay",
    size=12.0,
    leading=1.0,
)
CHINESE = PageStyle(family="sans", size=11.0, leading=1.6)

#: Dual dialogue columns (start, width) from the text area's left edge (1.5" on the page):
#: the left speech 1.5"–4.375", the right 4.625"–7.5"; cues 0.75" into their column.
DUAL_COLUMNS = ((0.0, 2.875 * INCH), (3.125 * INCH, 2.875 * INCH))
DUAL_INDENTS = {"character": (0.75 * INCH, 0.0), "parenthetical": (0.35 * INCH, 0.35 * INCH)}


def build(
    project: OpenProject, opts: ExportOptions, text: ExportText, progress: Progress
) -> Document:
    """The shooting script of ``project`` as a document."""
    info = project.info()
    zh = info.layout == ScriptLayout.ZH
    doc = Document(
        title=info.title,
        language=text.language,
        rtl=False,
        style=CHINESE if zh else HOLLYWOOD,
        header=" · ".join(x for x in (info.title, info.draft) if x),
    )
    _title_page(doc, info, text)
    _consent(doc, consent_items(project, language=text.language), text)
    characters = {c.id: c for c in project.characters()}
    notes = sources.notes_by_element(project) if opts.notes else {}
    heritage = sources.heritage_by_target(project) if opts.heritage else {}
    bilingual = sources.translations(project, opts.bilingual) if opts.bilingual else {}
    episodes = [e for e in project.episodes() if opts.wants(e.number)]
    all_elements = sources.elements_by_scene(project)
    scenes_of = sources.scenes_by_episode(project)
    group = 0
    for n, ep in enumerate(episodes):
        if not progress(n, len(episodes)):
            raise Cancelled
        doc.add(PageBreak())
        if zh:
            title = chinese_episode_heading(ep.number, ep.title)
        else:
            title = text.gettext(_("Episode {n}")).format(n=ep.number)
            title += f": {ep.title}" if ep.title else ""
        doc.add(
            Paragraph(
                title,
                style="episode",
                bold=True,
                size=doc.style.size + (3 if zh else 0),
                align="center",
                uppercase=not zh,
                keep_with_next=True,
            )
        )
        for scene in scenes_of.get(ep.id, []):
            _scene_heading(doc, scene, zh, characters, info.source_language)
            if heritage:
                _heritage(doc, scene, heritage, all_elements, text)
            speech: int | None = None  # where the last speech's blocks start (dual dialogue)
            for el in all_elements.get(scene.id, []):
                group += 1
                start = len(doc.blocks)
                _element(doc, el, zh, characters, info.source_language, group)
                if el.id in notes:
                    target = _last_paragraph(doc)
                    for note in notes[el.id]:
                        target.notes.append(Note(note.author, note.body, "✎"))
                if el.id in bilingual:
                    _translation(doc, bilingual[el.id], opts.bilingual, zh, group)
                dialogue = el.kind == ElementKind.DIALOGUE
                if dialogue and el.dual and speech is not None and not zh:
                    _dual(doc, speech, start)
                    speech = None
                else:
                    speech = start if dialogue else None
    progress(len(episodes), len(episodes))
    return doc


def _last_paragraph(doc: Document) -> Paragraph:
    for block in reversed(doc.blocks):
        if isinstance(block, Paragraph):
            return block
    raise LookupError("no paragraph")


def _dual(doc: Document, left: int, right: int) -> None:
    """Set the blocks from ``left`` (one speech) and from ``right`` (the next) side by side."""
    sides = (doc.blocks[left:right], doc.blocks[right:])
    if not all(isinstance(b, Paragraph) for side in sides for b in side):
        return  # a page break or table inside a speech: leave them one after the other
    space = sides[0][0].space_before if sides[0] else 0.0
    columns: list[list[Paragraph]] = []
    for side in sides:
        column = []
        for i, block in enumerate(side):
            assert isinstance(block, Paragraph)
            indent, indent_end = DUAL_INDENTS.get(block.style, (0.0, 0.0))
            block.indent, block.indent_end = indent, indent_end
            block.group, block.cue, block.keep_with_next = None, "", False
            block.space_before = 0.0 if i == 0 else block.space_before
            column.append(block)
        columns.append(column)
    del doc.blocks[left:]
    doc.add(DualDialogue(columns[0], columns[1], DUAL_COLUMNS, space_before=space))


def _title_page(doc: Document, info: Any, text: ExportText) -> None:
    g = text.gettext
    doc.add(
        Paragraph(
            info.title,
            style="title",
            bold=True,
            size=doc.style.size + 12,
            align="center",
            space_before=150,
            rtl=has_rtl(info.title),
        )
    )
    if info.logline:
        doc.add(
            Paragraph(
                info.logline,
                align="center",
                space_before=24,
                rtl=has_rtl(info.logline) and is_rtl(text.language),
            )
        )
    # Labelled lines read in the export's direction ("پیش‌نویس: 第一稿" starts at the right in
    # Persian); free text keeps its own.
    if info.authors:
        doc.add(Paragraph(g(_("Written by")), align="center", space_before=36, rtl=text.rtl))
        authors = ", ".join(info.authors)
        doc.add(Paragraph(authors, align="center", rtl=dominant_rtl(authors, text.rtl)))
    lines: list[tuple[str, bool]] = []
    if info.registration_number:
        label = g(_("Registration number: {number}"))
        lines.append((label.format(number=info.registration_number), text.rtl))
    extra = getattr(info, "title_page", None) or {}
    if info.draft:
        lines.append((g(_("Draft: {draft}")).format(draft=info.draft), text.rtl))
    if extra.get("draft_date"):
        lines.append((str(extra["draft_date"]), dominant_rtl(str(extra["draft_date"]), text.rtl)))
    else:
        lines.append((text.date(dt.date.today()), text.rtl))
    for key in ("credit", "source", "contact", "copyright", "notes"):
        if extra.get(key):
            lines.append((str(extra[key]), dominant_rtl(str(extra[key]), text.rtl)))
    for i, (line, rtl) in enumerate(lines):
        doc.add(Paragraph(line, align="center", space_before=60 if i == 0 else 0, rtl=rtl))


def _consent(doc: Document, items: list[ConsentItem], text: ExportText) -> None:
    """The cover page says which restricted heritage entries the script depicts, and whether
    a consultant approved each: without an approval the script must not be shot as it is."""
    restricted = [item for item in items if item.level == "restricted"]
    if not restricted:
        return
    g = text.gettext
    doc.add(Paragraph(g(_("Heritage consent")), bold=True, align="center", space_before=36,
                      rtl=text.rtl))
    for item in restricted:
        if item.needs_approval:
            line = g(_("Restricted, not approved: {name}. {note} Do not shoot it until the "
                       "bearers' approval is recorded."))
        else:
            line = g(_("Restricted, approved by a consultant: {name}. {note}"))
        line = " ".join(line.format(name=item.name, note=item.note).split())
        doc.add(Paragraph(line, align="center", rtl=dominant_rtl(line, text.rtl)))


def _scene_heading(
    doc: Document, scene: SceneRecord, zh: bool, characters: dict[str, Any], language: str
) -> None:
    heading = Heading(scene.setting, scene.time_of_day, scene.location_name, scene.number)
    if zh:
        head = render_chinese(heading)
        doc.add(Paragraph(head, style="scene", bold=True, space_before=14, keep_with_next=True))
        names = [characters[c].name(language) for c in scene.cast if c in characters]
        if names:
            cast = ZH_WORDS.cast.format(names=ZH_WORDS.name_separator.join(names))
            doc.add(Paragraph(cast, keep_with_next=True))
    else:
        head = render_hollywood(heading)  # the number goes to the margins
        doc.add(
            Paragraph(
                head,
                style="scene",
                bold=True,
                uppercase=True,
                space_before=24,
                keep_with_next=True,
                margin_marks=(scene.number, scene.number),
            )
        )
    summary = getattr(scene, "summary", "")
    if summary:
        doc.add(Paragraph(summary, style="synopsis", size=doc.style.size - 1))


def _heritage(
    doc: Document,
    scene: SceneRecord,
    heritage: dict[str, list[dict[str, Any]]],
    all_elements: dict[str, list[ElementRecord]],
    text: ExportText,
) -> None:
    items = list(heritage.get(scene.id, []))
    for el in all_elements.get(scene.id, []):
        items.extend(heritage.get(el.id, []))
    if not items:
        return
    g = text.gettext
    rows = []
    for data in items:
        names = data.get("names") if isinstance(data.get("names"), dict) else {}
        name = (
            names.get(text.language)
            or names.get("zh-Hans")
            or data.get("name")
            or data.get("id", "")
        )
        detail = "; ".join(
            str(data[k]) for k in ("props", "costume", "portrayal_notes") if data.get(k)
        )
        rows.append(
            [
                str(name),
                str(data.get("china_category") or ", ".join(data.get("unesco_domains") or ())),
                detail,
                str(data.get("approval", "")),
            ]
        )
    doc.add(
        Table(
            [
                g(_("Heritage item")),
                g(_("Category")),
                g(_("Props, costume, portrayal")),
                g(_("Consultant approval")),
            ],
            rows,
            [0.25, 0.2, 0.35, 0.2],
        )
    )


def _element(
    doc: Document,
    el: ElementRecord,
    zh: bool,
    characters: dict[str, Any],
    language: str,
    group: int,
) -> None:
    kind = el.kind
    speaker = (
        characters[el.speaker_id].name(language) if el.speaker_id in characters else (el.speaker)
    )
    rtl_text = bool(el.language and is_rtl(el.language)) or dominant_rtl(el.text, False)
    if kind.value == "page_break":
        doc.add(PageBreak())
        return
    if zh:
        doc.add(_zh_paragraph(el, speaker))
        return
    if kind == ElementKind.DIALOGUE:
        extension = HOLLYWOOD_WORDS.extension.format(extension=el.extension)
        cue = speaker.upper() + (extension if el.extension else "")
        doc.add(
            Paragraph(
                cue,
                style="character",
                indent=2.2 * INCH,
                space_before=12,
                keep_with_next=True,
                group=group,
            )
        )
        if el.parenthetical:
            doc.add(
                Paragraph(
                    HOLLYWOOD_WORDS.mark(ElementKind.PARENTHETICAL, el.parenthetical),
                    style="parenthetical",
                    indent=1.6 * INCH,
                    indent_end=1.9 * INCH,
                    group=group,
                    keep_with_next=True,
                )
            )
        doc.add(
            Paragraph(
                el.text,
                style="dialogue",
                indent=1.0 * INCH,
                indent_end=1.5 * INCH,
                rtl=rtl_text,
                group=group,
                cue=speaker.upper(),
            )
        )
    elif kind == ElementKind.CHARACTER:
        doc.add(
            Paragraph(
                el.text, indent=2.2 * INCH, space_before=12, uppercase=True, keep_with_next=True
            )
        )
    elif kind == ElementKind.PARENTHETICAL:
        doc.add(Paragraph(el.text, indent=1.6 * INCH, indent_end=1.9 * INCH))
    elif kind == ElementKind.TRANSITION:
        doc.add(Paragraph(el.text, align="end", space_before=12, uppercase=True))
    elif kind in (ElementKind.FLASHBACK_START, ElementKind.FLASHBACK_END):
        marker = flashback_marker(ScriptLayout.HOLLYWOOD, kind, el.text)
        doc.add(Paragraph(marker, space_before=12, uppercase=True))
    else:
        attrs = getattr(el, "attrs", None) or {}
        doc.add(
            Paragraph(
                el.text,
                space_before=12,
                rtl=rtl_text,
                align="center" if attrs.get("centered") else "start",
                uppercase=kind == ElementKind.SHOT,
                bold=kind.value == "section",
            )
        )


def _zh_paragraph(el: ElementRecord, speaker: str) -> Paragraph:
    kind = el.kind.value
    if el.kind is ElementKind.DIALOGUE:
        line = zh_dialogue_line(speaker, el.extension, el.parenthetical, el.text)
        return Paragraph(line, style="dialogue")
    if el.kind in (ElementKind.FLASHBACK_START, ElementKind.FLASHBACK_END):
        text = flashback_marker(ScriptLayout.ZH, el.kind, el.text)
    elif el.kind is ElementKind.LYRIC:
        text = f"{ZH_LYRIC[0]}{el.text}{ZH_LYRIC[1]}"
    elif el.kind in (ElementKind.ACTION, ElementKind.CAPTION, ElementKind.PARENTHETICAL,
                     ElementKind.NOTE):
        text = ZH_WORDS.mark(el.kind, el.text)
    else:
        text = el.text
    return Paragraph(
        text, style=kind, align="end" if kind == "transition" else "start", bold=kind == "section"
    )


def _translation(doc: Document, translated: str, language: str, zh: bool, group: int) -> None:
    rtl = is_rtl(language)
    if zh:
        doc.add(Paragraph(translated, rtl=rtl, indent=24, size=doc.style.size - 1))
    else:
        doc.add(Paragraph(translated, rtl=rtl, indent=1.0 * INCH, indent_end=1.5 * INCH))
