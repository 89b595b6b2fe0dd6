"""Build the shooting script ``Document`` in the project's layout (Chinese or Hollywood)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from app.core.direction import dominant_rtl, is_rtl
from app.core.enums import ElementKind, ScriptLayout
from app.core.errors import CommandError
from app.core.headings import Heading, chinese_episode_heading, render_chinese, render_hollywood
from app.core.i18n import _ as ui_
from app.core.records import ElementRecord, SceneRecord, is_feature
from app.core.scene_numbers import Omitted, omitted_of, sort_key
from app.core.styles import Span, styles_of
from app.core.vocabulary import (
    HOLLYWOOD_WORDS,
    ZH_LYRIC,
    ZH_WORDS,
    extension_words,
    flashback_marker,
    split_cue,
    zh_dialogue_line,
)
from app.formats.document.content import ScriptContent
from app.formats.document.labels import ExportText, _
from app.formats.document.model import (
    INCH,
    Document,
    DualDialogue,
    Note,
    PageBreak,
    PageStyle,
    Paragraph,
    Table,
)
from app.formats.document.options import Cancelled, ExportOptions, Progress
from app.formats.document.title_page import title_page

if TYPE_CHECKING:  # types only: their modules read a project's database
    from app.formats.revisions import Revision

logger = logging.getLogger(__name__)

HOLLYWOOD = PageStyle(
    width=8.5 * INCH,
    height=11 * INCH,
    margin_left=1.5 * INCH,
    margin_right=1.0 * INCH,
    margin_top=1.0 * INCH,
    margin_bottom=48.0,  # 56 lines of 12 points a page (1" at the top, 2/3" at the foot)
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
    content: ScriptContent, opts: ExportOptions, text: ExportText, progress: Progress
) -> Document:
    """The shooting script of ``content`` (read from a project, or from a script in a one-step
    export: ``app.formats.document.content``) as a document.

    Headings are printed as written: a scene whose source heading the fields cannot rebuild
    keeps it word for word as its first element, and that is what is printed (once); a scene
    the source did not head prints none. Emphasis is carried as style ranges; cues keep the
    extensions as written; a feature (one untitled episode) has no episode heading and its
    scenes are numbered 1, 2, 3… (``script_source.printed_numbers``, as Fountain and FDX
    exports number them). Pages are numbered from the page after the title page.

    With ``opts.revision`` (a draft's name) it is a revised script: every line changed since
    that draft carries ``*`` in the margin (the left one when the script is written right to
    left), and every page after the title page the revision's colour and date. While scene
    numbers are locked, the numbers of deleted scenes stand in their place as OMITTED.
    """
    info = content.info
    zh = info.layout == ScriptLayout.ZH
    revision = content.revision
    doc = Document(
        title=info.title,
        language=text.language,
        rtl=False,
        style=CHINESE if zh else HOLLYWOOD,
        header=" · ".join(x for x in (info.title, info.draft) if x) if zh else "",
        page_numbers="foot" if zh else "head",
        front_pages=1,
        marks_left=is_rtl(info.source_language),
        changed_pages_only=opts.changed_pages_only,
    )
    if revision is not None:
        doc.revision = _revision_label(revision, text)
    gone = _newly_omitted(revision)
    if opts.changed_pages_only and revision is not None and not (revision.marks or gone):
        raise CommandError(ui_(
            "Nothing changed since the draft “{name}”: there is no changed page to export.")
            .format(name=revision.base))
    title_page(doc, info, text, opts, content.consent, doc.revision)
    characters = content.characters
    notes, heritage, bilingual = content.notes, content.heritage, content.bilingual
    all_episodes = content.episodes
    episodes = [e for e in all_episodes if opts.wants(e.number)]
    all_elements = content.elements_of
    scenes_of = content.scenes_of
    numbers = content.numbers
    feature = is_feature(info.layout, [e.title for e in all_episodes])
    omitted = omitted_of(info.revision) if info.revision.get("locked") else []
    marks = revision.marks if revision is not None else None
    group = 0
    for n, ep in enumerate(episodes):
        if not progress(n, len(episodes)):
            raise Cancelled
        doc.add(PageBreak())
        if not feature:
            _episode_heading(doc, ep, zh, text)
        left = [o for o in omitted if o.episode_id == ep.id]
        for scene in scenes_of.get(ep.id, []):
            elements = all_elements.get(scene.id, [])
            number = numbers[scene.id]
            while left and number and sort_key(left[0].number) < sort_key(number):
                _omitted(doc, left.pop(0), zh, text, gone)
            heading_at = len(doc.blocks)
            elements = _scene_heading(doc, scene, elements, zh, characters, info, number)
            if marks is not None and scene.id in marks.headings:
                _mark(doc.blocks[heading_at:], ("new",), [], None)
            if heritage:
                _heritage(doc, scene, heritage, all_elements, text)
            speech: int | None = None  # where the last speech's blocks start (dual dialogue)
            for el in elements:
                group += 0 if (el.attrs or {}).get("same_cue") else 1
                start = len(doc.blocks)
                if not _element(doc, el, zh, characters, info.source_language, group, opts):
                    continue
                if marks is not None and el.id in marks.lines:
                    _mark(doc.blocks[start:], *marks.lines[el.id], el)
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
                elif not (dialogue and (el.attrs or {}).get("same_cue")):
                    speech = start if dialogue else None
        for rest in left:
            _omitted(doc, rest, zh, text, gone)
    progress(len(episodes), len(episodes))
    return doc


def _revision_label(revision: Revision, text: ExportText) -> str:
    g = text.gettext
    return g(_("{colour} Revision · {date}")).format(
        colour=revision.colour.label(g), date=text.date(revision.date))


def _newly_omitted(revision: Revision | None) -> set[str]:
    """The numbers of the scenes taken out since the revision's draft (their OMITTED line is a
    change and carries a mark)."""
    if revision is None:
        return set()
    return {s.number for s in revision.comparison.removed}


def _omitted(doc: Document, gone: Omitted, zh: bool, text: ExportText, new: set[str]) -> None:
    """A deleted scene's number, kept in its place while numbers are locked: ``3-3 OMITTED``."""
    word = text.gettext(_("OMITTED"))
    mark = "*" if gone.number in new else ""
    if zh:
        doc.add(Paragraph(f"{gone.number} {word}", style="scene", bold=True, space_before=14,
                          change_mark=mark))
    else:
        doc.add(Paragraph(word, style="scene", bold=True, space_before=12,
                          margin_marks=(gone.number, gone.number), change_mark=mark))


