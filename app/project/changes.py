"""Record what an edit changed, row by row, so it can be undone and redone exactly.

A command makes its edits through a ``ChangeRecorder``; the recorder keeps each touched row's
state before and after. Undo writes the "before" states back in reverse order, redo writes the
"after" states in order, so one mechanism serves every command and nothing is re-derived.
"""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, insert, inspect, select, update
from sqlalchemy.orm import Session

from app.store.schema import Base, utcnow

logger = logging.getLogger(__name__)

Row = dict[str, Any]


def snapshot(obj: Base) -> Row:
    """All column values of an ORM object, deep-copied so later edits cannot alias them."""
    mapper = inspect(obj).mapper
    return {attr.key: copy.deepcopy(getattr(obj, attr.key)) for attr in mapper.column_attrs}


@dataclass
class RowChange:
    """One row's state before and after an edit (None: the row did not exist)."""

    table: str
    row_id: str
    before: Row | None
    after: Row | None


@dataclass
class Changeset:
    """Every row an edit touched, in the order it touched them."""

    changes: list[RowChange] = field(default_factory=list)

    @property
    def tables(self) -> set[str]:
        """Names of the tables this changeset touches (what a view must refresh)."""
        return {c.table for c in self.changes}

    def absorb(self, later: Changeset) -> None:
        """Fold a later changeset into this one (used to merge typing into one undo step)."""
        index = {(c.table, c.row_id): c for c in self.changes}
        for change in later.changes:
            mine = index.get((change.table, change.row_id))
            if mine is None:
                self.changes.append(change)
                index[(change.table, change.row_id)] = change
            else:
                mine.after = change.after


class ChangeRecorder:
    """Edits rows through an ORM session and records each change."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.changeset = Changeset()

    def insert(self, obj: Base) -> Base:
        """Add a new row."""
        self.session.add(obj)
        self.session.flush()
        self._record(obj, None, snapshot(obj))
        return obj

    def update(self, obj: Base, **values: Any) -> Base:
        """Change some columns of a row; unchanged values are not recorded."""
        before = snapshot(obj)
        changed = {k: v for k, v in values.items() if before.get(k) != v}
        if not changed:
            return obj
        for key, value in changed.items():
            setattr(obj, key, value)
        self.session.flush()
        self._record(obj, before, snapshot(obj))
        return obj

    def delete(self, obj: Base) -> None:
        """Remove a row."""
        before = snapshot(obj)
        self.session.delete(obj)
        self.session.flush()
        self._record(obj, before, None)

    def _record(self, obj: Base, before: Row | None, after: Row | None) -> None:
        self.changeset.changes.append(
            RowChange(table=obj.__tablename__, row_id=obj.id, before=before, after=after)
        )


def replay(session: Session, changeset: Changeset, *, backwards: bool) -> None:
    """Write the "before" states (undo, ``backwards``) or the "after" states (redo) to the file."""
    changes = reversed(changeset.changes) if backwards else changeset.changes
    tables = Base.metadata.tables
    for change in changes:
        table = tables[change.table]
        state = change.before if backwards else change.after
        if state is None:
            session.execute(delete(table).where(table.c.id == change.row_id))
            continue
        values = dict(state, updated_at=utcnow())
        exists = session.execute(select(table.c.id).where(table.c.id == change.row_id)).first()
        if exists:
            session.execute(update(table).where(table.c.id == change.row_id).values(values))
        else:
            session.execute(insert(table).values(values))
    session.flush()
    session.expire_all()
