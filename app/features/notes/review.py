"""Heritage approval and the review summary.

Every heritage moment — a beat of kind ``heritage_moment``, or a heritage library entry linked
from the script — carries a consultant approval status, read from its ``approval`` notes: the
latest one decides (accepted → approved, open → changes requested, resolved → waiting for the
consultant to look again); without one it is unreviewed. Each approval note records the words
it was given on (``app.features.notes.ledger``): an approval whose words have changed since is
shown as needing review, with the changed words, until a consultant decides again.

``set_approval`` is how the window approves, asks for changes or reopens: one undoable step
of notes only, refused (in this module, not only greyed out in the window) when the project's
role may not (``MAY_SET``): consultants approve and ask for changes; writers and consultants
reopen.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.enums import (
    AnnotationKind,
    AnnotationStatus,
    AnnotationTarget,
    BeatKind,
    Role,
    Severity,
)
from app.core.errors import CommandError
from app.core.i18n import _, ngettext
from app.features.heritage.linking import heritage_entries
from app.features.notes.ledger import (
    WORDS_KEY,
    WordChange,
    as_anchor,
    changes,
    line_ids,
    moment_words,
    recorded_words,
)
from app.features.notes.service import (
    CLAIM,
    NoteRecord,
    aware,
    note_command,
    notes,
)
from app.project.changes import ChangeRecorder
from app.project.commands import Command
from app.project.open_project import OpenProject
from app.store import schema

logger = logging.getLogger(__name__)


class ApprovalStatus(StrEnum):
    """A heritage moment's standing with the consultants."""

    UNREVIEWED = "unreviewed"
    #: Approved, but the words it approved have changed since: a consultant must look again.
    NEEDS_REVIEW = "needs_review"
    PENDING = "pending"
    CHANGES_REQUESTED = "changes_requested"
    #: Approved by a review packet: authority a file only claims until a consultant in this
    #: project confirms it (a writer importing a packet can never approve anything).
    CLAIMED = "claimed"
    APPROVED = "approved"


#: From the least to the most advanced: a card with several moments shows the least advanced.
APPROVAL_ORDER = (
    ApprovalStatus.CHANGES_REQUESTED,
    ApprovalStatus.UNREVIEWED,
    ApprovalStatus.NEEDS_REVIEW,
    ApprovalStatus.PENDING,
    ApprovalStatus.CLAIMED,
    ApprovalStatus.APPROVED,
)

_FROM_NOTE = {
    AnnotationStatus.ACCEPTED: ApprovalStatus.APPROVED,
    AnnotationStatus.OPEN: ApprovalStatus.CHANGES_REQUESTED,
    AnnotationStatus.RESOLVED: ApprovalStatus.PENDING,
}

def _status(note_status: str, claimed: bool, stale: bool = False) -> ApprovalStatus:
    status = _FROM_NOTE[AnnotationStatus(note_status)]
    if status is ApprovalStatus.APPROVED and stale:
        return ApprovalStatus.NEEDS_REVIEW  # approved words changed: the claim goes too
    return ApprovalStatus.CLAIMED if claimed and status is ApprovalStatus.APPROVED else status


def is_claim(anchor: dict | None) -> bool:
    """Whether an approval note's stored anchor marks it as brought by a review packet."""
    return bool((anchor or {}).get(CLAIM))


@dataclass(frozen=True)
class HeritageMoment:
    """A beat or linked library entry that needs a consultant's approval."""

    target_type: AnnotationTarget
    target_id: str
    title: str
    episode_id: str | None
    status: ApprovalStatus
    #: For a moment needing review: what changed in the words its approval approved.
    changes: tuple[WordChange, ...] = ()


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

    @property
    def needs_review(self) -> tuple[HeritageMoment, ...]:
        """Moments whose approved words changed, each with its changes."""
        return tuple(m for m in self.moments if m.status is ApprovalStatus.NEEDS_REVIEW)


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
    return _status(latest.status, latest.claimed)


