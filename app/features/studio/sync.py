"""Sync one linked .kiln copy with its studio server: push the outbox, then pull what is new.

The local file stays the working copy: edits never wait for the network, they go to the outbox
(``app.project.outbox``) in their own transaction. ``Studio.sync``:

1. **push** sends the outbox in batches, one server transaction per batch. Each changeset gets a
   header (idempotent by this copy's client id and the changeset's client sequence: a batch that
   is sent again after a crash or a lost answer is recognised and not applied twice) and is
   merged into the server's tables as the member (``app.features.studio.merge``). A changeset
   the database refuses (a role that may not write a table) is set aside as *refused*, with
   the server's reason, and the others go on. Only after the server committed does the copy
   remove what was accepted.
2. **pull** reads every changeset after the last one this copy replayed, as the server's capture
   trigger logged it, folds them into one state per row and replays that locally in one
   transaction together with the new "last seen" number. Fields of rows that have edits still
   waiting in the outbox keep their local values (the next push merges them on the server);
   rows the server refused are put back as the server has them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from app.core.i18n import _
from app.features.studio import server
from app.features.studio.address import Address, parse
from app.features.studio.errors import ServerUnreachable, StudioError
from app.features.studio.merge import MergeReport, ServerMerge, same
from app.features.studio.roles import project_tables
from app.project import outbox
from app.project.changes import Changeset, RowChange, decode_row, read_rows
from app.project.open_project import OpenProject
from app.store.schema import Base

logger = logging.getLogger(__name__)

#: Changesets sent in one server transaction.
BATCH = 100
#: SQLSTATE classes of a refusal that is about the changeset, not the connection: data
#: exceptions, integrity violations, insufficient privilege (grants, row-level security, Kiln).
_REFUSALS = ("22", "23", "42")

Key = tuple[str, str]
Row = dict[str, Any]


@dataclass
class PushResult:
    sent: int = 0
    already: int = 0
    refused: dict[int, str] = field(default_factory=dict)
    conflicts: int = 0
    kept: int = 0
    restored: int = 0


@dataclass
class PullResult:
    changesets: int = 0
    rows: int = 0
    head: int = 0
    waiting: bool = False


@dataclass(frozen=True)
class Outgoing:
    """A batch of the outbox, ready to send."""

    link: outbox.Link
    entries: list[outbox.OutboxEntry]


@dataclass
class Sent:
    """What the server did with a batch."""

    result: PushResult
    accepted: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Incoming:
    link: outbox.Link
    refused_rows: set[tuple[str, str]]


@dataclass
class Fetched:
    """The server's changes after the last one seen, one final state per row."""

    final: dict[tuple[str, str], dict[str, Any] | None]
    head: int
    changesets: int


@dataclass
class SyncResult:
    push: PushResult
    pull: PullResult

    def describe(self) -> str:
        """One line for the command line and the status bar."""
        parts = [
            _("sent {n}").format(n=self.push.sent),
            _("received {n}").format(n=self.pull.changesets),
        ]
        if self.push.conflicts or self.push.kept or self.push.restored:
            parts.append(_("conflicts {n}").format(
                n=self.push.conflicts + self.push.kept + self.push.restored))
        if self.push.refused:
            parts.append(_("refused {n}").format(n=len(self.push.refused)))
        return _("Synced: {parts}.").format(parts=", ".join(parts))


@dataclass(frozen=True)
class SyncStatus:
    """Where a copy stands with its studio."""

    server: str
    project: str
    member: str
    pending: int
    refused: int
    last_seen: int
    last_sync_at: datetime | None
    #: The server's newest changeset of the project; None when the server was not asked or
    #: could not be reached.
    remote_head: int | None

    @property
    def behind(self) -> int | None:
        """Changesets on the server this copy has not replayed (an upper bound: the copy's own
        are among them until it pulls)."""
        return None if self.remote_head is None else max(0, self.remote_head - self.last_seen)

    def to_json(self) -> dict[str, Any]:
        return {
            "server": self.server, "project": self.project, "member": self.member,
            "pending": self.pending, "refused": self.refused, "last_seen": self.last_seen,
            "last_sync_at": self.last_sync_at.isoformat() if self.last_sync_at else None,
            "remote_head": self.remote_head, "behind": self.behind,
        }


