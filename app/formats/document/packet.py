"""Build a translator packet ``Document`` for one target language."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from app.core.direction import dominant_rtl, first_strong_rtl, isolate
from app.core.enums import ElementKind
from app.features.glossary import address_forms
from app.features.glossary import terms as glossary
from app.features.notes.labels import kind_labels, severity_labels
from app.formats.document import sources
from app.formats.document.labels import ExportText, _
from app.formats.document.model import Document, PageBreak, PageStyle, Paragraph, Table
from app.formats.document.options import Cancelled, ExportOptions, Progress, line_limit
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
    lines: list[tuple[Any, Any]] = []
    texts: list[str] = []
    for n, ep in enumerate(episodes):
        if not progress(n, len(episodes) + 1):
            raise Cancelled
        for scene in scenes_of.get(ep.id, []):
            for el in all_elements.get(scene.id, []):
                texts.append(el.text)
                if el.kind in (ElementKind.DIALOGUE, ElementKind.CAPTION):
                    lines.append((scene, el))
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
        g(_("Date: {date}")).format(date=isolate(text.date(dt.date.today()))),
        g(_("Lines: {n}")).format(n=text.digits(len(lines))),
        g(_("Terms: {n}")).format(n=text.digits(len(terms))),
    ):
        doc.add(Paragraph(line, align="center", rtl=first_strong_rtl(line, rtl), space_before=6))
    # Characters
    doc.add(PageBreak())
    h(_("Characters"))
    rows = [
        [c.name(src), c.names.get(lang, ""), c.description, c.voice_notes]
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
        rows.append(
            [
                t.term,
                _type_label(t.type, g),
                r.text,
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
    for scene, el in lines:
        speaker = characters[el.speaker_id].name(src) if el.speaker_id in characters else ""
        mine = [nt for nt in notes.get(el.id, []) if nt.concerns(lang)]
        cultural.extend((el.line_id or "", nt) for nt in mine)
        rows.append(
            [
                el.line_id or "",
                scene.number,
                speaker,
                el.text,
                g(_("yes")) if el.kind == ElementKind.CAPTION else "",
                "\n".join(f"{nt.author}: {nt.body}" for nt in mine),
                text.digits(limit),
                "",
            ]
        )
    doc.add(
        Table(
            [
                g(_("Line id")),
                g(_("Scene")),
                g(_("Speaker")),
                g(_("Source text")),
                g(_("On screen")),
                g(_("Consultants' notes")),
                g(_("Limit")),
                g(_("Translation")),
            ],
            rows,
            [0.07, 0.05, 0.08, 0.25, 0.06, 0.24, 0.05, 0.2],
            rtl=rtl,
            fill_columns=(7,),
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
    """Gathered names carry a type of our own, labelled in the packet's language."""
    labels = {
        "character": _("character"),
        "location": _("location"),
        "heritage": _("heritage item"),
        "term": _("term"),
    }
    return g(labels[kind]) if kind in labels else kind


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