#: The paragraph styles that carry each field of a line (Hollywood: a speech is a cue, a
#: parenthetical and the words; anything else is one paragraph).
_FIELD_STYLES = {"speaker": ("character",), "extension": ("character",),
                 "parenthetical": ("parenthetical",)}


def _mark(blocks: list[Any], fields: tuple[str, ...], spans: list[tuple[int, int]],
          el: ElementRecord | None) -> None:
    """Put the revision mark on the paragraphs of one line that changed: where its words
    changed (``spans`` of its text), the cue when the speaker changed, the parenthetical when
    that did, every paragraph of a new line (or a heading)."""
    paragraphs = [b for b in blocks if isinstance(b, Paragraph)]
    whole = el is None or bool({"new", "kind", "moved"} & set(fields))
    for p in paragraphs:
        if whole:
            p.change_mark = "*"
            continue
        styles = {s for f in fields for s in _FIELD_STYLES.get(f, ())}
        if p.style in styles:
            p.change_mark = "*"
            continue
        text_fields = {"text", "deleted_before", "deleted_after"} & set(fields)
        if not text_fields or not el.text:
            continue
        shown = p.text.upper() if p.uppercase else p.text
        words = el.text.upper() if p.uppercase else el.text
        at = shown.rfind(words)
        if at < 0 or p.style in ("character", "parenthetical"):
            continue
        p.change_mark = "*"
        p.change_spans = tuple((at + max(0, a), at + min(b, len(el.text))) if a < b else
                               (at + min(a, len(el.text)), at + min(a, len(el.text)))
                               for a, b in spans) or ((at, at + len(el.text)),)
    if fields and paragraphs and not any(p.change_mark for p in paragraphs):
        for p in paragraphs:  # the change has no paragraph of its own (a Chinese speaker)
            p.change_mark = "*"

