"""The script of a project as plain parts: what a draft keeps and what a compare reads.

A snapshot cuts the script into parts — the project's script fields, the episodes, the cast and
places, and one part per scene (the scene's fields and its lines in order) — each encoded as
canonical JSON and named by its digest (BLAKE2b, 128 bits). Two parts with the same digest are
the same words, so a draft stores each part once however many drafts share it, and a compare
skips every scene whose digest did not change without reading it. A scene's place (episode,
position) is kept beside its digest, not inside the part: a scene that only moved is still the
same part.

Timestamps are left out (a draft is about words, and a part that was touched but not changed
keeps its digest); the order of lines is their order in the part.
"""

from __future__ import annotations

import hashlib
import json
import logging
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import JSON, Text, select, type_coerce
from sqlalchemy.orm import Session

from app.core.enums import ScriptLayout
from app.core.scene_numbers import derived_number
from app.store.schema import Base, Character, Element, Episode, Location, Project, Scene

logger = logging.getLogger(__name__)

#: The version of the manifest and part layout this Kiln writes.
FORMAT = 1
#: Columns never kept in a part: bookkeeping, and a scene's or line's place, number and card
#: (the manifest and the order inside a part say those, so locking numbers, moving a scene or
#: linking it to another card on the board leaves its part — its words — as it was).
_SKIPPED = frozenset({"created_at", "updated_at"})
_PLACE = {"scene": frozenset({"episode_id", "position", "locked_number", "beat_id"}),
          "element": frozenset({"scene_id", "position"})}
#: The project's fields that are part of the script (not its settings or counters).
PROJECT_FIELDS = ("title", "logline", "source_language", "layout", "authors", "draft",
                  "registration_number", "title_page")

Row = dict[str, Any]


@cache
def fields(table: str) -> tuple[str, ...]:
    """The columns of ``table`` a draft keeps, in the schema's order."""
    if table == Project.__tablename__:
        return PROJECT_FIELDS
    skipped = _SKIPPED | _PLACE.get(table, frozenset())
    return tuple(c.name for c in Base.metadata.tables[table].c if c.name not in skipped)


def encode(value: Any) -> bytes:
    """``value`` as canonical JSON (sorted keys, no spaces, UTF-8): equal content, equal
    bytes."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      default=str).encode("utf-8")


def digest(data: bytes) -> str:
    """The name of a part: 32 hex digits of BLAKE2b."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def compress(data: bytes) -> bytes:
    return zlib.compress(data, 6)


def decompress(data: bytes) -> bytes:
    return zlib.decompress(data)


@dataclass(frozen=True)
class SceneEntry:
    """Where a scene stands in a snapshot and the digest of its part."""

    id: str
    episode_id: str
    position: int
    locked_number: str | None
    digest: str
    beat_id: str | None = None


@dataclass(frozen=True)
class ScenePart:
    """A scene's own fields and its lines (element rows, in order)."""

    scene: Row
    elements: list[Row]


