"""What exports read from an open project: the shooting script's content, and the optional
blocks an export plugs in (notes, line translations, heritage).

(The glossary, with its gathered names and frequencies, comes from ``app.features.glossary.terms``.)

Small read-only queries over ``OpenProject.file.session()`` returning plain dicts and tuples,
so builders stay independent of the ORM and new sources can be added beside these.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select

from app.core.records import ElementRecord
from app.features.notes.consent import consent_items
from app.formats.document.content import NoteItem, ScriptContent, note_item
from app.formats.document.options import ExportOptions
from app.formats.revisions import revision_of
from app.formats.script_source import printed_numbers
from app.project.open_project import OpenProject, element_from_row, element_rows
from app.store import schema

logger = logging.getLogger(__name__)


def notes_by_element(project: OpenProject) -> dict[str, list[NoteItem]]:
    """Text-anchored notes grouped by the element they are anchored to."""
    out: dict[str, list[NoteItem]] = {}
    with project.file.session() as s:
        for a in s.scalars(select(schema.Annotation).order_by(schema.Annotation.created_at)):
            note = note_item(a.target_type, a.target_id, a.anchor, a.author, a.cultures, a.kind,
                             a.severity, a.body)
            if note is not None:
                out.setdefault(note.element_id, []).append(note)
    return out


def elements_by_scene(project: OpenProject) -> dict[str, list[ElementRecord]]:
    """Every element of the project as records, grouped by scene in order (one query)."""
    out: dict[str, list[ElementRecord]] = {}
    with project.file.session() as s:
        for row in element_rows(s):
            record = element_from_row(row)
            out.setdefault(record.scene_id, []).append(record)
    return out


def scenes_by_episode(project: OpenProject) -> dict[str, list[Any]]:
    """Every scene record grouped by episode id, in order (one query)."""
    out: dict[str, list[Any]] = {}
    for scene in project.scenes():
        out.setdefault(scene.episode_id, []).append(scene)
    return out


def translations(project: OpenProject, language: str) -> dict[str, str]:
    """Line translations into ``language``, by element id."""
    with project.file.session() as s:
        rows = s.execute(
            select(schema.LineTranslation.element_id, schema.LineTranslation.text).where(
                schema.LineTranslation.language == language
            )
        )
        return {element_id: text for element_id, text in rows if text}


def heritage_by_target(project: OpenProject) -> dict[str, list[dict[str, Any]]]:
    """Snapshots of linked heritage entries, by the id of the scene/element/beat linked.

    Each gets ``approval``: the status of a consultant's approval note on that entry.
    """
    with project.file.session() as s:
        snaps = {h.entry_id: dict(h.data or {}) for h in s.scalars(select(schema.HeritageSnapshot))}
        approvals = {
            a.target_id: f"{a.status} ({a.author})" if a.author else a.status
            for a in s.scalars(
                select(schema.Annotation).where(
                    schema.Annotation.kind == "approval",
                    schema.Annotation.target_type == "heritage_item",
                )
            )
        }
        out: dict[str, list[dict[str, Any]]] = {}
        for link in s.scalars(select(schema.HeritageLink)):
            data = dict(snaps.get(link.entry_id, {"id": link.entry_id}))
            data.setdefault("approval", approvals.get(link.entry_id, ""))
            out.setdefault(link.target_id, []).append(data)
        return out


def script_content(project: OpenProject, opts: ExportOptions, language: str) -> ScriptContent:
    """Everything the shooting script of ``project`` prints, as ``opts`` asks (notes, heritage,
    a bilingual line, a revision), with the consent list in ``language``."""
    return ScriptContent(
        info=project.info(),
        characters={c.id: c for c in project.characters()},
        episodes=project.episodes(),
        scenes_of=scenes_by_episode(project),
        elements_of=elements_by_scene(project),
        numbers=printed_numbers(project),
        notes=notes_by_element(project) if opts.notes else {},
        heritage=heritage_by_target(project) if opts.heritage else {},
        bilingual=translations(project, opts.bilingual) if opts.bilingual else {},
        consent=consent_items(project, language=language),
        revision=revision_of(project, opts),
    )
