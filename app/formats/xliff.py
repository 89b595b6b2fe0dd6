"""XLIFF 2.1 for translators: export one target language, import the translated file back.

Export: one ``<unit id=LINE_ID>`` per dialogue line, lyric and caption, grouped by scene; notes
for context (speaker, scene, the consultants' notes for that language); the glossary module
(``gls``) with the key names and phrases that occur in the line; the size-restriction module
(``slr``) with the language's subtitle limit; the SHA-256 of the source text in the metadata
module (``mda``). Import fills line translations; a unit whose source changed since export is
imported but marked stale, and unknown ids or altered sources are reported, never guessed.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree import ElementTree as ET

from sqlalchemy import select

from app.core.direction import direction
from app.core.i18n import _, ngettext
from app.core.records import ElementRecord, SceneRecord
from app.features.translations.lines import (
    TRANSLATED_KINDS,
    SetTranslations,
    TranslationEdit,
    source_hash,
)
from app.formats.common import ImportFailed, read_limited
from app.formats.safe_xml import local, parse_xml
from app.store import schema

if TYPE_CHECKING:
    from app.project.open_project import OpenProject

logger = logging.getLogger(__name__)

NS = "urn:oasis:names:tc:xliff:document:2.0"
GLS = "urn:oasis:names:tc:xliff:glossary:2.0"
#: Kiln's own attribute (XLIFF allows other namespaces on its modules' elements): a glossary
#: rendering's status.
KILN = "urn:kiln:xliff:1.0"
SLR = "urn:oasis:names:tc:xliff:sizerestriction:2.0"
MDA = "urn:oasis:names:tc:xliff:metadata:2.0"
for _prefix, _uri in (("", NS), ("gls", GLS), ("slr", SLR), ("mda", MDA)):
    ET.register_namespace(_prefix, _uri)

#: Subtitle characters per line (Netflix timed-text style guides; Persian treated like Arabic).
LINE_LIMITS = {"zh": 16, "ar": 42, "fa": 42, "pt": 42, "en": 42}
LINES = 2
#: XLIFF segment states ↔ Kiln translation statuses.
STATE_TO_STATUS = {"initial": "draft", "translated": "translated", "reviewed": "reviewed",
                   "final": "approved"}  # fmt: skip
STATUS_TO_STATE = {v: k for k, v in STATE_TO_STATUS.items()}


def _q(tag: str, ns: str = NS) -> str:
    return f"{{{ns}}}{tag}"


def line_limit(language: str, overrides: dict[str, int] | None = None) -> int:
    """Characters per subtitle line for ``language`` (BCP-47); ``overrides`` win."""
    if overrides and language in overrides:
        return overrides[language]
    return LINE_LIMITS.get(language.split("-")[0].lower(), 42)


def _for_language(cultures: tuple[str, ...] | list[str], language: str) -> bool:
    base = language.split("-")[0].lower()
    return not cultures or any(c.split("-")[0].lower() == base for c in cultures)


def export_xliff(
    project: OpenProject,
    language: str,
    *,
    limits: dict[str, int] | None = None,
    episodes: tuple[int, int] | None = None,
) -> bytes:
    """The XLIFF 2.1 document for translating ``project`` into ``language``."""
    info = project.info()
    src = info.source_language
    characters = project.characters()
    numbers = {e.id: e.number for e in project.episodes()}
    first, last = episodes or (1, max(numbers.values(), default=1))
    scenes = [
        (scene, project.elements(scene.id))
        for scene in project.scenes()
        if first <= numbers[scene.episode_id] <= last
    ]
    with project.file.session() as s:
        notes: dict[str, list[schema.Annotation]] = {}
        query = select(schema.Annotation).where(schema.Annotation.target_type == "text")
        for a in s.scalars(query):
            notes.setdefault((a.anchor or {}).get("element_id") or a.target_id, []).append(a)
        translations = {
            t.element_id: t
            for t in s.scalars(
                select(schema.LineTranslation).where(schema.LineTranslation.language == language)
            )
        }
        renderings = {
            r.term_id: (r.text, r.status or "proposed")
            for r in s.scalars(
                select(schema.GlossaryRendering).where(
                    schema.GlossaryRendering.language == language
                )
            )
        }
        knp: list[Gloss] = [
            Gloss(t.source_term, *renderings.get(t.id, ("", "")), t.notes,
                  bool(t.do_not_translate))
            for t in s.scalars(select(schema.GlossaryTerm))
            if t.source_term
        ]
        s.expunge_all()
    knp += [
        Gloss(c.names.get(src, ""), c.names.get(language, ""),
              "proposed" if c.names.get(language) else "", _("character name"))
        for c in characters
        if c.names.get(src)
    ]
    ET.register_namespace("kiln", KILN)
    root = ET.Element(_q("xliff"), {"version": "2.1", "srcLang": src, "trgLang": language})
    # the direction of each side (XLIFF core), for tools that set the target right to left
    file_ = ET.SubElement(root, _q("file"), {
        "id": "f1", "original": info.title, "srcDir": direction(src), "trgDir": direction(language),
    })
    limit = line_limit(language, limits)
    ET.SubElement(file_, _q("profiles", SLR), {"generalProfile": "xliff:codepoints"})
    fnotes = ET.SubElement(file_, _q("notes"))
    ET.SubElement(fnotes, _q("note"), {"category": "limits"}).text = _(
        "Subtitles: at most {lines} lines of {limit} characters."
    ).format(lines=LINES, limit=limit)
    marks: list[tuple[ET.Element, list[str]]] = []
    for n, (scene, elements) in enumerate(scenes, start=1):
        group = None
        for el in elements:
            if el.kind.value not in TRANSLATED_KINDS or not el.line_id:
                continue
            if el.language and el.language.split("-")[0] == language.split("-")[0]:
                continue  # already in the target language
            if group is None:
                group = ET.SubElement(file_, _q("group"), {"id": f"s{n}", "name": scene.number})
            _unit(
                group, el, scene, language, limit, notes.get(el.id, []),
                translations.get(el.id), knp, src, marks,
            )  # fmt: skip
    ET.indent(root, space="  ")
    for source, keep in marks:  # inline marks after indenting: it would pad mixed content
        _source(source, source.text or "", keep)
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True)


def _unit(  # noqa: PLR0913
    group: ET.Element,
    el: ElementRecord,
    scene: SceneRecord,
    language: str,
    limit: int,
    notes: list[schema.Annotation],
    translation: schema.LineTranslation | None,
    knp: list[Gloss],
    src: str,
    marks: list[tuple[ET.Element, list[str]]],
) -> None:
    unit = ET.SubElement(
        group, _q("unit"), {"id": el.line_id, _q("sizeRestriction", SLR): str(limit * LINES)}
    )
    gloss = [k for k in knp if k.term and k.term in el.text]
    if gloss:
        g = ET.SubElement(unit, _q("glossary", GLS))
        for k in gloss:
            entry = ET.SubElement(g, _q("glossEntry", GLS))
            ET.SubElement(entry, _q("term", GLS), {"source": "kiln"}).text = k.term
            if k.rendering or k.do_not_translate:
                # every rendering says whether it is approved or only proposed
                status = "approved" if k.do_not_translate and not k.rendering else k.status
                ET.SubElement(
                    entry, _q("translation", GLS), {_q("status", KILN): status or "proposed"}
                ).text = k.rendering or k.term
            definition = k.definition
            if k.do_not_translate:
                definition = " ".join(x for x in (definition, _("Do not translate.")) if x)
            if definition:
                ET.SubElement(entry, _q("definition", GLS)).text = definition
    meta = ET.SubElement(
        ET.SubElement(unit, _q("metadata", MDA)), _q("metaGroup", MDA), {"category": "kiln"}
    )
    ET.SubElement(meta, _q("meta", MDA), {"type": "source_hash"}).text = source_hash(el.text)
    ET.SubElement(meta, _q("meta", MDA), {"type": "kind"}).text = el.kind.value
    ns = ET.SubElement(unit, _q("notes"))
    if el.speaker:
        who = el.speaker + (f" ({el.extension})" if el.extension else "")
        if el.parenthetical:
            who += f" — {el.parenthetical}"
        ET.SubElement(ns, _q("note"), {"category": "speaker"}).text = who
    where = f"{scene.number} {scene.location_name}".strip()
    ET.SubElement(ns, _q("note"), {"category": "scene"}).text = where
    if el.language and el.language != src:
        ET.SubElement(ns, _q("note"), {"category": "language"}).text = _(
            "This line is spoken in {language}."
        ).format(language=el.language)
    for a in notes:
        if _for_language(a.cultures or [], language):
            who = f"{a.author} ({a.role})" if a.author else a.role
            ET.SubElement(ns, _q("note"), {"category": a.kind}).text = f"{who}: {a.body}"
    state = STATUS_TO_STATE.get(translation.status, "initial") if translation else "initial"
    seg = ET.SubElement(unit, _q("segment"), {"state": state})
    source = ET.SubElement(seg, _q("source"))
    source.text = el.text
    marks.append((source, [k.term for k in knp if k.do_not_translate and k.term]))
    if translation is not None and translation.text:
        ET.SubElement(seg, _q("target")).text = translation.text


@dataclass(frozen=True)
class Gloss:
    """A key name or phrase as a unit's glossary carries it."""

    term: str
    rendering: str
    status: str
    definition: str
    do_not_translate: bool = False


