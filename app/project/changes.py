"""Record what an edit changed, row by row, at the session level, so it can be undone, redone
and replayed on another copy of the project.

A ``ChangeRecorder`` listens to its SQLAlchemy session's flushes: every row the session inserts,
updates or deletes is recorded with its state before and after, whatever code wrote it. A write
that bypasses the ORM (a bulk ``UPDATE`` through ``session.execute`` or the raw connection) is
refused while a recorder is attached, so no write can escape undo.

A ``Changeset`` is plain data: ``to_json``/``from_json`` round-trip it, and ``apply_changeset``
writes it onto any copy of the same project (the unit a studio server will sync).
"""

from __future__ import annotations

import copy
import logging
import uuid
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import DateTime, event, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Mapper, Session
from sqlalchemy.orm.base import NO_VALUE

from app.core.errors import CommandError
from app.store.schema import LOCAL_TABLES, Base

logger = logging.getLogger(__name__)

Row = dict[str, Any]

#: Where a recording session keeps its recorder (``Session.info``) and where the connection it
#: writes through points back to it (``Connection.info``), for the guards below.
_RECORDER = "kiln.recorder"
#: Tables whose rows are written by the file machinery itself (the seal, the studio outbox),
#: never by edits.
_UNRECORDED = LOCAL_TABLES
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


class UnrecordedWrite(RuntimeError):
    """Code wrote around the ORM while an edit was being recorded: a programming error."""


@dataclass
class RowChange:
    """One row's state before and after an edit (None: the row did not exist)."""

    table: str
    row_id: str
    before: Row | None
    after: Row | None


