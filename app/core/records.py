"""Read-only snapshots of project entities, handed to the window and the command line.

The store keeps the rows; services turn them into these records, so nothing outside the store
touches an ORM session or triggers a lazy load.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from app.core.enums import BeatKind, BeatStatus, ElementKind, ScriptLayout, Setting, TimeOfDay


def scene_number(episode_number: int, scene_position: int) -> str:
    """The displayed number of a scene: ``3-2`` is episode 3, scene 2 (positions count from 0)."""
    return f"{episode_number}-{scene_position + 1}"


def is_feature(layout: str, episode_titles: Sequence[str]) -> bool:
    """A feature screenplay rather than a series: the Hollywood layout and one untitled
    episode. Its shooting script has no episode heading and numbers scenes 1, 2, 3."""
    return layout == ScriptLayout.HOLLYWOOD and len(episode_titles) == 1 and not episode_titles[0]


def printed_scene_numbers(feature: bool, episode_number: int, headed: Sequence[bool]) -> list[str]:
    """The numbers a shooting script prints for the scenes of one episode, in order, when none
    is locked: ``3-1``, ``3-2`` … in a series (the displayed number); ``1``, ``2`` … in a
    feature, where only scenes with a heading count (the text before a film's first heading is
    not a scene of the film) and a scene without one gets "".

    Exports write these numbers (Fountain ``#2#``, FDX ``Number="2"``), and importers lock a
    scene's number only when it differs from this one, so a round trip locks nothing new.
    """
    if not feature:
        return [scene_number(episode_number, i) for i in range(len(headed))]
    out: list[str] = []
    count = 0
    for has_heading in headed:
        count += has_heading
        out.append(str(count) if has_heading else "")
    return out


def printed_numbers(
    feature: bool, episodes: Sequence[tuple[int, Sequence[tuple[str, bool, str | None]]]]
) -> dict[str, str]:
    """The number a shooting script prints for every scene, by scene id: its locked number,
    else the one its place gives (``printed_scene_numbers``). ``episodes`` holds each episode's
    number and its scenes in order as (id, has a heading, locked number or None)."""
    out: dict[str, str] = {}
    for episode_number, scenes in episodes:
        numbers = printed_scene_numbers(feature, episode_number, [s[1] for s in scenes])
        for (scene_id, _headed, locked), number in zip(scenes, numbers, strict=True):
            out[scene_id] = locked or number
    return out


@dataclass(frozen=True)
class ProjectInfo:
    """The project's own fields."""

    id: str
    title: str
    logline: str
    source_language: str
    target_languages: tuple[str, ...]
    layout: ScriptLayout
    authors: tuple[str, ...] = ()
    draft: str = ""
    registration_number: str = ""
    title_page: dict[str, str] = field(default_factory=dict)
    #: The series-rhythm and fit settings (app.features.rhythm.settings reads them).
    rhythm: dict[str, object] = field(default_factory=dict)
    #: Production revisions: locked scene numbers, omitted scenes (app.features.drafts).
    revision: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class EpisodeRecord:
    """One episode of the series."""

    id: str
    number: int
    title: str
    target_seconds: int
    hook: str
    cliffhanger: str
    paywall: bool


@dataclass(frozen=True)
class BeatRecord:
    """One card on the beat board; ``episode_id`` None means the parking lot."""

    id: str
    episode_id: str | None
    position: int
    title: str
    summary: str
    kind: BeatKind
    status: BeatStatus
    colour: str | None
    estimated_seconds: int | None
    #: Series rhythm: the cliffhanger's kind, the question a setup raises, its payoff card.
    cliffhanger_type: str = ""
    setup_question: str = ""
    paid_off_by: str | None = None


@dataclass(frozen=True)
class SceneRecord:
    """One scene, with its displayed number already worked out."""

    id: str
    episode_id: str
    position: int
    number: str
    setting: Setting
    time_of_day: TimeOfDay
    location_id: str | None
    location_name: str
    beat_id: str | None
    cast: tuple[str, ...] = ()
    summary: str = ""


@dataclass(frozen=True)
class ElementRecord:
    """One script paragraph."""

    id: str
    scene_id: str
    position: int
    kind: ElementKind
    text: str
    speaker_id: str | None = None
    speaker: str = ""
    extension: str = ""
    parenthetical: str = ""
    language: str | None = None
    line_id: str | None = None
    dual: bool = False
    attrs: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class CharacterRecord:
    """A character with names per language (BCP-47 keys)."""

    id: str
    names: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, list[str]] = field(default_factory=dict)
    description: str = ""
    voice_notes: str = ""
    age: str = ""

    def name(self, language: str) -> str:
        """The name in ``language``, falling back to any name the character has."""
        return self.names.get(language) or next(iter(self.names.values()), "")


@dataclass(frozen=True)
class LocationRecord:
    """A place where scenes happen, with names per language."""

    id: str
    names: dict[str, str] = field(default_factory=dict)
    description: str = ""

    def name(self, language: str) -> str:
        """The name in ``language``, falling back to any name the location has."""
        return self.names.get(language) or next(iter(self.names.values()), "")


@dataclass(frozen=True)
class EpisodeStats:
    """Counts and timing of one episode."""

    number: int
    title: str
    scenes: int
    beats: int
    dialogue_lines: int
    estimated_seconds: float
    beat_seconds: int
    target_seconds: int


@dataclass(frozen=True)
class ProjectStats:
    """Counts and timing of a whole project, as ``kiln stats`` prints them."""

    title: str
    episodes: tuple[EpisodeStats, ...]
    parked_beats: int
    logline: str = ""
    characters: int = 0

    @property
    def scenes(self) -> int:
        return sum(e.scenes for e in self.episodes)

    @property
    def beats(self) -> int:
        return sum(e.beats for e in self.episodes) + self.parked_beats

    @property
    def dialogue_lines(self) -> int:
        return sum(e.dialogue_lines for e in self.episodes)

    @property
    def estimated_seconds(self) -> float:
        return sum(e.estimated_seconds for e in self.episodes)