def _source(source: ET.Element, text: str, keep: list[str]) -> None:
    """The source text, with each do-not-translate term in ``<mrk translate="no">``."""
    spans: list[tuple[int, int]] = []
    for term in sorted(set(keep), key=len, reverse=True):
        at = text.find(term)
        while at >= 0:
            if all(at >= b or at + len(term) <= a for a, b in spans):
                spans.append((at, at + len(term)))
            at = text.find(term, at + len(term))
    spans.sort()
    if not spans:
        source.text = text
        return
    source.text = text[: spans[0][0]]
    for n, (a, b) in enumerate(spans, start=1):
        mark = ET.SubElement(source, _q("mrk"), {"id": f"m{n}", "translate": "no"})
        mark.text = text[a:b]
        mark.tail = text[b : spans[n][0] if n < len(spans) else len(text)]


@dataclass
class XliffImport:
    """What importing a translated XLIFF file did and what it could not do."""

    language: str
    filled: int = 0
    stale: list[str] = field(default_factory=list)
    untranslated: int = 0
    problems: list[str] = field(default_factory=list)

    def problem_lines(self, limit: int = 10) -> list[str]:
        """The first ``limit`` problems, then one line counting the rest."""
        lines = self.problems[:limit]
        rest = len(self.problems) - len(lines)
        if rest > 0:
            lines.append(ngettext("and {count} more problem like these",
                                  "and {count} more problems like these", rest).format(count=rest))
        return lines


