"""Heritage approval and the review summary.

Every heritage moment — a beat of kind ``heritage_moment``, or a heritage library entry linked
from the script — carries a consultant approval status, read from its ``approval`` notes: the
latest one decides (accepted → approved, open → changes requested, resolved → waiting for the
consultant to look again); without one it is unreviewed.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select

from app.domain.enums import AnnotationKind, AnnotationStatus, AnnotationTarget, BeatKind, Role
from app.notes.service import NoteRecord, add_note, aware, notes
from app.services.board import heritage_entries
from app.services.project import OpenProject
from app.store import schema

logger = logging.getLogger(__name__)


class ApprovalStatus(StrEnum):
    """A heritage moment's standing with the consultants."""

    UNREVIEWED = "unreviewed"
    PENDING = "pending"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"


#: From the least to the most advanced: a card with several moments shows the least advanced.
APPROVAL_ORDER = (
    ApprovalStatus.CHANGES_REQUESTED,
    ApprovalStatus.UNREVIEWED,
    ApprovalStatus.PENDING,
    ApprovalStatus.APPROVED,
)

_FROM_NOTE = {
    AnnotationStatus.ACCEPTED: ApprovalStatus.APPROVED,
    AnnotationStatus.OPEN: ApprovalStatus.CHANGES_REQUESTED,
    AnnotationStatus.RESOLVED: ApprovalStatus.PENDING,
}


@dataclass(frozen=True)
class HeritageMoment:
    """A beat or linked library entry that needs a consultant's approval."""

    target_type: AnnotationTarget
    target_id: str
    title: str
    episode_id: str | None
    status: ApprovalStatus


@dataclass(frozen=True)
class ReviewSummary:
    """What is left to review, for the writer and the consultant."""

    by_status: dict[AnnotationStatus, int]
    open_by_severity: dict[str, int]
    orphans: int
    moments: tuple[HeritageMoment, ...]

    @property
    def approved(self) -> int:
        return sum(1 for m in self.moments if m.status is ApprovalStatus.APPROVED)


def approval_status(records: list[NoteRecord], target_type: str, target_id: str) -> ApprovalStatus:
    """The approval status of one target, from its approval notes in ``records``."""
    approvals = [
        n
        for n in records
        if n.kind is AnnotationKind.APPROVAL
        and n.target_type == target_type
        and n.target_id == target_id
    ]
    if not approvals:
        return ApprovalStatus.UNREVIEWED
    latest = max(approvals, key=lambda n: (n.updated_at, n.created_at))
    return _FROM_NOTE[latest.status]


def approval_statuses(project: OpenProject) -> dict[tuple[str, str], ApprovalStatus]:
    """The approval status of every target that has approval notes, by (target type, id).

    Reads the approval notes alone (the board asks this after every change); a target that is
    not in the answer is unreviewed.
    """
    latest: dict[tuple[str, str], tuple] = {}
    with project.file.session() as s:
        for target_type, target_id, status, updated, created in s.execute(
            select(schema.Annotation.target_type, schema.Annotation.target_id,
                   schema.Annotation.status, schema.Annotation.updated_at,
                   schema.Annotation.created_at)
            .where(schema.Annotation.kind == AnnotationKind.APPROVAL.value)
        ):
            key = (target_type, target_id)
            moment = (aware(updated), aware(created), status)
            if key not in latest or moment[:2] > latest[key][:2]:
                latest[key] = moment
    return {key: _FROM_NOTE[AnnotationStatus(m[2])] for key, m in latest.items()}


def least_advanced(statuses: Iterable[ApprovalStatus]) -> ApprovalStatus | None:
    """The status furthest from approval among ``statuses`` (None: there are none)."""
    found = list(statuses)
    return min(found, key=APPROVAL_ORDER.index) if found else None


def heritage_moments(project: OpenProject) -> list[HeritageMoment]:
    """Heritage beats and linked library entries, each with its approval status."""
    statuses = approval_statuses(project)

    def status(target_type: AnnotationTarget, target_id: str) -> ApprovalStatus:
        return statuses.get((target_type.value, target_id), ApprovalStatus.UNREVIEWED)

    found: list[HeritageMoment] = []
    with project.file.session() as s:
        for beat in s.scalars(
            select(schema.Beat)
            .where(schema.Beat.kind == BeatKind.HERITAGE_MOMENT.value)
            .order_by(schema.Beat.episode_id, schema.Beat.position)
        ):
            found.append(HeritageMoment(
                AnnotationTarget.BEAT, beat.id, beat.title, beat.episode_id,
                status(AnnotationTarget.BEAT, beat.id)))
    for entry, name in heritage_entries(project):  # linked entries, by name
        found.append(HeritageMoment(
            AnnotationTarget.HERITAGE_ITEM, entry, name, None,
            status(AnnotationTarget.HERITAGE_ITEM, entry)))
    return found


def approve(
    project: OpenProject, target_type: AnnotationTarget, target_id: str, body: str, *, author: str
) -> str:
    """Record a consultant's approval of a heritage moment; returns the note's id."""
    return add_note(
        project, target_type, target_id, body, author=author, role=Role.CONSULTANT,
        kind=AnnotationKind.APPROVAL, status=AnnotationStatus.ACCEPTED,
    )


def request_changes(
    project: OpenProject, target_type: AnnotationTarget, target_id: str, body: str, *, author: str
) -> str:
    """Record that a heritage moment needs changes before approval."""
    return add_note(
        project, target_type, target_id, body, author=author, role=Role.CONSULTANT,
        kind=AnnotationKind.APPROVAL, status=AnnotationStatus.OPEN,
    )


def review_summary(project: OpenProject) -> ReviewSummary:
    """Counts of notes by status, open notes by severity, orphans, and heritage approvals."""
    records = notes(project)
    by_status = Counter(n.status for n in records)
    open_by_severity = Counter(
        n.severity.value for n in records if n.status is AnnotationStatus.OPEN
    )
    return ReviewSummary(
        by_status={s: by_status.get(s, 0) for s in AnnotationStatus},
        open_by_severity=dict(open_by_severity),
        orphans=sum(1 for n in records if n.orphan),
        moments=tuple(heritage_moments(project)),
    )