def approval_statuses(project: OpenProject) -> dict[tuple[str, str], ApprovalStatus]:
    """The approval status of every target that has approval notes, by (target type, id).

    Reads the approval notes, and the words of the approved moments only (the board asks this
    after every change); a target that is not in the answer is unreviewed.
    """
    return {key: status for key, (status, _changes) in approval_ledger(project).items()}


def approval_ledger(project: OpenProject
                    ) -> dict[tuple[str, str], tuple[ApprovalStatus, list[WordChange]]]:
    """Every target with approval notes: its status and, when its approved words changed
    since (``NEEDS_REVIEW``), what changed."""
    with project.file.session() as s:
        return read_ledger(s)


def read_ledger(s: Session) -> dict[tuple[str, str], tuple[ApprovalStatus, list[WordChange]]]:
    latest: dict[tuple[str, str], tuple] = {}
    for target_type, target_id, status, updated, created, anchor in s.execute(
        select(schema.Annotation.target_type, schema.Annotation.target_id,
               schema.Annotation.status, schema.Annotation.updated_at,
               schema.Annotation.created_at, schema.Annotation.anchor)
        .where(schema.Annotation.kind == AnnotationKind.APPROVAL.value)
    ):
        key = (target_type, target_id)
        moment = (aware(updated), aware(created), status, anchor)
        if key not in latest or moment[:2] > latest[key][:2]:
            latest[key] = moment
    approved = {key: recorded_words(m[3]) for key, m in latest.items()
                if m[2] == AnnotationStatus.ACCEPTED.value and recorded_words(m[3]) is not None}
    now = moment_words(s, approved)
    found: dict[tuple[str, str], tuple[ApprovalStatus, list[WordChange]]] = {}
    for key, m in latest.items():
        changed: list[WordChange] = []
        if key in approved:
            recorded = approved[key] or []
            if recorded != now[key]:
                ids = line_ids(s, [k for k, _t in recorded] + [k for k, _t in now[key]])
                changed = changes(recorded, now[key], ids)
        found[key] = (_status(m[2], is_claim(m[3]), bool(changed)), changed)
    return found


def least_advanced(statuses: Iterable[ApprovalStatus]) -> ApprovalStatus | None:
    """The status furthest from approval among ``statuses`` (None: there are none)."""
    found = list(statuses)
    return min(found, key=APPROVAL_ORDER.index) if found else None


def heritage_moments(project: OpenProject) -> list[HeritageMoment]:
    """Heritage beats and linked library entries, each with its approval status."""
    ledger = approval_ledger(project)

    def status(target_type: AnnotationTarget, target_id: str
               ) -> tuple[ApprovalStatus, tuple[WordChange, ...]]:
        found, changed = ledger.get((target_type.value, target_id),
                                    (ApprovalStatus.UNREVIEWED, []))
        return found, tuple(changed)

    found: list[HeritageMoment] = []
    with project.file.session() as s:
        for beat in s.scalars(
            select(schema.Beat)
            .where(schema.Beat.kind == BeatKind.HERITAGE_MOMENT.value)
            .order_by(schema.Beat.episode_id, schema.Beat.position)
        ):
            found.append(HeritageMoment(
                AnnotationTarget.BEAT, beat.id, beat.title, beat.episode_id,
                *status(AnnotationTarget.BEAT, beat.id)))
    for entry, name in heritage_entries(project):  # linked entries, by name
        found.append(HeritageMoment(
            AnnotationTarget.HERITAGE_ITEM, entry, name, None,
            *status(AnnotationTarget.HERITAGE_ITEM, entry)))
    return found


def approve(
    project: OpenProject, target_type: AnnotationTarget, target_id: str, body: str, *, author: str
) -> str:
    """Record a consultant's approval of a heritage moment, with the words it approves;
    returns the note's id."""
    return _decide(project, target_type, target_id, body, author, AnnotationStatus.ACCEPTED)


def request_changes(
    project: OpenProject, target_type: AnnotationTarget, target_id: str, body: str, *, author: str
) -> str:
    """Record that a heritage moment needs changes before approval."""
    return _decide(project, target_type, target_id, body, author, AnnotationStatus.OPEN)


