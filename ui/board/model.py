"""The board's data: lanes of beats with their timing, warnings and what the filters match.

Built in one go from ``OpenProject`` queries (and ``app.services.board`` for badges), so the
graphics scene never asks the file per card.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from PySide6.QtGui import QColor

from app.domain.board_rules import LaneWarning, Length, lane_warnings, length_status
from app.domain.enums import BeatKind, BeatStatus
from app.domain.records import BeatRecord, EpisodeRecord
from app.i18n import _
from app.services.board import BoardFacts, board_facts
from app.services.project import OpenProject

logger = logging.getLogger(__name__)

#: One colour per beat kind (the legend shows them); a card's own colour wins.
KIND_COLOURS: dict[BeatKind, str] = {
    BeatKind.HOOK: "#e4572e",
    BeatKind.SETUP: "#76b041",
    BeatKind.CONFLICT: "#c0392b",
    BeatKind.REVERSAL: "#8e44ad",
    BeatKind.REVEAL: "#f1a208",
    BeatKind.ROMANCE: "#e85d9e",
    BeatKind.HERITAGE_MOMENT: "#1f5fa8",
    BeatKind.CLIMAX: "#d35400",
    BeatKind.CLIFFHANGER: "#2c3e50",
    BeatKind.IDEA: "#95a5a6",
}

LENGTH_COLOURS: dict[Length, str] = {
    Length.UNKNOWN: "#7f8c8d",
    Length.UNDER: "#b7791f",
    Length.ON_TARGET: "#2f855a",
    Length.OVER: "#c53030",
}


def kind_label(kind: BeatKind) -> str:
    labels = {
        BeatKind.HOOK: _("Hook"), BeatKind.SETUP: _("Setup"), BeatKind.CONFLICT: _("Conflict"),
        BeatKind.REVERSAL: _("Reversal"), BeatKind.REVEAL: _("Reveal"),
        BeatKind.ROMANCE: _("Romance"), BeatKind.HERITAGE_MOMENT: _("Heritage moment"),
        BeatKind.CLIMAX: _("Climax"), BeatKind.CLIFFHANGER: _("Cliffhanger"),
        BeatKind.IDEA: _("Idea"),
    }
    return labels[kind]


def status_label(status: BeatStatus) -> str:
    labels = {BeatStatus.IDEA: _("Idea"), BeatStatus.OUTLINED: _("Outlined"),
              BeatStatus.DRAFTED: _("Drafted"), BeatStatus.FINAL: _("Final")}
    return labels[status]


def warning_label(warning: LaneWarning) -> str:
    labels = {
        LaneWarning.NO_OPENING_HOOK: _("does not open on a hook"),
        LaneWarning.NO_CLOSING_CLIFFHANGER: _("does not end on a cliffhanger"),
        LaneWarning.OVER_TARGET: _("over the target length"),
        LaneWarning.UNDER_TARGET: _("under the target length"),
    }
    return labels[warning]


def card_colour(beat: BeatRecord) -> QColor:
    colour = QColor(beat.colour) if beat.colour else QColor()
    return colour if colour.isValid() else QColor(KIND_COLOURS[beat.kind])


@dataclass
class Lane:
    """One column of the board: an episode's cards, or the parking lot (``episode`` None)."""

    episode: EpisodeRecord | None
    beats: list[BeatRecord] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def episode_id(self) -> str | None:
        return self.episode.id if self.episode else None

    @property
    def length(self) -> Length:
        return length_status(self.seconds, self.episode.target_seconds) if self.episode else (
            Length.UNKNOWN)

    @property
    def warnings(self) -> list[LaneWarning]:
        if self.episode is None:
            return []
        return lane_warnings([b.kind for b in self.beats], self.seconds,
                             self.episode.target_seconds)


@dataclass
class Filters:
    """What the writer wants to see; cards that do not match are faded, not hidden."""

    kind: BeatKind | None = None
    status: BeatStatus | None = None
    character_id: str | None = None
    heritage_id: str | None = None

    def active(self) -> bool:
        return any(v is not None for v in (self.kind, self.status, self.character_id,
                                           self.heritage_id))

    def matches(self, beat: BeatRecord, facts: BoardFacts) -> bool:
        if self.kind is not None and beat.kind is not self.kind:
            return False
        if self.status is not None and beat.status is not self.status:
            return False
        if self.character_id and self.character_id not in facts.characters.get(beat.id, ()):
            return False
        return not (self.heritage_id and self.heritage_id not in facts.heritage.get(beat.id, ()))


@dataclass
class BoardData:
    lanes: list[Lane]
    facts: BoardFacts


def load_board(project: OpenProject, script_seconds: dict[str, float] | None = None) -> BoardData:
    """Every lane (parking lot first) with its cards, timing and badges.

    A lane's seconds are its script's estimate (``script_seconds`` per episode id) where the
    script has words, else the sum of its cards' estimates; without ``script_seconds`` only the
    cards count, and ``apply_script_seconds`` fills the script's in later.
    """
    episodes = project.episodes()
    lanes = {None: Lane(None)}
    for episode in episodes:
        lanes[episode.id] = Lane(episode)
    for beat in project.beats():
        lane = lanes.get(beat.episode_id)
        if lane is not None:
            lane.beats.append(beat)
    for lane in lanes.values():
        lane.beats.sort(key=lambda b: b.position)
    data = BoardData(list(lanes.values()), board_facts(project))
    apply_script_seconds(data, script_seconds or {})
    return data


def apply_script_seconds(data: BoardData, script_seconds: dict[str, float]) -> None:
    """Set each lane's seconds from its script (``episode id -> seconds``) or its cards."""
    for lane in data.lanes:
        if lane.episode is not None:
            planned = float(sum(b.estimated_seconds or 0 for b in lane.beats))
            lane.seconds = script_seconds.get(lane.episode.id) or planned