def _episode_heading(doc: Document, ep: Any, zh: bool, text: ExportText) -> None:
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


def _scene_heading(
    doc: Document,
    scene: SceneRecord,
    elements: list[ElementRecord],
    zh: bool,
    characters: dict[str, Any],
    info: Any,
    number: str,
) -> list[ElementRecord]:
    """Print the scene's heading (as written when the source's words are kept) and return the
    elements that follow it."""
    first = elements[0] if elements else None
    spans: list[Span] = []
    if first is not None and first.kind == ElementKind.SCENE_HEADING:
        elements = elements[1:]
        head = first.text
        spans = styles_of(head, first.attrs)
        if not head.strip():
            head = ""  # the source did not head this scene (the text before the first heading)
    else:
        heading = Heading(scene.setting, scene.time_of_day, scene.location_name, number)
        head = render_chinese(heading) if zh else render_hollywood(heading).upper()
    if zh:
        if head:
            doc.add(Paragraph(head, style="scene", bold=True, space_before=14,
                              keep_with_next=True, styles=tuple(spans)))
        names = [characters[c].name(info.source_language) for c in scene.cast if c in characters]
        if names:
            cast = ZH_WORDS.cast.format(names=ZH_WORDS.name_separator.join(names))
            doc.add(Paragraph(cast, keep_with_next=True))
    elif head:
        doc.add(
            Paragraph(
                head,
                style="scene",
                bold=True,
                space_before=12,
                keep_with_next=True,
                margin_marks=(number, number),  # the number goes to both margins
                styles=tuple(spans),
            )
        )
    summary = getattr(scene, "summary", "")
    if summary and zh:
        doc.add(Paragraph(summary, style="synopsis", size=doc.style.size - 1))
    return elements


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


def _cue(el: ElementRecord, speaker: str) -> str:
    """The cue as the source wrote it (``MOM (O.S.)``, ``BRICK (CONT'D)``), else the speaker's
    name and the extensions as a Hollywood script spells them (``(V.O.)``)."""
    written = (el.attrs or {}).get("cue")
    if isinstance(written, str) and written.strip():
        name, _words = split_cue(written)
        if name.upper() == (el.speaker or speaker).upper() or name.upper() == speaker.upper():
            return written.strip()
    return speaker.upper() + extension_words(ScriptLayout.HOLLYWOOD, el.extension)


#: What a shooting script does not print: Fountain's sections and synopses (the writer's
#: outline) and script notes (``--notes`` sets consultants' notes as footnotes instead).
_NOT_PRINTED = (ElementKind.SECTION, ElementKind.SYNOPSIS, ElementKind.NOTE)