@dataclass
class _Decision(Command):
    """One approval note on one moment, recording the moment's words (see ``ledger``)."""

    target_type: AnnotationTarget
    target_id: str
    body: str
    author: str
    status: AnnotationStatus
    created_id: str | None = None
    kind: str = "annotation"

    @property
    def label(self) -> str:  # type: ignore[override]
        return _("Add note")

    def apply(self, rec: ChangeRecorder) -> None:
        self.created_id = _approval_note(rec, self.target_type, self.target_id, self.body,
                                         self.author, Role.CONSULTANT, self.status)


def _decide(project: OpenProject, target_type: AnnotationTarget, target_id: str, body: str,
            author: str, status: AnnotationStatus) -> str:
    target_type = AnnotationTarget(target_type)
    if target_type is AnnotationTarget.BEAT:  # as any note on a card: the card must exist
        with project.file.session() as s:
            if s.get(schema.Beat, target_id) is None:
                raise CommandError(_("The item {id} no longer exists.").format(id=target_id))
    command = _Decision(target_type, target_id, body, author, status)
    project.run(command)
    assert command.created_id is not None
    return command.created_id


def _approval_note(rec: ChangeRecorder, target_type: AnnotationTarget, target_id: str,
                   body: str, author: str, role: Role, status: AnnotationStatus) -> str:
    """Add an approval note on a moment, keeping the moment's words now in its anchor."""
    words = moment_words(rec.session, [(target_type.value, target_id)])
    anchor = {WORDS_KEY: as_anchor(words[(target_type.value, target_id)])}
    create = note_command(target_type, target_id, anchor, body, author, role, (),
                          AnnotationKind.APPROVAL, Severity.INFO, status)
    create.apply(rec)
    assert create.created_id is not None
    return create.created_id


# -- setting a moment's approval (the window's Approve, Request changes…, Reopen) -------------

#: Who may move a heritage moment to each status. Approving and asking for changes are the
#: consultant's judgement; reopening (back to pending: "look at it again") is open to the
#: consultant, who withdraws a decision, and to the writer, who changed the moment since.
#: A translator adds notes instead. Nothing goes back to unreviewed: notes are never deleted.
MAY_SET: dict[ApprovalStatus, frozenset[Role]] = {
    ApprovalStatus.APPROVED: frozenset({Role.CONSULTANT}),
    ApprovalStatus.CHANGES_REQUESTED: frozenset({Role.CONSULTANT}),
    ApprovalStatus.PENDING: frozenset({Role.CONSULTANT, Role.WRITER}),
    ApprovalStatus.UNREVIEWED: frozenset(),
    ApprovalStatus.CLAIMED: frozenset(),  # only a review packet brings it
    ApprovalStatus.NEEDS_REVIEW: frozenset(),  # only an edit of the approved words brings it
}

#: The statuses a moment may be reopened from.
REOPENABLE = frozenset(
    {ApprovalStatus.APPROVED, ApprovalStatus.CHANGES_REQUESTED, ApprovalStatus.CLAIMED,
     ApprovalStatus.NEEDS_REVIEW}
)

Target = tuple[AnnotationTarget, str]


def approval_refusal(role: Role, status: ApprovalStatus) -> str | None:
    """Why ``role`` may not set a moment to ``status`` (one sentence), or None if it may."""
    status, role = ApprovalStatus(status), Role(role)
    if role in MAY_SET[status]:
        return None
    if status is ApprovalStatus.UNREVIEWED:
        return _("A heritage moment cannot go back to unreviewed; reopen it for another look, "
                 "or undo the decision.")
    if status is ApprovalStatus.PENDING:
        return _("A translator cannot reopen a heritage moment's approval; add a note for the "
                 "writer instead.")
    if role is Role.WRITER:
        return _("Only a cultural consultant can approve a heritage moment or ask for changes; "
                 "a writer can reopen it (set the role in Edit ▸ Profile… and open the "
                 "project again).")
    return _("Only a cultural consultant can approve a heritage moment or ask for changes; "
             "a translator can add a note instead (set the role in Edit ▸ Profile… and open "
             "the project again).")