class Studio:
    """The sync service of one open, linked project."""

    def __init__(self, project: OpenProject, *, password: str | None = None,
                 batch: int = BATCH) -> None:
        self.project = project
        self.password = password
        self.batch = batch

    # -- the link ------------------------------------------------------------------------------

    def link(self) -> outbox.Link:
        link = outbox.read_link(self.project.file.sessions)
        if link is None:
            raise StudioError(
                _("{path} is not linked to a studio: publish it (kiln studio publish) or clone "
                  "the studio's copy (kiln studio clone).").format(path=self.project.path)
            )
        return link

    def address(self, link: outbox.Link | None = None) -> Address:
        link = link or self.link()
        address = parse(link.server)
        if self.password is not None:
            address = address.with_user(address.user, self.password)
        return address

    # -- sync ----------------------------------------------------------------------------------

    def sync(self) -> SyncResult:
        """Push the outbox, then pull; raises ``ServerUnreachable`` when offline (nothing is
        lost: the outbox keeps every edit)."""
        pushed = self.push()
        pulled = self.pull()
        if pulled.waiting and outbox.count(self.project.file.sessions):
            more = self.push()  # edits made meanwhile; then pull what they became
            pushed.sent += more.sent
            pushed.refused.update(more.refused)
            pulled = self.pull()
        return SyncResult(pushed, pulled)

    def push(self) -> PushResult:
        """Send every pending changeset (in batches); returns what happened."""
        result = PushResult()
        while True:
            batch = self.outgoing()
            if not batch.entries:
                break
            sent = self.send(batch)
            self.settle(sent)
            result.sent += sent.result.sent
            result.already += sent.result.already
            result.refused.update(sent.result.refused)
            result.conflicts += sent.result.conflicts
            result.kept += sent.result.kept
            result.restored += sent.result.restored
            if len(batch.entries) < self.batch:
                break
        return result

    def pull(self) -> PullResult:
        """Replay every changeset after the last one seen (and put refused rows back)."""
        return self.apply(self.fetch(self.incoming()))

    # -- the phases, for a window that runs the network ones off its UI thread -----------------
    # outgoing, settle, incoming and apply touch the local file (the UI thread); send and fetch
    # only talk to the server (any thread).

    def outgoing(self) -> Outgoing:
        """The next batch of the outbox to send."""
        return Outgoing(self.link(), outbox.entries(self.project.file.sessions, outbox.PENDING,
                                                    limit=self.batch))

    def send(self, batch: Outgoing) -> Sent:
        """Push ``batch`` to the server in one transaction (network only)."""
        link = batch.link
        address = self.address(link)
        sent = Sent(PushResult())
        try:
            with server.transaction(address) as conn:
                found = server.find_project(conn, link.project_id)
                member = conn.exec_driver_sql("SELECT session_user").scalar_one()
                merger = ServerMerge(server.on_schema(conn, found.schema), member,
                                     server.member_role(conn))
                for entry in batch.entries:
                    savepoint = conn.begin_nested()
                    try:
                        seq = server.open_changeset(
                            conn, link.project_id, link.client_id, entry.seq,
                            entry.changeset.id, entry.made_at,
                        )
                        if seq is None:
                            sent.result.already += 1
                        else:
                            _count(sent.result, merger.apply(entry.changeset, entry.made_at))
                            sent.result.sent += 1
                        savepoint.commit()
                        sent.accepted.append(entry.seq)
                    except DBAPIError as exc:
                        if not _refusal(exc):
                            raise
                        savepoint.rollback()
                        sent.result.refused[entry.seq] = _reason(exc)
                        logger.warning("the studio refused changeset %d: %s", entry.seq,
                                       sent.result.refused[entry.seq])
        except DBAPIError as exc:
            if _refusal(exc):
                raise server.refused_error(address, exc) from None
            raise _lost(address, exc) from None
        return sent

    def settle(self, sent: Sent) -> None:
        """Remove what the server accepted from the outbox; mark what it refused."""
        self.project.history.write_local(
            lambda s: outbox.settle(s, sent.accepted, sent.result.refused)
        )

    def incoming(self) -> Incoming:
        """What a fetch needs to know of the local copy."""
        return Incoming(self.link(), {
            (c.table, c.row_id)
            for e in outbox.entries(self.project.file.sessions, outbox.REFUSED)
            for c in e.changeset.net()
        })

    def fetch(self, incoming: Incoming) -> Fetched:
        """Read every changeset after the last one seen, folded per row (network only)."""
        link = incoming.link
        address = self.address(link)
        try:
            with server.transaction(address, read_only=True) as conn:
                found = server.find_project(conn, link.project_id)
                final, head, count = _fetch(conn, link.project_id, link.last_seen)
                if incoming.refused_rows:
                    _server_rows(server.on_schema(conn, found.schema), incoming.refused_rows,
                                 final)
        except DBAPIError as exc:
            raise _lost(address, exc) from None
        return Fetched(final, max(head, link.last_seen), count)

    def apply(self, fetched: Fetched) -> PullResult:
        """Make the local copy hold what was fetched, in one transaction with "last seen"."""
        result = PullResult(changesets=fetched.changesets, head=fetched.head)
        writes = self._local_writes(fetched.final)
        now = datetime.now(UTC)

        def mark(session: Any) -> None:
            outbox.write_link(session, last_seen=result.head, last_sync_at=now)

        try:
            if writes:
                self.project.history.replay(Changeset(changes=writes), also=mark)
            else:
                self.project.history.write_local(mark)
        except IntegrityError as exc:
            # A row waiting in the outbox clashes with one from the server (two new lines
            # with one line id): push first, then this pull succeeds.
            logger.info("pull waits for the next push: %s", exc.orig)
            result.waiting = True
            return result
        result.rows = len(writes)
        return result

    def _local_writes(self, final: dict[Key, Row | None]) -> list[RowChange]:
        """The local writes that make this copy hold ``final`` (minus fields waiting in the
        outbox), deletes first (children first), then updates, then new rows (parents first)."""
        protect: dict[Key, set[str]] = {}
        deleted_here: set[Key] = set()
        for entry in outbox.entries(self.project.file.sessions, outbox.PENDING):
            for change in entry.changeset.net():
                key = (change.table, change.row_id)
                if change.after is None:
                    deleted_here.add(key)
                    continue
                deleted_here.discard(key)
                fields = {k for k, v in change.after.items()
                          if change.before is None or not same(change.before.get(k), v)}
                protect.setdefault(key, set()).update(fields)
        by_table: dict[str, list[str]] = {}
        for table, row_id in final:
            by_table.setdefault(table, []).append(row_id)
        with self.project.file.engine.connect() as conn:
            local = {(t, i): row for t, ids in by_table.items()
                     for i, row in read_rows(conn, t, ids).items()}
        rank = {t.name: i for i, t in enumerate(Base.metadata.sorted_tables)}
        deletes, updates, inserts = [], [], []
        for key, target in final.items():
            here = local.get(key)
            if key in deleted_here and here is None:
                continue  # deleted here; the push settles it with the server
            if key in protect:
                if target is None:
                    continue  # edited here, deleted there: the push keeps the edit
                if here is not None:
                    target = {**target, **{f: here[f] for f in protect[key] if f in here}}
            if here is None and target is None:
                continue
            if here is not None and target is not None and all(
                same(here.get(k), v) for k, v in target.items()
            ):
                continue
            change = RowChange(key[0], key[1], here, target)
            (deletes if target is None else inserts if here is None else updates).append(change)
        deletes.sort(key=lambda c: -rank[c.table])
        updates.sort(key=lambda c: rank[c.table])
        inserts.sort(key=lambda c: rank[c.table])
        return deletes + updates + inserts

    # -- status --------------------------------------------------------------------------------

    def status(self, *, online: bool = True) -> SyncStatus:
        """Where this copy stands; ``online`` also asks the server for its newest changeset
        (None when it cannot be reached)."""
        link = self.link()
        head = None
        if online:
            try:
                with server.transaction(self.address(link), read_only=True) as conn:
                    head = remote_head(conn, link.project_id)
            except (StudioError, DBAPIError) as exc:
                logger.info("status without the server: %s", exc)
        sessions = self.project.file.sessions
        return SyncStatus(
            server=link.server, project=link.project_name, member=link.member,
            pending=outbox.count(sessions, outbox.PENDING),
            refused=outbox.count(sessions, outbox.REFUSED),
            last_seen=link.last_seen, last_sync_at=link.last_sync_at, remote_head=head,
        )


