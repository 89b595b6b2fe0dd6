"""Build a translator packet ``Document`` for one target language."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from app.domain.enums import ElementKind
from app.export import sources
from app.export.labels import ExportText, _
from app.export.model import Document, PageBreak, PageStyle, Paragraph, Table
from app.export.options import Cancelled, ExportOptions, Progress, line_limit
from app.export.scripts import dominant_rtl, first_strong_rtl, isolate

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


def build(project: Any, opts: ExportOptions, text: ExportText, progress: Progress) -> Document:
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
    terms = sources.glossary(project)

    def h(label: str) -> None:
        doc.add(
            Paragraph(g(label), bold=True, size=14, rtl=rtl, space_before=8, keep_with_next=True)
        )

    # Cover
    doc.add(Paragraph(info.title, bold=True, size=24, align="center", space_before=120))
    doc.add(Paragraph(g(_("Translator packet")), size=16, align="center", rtl=rtl, space_before=12))
    for line in (
        g(_("Target language: {language}")).format(language=lang),
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
                g(_("Name in {language}")).format(language=lang),
                g(_("Description")),
                g(_("Voice and register")),
            ],
            rows,
            [0.14, 0.16, 0.35, 0.35],
            rtl=rtl,
        )
    )
    doc.add(
        Paragraph(
            g(
                _(
                    "Formality: who addresses whom formally is taken from the voice "
                    "notes above; no separate formality table is kept yet."
                )
            ),
            rtl=rtl,
            size=9,
            space_before=6,
        )
    )
    # Key names and phrases
    doc.add(PageBreak())
    h(_("Key names and phrases"))
    rows = []
    for t in terms:
        r = t.renderings.get(lang, {})
        rows.append(
            [
                t.term,
                t.type,
                r.get("text", ""),
                r.get("transliteration", ""),
                g(_("yes")) if t.do_not_translate else "",
                r.get("status", ""),
                "\n".join(x for x in (t.notes, r.get("note", "")) if x),
                text.digits(sources.frequency(texts, t.term)),
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
                g(_("Notes")),
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
            ).format(language=lang, n=text.digits(limit)),
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
                g(_("Notes")),
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
    for line_id, nt in cultural:
        doc.add(
            Paragraph(
                f"{line_id} · {nt.kind} · {nt.severity} · {nt.author}",
                bold=True,
                rtl=rtl,
                space_before=8,
                keep_with_next=True,
            )
        )
        doc.add(Paragraph(nt.body, rtl=dominant_rtl(nt.body, rtl)))
    progress(len(episodes) + 1, len(episodes) + 1)
    return doc