def approval_blocker(
    role: Role, current: Iterable[ApprovalStatus], status: ApprovalStatus
) -> str | None:
    """Why ``role`` cannot move moments that are now at ``current`` to ``status`` (one
    sentence, for a disabled button's tooltip), or None when it can."""
    refusal = approval_refusal(role, status)
    if refusal is not None:
        return refusal
    now = list(current)
    if not now:
        return _("Select one or more heritage moments first.")
    if status is ApprovalStatus.APPROVED and all(s is ApprovalStatus.APPROVED for s in now):
        return _NOTHING_TO_DO[status]()
    if status is ApprovalStatus.PENDING and not any(s in REOPENABLE for s in now):
        return _NOTHING_TO_DO[status]()
    return None


@dataclass
class SetApproval(Command):
    """Move heritage moments to ``status`` in one undo step, by adding an approval note to each.

    Approving also accepts the moment's earlier open approval notes (the consultant's own
    requests are settled, so no stale request stays open); reopening marks them resolved
    (acted on) and adds a resolved note, so the moment is pending — for the consultant to
    look at again. Moments that are already where they should be are left alone.
    """

    targets: list[Target]
    status: ApprovalStatus
    author: str
    role: Role
    reason: str = ""
    created_ids: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:  # type: ignore[override]
        count = len(self.targets)
        if self.status is ApprovalStatus.APPROVED:
            text = ngettext("Approve heritage moment", "Approve {count} heritage moments", count)
        elif self.status is ApprovalStatus.CHANGES_REQUESTED:
            text = ngettext("Request changes to heritage moment",
                            "Request changes to {count} heritage moments", count)
        else:
            text = ngettext("Reopen heritage moment", "Reopen {count} heritage moments", count)
        return text.format(count=count)

    def apply(self, rec: ChangeRecorder) -> None:
        self.created_ids = []
        for target_type, target_id in self.targets:
            _require_moment(rec.session, target_type, target_id)
            earlier = list(rec.session.scalars(
                select(schema.Annotation).where(
                    schema.Annotation.kind == AnnotationKind.APPROVAL.value,
                    schema.Annotation.target_type == target_type.value,
                    schema.Annotation.target_id == target_id)))
            now = _latest_status(rec.session, target_type, target_id, earlier)
            if self.status is ApprovalStatus.APPROVED and now is ApprovalStatus.APPROVED:
                continue
            if self.status is ApprovalStatus.PENDING and now not in REOPENABLE:
                continue
            settle = {ApprovalStatus.APPROVED: AnnotationStatus.ACCEPTED,
                      ApprovalStatus.PENDING: AnnotationStatus.RESOLVED}.get(self.status)
            if settle is not None:  # before the new note, so the new note is the latest
                for note in earlier:
                    if note.status == AnnotationStatus.OPEN.value:
                        rec.update(note, status=settle.value)
            body = self.reason.strip() or {
                ApprovalStatus.APPROVED: _("Approved."),
                ApprovalStatus.PENDING: _("Reopened for another look."),
            }.get(self.status, "")
            self.created_ids.append(_approval_note(
                rec, target_type, target_id, body, self.author or _("Anonymous"), self.role,
                _TO_NOTE[self.status]))
        if not self.created_ids:
            raise CommandError(_NOTHING_TO_DO[self.status]())


_TO_NOTE = {
    ApprovalStatus.APPROVED: AnnotationStatus.ACCEPTED,
    ApprovalStatus.CHANGES_REQUESTED: AnnotationStatus.OPEN,
    ApprovalStatus.PENDING: AnnotationStatus.RESOLVED,
}

_NOTHING_TO_DO = {
    ApprovalStatus.APPROVED: lambda: _("The chosen heritage moments are already approved."),
    ApprovalStatus.PENDING: lambda: _(
        "Nothing to reopen: only an approved moment, or one with changes requested, can be "
        "reopened."),
    ApprovalStatus.CHANGES_REQUESTED: lambda: _("Choose at least one heritage moment."),
}


