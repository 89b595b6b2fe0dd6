"""Applying one laptop's changeset to the studio server's tables, merging instead of overwriting.

Runs inside the push transaction, as the member who made the edits, so PostgreSQL's grants and
row-level security decide what may be written. A ``RowChange.before`` is the row as the laptop
saw it when the edit was made: the base of the merge. For each row the changeset changed:

- **fields only one side changed merge**: a field the laptop changed takes the laptop's value
  when the server still holds the base value (or already holds the same new value);
- **the same field changed on both sides**: the server's value stays. A text that loses becomes
  a *sync conflict* note (``AnnotationKind.SYNC_CONFLICT``) on the line (or card, scene, term),
  holding the losing text, its author and the time it was written; a losing note body becomes a
  reply in the note's thread. Ordering keys and derived columns lose quietly (positions are
  renumbered afterwards; line ids and the speaker's name follow their own rules);
- **a delete of a row someone changed since** (or that gained children or translations) does
  not happen: the row stays, is written again so every copy has it, and is flagged with a note;
- **an edit of a row someone deleted** brings the row back (with the parents it needs, from
  the log) and flags it; if that is not allowed the losing text still becomes a note;
- **two new rows that must be one** (two translations of a line into one language): the
  server's row stays, the other's text becomes a note, and the log tells the laptop that made
  it to drop its row. Two new lines given the same line id offline: the later one gets a new id.

Every write goes through the project tables, so the capture trigger logs exactly what the
server ended up with; pulling replays that on every copy, the sender's included.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, Integer, Table, and_, cast, func, select, text
from sqlalchemy.exc import DBAPIError

from app.core.anchors import Anchor
from app.core.enums import AnnotationKind, AnnotationStatus, AnnotationTarget, Role, Severity
from app.core.i18n import _
from app.features.studio.roles import StudioRole, project_tables
from app.project.changes import Changeset, RowChange, decode_row
from app.project.commands import ORDERINGS
from app.store.schema import Base

logger = logging.getLogger(__name__)

Row = dict[str, Any]

BOOKKEEPING = frozenset({"id", "created_at", "updated_at"})
ORDER_KEYS = frozenset({"position", "number"})
#: Conflicts in these columns are settled without a note: ordering keys are renumbered, line
#: ids and the speaker's name are derived, anchors follow their words, hashes are recomputed.
QUIET = ORDER_KEYS | {"line_id", "speaker", "next_line_number", "anchor", "source_hash"}
#: Data copies whose conflicts are no one's writing: the server's copy simply stays.
NO_NOTES = frozenset({"heritage_snapshot", "heritage_link", "project"})


def normal(value: Any) -> Any:
    """A value as compared: a time without a zone is UTC (SQLite forgets zones)."""
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def same(a: Any, b: Any) -> bool:
    return normal(a) == normal(b)


@cache
def _table(name: str) -> Table:
    return Base.metadata.tables[name]


@cache
def _parents(name: str) -> tuple[tuple[str, str, str], ...]:
    """(column, parent table, on_delete rule) of each foreign key of ``name``."""
    return tuple(
        (column.name, fk.column.table.name, column.info.get("on_delete", ""))
        for column in _table(name).columns
        for fk in column.foreign_keys
    )


@cache
def _children(name: str) -> tuple[tuple[str, str], ...]:
    """(child table, column) of every foreign key pointing at ``name``."""
    return tuple(
        (child, column)
        for child in project_tables()
        for column, parent, _rule in _parents(child)
        if parent == name
    )


@cache
def _any_row(rule: str) -> tuple[tuple[str, str], ...]:
    """(table, column) of columns that may point at a row of any table, with that rule."""
    return tuple(
        (t.name, c.name)
        for t in (_table(n) for n in project_tables())
        for c in t.columns
        if c.info.get("refers_to_any_row") and c.info.get("on_delete") == rule
    )


@cache
def _uniques(name: str) -> tuple[tuple[str, ...], ...]:
    """The column sets of ``name`` whose values must be unique."""
    table = _table(name)
    sets = [tuple(c.name for c in con.columns) for con in table.constraints
            if con.__class__.__name__ == "UniqueConstraint"]
    sets += [(c.name,) for c in table.columns if c.unique]
    return tuple(s for s in sets if s != ("id",))


@cache
def _monotonic(name: str) -> frozenset[str]:
    return frozenset(c.name for c in _table(name).columns if c.info.get("never_undone"))


@dataclass
class MergeReport:
    """What merging one changeset did on the server."""

    rows: int = 0
    conflicts: int = 0
    kept: int = 0
    restored: int = 0
    renamed_lines: int = 0
    dropped: int = 0
    notes: list[str] = field(default_factory=list)


class ServerMerge:
    """Merges changesets into one project's tables on ``conn`` (schema already translated)."""

    def __init__(self, conn: Connection, member: str, role: StudioRole | None) -> None:
        self.conn = conn
        self.member = member
        self.role = role
        self.made_at: datetime = datetime.now(UTC)
        self.report = MergeReport()
        self._reorder: set[tuple[str, Any]] = set()
        self._appended: set[str] = set()

    # -- reading and writing rows ------------------------------------------------------------

    def read(self, table: str, row_id: str) -> Row | None:
        t = _table(table)
        row = self.conn.execute(select(t).where(t.c.id == row_id)).mappings().first()
        return dict(row) if row is not None else None

    def _insert(self, table: str, state: Row) -> None:
        self.conn.execute(_table(table).insert().values(**state))
        self.report.rows += 1

    def _update(self, table: str, row_id: str, values: Row) -> None:
        t = _table(table)
        self.conn.execute(t.update().where(t.c.id == row_id).values(**values))
        self.report.rows += 1

    def _touch(self, table: str, row_id: str) -> None:
        """Write a row again unchanged, so the log carries it to every copy."""
        t = _table(table)
        self.conn.execute(t.update().where(t.c.id == row_id).values(id=t.c.id))

    def _delete(self, table: str, row_id: str) -> None:
        t = _table(table)
        self.conn.execute(t.delete().where(t.c.id == row_id))
        self.report.rows += 1

    # -- a changeset -----------------------------------------------------------------------

    def apply(self, changeset: Changeset, made_at: datetime | None = None) -> MergeReport:
        """Merge every row of ``changeset`` (one change per row, in the order first written)."""
        self.made_at = normal(made_at) if made_at else datetime.now(UTC)
        self.report = MergeReport()
        self._reorder = set()
        changes = changeset.net()
        self._appended = _appends(changes)
        for change in changes:
            if change.table not in project_tables():
                continue  # from_json already refused unknown tables; local ones never travel
            self._note_order(change.table, change.before)
            self._note_order(change.table, change.after)
            if change.before is None:
                self._create(change)
            elif change.after is None:
                self._remove(change)
            else:
                self._change(change)
        self._renumber()
        return self.report

    def _note_order(self, table: str, state: Row | None) -> None:
        order = ORDERINGS.get(_mapped(table))
        if order is not None and state is not None:
            parent = state.get(order.parent) if order.parent else None
            self._reorder.add((table, parent))

    def _create(self, change: RowChange) -> None:
        assert change.after is not None
        existing = self.read(change.table, change.row_id)
        if existing is not None:  # made again here (an undone delete) and kept there: merge
            self._merge_fields(change.table, change.row_id, existing, None, change.after)
            return
        state = dict(change.after)
        if change.row_id in self._appended:
            self._append_at_end(change.table, state)
        self._write_new(change.table, state)

    def _append_at_end(self, table: str, state: Row) -> None:
        """A row the laptop added after its last sibling goes after the server's last one too
        (two laptops appending lines to a scene keep each block together)."""
        order = ORDERINGS[_mapped(table)]
        t = _table(table)
        query = select(func.max(t.c[order.key]))
        if order.parent is not None:
            parent = state.get(order.parent)
            column = t.c[order.parent]
            query = query.where(column.is_(None) if parent is None else column == parent)
        last = self.conn.execute(query).scalar()
        if last is not None and (state.get(order.key) or 0) <= last:
            state[order.key] = last + 1

    def _write_new(self, table: str, state: Row) -> bool:
        """Insert ``state`` unless a row with the same unique values exists: then merge into it
        (or give a line a fresh id). Returns whether the row was inserted."""
        for columns in _uniques(table):
            values = [state.get(c) for c in columns]
            if any(v is None for v in values):
                continue
            t = _table(table)
            other = self.conn.execute(
                select(t).where(and_(*(t.c[c] == v for c, v in zip(columns, values, strict=True))),
                                t.c.id != state["id"])
            ).mappings().first()
            if other is None:
                continue
            if table == "element" and columns == ("line_id",):
                state["line_id"] = self._fresh_line_id()
                self.report.renamed_lines += 1
                continue
            self._merge_fields(table, other["id"], dict(other), None, state, skip=set(columns))
            self.conn.execute(
                text("SELECT studio.log_dropped(:t, :i, CAST(:s AS json))"),
                {"t": table, "i": state["id"], "s": json.dumps(_plain(state), ensure_ascii=False)},
            )
            self.report.dropped += 1
            return False
        self._insert(table, state)
        return True

    def _remove(self, change: RowChange) -> None:
        assert change.before is not None
        current = self.read(change.table, change.row_id)
        if current is None:
            return  # deleted on both sides
        changed = _edited(change.before, current)
        blocked = self._has_children(change.table, change.row_id)
        if changed or blocked:
            who = self._last_writer(change.table, change.row_id)
            self._touch(change.table, change.row_id)
            self.report.kept += 1
            self._flag(change.table, current, "kept", "", "", who)
            return
        for table, column in _any_row("cascade"):
            t = _table(table)
            for (row_id,) in self.conn.execute(select(t.c.id).where(t.c[column] == change.row_id)):
                self._delete(table, row_id)
        self._orphan_notes(change.row_id)
        self._delete(change.table, change.row_id)

    def _change(self, change: RowChange) -> None:
        assert change.before is not None and change.after is not None
        current = self.read(change.table, change.row_id)
        if current is None:
            self._restore(change)
            return
        self._merge_fields(change.table, change.row_id, current, change.before, change.after)

    # -- merging fields --------------------------------------------------------------------

    def _merge_fields(self, table: str, row_id: str, current: Row, base: Row | None, mine: Row,
                      skip: Iterable[str] = ()) -> None:
        """Merge ``mine`` into the server's ``current`` row over their common ``base`` (None:
        two rows made apart that must be one: the server's values stay, and the losing main
        text becomes a note)."""
        t = _table(table)
        skipped = set(skip) | BOOKKEEPING
        values: Row = {}
        for column in t.columns:
            name = column.name
            if name in skipped or name not in mine:
                continue
            a, s = mine.get(name), current.get(name)
            if base is None:
                if not same(a, s) and name == _main_field(table):
                    self.report.conflicts += 1
                    self._flag(table, current, "edit", name, a, self._last_writer(table, row_id))
                continue
            b = base.get(name)
            if same(a, b) or same(a, s):
                continue  # not changed here, or the same change on both sides
            if same(s, b):
                values[name] = a
            elif name in _monotonic(table):
                values[name] = max(a or 0, s or 0)
            elif name not in QUIET:
                self.report.conflicts += 1
                self._flag(table, current, "edit", name, a, self._last_writer(table, row_id))
        if "line_id" in values and values["line_id"]:
            clash = self.conn.execute(
                select(t.c.id).where(t.c.line_id == values["line_id"], t.c.id != row_id)
            ).first() if table == "element" else None
            if clash is not None:
                values.pop("line_id")
        if values:
            if "updated_at" in mine:
                values["updated_at"] = mine["updated_at"]
            self._update(table, row_id, values)

    def _restore(self, change: RowChange) -> None:
        """An edit of a row deleted on the server: bring it back (and the parents it needs)."""
        assert change.after is not None
        who = self._last_writer(change.table, change.row_id)  # who deleted it
        savepoint = self.conn.begin_nested()
        try:
            restored = self._bring_back(change.table, dict(change.after), depth=0)
        except DBAPIError as exc:  # e.g. a translator may not bring a line back
            logger.info("could not restore %s %s: %s", change.table, change.row_id, exc.orig)
            restored = False
        if restored:
            savepoint.commit()
            self.report.restored += 1
            row = self.read(change.table, change.row_id) or change.after
            self._flag(change.table, row, "restored", "", "", who)
        else:
            savepoint.rollback()
            self.report.conflicts += 1
            self._flag(change.table, change.after, "lost", _main_field(change.table),
                       change.after.get(_main_field(change.table), ""), who)

    def _bring_back(self, table: str, state: Row, depth: int) -> bool:
        for column, parent, rule in _parents(table):
            value = state.get(column)
            if value is None or self.read(parent, value) is not None:
                continue
            last = self._last_known(parent, value) if depth < 8 else None
            if last is not None and self._bring_back(parent, last, depth + 1):
                continue
            if rule == "set null":
                state[column] = None
                continue
            return False
        return self._write_new(table, state)

    def _last_known(self, table: str, row_id: str) -> Row | None:
        before = self.conn.execute(
            text("SELECT before FROM studio.row_change WHERE tbl = :t AND row_id = :i "
                 "AND after IS NULL AND before IS NOT NULL ORDER BY ord DESC LIMIT 1"),
            {"t": table, "i": row_id},
        ).scalar_one_or_none()
        return decode_row(table, before) if before is not None else None

    def _has_children(self, table: str, row_id: str) -> bool:
        for child, column in _children(table):
            t = _table(child)
            if self.conn.execute(select(t.c.id).where(t.c[column] == row_id).limit(1)).first():
                return True
        return False

    def _orphan_notes(self, row_id: str) -> None:
        """Notes others put on a line being deleted become orphans, keeping their quotes."""
        t = _table("annotation")
        rows = self.conn.execute(
            select(t).where(t.c.target_type == AnnotationTarget.TEXT.value, t.c.target_id == row_id)
        ).mappings()
        for row in list(rows):
            anchor = Anchor.from_json(row["anchor"] or {})
            if not anchor.orphan:
                extras = {k: v for k, v in (row["anchor"] or {}).items()
                          if k not in Anchor.__dataclass_fields__}
                self._update("annotation", row["id"],
                             {"anchor": {**anchor.orphaned().to_json(), **extras}})

    def _fresh_line_id(self) -> str:
        project = _table("project")
        element = _table("element")
        row = self.conn.execute(select(project.c.id, project.c.next_line_number)).first()
        highest = self.conn.execute(
            select(func.max(cast(func.substr(element.c.line_id, 2), Integer)))
            .where(element.c.line_id.op("~")("^L[0-9]+$"))
        ).scalar() or 0
        number = max(row.next_line_number or 1, highest + 1)
        self._update("project", row.id, {"next_line_number": number + 1})
        return f"L{number:05d}"

    def _renumber(self) -> None:
        """Siblings whose keys two copies set apart (two lines at position 3) are numbered
        again in their stored order, so every copy shows the same order."""
        for table, parent in sorted(self._reorder, key=lambda k: (k[0], str(k[1]))):
            order = ORDERINGS[_mapped(table)]
            t = _table(table)
            query = select(t.c.id, t.c[order.key])
            if order.parent is not None:
                column = t.c[order.parent]
                query = query.where(column.is_(None) if parent is None else column == parent)
            rows = self.conn.execute(query.order_by(t.c[order.key], t.c.created_at, t.c.id)).all()
            for index, (row_id, key) in enumerate(rows):
                if key != order.base + index:
                    self._update(table, row_id, {order.key: order.base + index})

    # -- flags ---------------------------------------------------------------------------------

    def _flag(self, table: str, row: Row, what: str, field_name: str, losing: Any,
              other: tuple[str, str]) -> None:
        """Leave a sync-conflict note where the writers will see it; ``other`` is (who, when)
        of the other side's last change of the row."""
        if table in NO_NOTES:
            return
        kept_by, kept_at = other
        facts = {
            "table": table, "row_id": row["id"], "field": field_name, "what": what,
            "text": losing if isinstance(losing, str) else json.dumps(losing, ensure_ascii=False),
            "kept": _as_text(row.get(field_name)) if field_name else "",
            "kept_by": kept_by, "kept_at": kept_at, "by": self.member,
            "at": self.made_at.isoformat(),
        }
        body = facts["text"] if what in ("edit", "lost") else _flag_body(what, self.member,
                                                                         kept_by)
        if table in ("annotation", "annotation_reply"):
            note_id = row["id"] if table == "annotation" else row.get("annotation_id")
            if note_id and self.read("annotation", note_id) is not None:
                self._insert("annotation_reply", self._reply_row(note_id, body))
                return
        target_type, target_id, anchor = self._target(table, row)
        now = datetime.now(UTC)
        self._insert("annotation", {
            "id": str(uuid.uuid4()), "created_at": now, "updated_at": now,
            "target_type": target_type.value, "target_id": target_id,
            "anchor": {**anchor, "conflict": facts}, "author": self.member,
            "role": _note_role(self.role).value, "cultures": [],
            "kind": AnnotationKind.SYNC_CONFLICT.value, "severity": Severity.MAJOR.value,
            "status": AnnotationStatus.OPEN.value, "body": body,
        })

    def _reply_row(self, note_id: str, body: str) -> Row:
        now = datetime.now(UTC)
        return {"id": str(uuid.uuid4()), "created_at": now, "updated_at": now,
                "annotation_id": note_id, "author": self.member,
                "role": _note_role(self.role).value, "body": body}

    def _target(self, table: str, row: Row) -> tuple[AnnotationTarget, str, Row]:
        element_id = row["id"] if table == "element" else row.get("element_id")
        if element_id:
            element = self.read("element", element_id)
            if element is not None:
                line = element.get("text") or ""
                return AnnotationTarget.TEXT, element_id, Anchor.on(
                    element_id, line, 0, len(line)).to_json()
            quote = row.get("text") or ""
            return AnnotationTarget.TEXT, element_id, Anchor(
                element_id, 0, 0, quote, orphan=True).to_json()
        simple = {"beat": AnnotationTarget.BEAT, "scene": AnnotationTarget.SCENE,
                  "glossary_term": AnnotationTarget.GLOSSARY_TERM}
        if table in simple:
            return simple[table], row["id"], {}
        if table == "glossary_rendering" and row.get("term_id"):
            return AnnotationTarget.GLOSSARY_TERM, row["term_id"], {}
        quote = _as_text(row.get(_main_field(table)))
        return AnnotationTarget.TEXT, row["id"], Anchor(row["id"], 0, 0, quote,
                                                        orphan=True).to_json()

    def _last_writer(self, table: str, row_id: str) -> tuple[str, str]:
        found = self.conn.execute(
            text("SELECT c.author, c.at FROM studio.row_change r JOIN studio.changeset c "
                 "ON c.seq = r.seq WHERE r.tbl = :t AND r.row_id = :i ORDER BY r.ord DESC "
                 "LIMIT 1"),
            {"t": table, "i": row_id},
        ).first()
        return (str(found[0]), found[1].isoformat()) if found else ("", "")


