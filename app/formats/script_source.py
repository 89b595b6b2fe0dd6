"""The whole script of an open project, gathered once for the exporters.

Exporters read through ``OpenProject`` queries; the few things those queries do not carry
(text annotations, a scene's locked number) are read here from the project's own session.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from app.core.enums import ElementKind
from app.core.records import (
    ElementRecord,
    EpisodeRecord,
    ProjectInfo,
    SceneRecord,
    is_feature,
)
from app.core.records import printed_numbers as numbers_by_scene
from app.store import schema

if TYPE_CHECKING:
    from app.project.open_project import OpenProject

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class NoteOut:
    """An annotation as exporters write it."""

    body: str
    author: str = ""
    role: str = "writer"
    kind: str = "cultural_context"
    cultures: tuple[str, ...] = ()
    start: int = 0
    end: int = 0


@dataclass
class SceneOut:
    record: SceneRecord
    locked_number: str | None
    summary: str
    elements: list[ElementRecord]
    #: the number the shooting script prints (the locked one, else ``printed_numbers``)
    number: str = ""


@dataclass
class EpisodeOut:
    record: EpisodeRecord
    scenes: list[SceneOut] = field(default_factory=list)


@dataclass
class ScriptOut:
    info: ProjectInfo
    episodes: list[EpisodeOut]
    notes: dict[str, list[NoteOut]]  # element id -> notes
    speakers: dict[str, dict[str, str]]  # character id -> names per language

    @property
    def title_page(self) -> dict[str, Any]:
        return dict(getattr(self.info, "title_page", None) or {})


def attrs(element: ElementRecord) -> dict[str, Any]:
    """The format extras of an element (schema v2), empty before."""
    return dict(getattr(element, "attrs", None) or {})


def is_dual(element: ElementRecord) -> bool:
    return bool(getattr(element, "dual", False))


_BLOCK_KINDS = (ElementKind.DIALOGUE, ElementKind.LYRIC, ElementKind.PARENTHETICAL)


def starts_block(element: ElementRecord) -> bool:
    """A spoken line, or a sung line or parenthetical of a speaker: the start of a cue's block."""
    if element.kind == ElementKind.DIALOGUE:
        return True
    return element.kind in _BLOCK_KINDS and bool(element.speaker_id or element.speaker)


def dialogue_block(elements: list[ElementRecord], i: int) -> tuple[list[ElementRecord], int]:
    """The lines under the cue of ``elements[i]`` (those after it marked ``same_cue``, of the
    same speaker), and the index of the element after them."""
    first = elements[i]
    speaker = first.speaker_id or first.speaker
    block = [first]
    i += 1
    while (
        i < len(elements)
        and elements[i].kind in _BLOCK_KINDS
        and attrs(elements[i]).get("same_cue")
        and (elements[i].speaker_id or elements[i].speaker) == speaker
    ):
        block.append(elements[i])
        i += 1
    return block, i


def printed_numbers(project: OpenProject) -> dict[str, str]:
    """The number the shooting script prints for every scene, by scene id: its locked number,
    else the one its place gives (``app.core.records.printed_scene_numbers``: ``1-2`` in a
    series, ``2`` in a feature). Fountain and FDX exports write the same numbers."""
    info = project.info()
    episodes = project.episodes()
    with project.file.session() as s:
        locked = dict(s.execute(select(schema.Scene.id, schema.Scene.locked_number)).all())
        # a scene the source did not head starts with an empty heading element
        headless = set(s.scalars(select(schema.Element.scene_id).where(
            schema.Element.kind == ElementKind.SCENE_HEADING.value, schema.Element.text == "")))
    feature = is_feature(info.layout, [e.title for e in episodes])
    by_episode: dict[str, list[SceneRecord]] = {}
    for sc in project.scenes():
        by_episode.setdefault(sc.episode_id, []).append(sc)
    return numbers_by_scene(feature, [
        (ep.number, [(sc.id, sc.id not in headless, locked.get(sc.id))
                     for sc in by_episode.get(ep.id, [])])
        for ep in episodes])


def gather(project: OpenProject) -> ScriptOut:
    """Read everything an exporter needs from ``project``."""
    info = project.info()
    with project.file.session() as s:
        locked = dict(s.execute(select(schema.Scene.id, schema.Scene.locked_number)).all())
        summaries: dict[str, str] = {}
        if hasattr(schema.Scene, "summary"):
            summaries = dict(s.execute(select(schema.Scene.id, schema.Scene.summary)).all())
        notes: dict[str, list[NoteOut]] = {}
        rows = s.scalars(
            select(schema.Annotation)
            .where(schema.Annotation.target_type == "text")
            .order_by(schema.Annotation.created_at)
        )
        for a in rows:
            anchor = a.anchor or {}
            notes.setdefault(anchor.get("element_id") or a.target_id, []).append(
                NoteOut(
                    body=a.body,
                    author=a.author,
                    role=a.role,
                    kind=a.kind,
                    cultures=tuple(a.cultures or ()),
                    start=int(anchor.get("start", 0) or 0),
                    end=int(anchor.get("end", 0) or 0),
                )
            )
    episodes = [EpisodeOut(e) for e in project.episodes()]
    by_id = {e.record.id: e for e in episodes}
    numbers = printed_numbers(project)
    for sc in project.scenes():
        by_id[sc.episode_id].scenes.append(
            SceneOut(sc, locked.get(sc.id), summaries.get(sc.id) or "", project.elements(sc.id),
                     numbers[sc.id])
        )
    speakers = {c.id: c.names for c in project.characters()}
    return ScriptOut(info, episodes, notes, speakers)
