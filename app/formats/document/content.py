"""What a shooting script prints, read once before it is built.

``ScriptContent`` holds it as plain records. It comes from an open project
(``app.formats.document.sources.script_content``) or, in a one-step export, straight from a
script's checked rows (``from_rows``: no project file, no database), and
``app.formats.document.shooting_script.build`` lays out either the same way. Nothing here
loads the database layer.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from app.core.enums import ElementKind, ScriptLayout, Setting, TimeOfDay
from app.core.records import (
    CharacterRecord,
    ElementRecord,
    EpisodeRecord,
    LocationRecord,
    ProjectInfo,
    SceneRecord,
    is_feature,
    printed_numbers,
    scene_number,
)
from app.formats.document.options import ExportOptions
from app.formats.project_rows import Rows

if TYPE_CHECKING:  # types only: their modules read a project's database
    from app.features.notes.consent import ConsentItem
    from app.formats.revisions import Revision

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


def note_item(target_type: str, target_id: str, anchor: dict[str, Any] | None, author: str,
              cultures: list[str] | None, kind: str, severity: str, body: str) -> NoteItem | None:
    """The note of an annotation anchored to a line, or None when it is not on a line."""
    anchor = anchor or {}
    element_id = anchor.get("element_id") or (target_id if target_type == "text" else None)
    if not element_id:
        return None
    return NoteItem(element_id, author, tuple(cultures or ()), kind, severity,
                    anchor.get("quote", ""), body)


@dataclass
class ScriptContent:
    """Everything a shooting script prints: the project's fields, its episodes, scenes (by
    episode id) and lines (by scene id) in order, the number printed for each scene, and what
    the options add (notes and translations by element id, heritage by linked id)."""

    info: ProjectInfo
    characters: dict[str, CharacterRecord]
    episodes: list[EpisodeRecord]
    scenes_of: dict[str, list[SceneRecord]]
    elements_of: dict[str, list[ElementRecord]]
    numbers: dict[str, str]
    notes: dict[str, list[NoteItem]] = field(default_factory=dict)
    heritage: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    bilingual: dict[str, str] = field(default_factory=dict)
    #: Heritage entries that need a community's consent (the title page lists them).
    consent: list[ConsentItem] = field(default_factory=list)
    #: The revision ``--revision`` asks for (None: no revision marks).
    revision: Revision | None = None


def from_rows(rows: Rows, opts: ExportOptions) -> ScriptContent:
    """The content of ``rows``: a script read and checked (``app.formats.project_rows.check``)
    but never written to a project, which is what a one-step export prints, or a project's
    tables read as rows (``app.formats.document.project_tables``; SQL NULLs are taken as
    empty). Heritage, translations, consent and a revision are not rows: they stay empty here,
    for a project's reader to add."""
    p = rows.project
    info = ProjectInfo(
        id=p["id"], title=p["title"], logline=p["logline"],
        source_language=p["source_language"], target_languages=tuple(p["target_languages"] or ()),
        layout=ScriptLayout(p["layout"]), authors=tuple(p["authors"] or ()), draft=p["draft"],
        registration_number=p["registration_number"], title_page=dict(p["title_page"] or {}),
        rhythm=dict(p["rhythm"] or {}), revision=dict(p["revision"] or {}),
    )
    table = rows.tables.get
    characters = {c["id"]: CharacterRecord(
        id=c["id"], names=dict(c["names"] or {}), aliases=dict(c["aliases"] or {}),
        description=c["description"], voice_notes=c["voice_notes"], age=c["age"] or "",
    ) for c in table("Character", [])}
    places = {loc["id"]: LocationRecord(loc["id"], dict(loc["names"] or {}))
              for loc in table("Location", [])}
    episodes = sorted((EpisodeRecord(
        id=e["id"], number=e["number"], title=e["title"], target_seconds=e["target_seconds"],
        hook=e["hook"], cliffhanger=e["cliffhanger"], paywall=bool(e["paywall"]),
    ) for e in table("Episode", [])), key=lambda e: e.number)
    number_of = {e.id: e.number for e in episodes}
    scenes_of: dict[str, list[SceneRecord]] = {}
    locked: dict[str, str | None] = {}
    for s in table("Scene", []):
        place = places.get(s["location_id"]) if s["location_id"] else None
        scenes_of.setdefault(s["episode_id"], []).append(SceneRecord(
            id=s["id"], episode_id=s["episode_id"], position=s["position"],
            number=s["locked_number"] or scene_number(number_of[s["episode_id"]], s["position"]),
            setting=Setting(s["setting"]), time_of_day=TimeOfDay(s["time_of_day"]),
            location_id=s["location_id"],
            location_name=place.name(info.source_language) if place else "",
            beat_id=s["beat_id"], cast=tuple(s["cast"] or ()), summary=s["summary"] or "",
        ))
        locked[s["id"]] = s["locked_number"]
    elements_of: dict[str, list[ElementRecord]] = {}
    headless: set[str] = set()  # a scene the source did not head starts with an empty heading
    for el in rows.elements:
        kind = ElementKind(el["kind"])
        elements_of.setdefault(el["scene_id"], []).append(
            ElementRecord(**{**el, "kind": kind, "attrs": dict(el["attrs"])}))
        if kind == ElementKind.SCENE_HEADING and el["text"] == "":
            headless.add(el["scene_id"])
    feature = is_feature(info.layout, [e.title for e in episodes])
    numbers = printed_numbers(feature, [
        (e.number, [(s.id, s.id not in headless, locked[s.id]) for s in scenes_of.get(e.id, [])])
        for e in episodes])
    notes: dict[str, list[NoteItem]] = {}
    if opts.notes:
        for a in rows.annotations:
            note = note_item(a["target_type"], a["target_id"], a["anchor"], a["author"],
                             a["cultures"], a["kind"], a["severity"], a["body"])
            if note is not None:
                notes.setdefault(note.element_id, []).append(note)
    return ScriptContent(info, characters, episodes, scenes_of, elements_of, numbers, notes)
