"""Optional block sources an export plugs in: notes, line translations, heritage.

(The glossary, with its gathered names and frequencies, comes from ``app.features.glossary.terms``.)

Small read-only queries over ``OpenProject.file.session()`` returning plain dicts and tuples,
so builders stay independent of the ORM and new sources can be added beside these.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.core.records import ElementRecord
from app.project.open_project import ELEMENT_COLUMNS, OpenProject, element_from_row
from app.store import schema

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class NoteItem:
    """A consultant's note anchored to a line (element)."""

    element_id: str
    author: str
    cultures: tuple[str, ...]
    kind: str
    severity: str
    quote: str
    body: str

    def concerns(self, language: str) -> bool:
        """True when the note addresses ``language`` or one of its cultures (or everyone).

        ``cultures`` holds BCP-47 tags: a bare language (``en``) addresses the target
        language — a consultant's guidance for the English subtitles — and a language with a
        region (``fa-IR``, ``ar-AE``) a culture; either reaches the packet of that language.
        """
        base = language.split("-")[0].lower()
        return not self.cultures or any(c.split("-")[0].lower() == base for c in self.cultures)


def notes_by_element(project: OpenProject) -> dict[str, list[NoteItem]]:
    """Text-anchored notes grouped by the element they are anchored to."""
    out: dict[str, list[NoteItem]] = {}
    with project.file.session() as s:
        for a in s.scalars(select(schema.Annotation).order_by(schema.Annotation.created_at)):
            element_id = (a.anchor or {}).get("element_id") or (
                a.target_id if a.target_type == "text" else None
            )
            if not element_id:
                continue
            out.setdefault(element_id, []).append(
                NoteItem(
                    element_id,
                    a.author,
                    tuple(a.cultures or ()),
                    a.kind,
                    a.severity,
                    (a.anchor or {}).get("quote", ""),
                    a.body,
                )
            )
    return out


def elements_by_scene(project: OpenProject) -> dict[str, list[ElementRecord]]:
    """Every element of the project as records, grouped by scene in order (one query)."""
    out: dict[str, list[ElementRecord]] = {}
    with project.file.session() as s:
        rows = s.connection().execute(
            select(*ELEMENT_COLUMNS).order_by(schema.Element.scene_id, schema.Element.position)
        )
        for row in rows:
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