def _text(el: ET.Element | None) -> str:
    return "".join(el.itertext()) if el is not None else ""


#: A BCP-47 language tag as CAT tools write it (language, then subtags of letters and digits).
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,6}")
#: Control characters (but tab and line breaks): no translation holds them.
_CONTROL = re.compile("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f]")


def _target_language(project: OpenProject, tag: str, path: Path) -> str:
    """The project's own tag for the file's ``trgLang``: a well-formed tag naming one of the
    project's target languages (``ar-SA`` is taken as the project's ``ar``), never its source."""
    info = project.info()
    if len(tag) > 35 or not _LANGUAGE_TAG.fullmatch(tag):
        raise ImportFailed(
            _("{path} names its language {tag!r}, which is not a language tag; set the target "
              "language in your CAT tool and export again.").format(path=path, tag=tag[:40])
        )
    targets = list(info.target_languages)
    exact = [t for t in targets if t.lower() == tag.lower()]
    base = [t for t in targets if t.split("-")[0].lower() == tag.split("-")[0].lower()]
    chosen = exact or (base if len(base) == 1 else [])
    if tag.lower() == info.source_language.lower() or not chosen:
        raise ImportFailed(
            _("{path} is translated into {tag}, which is not one of the project's target "
              "languages ({targets}); add it to the project or export the right language.").format(
                path=path, tag=tag, targets=", ".join(targets))
        )
    return chosen[0]


