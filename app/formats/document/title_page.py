"""The title page of a shooting script, as the industry lays it out, and the consent lines
for restricted heritage a script depicts (``app.formats.document.shooting_script`` adds it)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING, Any

from app.core.direction import dominant_rtl, has_rtl, is_rtl
from app.core.styles import Span
from app.formats.document.labels import ExportText, _
from app.formats.document.model import INCH, Corners, Document, Paragraph
from app.formats.document.options import ExportOptions
from app.formats.fountain import emphasis

if TYPE_CHECKING:  # a type only: its module reads a project's database
    from app.features.notes.consent import ConsentItem

logger = logging.getLogger(__name__)


def _title_lines(info: Any, extra: dict[str, Any]) -> list[tuple[str, list[Span]]]:
    """The title as the source wrote it: its lines and emphasis (Fountain's ``Title:`` keeps
    its markup), else the project's title."""
    written = str(extra.get("title") or "")
    if written.strip():
        plain, spans = emphasis.parse(written)
        out: list[tuple[str, list[Span]]] = []
        at = 0
        for line in plain.split("\n"):
            mine = [(max(a, at) - at, min(b, at + len(line)) - at, st) for a, b, st in spans
                    if a < at + len(line) and b > at]
            if line.strip():
                out.append((line.strip(), mine if line == line.strip() else []))
            at += len(line) + 1
        if out:
            return out
    return [(info.title, [])]


def title_page(
    doc: Document, info: Any, text: ExportText, opts: ExportOptions, consent: list[ConsentItem],
    revision: str = "",
) -> None:
    """The title page as the industry lays it out: title, credit, authors and source centred
    a third of the way down; contact and copyright in the bottom start corner, draft and
    date in the bottom end corner."""
    g = text.gettext
    zh = doc.style.family != "screenplay"
    extra: dict[str, Any] = dict(getattr(info, "title_page", None) or {})
    for i, (line, spans) in enumerate(_title_lines(info, extra)):
        doc.add(
            Paragraph(
                line,
                style="title",
                bold=True,
                size=doc.style.size + (12 if zh else 0),
                align="center",
                space_before=(150 if zh else 3.0 * INCH) if i == 0 else 0,
                rtl=has_rtl(line),
                uppercase=not zh,
                styles=tuple(spans),
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
    credit = str(extra.get("credit") or "").strip()
    if info.authors:
        line = credit or g(_("Written by"))
        doc.add(Paragraph(line, align="center", space_before=24 if zh else 2 * 12.0,
                          rtl=dominant_rtl(line, text.rtl)))
        authors = ", ".join(info.authors)
        doc.add(Paragraph(authors, align="center", space_before=0 if zh else 12.0,
                          rtl=dominant_rtl(authors, text.rtl)))
    elif credit:
        doc.add(Paragraph(credit, align="center", space_before=24,
                          rtl=dominant_rtl(credit, text.rtl)))
    if extra.get("source"):
        source = str(extra["source"])
        doc.add(Paragraph(source, align="center", space_before=24,
                          rtl=dominant_rtl(source, text.rtl)))
    if info.registration_number:
        line = g(_("Registration number: {number}")).format(number=info.registration_number)
        doc.add(Paragraph(line, align="center", space_before=24, rtl=text.rtl))
    _consent(doc, consent, text)

    def lines(value: str) -> list[Paragraph]:
        return [Paragraph(x, rtl=dominant_rtl(x, text.rtl)) for x in value.split("\n") if x]

    start: list[Paragraph] = []
    for key in ("contact", "copyright", "notes"):
        if extra.get(key):
            start += lines(str(extra[key]))
    end: list[Paragraph] = []
    if info.draft:
        end += lines(g(_("Draft: {draft}")).format(draft=info.draft))
    if extra.get("draft_date"):
        end += lines(str(extra["draft_date"]))
    else:
        end += lines(text.date(opts.date or dt.date.today()))
    if revision:
        end += lines(revision)
    for key, value in extra.items():
        if key.startswith("_") or key in _TITLE_KEYS or not value:
            continue
        start += lines(str(value))
    doc.add(Corners(start, end))


#: Title-page fields placed by name (any other field goes to the bottom start corner).
_TITLE_KEYS = frozenset(
    {"title", "credit", "author", "authors", "source", "draft", "draft_date", "contact",
     "copyright", "notes", "registration"}
)


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
