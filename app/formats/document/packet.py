"""Build a translator packet ``Document`` for one target language."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from app.core.direction import dominant_rtl, first_strong_rtl, isolate
from app.core.enums import ElementKind
from app.core.headings import Heading, render_heading
from app.core.vocabulary import WORDS, extension_words
from app.features.glossary import address_forms
from app.features.glossary import terms as glossary
from app.features.notes.labels import kind_labels, severity_labels
from app.formats.document import sources
from app.formats.document.labels import ExportText, _
from app.formats.document.model import Document, PageBreak, PageStyle, Paragraph, Table
from app.formats.document.options import Cancelled, ExportOptions, Progress, line_limit
from app.formats.script_source import printed_numbers
from app.project.open_project import OpenProject

logger = logging.getLogger(__name__)

PACKET = PageStyle(
    width=841.89,
    height=595.28,
    margin_left=42,
    margin_right=42,
    margin_top=48,
    margin_bottom=42,
    family="sans",
    size=10.0,
    leading=1.4,
    landscape=True,
)


def build(
    project: OpenProject, opts: ExportOptions, text: ExportText, progress: Progress
) -> Document:
    """The packet for ``text.language``: cover, characters, glossary, dialogue list, notes."""
    g = text.gettext
    lang = text.language
    rtl = text.rtl
    info = project.info()
    to_translate = g(_("—, to translate"))
    src = info.source_language
    doc = Document(
        title=f"{info.title} — {lang}",
        language=lang,
        rtl=rtl,
        style=PACKET,
        header=f"{info.title} · {g(_('Translator packet'))} · {lang}",
    )
    notes = sources.notes_by_element(project)
    characters = {c.id: c for c in project.characters()}
    episodes = [e for e in project.episodes() if opts.wants(e.number)]
    all_elements = sources.elements_by_scene(project)
    scenes_of = sources.scenes_by_episode(project)
    numbers = printed_numbers(project)  # as the shooting script prints them
    lines: list[tuple[Any, Any, str]] = []  # (scene, element, context)
    texts: list[str] = []
    layout = info.layout
    for n, ep in enumerate(episodes):
        if not progress(n, len(episodes) + 1):
            raise Cancelled
        for scene in scenes_of.get(ep.id, []):
            elements = all_elements.get(scene.id, [])
            heading = _heading_text(scene, elements, layout, numbers[scene.id])
            texts.append(heading)  # a location named only in headings is counted there
            action = ""
            for el in elements:
                texts.append(el.text)
                if el.kind in (ElementKind.DIALOGUE, ElementKind.CAPTION):
                    context = "\n".join(x for x in (heading, _short(action)) if x)
                    lines.append((scene, el, context))
                    action = ""
                elif el.kind in (ElementKind.ACTION, ElementKind.SHOT):
                    action = el.text
    terms = glossary.entries(project, texts)

    def h(label: str) -> None:
        doc.add(
            Paragraph(g(label), bold=True, size=14, rtl=rtl, space_before=8, keep_with_next=True)
        )

    # Cover
    doc.add(Paragraph(info.title, bold=True, size=24, align="center", space_before=120))
    doc.add(Paragraph(g(_("Translator packet")), size=16, align="center", rtl=rtl, space_before=12))
    for line in (
        g(_("Target language: {language}")).format(language=text.language_name(lang)),
        g(_("Date: {date}")).format(date=isolate(text.date(opts.date or dt.date.today()))),
        g(_("Lines: {n}")).format(n=text.digits(len(lines))),
        g(_("Terms: {n}")).format(n=text.digits(len(terms))),
    ):
        doc.add(Paragraph(line, align="center", rtl=first_strong_rtl(line, rtl), space_before=6))
    # Characters
    doc.add(PageBreak())
    h(_("Characters"))
    to_translate = g(_("—, to translate"))
    rows = [
        [c.name(src), c.names.get(lang, "") or to_translate, c.description, c.voice_notes]
        for c in characters.values()
    ]
    doc.add(
        Table(
            [
                g(_("Name")),
                g(_("Name in {language}")).format(language=text.language_name(lang)),
                g(_("Description")),
                g(_("Voice and register")),
            ],
            rows,
            [0.14, 0.16, 0.35, 0.35],
            rtl=rtl,
        )
    )
    _formality(doc, project, characters, text, src)
    # Key names and phrases
    doc.add(PageBreak())
    h(_("Key names and phrases"))
    rows = []
    for t in terms:
        r = t.rendering(lang)
        rendering = r.text or (t.term if t.do_not_translate else to_translate)
        rows.append(
            [
                t.term,
                _type_label(t.type, g),
                rendering,
                r.transliteration,
                g(_("yes")) if t.do_not_translate else "",
                _status_label(r.status, g) if r.text else "",
                "\n".join(x for x in (t.notes, r.note) if x),
                text.digits(t.frequency),
            ]
        )
    doc.add(
        Table(
            [
                g(_("Term")),
                g(_("Type")),
                g(_("Rendering")),
                g(_("Transliteration")),
                g(_("Do not translate")),
                g(_("Status")),
                g(_("Term notes")),
                g(_("Frequency")),
            ],
            rows,
            [0.1, 0.08, 0.16, 0.12, 0.08, 0.08, 0.3, 0.08],
            rtl=rtl,
        )
    )
    # Dialogue list
    doc.add(PageBreak())
    h(_("Dialogue list"))
    limit = line_limit(lang, opts.line_limits)
    doc.add(
        Paragraph(
            g(
                _("Line-length limit for {language}: {n} characters a line, two lines at most.")
            ).format(language=text.language_name(lang), n=text.digits(limit)),
            rtl=rtl,
            size=9,
        )
    )
    rows = []
    cultural: list[tuple[str, Any]] = []
    keep = g(_("— keep as is (already in this language)"))
    base = lang.split("-")[0].lower()
    for scene, el, context in lines:
        speaker = characters[el.speaker_id].name(src) if el.speaker_id in characters else ""
        speaker += extension_words(layout, el.extension) if speaker else ""
        mine = [nt for nt in notes.get(el.id, []) if nt.concerns(lang)]
        cultural.extend((el.line_id or "", nt) for nt in mine)
        source = el.text
        if el.parenthetical:
            source = WORDS[layout].mark(ElementKind.PARENTHETICAL, el.parenthetical) + "\n" + source
        own = (el.language or src).split("-")[0].lower() == base
        rows.append(
            [
                el.line_id or "",
                numbers[scene.id],
                speaker,
                _delivery(el, g),
                context,
                source,
                "\n".join(f"{nt.author}: {nt.body}" for nt in mine),
                text.digits(limit),
                keep if own else "",
            ]
        )
    doc.add(
        Table(
            [
                g(_("Line id")),
                g(_("Scene")),
                g(_("Speaker")),
                g(_("Heard")),
                g(_("Context")),
                g(_("Source text")),
                g(_("Consultants' notes")),
                g(_("Limit")),
                g(_("Translation")),
            ],
            rows,
            # the translation column is the widest: room to write, by hand too
            [0.055, 0.04, 0.08, 0.075, 0.13, 0.2, 0.14, 0.04, 0.24],
            rtl=rtl,
            fill_columns=(8,),
            row_height=30.0,
        )
    )
    # Cultural notes
    doc.add(PageBreak())
    h(_("Cultural notes"))
    if not cultural:
        doc.add(Paragraph(g(_("No notes concern this language.")), rtl=rtl))
    kinds, severities = kind_labels(text.gettext), severity_labels(text.gettext)
    for line_id, nt in cultural:
        heading = (line_id, kinds.get(nt.kind, nt.kind), severities.get(nt.severity, nt.severity),
                   nt.author)
        doc.add(
            Paragraph(
                " · ".join(x for x in heading if x),
                bold=True,
                rtl=rtl,
                space_before=8,
                keep_with_next=True,
            )
        )
        doc.add(Paragraph(nt.body, rtl=dominant_rtl(nt.body, rtl)))
    progress(len(episodes) + 1, len(episodes) + 1)
    return doc


def _type_label(kind: str, g: Any) -> str:
    """A term's type in the packet's language: the gathered names' types and the types
    writers give their terms (a type no catalog knows is shown as typed)."""
    labels = {
        "character": _("character"),
        "location": _("location"),
        "heritage": _("heritage item"),
        "term": _("term"),
        "heritage term": _("heritage term"),
        "heritage technique": _("heritage technique"),
        "material": _("material"),
        "place name": _("place name"),
        "idiom": _("idiom"),
        "title": _("title"),
    }
    return g(labels[kind]) if kind in labels else kind


def _delivery(el: Any, g: Any) -> str:
    """How a line reaches the audience: said on camera, heard off-screen (voice-over,
    off-screen), or read as text on screen."""
    if el.kind == ElementKind.CAPTION:
        return g(_("on-screen text"))
    codes = {c.strip().upper() for c in (el.extension or "").split(",")}
    if codes & {"VO", "V.O."}:
        return g(_("off-screen (voice-over)"))
    if codes & {"OS", "O.S.", "OC", "O.C."}:
        return g(_("off-screen"))
    return g(_("on camera"))


def _heading_text(scene: Any, elements: list[Any], layout: Any, number: str) -> str:
    """The scene's heading as the script prints it (the source's words when it kept them)."""
    if elements and elements[0].kind == ElementKind.SCENE_HEADING:
        return elements[0].text
    heading = Heading(scene.setting, scene.time_of_day, scene.location_name, number)
    return render_heading(layout, heading)


def _short(text: str, limit: int = 220) -> str:
    """An action line as context: whole, or its first ``limit`` characters and an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _status_label(status: str, g: Any) -> str:
    labels = {
        "proposed": _("proposed"),
        "approved": _("approved"),
        glossary.SUGGESTED: _("suggested"),
    }
    return g(labels[status]) if status in labels else status