def read_xliff(
    project: OpenProject, path: Path, translator: str = ""
) -> tuple[XliffImport, list[TranslationEdit]]:
    """Check a translated XLIFF file against ``project``; return the result and the edits."""
    path = Path(path)
    root = parse_xml(read_limited(path), path, "XLIFF")
    if local(root.tag) != "xliff" or not root.tag.startswith(f"{{{NS}}}"):
        raise ImportFailed(
            _(
                "{path} is not an XLIFF 2 file; export the translation from your CAT tool as "
                "XLIFF 2.0 or 2.1."
            ).format(path=path)
        )
    language = root.get("trgLang") or ""
    if not language:
        raise ImportFailed(
            _(
                "{path} does not say which language it is translated into (trgLang); "
                "set the target language in your CAT tool and export again."
            ).format(path=path)
        )
    language = _target_language(project, language, path)
    result = XliffImport(language)
    with project.file.session() as s:
        by_line = {
            e.line_id: (e.id, e.text)
            for e in s.scalars(select(schema.Element).where(schema.Element.line_id.is_not(None)))
        }
    edits: list[TranslationEdit] = []
    seen: set[str] = set()
    for unit in root.iter(_q("unit")):
        uid = unit.get("id") or ""
        if uid in seen:
            raise ImportFailed(
                _("{path} has the unit {id} twice; export it again from your CAT tool.").format(
                    path=path, id=uid[:40])
            )
        seen.add(uid)
        source = "".join(_text(seg.find(_q("source"))) for seg in unit.iter(_q("segment")))
        target = "".join(_text(seg.find(_q("target"))) for seg in unit.iter(_q("segment")))
        states = [seg.get("state", "initial") for seg in unit.iter(_q("segment"))]
        exported_hash = next(
            (m.text or "" for m in unit.iter(_q("meta", MDA)) if m.get("type") == "source_hash"),
            "",
        )
        if uid not in by_line:
            result.problems.append(
                _("unit {id}: no line has this id in the project").format(id=uid)
            )
            continue
        element_id, current = by_line[uid]
        if exported_hash and source_hash(source) != exported_hash:
            result.problems.append(
                _("unit {id}: its source text was changed in the file; skipped").format(id=uid)
            )
            continue
        if not exported_hash and source != current:
            result.problems.append(
                _("unit {id}: its source no longer matches the line; skipped").format(id=uid)
            )
            continue
        if not target.strip():
            result.untranslated += 1
            continue
        if _CONTROL.search(target):
            result.problems.append(
                _("unit {id}: its translation holds control characters; skipped").format(id=uid)
            )
            continue
        known = [st for st in states if st in STATE_TO_STATUS]
        state = min(known, key=list(STATE_TO_STATUS).index) if known else "translated"
        made_from = exported_hash or source_hash(source)
        if made_from != source_hash(current):
            result.stale.append(uid)
        edits.append(
            TranslationEdit(
                element_id,
                language,
                target,
                STATE_TO_STATUS.get(state, "draft"),
                translator,
                made_from,
            )
        )
    result.filled = len(edits)
    return result, edits


def import_xliff(project: OpenProject, path: Path, translator: str = "") -> XliffImport:
    """Fill line translations from a translated XLIFF file as one undoable step."""
    result, edits = read_xliff(project, path, translator)
    if edits:
        project.run(
            SetTranslations(
                edits,
                _("Import {language} translations").format(language=result.language),
            )
        )
    return result