def _latest_status(s: Session, target_type: AnnotationTarget, target_id: str,
                   approvals: list[schema.Annotation]) -> ApprovalStatus:
    if not approvals:
        return ApprovalStatus.UNREVIEWED
    latest = max(approvals, key=lambda n: (aware(n.updated_at), aware(n.created_at)))
    recorded = recorded_words(latest.anchor)
    stale = False
    if recorded is not None and latest.status == AnnotationStatus.ACCEPTED.value:
        key = (target_type.value, target_id)
        stale = recorded != moment_words(s, [key])[key]
    return _status(latest.status, is_claim(latest.anchor), stale)


def _require_moment(s: Session, target_type: AnnotationTarget, target_id: str) -> None:
    """Refuse a target that is not (or no longer) a heritage moment."""
    if target_type is AnnotationTarget.BEAT:
        beat = s.get(schema.Beat, target_id)
        found = beat is not None and beat.kind == BeatKind.HERITAGE_MOMENT.value
    elif target_type is AnnotationTarget.HERITAGE_ITEM:
        found = s.scalars(select(schema.HeritageLink.id)
                          .where(schema.HeritageLink.entry_id == target_id).limit(1)).first()
        found = found is not None
    else:
        found = False
    if not found:
        raise CommandError(_(
            "{id} is not a heritage moment (a card of kind heritage moment, or a library entry "
            "the script links); it may have been deleted or unlinked.").format(id=target_id))


def set_approval(
    project: OpenProject,
    targets: Target | Iterable[Target],
    status: ApprovalStatus,
    *,
    author: str,
    reason: str = "",
) -> list[str]:
    """Approve, ask for changes to, or reopen heritage moments as the project's role.

    ``targets`` is one (target type, id) or several; all change in one undoable step, through
    the project's history (so it works in consultant mode: only notes change). ``status``:
    ``APPROVED``, ``CHANGES_REQUESTED`` (``reason`` required: it is the note's body) or
    ``PENDING`` (reopen an approved moment or one with changes requested). Returns the ids of
    the approval notes added. Raises ``CommandError`` (one sentence) when the role may not do
    this (see ``MAY_SET``), a target is no heritage moment, or nothing would change; the
    project is then left as it was.
    """
    status = ApprovalStatus(status)
    if isinstance(targets, tuple) and len(targets) == 2 and isinstance(targets[1], str):
        targets = [targets]  # type: ignore[list-item]
    chosen = [(AnnotationTarget(t), i) for t, i in targets]  # type: ignore[misc]
    refusal = approval_refusal(project.role, status)
    if refusal is not None:
        raise CommandError(refusal)
    if not chosen:
        raise CommandError(_("Choose at least one heritage moment."))
    if status is ApprovalStatus.CHANGES_REQUESTED and not reason.strip():
        raise CommandError(_("Say briefly what should change before asking for changes."))
    command = SetApproval(list(dict.fromkeys(chosen)), status, author.strip(), project.role,
                          reason)
    project.run(command)
    logger.info("%s: %d heritage moment(s) by %s", status.value, len(command.created_ids),
                project.role.value)
    return list(command.created_ids)


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


@dataclass(frozen=True)
class ApprovalRecord:
    """One decision on a heritage moment, as the ledger keeps it: who, when, which status,
    why, and the words it was given on (None: a decision older than the ledger)."""

    note_id: str
    author: str
    role: Role
    status: AnnotationStatus
    body: str
    at: datetime
    words: tuple[tuple[str, str], ...] | None
    claimed: bool


def approval_history(project: OpenProject, target_type: AnnotationTarget, target_id: str
                     ) -> list[ApprovalRecord]:
    """Every approval decision on one heritage moment, oldest first (notes are never deleted,
    so this is the whole history)."""
    target_type = AnnotationTarget(target_type)
    with project.file.session() as s:
        rows = s.scalars(select(schema.Annotation).where(
            schema.Annotation.kind == AnnotationKind.APPROVAL.value,
            schema.Annotation.target_type == target_type.value,
            schema.Annotation.target_id == target_id,
        ).order_by(schema.Annotation.created_at))
        out = []
        for row in rows:
            words = recorded_words(row.anchor)
            out.append(ApprovalRecord(
                row.id, row.author, Role(row.role), AnnotationStatus(row.status), row.body,
                aware(row.created_at), tuple(words) if words is not None else None,
                is_claim(row.anchor)))
        return out
