"""The studio outbox of a project file: every changeset made on a copy linked to a studio server,
kept in the file until the server has it.

``record`` is the history's journal (``History.journal``): it runs inside the transaction of the
edit, undo or redo itself, so a crash keeps both the edit and its outbox row or neither. A copy
that is not linked (no ``sync_link`` row) records nothing. Replays of other copies' changesets
are never recorded (they came from the server). The sync engine (``app.features.studio``) reads
the outbox, sends it and removes what the server accepted.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from app.project.changes import Changeset
from app.store.schema import SyncLink, SyncOutbox

logger = logging.getLogger(__name__)

PENDING = "pending"
REFUSED = "refused"


@dataclass(frozen=True)
class Link:
    """Which server and project a copy syncs with, and how far it has got."""

    server: str
    project_id: str
    project_name: str
    member: str
    client_id: str
    next_seq: int
    last_seen: int
    last_sync_at: datetime | None


@dataclass(frozen=True)
class OutboxEntry:
    """One changeset waiting for the server (or refused by it)."""

    seq: int
    changeset: Changeset
    status: str
    error: str
    made_at: datetime


def record(session: Session, changeset: Changeset) -> None:
    """Append ``changeset`` to the outbox when the file is linked (the history's journal)."""
    link = session.scalars(select(SyncLink)).first()
    if link is None:
        return
    seq = link.next_seq
    link.next_seq = seq + 1
    session.add(SyncOutbox(seq=seq, changeset=changeset.to_json(), status=PENDING, error=""))
    session.flush()


def read_link(sessions: sessionmaker[Session]) -> Link | None:
    """The file's studio link, or None when it syncs with no studio."""
    with sessions() as s:
        row = s.scalars(select(SyncLink)).first()
        if row is None:
            return None
        return Link(
            server=row.server,
            project_id=row.project_id,
            project_name=row.project_name,
            member=row.member,
            client_id=row.client_id,
            next_seq=row.next_seq,
            last_seen=row.last_seen,
            last_sync_at=row.last_sync_at,
        )


def write_link(session: Session, **values: object) -> None:
    """Create the link (first call) or change some of its fields, in the caller's transaction."""
    row = session.scalars(select(SyncLink)).first()
    if row is None:
        row = SyncLink(**values)
        session.add(row)
    else:
        for key, value in values.items():
            setattr(row, key, value)
    session.flush()


def entries(sessions: sessionmaker[Session], status: str | None = PENDING,
            limit: int | None = None) -> list[OutboxEntry]:
    """Outbox entries in the order they were made (``status`` None: all of them)."""
    with sessions() as s:
        query = select(SyncOutbox).order_by(SyncOutbox.seq)
        if status is not None:
            query = query.where(SyncOutbox.status == status)
        if limit is not None:
            query = query.limit(limit)
        return [
            OutboxEntry(
                seq=row.seq,
                changeset=Changeset.from_json(row.changeset),
                status=row.status,
                error=row.error,
                made_at=row.created_at,
            )
            for row in s.scalars(query)
        ]


def count(sessions: sessionmaker[Session], status: str = PENDING) -> int:
    """How many entries have ``status``."""
    with sessions() as s:
        return s.scalar(
            select(func.count()).select_from(SyncOutbox).where(SyncOutbox.status == status)
        ) or 0


def settle(session: Session, accepted: list[int], refused: dict[int, str]) -> None:
    """Remove the entries the server accepted and mark the refused ones, in the caller's
    transaction (no recorder may be attached: these are local rows)."""
    if accepted:
        for start in range(0, len(accepted), 500):
            session.execute(
                delete(SyncOutbox).where(SyncOutbox.seq.in_(accepted[start : start + 500]))
            )
    for seq, reason in refused.items():
        row = session.scalars(select(SyncOutbox).where(SyncOutbox.seq == seq)).first()
        if row is not None:
            row.status, row.error = REFUSED, reason
    session.flush()


def discard_refused(session: Session, seqs: list[int] | None = None) -> int:
    """Remove refused entries (all, or those in ``seqs``): the writer has read them."""
    query = delete(SyncOutbox).where(SyncOutbox.status == REFUSED)
    if seqs is not None:
        query = query.where(SyncOutbox.seq.in_(seqs))
    return session.execute(query).rowcount or 0