@dataclass
class Changeset:
    """Every write an edit made, one row state change each, in the order the database saw them.

    Kept as a log rather than one entry per row, so undoing (backwards) and redoing or replaying
    (forwards) meet the same foreign keys and unique constraints the edit itself met.
    """

    changes: list[RowChange] = field(default_factory=list)
    #: Identifies the changeset across copies of the project (sync, logs).
    id: str = field(default_factory=lambda: str(uuid.uuid4()))

    @property
    def tables(self) -> set[str]:
        """Names of the tables this changeset touches (what a view must refresh)."""
        return {c.table for c in self.changes}

    def rows(self, table: str) -> Iterator[RowChange]:
        """The writes of one table, in order."""
        return (c for c in self.changes if c.table == table)

    def net(self) -> list[RowChange]:
        """One change per row: its state before the first write and after the last, in the
        order rows were first written; rows created and deleted again are left out."""
        merged: dict[tuple[str, str], RowChange] = {}
        for change in self.changes:
            key = (change.table, change.row_id)
            mine = merged.get(key)
            if mine is None:
                merged[key] = RowChange(change.table, change.row_id, change.before, change.after)
            else:
                mine.after = change.after
        return [c for c in merged.values() if not (c.before is None and c.after is None)]

    def absorb(self, later: Changeset) -> None:
        """Append a later changeset to this one (typing merges into one undo step); writes of
        the same row one after the other become one, so a long typing step stays short."""
        for change in later.changes:
            last = self.changes[-1] if self.changes else None
            if last is not None and (last.table, last.row_id) == (change.table, change.row_id):
                self.changes[-1] = RowChange(last.table, last.row_id, last.before, change.after)
            else:
                self.changes.append(change)

    def to_json(self) -> dict[str, Any]:
        """The changeset as JSON-ready data (times as ISO 8601 text)."""
        return {
            "id": self.id,
            "changes": [
                {
                    "table": c.table,
                    "id": c.row_id,
                    "before": _encode(c.before),
                    "after": _encode(c.after),
                }
                for c in self.changes
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Changeset:
        """Read ``to_json``'s output back; a table or column this schema lacks is refused."""
        tables = Base.metadata.tables
        changes = []
        for item in data["changes"]:
            table = tables.get(item["table"])
            if table is None or table.name in _UNRECORDED:
                raise CommandError(f"A change names an unknown table: {item['table']!r}.")
            changes.append(
                RowChange(
                    table=table.name,
                    row_id=str(item["id"]),
                    before=_decode(table.name, item["before"]),
                    after=_decode(table.name, item["after"]),
                )
            )
        return cls(changes=changes, id=str(data.get("id") or uuid.uuid4()))


def _encode(row: Row | None) -> Row | None:
    if row is None:
        return None
    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in row.items()}


def decode_row(table_name: str, row: Row | None) -> Row | None:
    """A row state read from JSON (times as ISO text) as the ORM writes it; unknown columns
    are refused."""
    return _decode(table_name, row)


def _decode(table_name: str, row: Row | None) -> Row | None:
    if row is None:
        return None
    columns = Base.metadata.tables[table_name].c
    unknown = sorted(set(row) - set(columns.keys()))
    if unknown:
        raise CommandError(f"A change names unknown columns of {table_name}: {unknown}.")
    return {
        key: datetime.fromisoformat(value)
        if isinstance(value, str) and isinstance(columns[key].type, DateTime)
        else value
        for key, value in row.items()
    }


# -- recording ------------------------------------------------------------------------------


def _identity(obj: object) -> tuple[str, str]:
    return obj.__tablename__, obj.id  # type: ignore[attr-defined]


@cache
def _column_keys(cls: type) -> tuple[str, ...]:
    return tuple(attr.key for attr in sa_inspect(cls).column_attrs)


def _plain(value: Any) -> Any:
    """A value as the database gives it back: times naive UTC, JSON deep-copied (so a later
    in-place change of the object cannot alter what was recorded)."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value
    if isinstance(value, dict | list):
        return copy.deepcopy(value)
    return value


def _known_state(obj: Base, *, committed: bool) -> Row | None:
    """The row from the ORM's own bookkeeping — as stored (``committed``) or as the object is
    now — or None when a column was never loaded (then the database is asked)."""
    state = sa_inspect(obj)
    values = state.dict
    before = state.committed_state if committed else {}
    row: Row = {}
    for key in _column_keys(type(obj)):
        if key in before:
            value = before[key]
        elif key in values:
            value = values[key]
        else:
            return None
        if value is NO_VALUE:
            return None
        row[key] = _plain(value)
    return row


def read_rows(connection: Connection, table_name: str, ids: Iterable[str]) -> dict[str, Row]:
    """The stored rows of ``table_name`` with these ids, as plain dicts."""
    table = Base.metadata.tables[table_name]
    wanted = list(dict.fromkeys(ids))
    found: dict[str, Row] = {}
    for start in range(0, len(wanted), 500):  # SQLite's variable limit, with room to spare
        chunk = wanted[start : start + 500]
        for row in connection.execute(select(table).where(table.c.id.in_(chunk))).mappings():
            found[row["id"]] = dict(row)
    return found


class ChangeRecorder:
    """Records every row its session writes; use it as a context manager around the edit."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.changeset = Changeset()
        #: The last state this recorder saw of every row it recorded (None: deleted).
        self._state: dict[tuple[str, str], Row | None] = {}
        #: The state before the edit of every row it recorded.
        self._first: dict[tuple[str, str], Row | None] = {}
        #: Rows the current flush wrote, in the order the database saw them, with their new
        #: state when the object knew all of it.
        self._written: list[tuple[str, str, str, Row | None]] = []
        self.flushing = False

    # The session's own listeners; mapper-level ones are module-wide (see ``_watch_mappers``).
    def __enter__(self) -> ChangeRecorder:
        _watch_mappers()
        self.session.info[_RECORDER] = self
        connection = self.session.connection()
        _guard_engine(connection.engine)
        connection.info[_RECORDER] = self
        self._connection = connection
        event.listen(self.session, "before_flush", self._before_flush)
        event.listen(self.session, "after_flush", self._after_flush)
        event.listen(self.session, "do_orm_execute", self._refuse_bulk_writes)
        return self

    def __exit__(self, *exc: object) -> None:
        event.remove(self.session, "before_flush", self._before_flush)
        event.remove(self.session, "after_flush", self._after_flush)
        event.remove(self.session, "do_orm_execute", self._refuse_bulk_writes)
        self.session.info.pop(_RECORDER, None)
        self._connection.info.pop(_RECORDER, None)

    # -- conveniences for commands (each flushes at once, so the order of writes is kept) --

    def insert(self, obj: Base) -> Base:
        """Add a new row."""
        self.session.add(obj)
        self.session.flush()
        return obj

    def update(self, obj: Base, **values: Any) -> Base:
        """Change some columns of a row (unchanged values write nothing)."""
        changed = {k: v for k, v in values.items() if getattr(obj, k) != v}
        for key, value in changed.items():
            setattr(obj, key, value)
        if changed:
            self.session.flush()
        return obj

    def delete(self, obj: Base) -> None:
        """Remove a row."""
        self.session.delete(obj)
        self.session.flush()

    def before_of(self, table: str, row_id: str) -> Row | None:
        """A row's state before this edit began (None: it is new, or was not touched)."""
        return self._first.get((table, row_id))

    # -- session events --------------------------------------------------------------------

    def _before_flush(self, session: Session, _context: object, _instances: object) -> None:
        self.flushing = True
        self._written.clear()
        wanted: dict[str, list[str]] = {}
        touched = [obj for obj in session.dirty if session.is_modified(obj)]
        for obj in touched + list(session.deleted):
            key = _identity(obj)
            if key[0] in _UNRECORDED or key in self._state:
                continue
            known = _known_state(obj, committed=True)
            if known is not None:
                self._state[key] = self._first[key] = known
            else:
                wanted.setdefault(key[0], []).append(key[1])
        for table, ids in wanted.items():
            rows = read_rows(self._connection, table, ids)
            for row_id in ids:
                self._state[(table, row_id)] = self._first[(table, row_id)] = rows.get(row_id)

    def _after_flush(self, session: Session, _context: object) -> None:
        try:
            unknown: dict[str, list[str]] = {}
            for table, row_id, op, known in self._written:
                if op != "delete" and known is None:
                    unknown.setdefault(table, []).append(row_id)
            read = {t: read_rows(self._connection, t, ids) for t, ids in unknown.items()}
            for table, row_id, op, known in self._written:
                key = (table, row_id)
                if op == "delete":
                    state = None
                else:
                    state = known if known is not None else read[table].get(row_id)
                before = self._state.get(key)
                self._first.setdefault(key, before)
                self.changeset.changes.append(RowChange(table, row_id, before, state))
                self._state[key] = state
        finally:
            self._written.clear()
            self.flushing = False

    def _refuse_bulk_writes(self, state: Any) -> None:
        if state.is_insert or state.is_update or state.is_delete:
            raise UnrecordedWrite(
                "an edit wrote rows with a bulk statement; write ORM objects so undo records them"
            )

    def written(self, obj: Base, op: str) -> None:
        """Called by the mapper events, in the order the rows reach the database."""
        table = obj.__tablename__
        if table not in _UNRECORDED:
            known = None if op == "delete" else _known_state(obj, committed=False)
            self._written.append((table, obj.id, op, known))

    def finish(self) -> Changeset:
        """Flush what is pending and return the changeset.

        Every write stays, even of a row created and deleted again, so replaying meets the
        same keys the edit met; ``Changeset.net`` says what the edit changed in the end."""
        self.session.flush()
        return self.changeset


def recorder_of(session: Session) -> ChangeRecorder | None:
    """The recorder attached to ``session``, if an edit is being recorded."""
    return session.info.get(_RECORDER)


_mappers_watched = False


def _watch_mappers() -> None:
    """Listen, once per process, to every row the ORM writes (in execution order)."""
    global _mappers_watched
    if _mappers_watched:
        return

    def listener(op: str):  # noqa: ANN202 - an event callback factory
        def record(_mapper: Mapper[Any], connection: Connection, target: Base) -> None:
            recorder = connection.info.get(_RECORDER)
            if recorder is not None:
                recorder.written(target, op)

        return record

    event.listen(Base, "after_insert", listener("insert"), propagate=True)
    event.listen(Base, "after_update", listener("update"), propagate=True)
    event.listen(Base, "after_delete", listener("delete"), propagate=True)
    _mappers_watched = True


_guarded: weakref.WeakSet[Engine] = weakref.WeakSet()


def _guard_engine(engine: Engine) -> None:
    """Refuse SQL writes that do not come from a flush while an edit is recorded."""
    if engine in _guarded:
        return

    def guard(conn: Connection, _cursor: Any, statement: str, *_args: Any) -> None:
        recorder = conn.info.get(_RECORDER)
        if recorder is None or recorder.flushing:
            return
        verb = statement.lstrip().split(None, 1)[0].upper() if statement.strip() else ""
        if verb in _WRITES:
            raise UnrecordedWrite(f"an edit wrote around the ORM: {statement[:60]!r}")

    event.listen(engine, "before_cursor_execute", guard)
    _guarded.add(engine)


# -- writing a changeset --------------------------------------------------------------------


@cache
def _mapped_class(table_name: str) -> type[Base]:
    for mapper in Base.registry.mappers:
        if mapper.local_table.name == table_name:
            return mapper.class_
    raise CommandError(f"A change names an unknown table: {table_name!r}.")


@cache
def _monotonic(table_name: str) -> frozenset[str]:
    """Columns that only count up and are never put back by undo (line ids are never reused)."""
    table = Base.metadata.tables[table_name]
    return frozenset(c.name for c in table.c if c.info.get("never_undone"))


def apply_changeset(session: Session, changeset: Changeset, *, backwards: bool = False,
                    exact: bool = False) -> None:
    """Write the "after" states of ``changeset`` (or the "before" states, ``backwards``).

    Undo and redo stamp the rows they write with the current time; ``exact`` writes every
    column as recorded (replaying another copy's edit gives the same rows, times included).
    Rows are written through the ORM, so a recorder on ``session`` records what this wrote.
    """
    changes = list(reversed(changeset.changes)) if backwards else changeset.changes
    for change in changes:
        cls = _mapped_class(change.table)
        state = change.before if backwards else change.after
        obj = session.get(cls, change.row_id)
        if state is None:
            if obj is not None:
                session.delete(obj)
                session.flush()
            continue
        values = dict(state)
        if not exact:
            values.pop("updated_at", None)  # onupdate stamps it now
        if obj is None:
            obj = cls(**values)
            session.add(obj)
        else:
            keep = _monotonic(change.table) if backwards else frozenset()
            for key, value in values.items():
                if key in keep:
                    value = max(value or 0, getattr(obj, key) or 0)
                if getattr(obj, key) != value:
                    setattr(obj, key, value)
        session.flush()
