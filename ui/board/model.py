"""The board's data: lanes of beats with their timing, warnings and what the filters match.

Built in one go from ``OpenProject`` queries (``app.features.board.cards`` for badges and
``app.features.notes.review`` for the consultants' approval of heritage moments), so the graphics
scene
never asks the file per card.

A card is a heritage moment when its kind is "heritage moment" or it links heritage library
entries (itself, or through its scenes and lines). Each moment — the card itself, each linked
entry — has an approval status; the card's badge shows the least advanced of them (changes
requested, then unreviewed, then pending, then approved) and its tooltip lists them all.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from PySide6.QtGui import QColor

from app.core.enums import AnnotationTarget, BeatKind, BeatStatus
from app.core.i18n import _, pgettext
from app.core.records import BeatRecord, EpisodeRecord
from app.features.board.cards import BoardFacts, board_facts
from app.features.board.rules import LaneWarning, Length, lane_warnings, length_status
from app.features.heritage.linking import heritage_entries
from app.features.notes.review import ApprovalStatus, approval_statuses, least_advanced
from app.project.open_project import OpenProject

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


#: Badge colours of the approval statuses.
APPROVAL_COLOURS: dict[ApprovalStatus, str] = {
    ApprovalStatus.UNREVIEWED: "#7f8c8d",
    ApprovalStatus.PENDING: "#b7791f",
    ApprovalStatus.CHANGES_REQUESTED: "#c0392b",
    ApprovalStatus.APPROVED: "#2f855a",
}


def approval_label(status: ApprovalStatus) -> str:
    """The interface's name for a heritage moment's approval status."""
    labels = {
        ApprovalStatus.UNREVIEWED: _("Unreviewed"),
        ApprovalStatus.PENDING: _("Pending"),
        ApprovalStatus.CHANGES_REQUESTED: _("Changes requested"),
        ApprovalStatus.APPROVED: _("Approved"),
    }
    return labels[status]


def kind_label(kind: BeatKind) -> str:
    labels = {
        BeatKind.HOOK: _("Hook"), BeatKind.SETUP: _("Setup"), BeatKind.CONFLICT: _("Conflict"),
        BeatKind.REVERSAL: _("Reversal"), BeatKind.REVEAL: _("Reveal"),
        BeatKind.ROMANCE: _("Romance"), BeatKind.HERITAGE_MOMENT: _("Heritage moment"),
        BeatKind.CLIMAX: _("Climax"), BeatKind.CLIFFHANGER: _("Cliffhanger"),
        BeatKind.IDEA: pgettext("beat kind", "Idea"),
    }
    return labels[kind]


def status_label(status: BeatStatus) -> str:
    labels = {BeatStatus.IDEA: pgettext("beat status", "Idea"), BeatStatus.OUTLINED: _("Outlined"),
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


@dataclass(frozen=True)
class CardApproval:
    """A heritage card's approval: the status its badge shows and each moment's own."""

    status: ApprovalStatus
    moments: tuple[tuple[str, ApprovalStatus], ...]  # (name, status): the card, its entries

    def tooltip(self) -> str:
        lines = [_("Heritage approval: {status}").format(status=approval_label(self.status))]
        lines += [f"· {name}: {approval_label(status)}" for name, status in self.moments]
        return "\n".join(lines)


@dataclass
class BoardData:
    lanes: list[Lane]
    facts: BoardFacts
    approvals: dict[str, CardApproval] = field(default_factory=dict)  # by beat id


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
    data.approvals = card_approvals(project, data)
    apply_script_seconds(data, script_seconds or {})
    return data


def card_approvals(project: OpenProject, data: BoardData) -> dict[str, CardApproval]:
    """The approval of every heritage card of ``data`` (cards that are no moment are absent)."""
    statuses = approval_statuses(project)
    names = dict(heritage_entries(project)) if data.facts.heritage else {}
    unreviewed = ApprovalStatus.UNREVIEWED
    result = {}
    for lane in data.lanes:
        for beat in lane.beats:
            moments = []
            if beat.kind is BeatKind.HERITAGE_MOMENT:
                own = statuses.get((AnnotationTarget.BEAT.value, beat.id), unreviewed)
                moments.append((beat.title or _("This card"), own))
            for entry in sorted(data.facts.heritage.get(beat.id, ())):
                moments.append((names.get(entry, entry), statuses.get(
                    (AnnotationTarget.HERITAGE_ITEM.value, entry), unreviewed)))
            status = least_advanced(s for _name, s in moments)
            if status is not None:
                result[beat.id] = CardApproval(status, tuple(moments))
    return result


def apply_script_seconds(data: BoardData, script_seconds: dict[str, float]) -> None:
    """Set each lane's seconds from its script (``episode id -> seconds``) or its cards."""
    for lane in data.lanes:
        if lane.episode is not None:
            planned = float(sum(b.estimated_seconds or 0 for b in lane.beats))
            lane.seconds = script_seconds.get(lane.episode.id) or planned