def remote_head(conn: Connection, project_id: str) -> int:
    """The server's newest changeset number of a project."""
    return conn.execute(
        text("SELECT coalesce(max(seq), 0) FROM studio.changeset WHERE project_id = :p"),
        {"p": project_id},
    ).scalar_one()


def _fetch(conn: Connection, project_id: str,
           after: int) -> tuple[dict[Key, Row | None], int, int]:
    """Every row change after changeset ``after``, folded into each row's last state."""
    final: dict[Key, Row | None] = {}
    head, seen = after, set()
    result = conn.execute(
        text("SELECT c.seq, r.tbl, r.row_id, r.after FROM studio.changeset c "
             "LEFT JOIN studio.row_change r ON r.seq = c.seq "
             "WHERE c.project_id = :p AND c.seq > :s ORDER BY c.seq, r.ord"),
        {"p": project_id, "s": after},
    )
    tables = set(project_tables())
    for seq, table, row_id, state in result:
        head = max(head, seq)
        seen.add(seq)
        if table is None:
            continue
        if table not in tables:
            raise StudioError(_("The studio's log names a table this Kiln does not know ({table}): "
                                "update Kiln.").format(table=table))
        final[(table, row_id)] = decode_row(table, state)
    return final, head, len(seen)


def _server_rows(conn: Connection, keys: set[Key], final: dict[Key, Row | None]) -> None:
    """Add the server's current state of ``keys`` (None: it has no such row) to ``final``."""
    by_table: dict[str, list[str]] = {}
    for table, row_id in keys:
        by_table.setdefault(table, []).append(row_id)
    for table, ids in by_table.items():
        t = Base.metadata.tables[table]
        found = {r["id"]: dict(r) for r in conn.execute(select(t).where(t.c.id.in_(ids)))
                 .mappings()}
        for row_id in ids:
            final[(table, row_id)] = found.get(row_id)


def _count(result: PushResult, report: MergeReport) -> None:
    result.conflicts += report.conflicts
    result.kept += report.kept
    result.restored += report.restored


def _refusal(exc: DBAPIError) -> bool:
    state = getattr(exc.orig, "sqlstate", None) or ""
    return bool(state) and state[:2] in _REFUSALS and not exc.connection_invalidated


def _reason(exc: DBAPIError) -> str:
    return str(exc.orig).strip().splitlines()[0]


def _lost(address: Address, exc: Exception) -> ServerUnreachable:
    detail = str(getattr(exc, "orig", exc)).strip().splitlines()
    return ServerUnreachable(
        _("The connection to the studio server {url} was lost ({detail}); nothing was lost "
          "here: the next sync sends and fetches again.").format(
            url=address.public(), detail=detail[0] if detail else "?"),
        midway=True,
    )

