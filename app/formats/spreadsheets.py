"""XLSX exports with openpyxl: the timed dialogue list and the KNP glossary.

**Dialogue list** — one row per line: line id, episode, timecode in and out (within the
episode, from the estimated timeline), speaker, source, translation, on/off-screen, notes.

**KNP glossary** — the column layout of the industry's Key Names and Phrases template: type,
name, source term, notes, frequency, then for each target language its rendering and notes.
"Name" is the term as the production calls it across languages (its English rendering when
there is one, else the source term). Both header rows are in English, the words the studios'
templates use, whatever the interface language.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.direction import is_rtl
from app.features.glossary.terms import SUGGESTED, GlossaryEntry
from app.formats.subtitles import DialogueList, timecode

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

logger = logging.getLogger(__name__)

DIALOGUE_HEADER = ("Line ID", "Episode", "Timecode in", "Timecode out", "Speaker", "Source",
                   "Translation", "On/off-screen", "Notes")
KNP_HEADER = ("Type", "Name", "Source term", "Notes", "Frequency")
#: Spreadsheet programs refuse cells longer than this.
_MAX_CELL = 32_767


def _cell(value: object) -> object:
    """A value that fits a cell (spreadsheet programs refuse longer text)."""
    return value[:_MAX_CELL] if isinstance(value, str) else value


def _append(sheet: Worksheet, values: list[object]) -> None:
    """Add a row; text stays text even when it starts with "=" (a line is never a formula)."""
    sheet.append([_cell(v) for v in values])
    for cell in sheet[sheet.max_row]:
        if cell.data_type == "f":
            cell.data_type = "s"


def _workbook() -> Any:
    """A new openpyxl workbook. openpyxl (and the numpy it finds) is imported by the code that
    writes a spreadsheet, as reportlab and spaCy are, so every other command stays light."""
    import openpyxl  # noqa: PLC0415 - third-party, loaded only when a spreadsheet is written

    return openpyxl.Workbook()


def _styles() -> Any:
    import openpyxl.styles  # noqa: PLC0415 - as in _workbook

    return openpyxl.styles


def _sheet(book: Any, title: str, header: tuple[str, ...], widths: list[int]) -> Worksheet:
    sheet = book.active
    sheet.title = title
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = _styles().Font(bold=True)
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = width
    return sheet


def write_dialogue_list(dl: DialogueList, path: Path) -> None:
    """``dl`` as an XLSX workbook at ``path``."""
    book = _workbook()
    header = list(DIALOGUE_HEADER)
    header[6] = f"Translation ({dl.language})"
    sheet = _sheet(book, "Dialogue list", tuple(header), [10, 8, 14, 14, 14, 50, 50, 16, 30])
    rtl_source, rtl_target = is_rtl(dl.source_language), is_rtl(dl.language)
    for e in dl.events:
        _append(sheet, [e.line_id, e.episode, timecode(e.start, "."), timecode(e.end, "."),
                        e.speaker, e.source, e.translation, e.screen, e.parenthetical])
        row = sheet.max_row
        for column, rtl in ((6, rtl_source), (7, rtl_target)):
            sheet.cell(row, column).alignment = _styles().Alignment(
                wrap_text=True, horizontal="right" if rtl else "left",
                readingOrder=2 if rtl else 1)
    book.save(path)


def knp_header(languages: list[str]) -> list[str]:
    """The KNP template's header row for ``languages``."""
    header = list(KNP_HEADER)
    for lang in languages:
        header += [f"{lang} rendering", f"{lang} notes"]
    return header


def _rendering_notes(entry: GlossaryEntry, lang: str) -> str:
    r = entry.rendering(lang)
    parts = []
    if r.text and r.status != SUGGESTED:
        parts.append(r.status)
    if r.transliteration:
        parts.append(r.transliteration)
    if r.note:
        parts.append(r.note)
    return "; ".join(parts)


def write_knp(entries: list[GlossaryEntry], languages: list[str], path: Path) -> None:
    """The glossary ``entries`` as a KNP workbook at ``path`` (one row per entry)."""
    book = _workbook()
    sheet = _sheet(book, "KNP", tuple(knp_header(languages)),
                   [12, 24, 24, 40, 10] + [24, 30] * len(languages))
    for e in entries:
        notes = e.notes
        if e.do_not_translate:
            notes = "; ".join(filter(None, ["do not translate", notes]))
        name = e.rendering("en").text or e.term
        row: list[object] = [e.type, name, e.term, notes, e.frequency]
        for lang in languages:
            row += [e.rendering(lang).text, _rendering_notes(e, lang)]
        _append(sheet, row)
        for index, lang in enumerate(languages):
            if is_rtl(lang):
                sheet.cell(sheet.max_row, 6 + 2 * index).alignment = _styles().Alignment(
                    horizontal="right", readingOrder=2)
    book.save(path)
