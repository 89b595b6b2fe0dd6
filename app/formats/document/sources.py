"""What exports read from an open project: the shooting script's content (its tables read by
``project_tables``, with the consent list and a revision added) and the translator packet's
notes, lines and scenes.

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
from app.formats.document.project_tables import stored_content
from app.formats.revisions import revision_of
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


def script_content(project: OpenProject, opts: ExportOptions, language: str) -> ScriptContent:
    """Everything the shooting script of ``project`` prints, as ``opts`` asks (notes, heritage,
    a bilingual line, a revision), with the consent list in ``language``. The tables are read
    as ``kiln export`` reads a file (``project_tables``), through this session's connection."""
    with project.file.session() as s:
        conn = s.connection().connection.driver_connection
        content = stored_content(conn, project.file.path, opts)
    content.consent = consent_items(project, language=language)
    content.revision = revision_of(project, opts)
    return content