def _element(
    doc: Document,
    el: ElementRecord,
    zh: bool,
    characters: dict[str, Any],
    language: str,
    group: int,
    opts: ExportOptions,
) -> bool:
    """Add the paragraphs of ``el``; False when it is not printed."""
    kind = el.kind
    attrs = el.attrs or {}
    speaker = (
        characters[el.speaker_id].name(language) if el.speaker_id in characters else (el.speaker)
    )
    rtl_text = bool(el.language and is_rtl(el.language)) or dominant_rtl(el.text, False)
    spans = tuple(styles_of(el.text, attrs))
    if kind == ElementKind.PAGE_BREAK:
        doc.add(PageBreak())
        return True
    if zh:
        doc.add(_zh_paragraph(el, speaker))
        return True
    if kind in _NOT_PRINTED:
        return False
    spoken = kind in (ElementKind.DIALOGUE, ElementKind.LYRIC) and bool(
        el.speaker_id or el.speaker
    )
    if spoken or (kind == ElementKind.PARENTHETICAL and attrs.get("same_cue")):
        continued = bool(attrs.get("same_cue"))
        cue = _cue(el, speaker)
        if not continued:
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
        aside = el.parenthetical or (el.text if kind == ElementKind.PARENTHETICAL else "")
        if aside:
            doc.add(
                Paragraph(
                    HOLLYWOOD_WORDS.mark(ElementKind.PARENTHETICAL, aside),
                    style="parenthetical",
                    indent=1.6 * INCH,
                    indent_end=1.9 * INCH,
                    group=group,
                    cue=split_cue(cue)[0],
                    keep_with_next=True,
                )
            )
        if kind != ElementKind.PARENTHETICAL:
            if kind == ElementKind.LYRIC:
                spans = ((0, len(el.text), "italic"), *spans)
            doc.add(
                Paragraph(
                    el.text,
                    style="dialogue",
                    indent=1.0 * INCH,
                    indent_end=1.5 * INCH,
                    rtl=rtl_text,
                    group=group,
                    cue=split_cue(cue)[0],
                    styles=spans,
                )
            )
        return True
    if kind == ElementKind.CHARACTER:
        doc.add(
            Paragraph(
                el.text, indent=2.2 * INCH, space_before=12, uppercase=True, keep_with_next=True,
                styles=spans,
            )
        )
    elif kind == ElementKind.PARENTHETICAL:
        doc.add(Paragraph(el.text, indent=1.6 * INCH, indent_end=1.9 * INCH, styles=spans))
    elif kind == ElementKind.TRANSITION:
        doc.add(Paragraph(el.text, align="end", space_before=12, uppercase=True, styles=spans))
    elif kind in (ElementKind.FLASHBACK_START, ElementKind.FLASHBACK_END):
        marker = flashback_marker(ScriptLayout.HOLLYWOOD, kind, el.text)
        doc.add(Paragraph(marker, space_before=12, uppercase=True))
    elif kind == ElementKind.CAPTION:
        caption = HOLLYWOOD_WORDS.mark(kind, el.text)
        doc.add(Paragraph(caption, space_before=12, rtl=rtl_text))
    else:
        if kind == ElementKind.LYRIC:
            spans = ((0, len(el.text), "italic"), *spans)
        doc.add(
            Paragraph(
                el.text,
                space_before=12,
                rtl=rtl_text,
                align="center" if attrs.get("centered") else "start",
                uppercase=kind == ElementKind.SHOT,
                styles=spans,
            )
        )
    return True


def _zh_paragraph(el: ElementRecord, speaker: str) -> Paragraph:
    kind = el.kind.value
    spans = styles_of(el.text, el.attrs)
    if el.kind is ElementKind.DIALOGUE:
        line = zh_dialogue_line(speaker, el.extension, el.parenthetical, el.text)
        at = len(line) - len(el.text)  # the words come last: 角色：（括号）台词
        return Paragraph(line, style="dialogue", styles=tuple((a + at, b + at, st)
                                                              for a, b, st in spans))
    if el.kind in (ElementKind.FLASHBACK_START, ElementKind.FLASHBACK_END):
        text = flashback_marker(ScriptLayout.ZH, el.kind, el.text)
        spans = []
    elif el.kind is ElementKind.LYRIC:
        text = f"{ZH_LYRIC[0]}{el.text}{ZH_LYRIC[1]}"
    elif el.kind in (ElementKind.ACTION, ElementKind.CAPTION, ElementKind.PARENTHETICAL,
                     ElementKind.NOTE):
        text = ZH_WORDS.mark(el.kind, el.text)
    else:
        text = el.text
    at = text.find(el.text) if el.text else 0
    return Paragraph(
        text, style=kind, align="end" if kind == "transition" else "start", bold=kind == "section",
        styles=tuple((a + at, b + at, st) for a, b, st in spans) if at >= 0 else (),
    )


def _translation(doc: Document, translated: str, language: str, zh: bool, group: int) -> None:
    rtl = is_rtl(language)
    if zh:
        doc.add(Paragraph(translated, rtl=rtl, indent=24, size=doc.style.size - 1))
    else:
        doc.add(Paragraph(translated, rtl=rtl, indent=1.0 * INCH, indent_end=1.5 * INCH))