def _appends(changes: list[RowChange]) -> set[str]:
    """Ids of new ordered rows whose siblings the same changeset did not move: the laptop added
    them after the last one (or into an empty parent)."""
    moved: set[tuple[str, Any]] = set()
    new: list[tuple[str, Any, str]] = []
    for change in changes:
        order = ORDERINGS.get(_mapped(change.table)) if change.table in project_tables() else None
        if order is None:
            continue
        state = change.after or change.before or {}
        parent = state.get(order.parent) if order.parent else None
        if change.before is None:
            new.append((change.table, parent, change.row_id))
        elif change.after is not None and not same(change.before.get(order.key),
                                                   change.after.get(order.key)):
            moved.add((change.table, parent))
    return {row_id for table, parent, row_id in new if (table, parent) not in moved}


def _mapped(table: str) -> type[Base]:
    return next(m.class_ for m in Base.registry.mappers if m.local_table.name == table)


def _edited(before: Row, current: Row) -> bool:
    """Whether someone changed the content of a row since ``before`` (not just its place)."""
    return any(
        not same(before.get(k), v) for k, v in current.items()
        if k not in BOOKKEEPING and k not in ORDER_KEYS and k in before
    )


def _main_field(table: str) -> str:
    columns = _table(table).c
    for name in ("text", "body", "title", "summary", "source_term", "description"):
        if name in columns:
            return name
    return ""


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _plain(state: Row) -> Row:
    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in state.items()}


def _note_role(role: StudioRole | None) -> Role:
    if role in (StudioRole.CONSULTANT, StudioRole.TRANSLATOR):
        return Role(role.value)
    return Role.WRITER


def _flag_body(what: str, member: str, other: str) -> str:
    if what == "kept":
        return _("{member} deleted this, but {other} had changed it since: it was kept.").format(
            member=member, other=other or "?")
    return _("{other} had deleted this; {member}'s change brought it back.").format(
        member=member, other=other or "?")
