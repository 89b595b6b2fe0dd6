"""The beat board's lanes: each episode's cards with their timing, warnings and approvals.

``load_board`` reads everything the board shows in one go (``OpenProject`` queries,
``app.features.board.cards`` for badges and filter facts, ``app.features.notes.review`` for the
consultants' approval of heritage moments), so the window builds it once per change that
concerns the board and the graphics scene never asks the file per card or per paint.

A card is a heritage moment when its kind is "heritage moment" or it links heritage library
entries (itself, or through its scenes and lines). Each moment — the card itself, each linked
entry — has an approval status; the card shows the least advanced of them (changes requested,
then unreviewed, then pending, then approved).
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from app.core.enums import AnnotationTarget, BeatKind, BeatStatus
from app.core.i18n import _
from app.core.records import BeatRecord, EpisodeRecord
from app.features.board.cards import BoardFacts, board_facts
from app.features.board.rules import LaneWarning, Length, lane_warnings, length_status
from app.features.heritage.linking import heritage_entries
from app.features.notes.ledger import WordChange
from app.features.notes.review import ApprovalStatus, approval_ledger, least_advanced
from app.project.open_project import OpenProject

logger = logging.getLogger(__name__)


@dataclass
class Lane:
    """One column of the board: an episode's cards, or the parking lot (``episode`` None).

    ``seconds``, ``length`` and ``warnings`` change together (``time``), when the script's
    timing of the episode is known."""

    episode: EpisodeRecord | None
    beats: list[BeatRecord] = field(default_factory=list)
    seconds: float = 0.0
    length: Length = Length.UNKNOWN
    warnings: tuple[LaneWarning, ...] = ()

    @property
    def episode_id(self) -> str | None:
        return self.episode.id if self.episode else None

    def time(self, seconds: float) -> None:
        """Take ``seconds`` as the lane's length; its length status and warnings follow."""
        self.seconds = seconds
        if self.episode is None:
            self.length, self.warnings = Length.UNKNOWN, ()
            return
        target = self.episode.target_seconds
        self.length = length_status(seconds, target)
        self.warnings = tuple(lane_warnings([b.kind for b in self.beats], seconds, target))


@dataclass(frozen=True)
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


class Moment(NamedTuple):
    """One heritage moment a card stands for — the card itself, or a library entry it links —
    (name, status) first, as the card's tooltip lists them."""

    name: str
    status: ApprovalStatus
    target_type: AnnotationTarget
    target_id: str
    #: What changed in the words its approval approved (a moment needing review).
    changes: tuple[WordChange, ...] = ()


@dataclass(frozen=True)
class CardApproval:
    """A heritage card's approval: the status it shows (the least advanced) and each moment."""

    status: ApprovalStatus
    moments: tuple[Moment, ...]


@dataclass
class BoardData:
    """Everything the board shows of one project."""

    lanes: list[Lane]
    facts: BoardFacts
    approvals: dict[str, CardApproval] = field(default_factory=dict)  # by beat id
    #: (id, name) of every character, for the character filter
    characters: list[tuple[str, str]] = field(default_factory=list)
    #: (entry id, name) of every linked heritage entry, by name, for the heritage filter
    heritage: list[tuple[str, str]] = field(default_factory=list)


def load_board(project: OpenProject, script_seconds: dict[str, float] | None = None) -> BoardData:
    """Every lane (parking lot first) with its cards, timing, warnings and approvals.

    A lane's seconds are its script's estimate (``script_seconds`` per episode id) where the
    script has words, else the sum of its cards' estimates; without ``script_seconds`` only the
    cards count, and ``apply_script_seconds`` fills the script's in later.
    """
    lanes: dict[str | None, Lane] = {None: Lane(None)}
    for episode in project.episodes():
        lanes[episode.id] = Lane(episode)
    for beat in project.beats():
        lane = lanes.get(beat.episode_id)
        if lane is not None:
            lane.beats.append(beat)
    for lane in lanes.values():
        lane.beats.sort(key=lambda b: b.position)
    language = project.info().source_language
    data = BoardData(list(lanes.values()), board_facts(project),
                     characters=[(c.id, c.name(language)) for c in project.characters()],
                     heritage=heritage_entries(project))
    data.approvals = card_approvals(project, data)
    apply_script_seconds(data, script_seconds or {})
    return data


def card_approvals(project: OpenProject, data: BoardData) -> dict[str, CardApproval]:
    """The approval of every heritage card of ``data`` (cards that are no moment are absent)."""
    ledger = approval_ledger(project)
    names = dict(data.heritage)
    unreviewed = (ApprovalStatus.UNREVIEWED, [])
    result = {}
    for lane in data.lanes:
        for beat in lane.beats:
            moments = []
            if beat.kind is BeatKind.HERITAGE_MOMENT:
                status, changed = ledger.get((AnnotationTarget.BEAT.value, beat.id), unreviewed)
                moments.append(Moment(beat.title or _("This card"), status,
                                      AnnotationTarget.BEAT, beat.id, tuple(changed)))
            for entry in sorted(data.facts.heritage.get(beat.id, ())):
                status, changed = ledger.get((AnnotationTarget.HERITAGE_ITEM.value, entry),
                                             unreviewed)
                moments.append(Moment(names.get(entry, entry), status,
                                      AnnotationTarget.HERITAGE_ITEM, entry, tuple(changed)))
            status = least_advanced(m.status for m in moments)
            if status is not None:
                result[beat.id] = CardApproval(status, tuple(moments))
    return result


def apply_script_seconds(data: BoardData, script_seconds: dict[str, float]) -> None:
    """Time each lane from its script (``episode id -> seconds``), else from its cards."""
    for lane in data.lanes:
        if lane.episode is not None:
            planned = float(sum(b.estimated_seconds or 0 for b in lane.beats))
            lane.time(script_seconds.get(lane.episode.id) or planned)


def cards_of(heritage: Mapping[str, Collection[str]], target_type: str,
             target_id: str) -> list[str]:
    """The cards a heritage moment stands for: the card itself, or the cards linking the entry
    (``heritage``: the entries each card links, ``BoardFacts.heritage``)."""
    if target_type == AnnotationTarget.BEAT.value:
        return [target_id]
    return sorted(beat for beat, entries in heritage.items() if target_id in entries)