@dataclass
class Snapshot:
    """The script of a project at one moment: a draft's, or the file's as it is now.

    Small parts are held decoded; scene parts are fetched and decoded on demand (``part``), so a
    compare reads only the scenes whose digests differ.
    """

    project: Row
    episodes: list[Row]
    characters: list[Row]
    locations: list[Row]
    scenes: list[SceneEntry]
    #: The encoded parts this snapshot holds already, by digest.
    parts: dict[str, bytes] = field(default_factory=dict)
    #: Reads more parts (digest -> encoded part) when asked for ones it does not hold.
    fetch: Callable[[list[str]], dict[str, bytes]] | None = None
    _decoded: dict[str, ScenePart] = field(default_factory=dict, repr=False)

    @property
    def feature(self) -> bool:
        """A feature film: a Hollywood script of one untitled episode (scenes numbered 1, 2…)."""
        return (self.project.get("layout") == ScriptLayout.HOLLYWOOD.value
                and len(self.episodes) == 1 and not self.episodes[0].get("title"))

    def episode_numbers(self) -> dict[str, int]:
        return {e["id"]: int(e["number"]) for e in self.episodes}

    def numbers(self) -> dict[str, str]:
        """The number each scene shows (its locked number, or the derived one), by scene id."""
        episodes = self.episode_numbers()
        feature = self.feature
        return {s.id: s.locked_number or derived_number(episodes.get(s.episode_id, 0),
                                                        s.position, feature)
                for s in self.scenes}

    def load(self, digests: Iterable[str]) -> None:
        """Make sure the parts ``digests`` are at hand (one read for all that are missing)."""
        missing = sorted({d for d in digests if d not in self.parts})
        if missing and self.fetch is not None:
            self.parts.update(self.fetch(missing))

    def part(self, entry: SceneEntry) -> ScenePart:
        """The decoded part of one scene."""
        found = self._decoded.get(entry.digest)
        if found is None:
            self.load([entry.digest])
            found = self._decoded[entry.digest] = decode_scene(self.parts[entry.digest])
        return found

    def location_names(self, language: str) -> dict[str, str]:
        """Each place's name in ``language`` (else its first name), by id."""
        out = {}
        for loc in self.locations:
            names = loc.get("names") or {}
            out[loc["id"]] = names.get(language) or next(iter(names.values()), "")
        return out

    def character_names(self, language: str) -> dict[str, str]:
        out = {}
        for c in self.characters:
            names = c.get("names") or {}
            out[c["id"]] = names.get(language) or next(iter(names.values()), "")
        return out


@cache
def _json_columns(table: str) -> frozenset[str]:
    return frozenset(c.name for c in Base.metadata.tables[table].c if isinstance(c.type, JSON))