def _formality(
    doc: Document, project: Any, characters: dict[str, Any], text: ExportText, src: str
) -> None:
    """The formality table: who addresses whom how, from the project's address forms."""
    g = text.gettext
    lang = text.language
    forms = {
        "formal": _("formal"),
        "informal": _("informal"),
        "intimate": _("intimate"),
        "honorific": _("honorific"),
    }
    doc.add(
        Paragraph(
            g(_("Forms of address")),
            bold=True,
            size=12,
            rtl=text.rtl,
            space_before=12,
            keep_with_next=True,
        )
    )
    pairs = address_forms.address_forms(project)
    if not pairs:
        doc.add(
            Paragraph(
                g(_("No forms of address are recorded for this project yet.")), rtl=text.rtl, size=9
            )
        )
        return

    def name(character_id: str) -> str:
        c = characters.get(character_id)
        if c is None:
            return ""
        local = c.names.get(lang, "")
        own = c.name(src)
        return f"{own} ({local})" if local and local != own else own

    rows = [
        [name(p.speaker_id), name(p.addressee_id), g(forms.get(p.form, p.form)), p.note]
        for p in pairs
    ]
    doc.add(
        Table(
            [g(_("Speaker")), g(_("Addresses")), g(_("Form")), g(_("How (words used)"))],
            rows,
            [0.22, 0.22, 0.12, 0.44],
            rtl=text.rtl,
        )
    )
