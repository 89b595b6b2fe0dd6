"""The KNP glossary as TBX for CAT tools (memoQ, Trados, OmegaT), and merging one back.

Kiln writes TBX-Basic in the TBX 2 layout of ISO 30042:2008 (``<martif type="TBX-Basic">``,
``termEntry`` / ``langSet`` / ``tig``), the layout those tools have long read: one
``termEntry`` per glossary row, with its id (the row's key), the row's type as the subject field
and its notes; a ``langSet`` for the source term and one per target language with a rendering,
whose ``administrativeStatus`` says approved (``preferredTerm-admn-sts``) or proposed
(``admittedTerm-admn-sts``) — a suggestion Kiln gathered but nobody confirmed has none.

``import_tbx`` reads TBX 2 and also TBX 3 (ISO 30042:2019: ``conceptEntry`` / ``langSec`` /
``termSec``, in its namespace) and merges the renderings into the glossary as one undoable
edit: each entry is found by its id, else by its source term; its renderings take the file's
text, status and note. Entries the glossary does not have are counted, not added.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from app import __version__
from app.core.errors import UserError
from app.core.i18n import _
from app.features.glossary.terms import SUGGESTED, GlossaryEntry, SetRendering, entries
from app.features.heritage.normalize import fold
from app.project.changes import ChangeRecorder
from app.project.commands import Command

logger = logging.getLogger(__name__)

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TBX3_NS = "urn:iso:std:iso:30042:ed-2"
STATUS_TO_TBX = {"approved": "preferredTerm-admn-sts", "proposed": "admittedTerm-admn-sts"}
_MAX_BYTES = 50 * 1024 * 1024


class TbxError(UserError):
    """A TBX file cannot be read; the message names the file and the fix."""


def entry_id(key: str) -> str:
    """An XML id (an NCName) for a glossary key such as ``character:1b2c…``."""
    return "kiln-" + re.sub(r"[^A-Za-z0-9._-]", ".", key)


def write_tbx(project: object, languages: list[str], title: str) -> bytes:
    """The glossary of ``project`` as TBX-Basic (TBX 2) bytes."""
    source = project.info().source_language  # type: ignore[attr-defined]
    root = ET.Element("martif", {"type": "TBX-Basic", XML_LANG: source})
    header = ET.SubElement(root, "martifHeader")
    file_desc = ET.SubElement(header, "fileDesc")
    ET.SubElement(ET.SubElement(file_desc, "titleStmt"), "title").text = title
    ET.SubElement(ET.SubElement(file_desc, "sourceDesc"), "p").text = f"Kiln {__version__}"
    ET.SubElement(ET.SubElement(header, "encodingDesc"), "p",
                  {"type": "XCSURI"}).text = "TBXBasicXCSV02.xcs"
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    for entry in entries(project):
        _term_entry(body, entry, source, languages)
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8")


def _term_entry(body: ET.Element, entry: GlossaryEntry, source: str,
                languages: list[str]) -> None:
    term_entry = ET.SubElement(body, "termEntry", {"id": entry_id(entry.key)})
    ET.SubElement(term_entry, "descrip", {"type": "subjectField"}).text = entry.type
    notes = [entry.notes] if entry.notes else []
    if entry.do_not_translate:
        notes.insert(0, "do not translate")
    for note in notes:
        ET.SubElement(term_entry, "note").text = note
    lang_set = ET.SubElement(term_entry, "langSet", {XML_LANG: source})
    ET.SubElement(ET.SubElement(lang_set, "tig"), "term").text = entry.term
    for lang in languages:
        rendering = entry.rendering(lang)
        if not rendering.text:
            continue
        tig = ET.SubElement(ET.SubElement(term_entry, "langSet", {XML_LANG: lang}), "tig")
        ET.SubElement(tig, "term").text = rendering.text
        if rendering.status != SUGGESTED:
            ET.SubElement(tig, "termNote", {"type": "administrativeStatus"}).text = \
                STATUS_TO_TBX.get(rendering.status, STATUS_TO_TBX["proposed"])
        if rendering.transliteration:
            ET.SubElement(tig, "note").text = f"transliteration: {rendering.transliteration}"
        if rendering.note:
            ET.SubElement(tig, "note").text = rendering.note


# -- reading -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TbxTerm:
    """One language of one entry read from a TBX file."""

    language: str
    text: str
    status: str | None  # approved / proposed; None: the file says nothing of it
    note: str


@dataclass(frozen=True)
class TbxEntry:
    """One entry of a TBX file: its id and its terms per language."""

    id: str
    terms: tuple[TbxTerm, ...]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(node: ET.Element, *names: str) -> list[ET.Element]:
    return [c for c in node if _local(c.tag) in names]


def read_tbx(path: Path) -> list[TbxEntry]:
    """The entries of the TBX 2 or TBX 3 file ``path``; a ``TbxError`` says what is wrong."""
    try:
        if path.stat().st_size > _MAX_BYTES:
            raise TbxError(_("{path} is larger than 50 MB; split the glossary.").format(path=path))
        root = SafeET.parse(path).getroot()
    except (OSError, ET.ParseError, DefusedXmlException) as exc:
        raise TbxError(_("Cannot read {path} as TBX: {reason}; export it again from the "
                         "terminology tool.").format(path=path, reason=exc)) from exc
    if _local(root.tag) not in ("martif", "tbx"):
        raise TbxError(_("{path} is not a TBX file (its root is <{tag}>); choose a .tbx file."
                         ).format(path=path, tag=_local(root.tag)))
    found = []
    for node in root.iter():
        if _local(node.tag) not in ("termEntry", "conceptEntry"):
            continue
        terms: list[TbxTerm] = []
        for lang_set in _children(node, "langSet", "langSec"):
            language = lang_set.get(XML_LANG) or lang_set.get("lang") or ""
            if any(t.language == language for t in terms):
                continue  # the first term of a language is its rendering
            for holder in _children(lang_set, "tig", "ntig", "termSec"):
                term = next((t for t in holder.iter() if _local(t.tag) == "term"), None)
                if term is None or not (term.text or "").strip():
                    continue
                status: str | None = None
                notes: list[str] = []
                for child in holder.iter():
                    name = _local(child.tag)
                    if name == "termNote" and child.get("type") == "administrativeStatus":
                        value = (child.text or "").strip()
                        status = "approved" if value.startswith("preferredTerm") else "proposed"
                    elif name == "note" and (child.text or "").strip() and \
                            not child.text.startswith("transliteration: "):
                        notes.append(child.text.strip())
                terms.append(TbxTerm(language, term.text.strip(), status, "; ".join(notes)))
                break  # the first term of a language is its rendering
        found.append(TbxEntry(node.get("id") or "", tuple(terms)))
    return found


@dataclass
class GlossaryImport:
    """What a TBX import did."""

    updated: int = 0  # renderings written
    unchanged: int = 0
    unknown: list[str] = field(default_factory=list)  # source terms the glossary lacks


@dataclass
class MergeRenderings(Command):
    """Set many renderings as one undoable edit."""

    edits: list[SetRendering]

    def __post_init__(self) -> None:
        self.label = _("Import glossary renderings")

    def apply(self, rec: ChangeRecorder) -> None:
        for edit in self.edits:
            edit.apply(rec)


def import_tbx(project: object, path: Path) -> GlossaryImport:
    """Merge the renderings of the TBX file ``path`` into the glossary of ``project``."""
    source = project.info().source_language  # type: ignore[attr-defined]
    have = entries(project, count=False)
    by_id = {entry_id(e.key): e for e in have} | {entry_id(e.term_id): e for e in have
                                                  if e.term_id}
    by_term = {fold(e.term): e for e in have}
    result = GlossaryImport()
    edits: list[SetRendering] = []
    for tbx_entry in read_tbx(Path(path)):
        source_term = next((t.text for t in tbx_entry.terms if t.language == source), "")
        entry = by_id.get(tbx_entry.id) or by_term.get(fold(source_term))
        if entry is None:
            result.unknown.append(source_term or tbx_entry.id)
            continue
        for term in tbx_entry.terms:
            if term.language == source or not term.language:
                continue
            known = entry.rendering(term.language)
            fields = {"text": term.text}
            if term.status is not None:
                fields["status"] = term.status
            if term.note:
                fields["note"] = term.note
            # a suggestion sent out without a status and come back as it was stays a suggestion
            if all(getattr(known, k) == v for k, v in fields.items()) and (
                    known.stored or term.status is None):
                result.unchanged += 1
                continue
            edits.append(SetRendering(entry, term.language, fields))
            result.updated += 1
    if edits:
        project.run(MergeRenderings(edits))  # type: ignore[attr-defined]
    logger.info("TBX import from %s: %d renderings", path, result.updated)
    return result