def scene_part(scene: Row, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> bytes:
    """The encoded part of a scene: its fields, then its lines as rows of ``columns`` (JSON
    columns as the JSON text the file holds, read without decoding: a part is compared far
    more often than it is read)."""
    return encode({
        "scene": {k: scene.get(k) for k in fields(Scene.__tablename__)},
        "columns": list(columns),
        "rows": rows,
    })


def decode_scene(data: bytes) -> ScenePart:
    value = json.loads(data)
    columns = value.get("columns") or []
    raw = [c for c in columns if c in _json_columns(Element.__tablename__)]
    elements = []
    for row in value.get("rows") or []:
        element = dict(zip(columns, row, strict=False))
        for key in raw:
            if isinstance(element.get(key), str):
                element[key] = json.loads(element[key])
        elements.append(element)
    return ScenePart(dict(value.get("scene") or {}), elements)


def _rows(session: Session, table: type[Base], *order: Any) -> list[Row]:
    return [dict(r) for r in session.execute(select(table.__table__).order_by(*order)).mappings()]


def read_current(session: Session) -> Snapshot:
    """The script of the file behind ``session`` as it is now, every part encoded."""
    project = session.execute(select(Project.__table__)).mappings().one()
    episodes = _rows(session, Episode, Episode.number, Episode.created_at)
    numbers = {e["id"]: e["number"] for e in episodes}
    scenes = _rows(session, Scene, Scene.position, Scene.created_at)
    scenes.sort(key=lambda s: (numbers.get(s["episode_id"], 0), s["position"]))
    table = Element.__table__
    columns = fields(Element.__tablename__)
    raw = _json_columns(Element.__tablename__)
    chosen = [type_coerce(table.c[k], Text) if k in raw else table.c[k] for k in columns]
    lines: dict[str, list[tuple[Any, ...]]] = {}
    for scene_id, *values in session.execute(
            select(table.c.scene_id, *chosen)
            .order_by(table.c.scene_id, table.c.position, table.c.created_at)):
        lines.setdefault(scene_id, []).append(values)
    snapshot = Snapshot(
        project={k: project[k] for k in PROJECT_FIELDS},
        episodes=[_keep(Episode, e) for e in episodes],
        characters=[_keep(Character, c) for c in _rows(session, Character, Character.created_at)],
        locations=[_keep(Location, c) for c in _rows(session, Location, Location.created_at)],
        scenes=[],
    )
    for scene in scenes:
        data = scene_part(scene, columns, lines.get(scene["id"], []))
        name = digest(data)
        snapshot.parts[name] = data
        snapshot.scenes.append(SceneEntry(scene["id"], scene["episode_id"], scene["position"],
                                          scene["locked_number"], name, scene["beat_id"]))
    return snapshot


def _keep(table: type[Base], row: Row) -> Row:
    return {k: row.get(k) for k in fields(table.__tablename__)}


# -- the manifest of a stored draft ---------------------------------------------------------


def small_parts(snapshot: Snapshot) -> dict[str, bytes]:
    """The encoded project, episodes and cast parts of ``snapshot``, by role."""
    return {
        "project": encode(snapshot.project),
        "episodes": encode(snapshot.episodes),
        "cast": encode({"characters": snapshot.characters, "locations": snapshot.locations}),
    }


def lanes(snapshot: Snapshot) -> list[tuple[str, bytes]]:
    """Each episode's list of scenes — ``[[scene id, locked number, digest, card], …]`` in
    order — as
    an encoded part of its own, by episode id in script order: a draft that changed a few
    episodes shares the lists of all the others with the drafts before it."""
    by_episode: dict[str, list[list[Any]]] = {}
    for entry in snapshot.scenes:
        by_episode.setdefault(entry.episode_id, []).append(
            [entry.id, entry.locked_number, entry.digest, entry.beat_id])
    order = [e["id"] for e in snapshot.episodes]
    order += [e for e in by_episode if e not in order]
    return [(episode_id, encode(by_episode.get(episode_id, []))) for episode_id in order]


def manifest(small: dict[str, str], lane_digests: list[tuple[str, str]]) -> bytes:
    """The compressed manifest of a draft: the digests of its small parts (``small``, by role)
    and of each episode's list of scenes (``lane_digests``: episode id, digest, in order)."""
    return compress(encode({"format": FORMAT, **small,
                            "lanes": [[e, d] for e, d in lane_digests]}))


def read_manifest(data: bytes) -> dict[str, Any]:
    value = json.loads(decompress(data))
    if not isinstance(value, dict) or value.get("format") != FORMAT:
        raise ValueError("a draft of another format")
    return value


def manifest_parts(value: dict[str, Any]) -> list[str]:
    """The digests a manifest names directly (small parts and lanes)."""
    return [value["project"], value["episodes"], value["cast"],
            *(str(d) for _e, d in value.get("lanes") or [])]


def lane_scenes(parts: dict[str, bytes], value: dict[str, Any]) -> list[SceneEntry]:
    """The scenes of a manifest in script order, read from its lanes in ``parts``."""
    entries = []
    for episode_id, lane in value.get("lanes") or []:
        for position, (scene_id, locked, name, beat) in enumerate(json.loads(parts[lane])):
            entries.append(SceneEntry(str(scene_id), str(episode_id), position, locked,
                                      str(name), beat))
    return entries


def from_manifest(value: dict[str, Any], parts: dict[str, bytes],
                  fetch: Callable[[list[str]], dict[str, bytes]]) -> Snapshot:
    """A stored draft as a snapshot; ``parts`` holds at least ``manifest_parts(value)``."""
    cast = json.loads(parts[value["cast"]])
    return Snapshot(
        project=json.loads(parts[value["project"]]),
        episodes=json.loads(parts[value["episodes"]]),
        characters=cast.get("characters") or [],
        locations=cast.get("locations") or [],
        scenes=lane_scenes(parts, value),
        parts={},
        fetch=fetch,
    )
