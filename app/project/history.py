"""The undo/redo history of an open project.

Each command runs in its own short transaction and is committed at once, so a crash loses at
most the edit in flight. The session's recorder (``app.project.changes``) records every row the
command and what follows from it (``app.project.derived``) wrote. Subscribers hear about every
change that reached the file (done, undone or redone) as the changeset actually written, so views
refresh only what changed and a sync can replay the same changesets on another copy.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy.orm import Session, sessionmaker

from app.core.errors import CommandError
from app.core.i18n import _
from app.project.changes import ChangeRecorder, Changeset, apply_changeset
from app.project.commands import ENTITIES, Command
from app.project.derived import follow_up
from app.store.project_file import defer_foreign_keys

logger = logging.getLogger(__name__)

def _SCRIPT_READ_ONLY() -> str:  # noqa: N802 - a message, translated when raised
    return _("This project is open in consultant mode: the script is read-only; add notes "
             "instead, or open it as a writer to edit.")


Listener = Callable[[Changeset], None]
#: Writes something about a changeset in the edit's own transaction (the studio outbox).
Journal = Callable[[Session, Changeset], None]
#: Hears a write the file refused (``ProjectChangedOnDisk``); the error still reaches the writer.
RefusalListener = Callable[[Exception], None]
T = TypeVar("T")
#: Calling it ends a subscription.
Unsubscribe = Callable[[], None]

#: Notes and their replies (what a review packet may change).
ANNOTATION_TABLES = frozenset({"annotation", "annotation_reply"})
#: Tables a consultant may change: notes, replies and the glossary's terms and renderings
#: (consultants approve renderings), never the script.
CONSULTANT_TABLES = ANNOTATION_TABLES | {"glossary_term", "glossary_rendering"}

#: Typing in one element merges into one undo step while pauses stay under this many seconds.
MERGE_WINDOW = 2.0


@dataclass
class _Step:
    label: str
    changeset: Changeset
    merge_key: str | None
    at: float


class History:
    """Runs commands against a project file and keeps them for undo and redo."""

    def __init__(self, sessions: sessionmaker[Session], limit: int = 1000) -> None:
        self._sessions = sessions
        self._done: list[_Step] = []
        self._undone: list[_Step] = []
        self._limit = limit
        self._listeners: list[Listener] = []
        self._refusal_listeners: list[RefusalListener] = []
        #: False for read-only files: nothing can change.
        self.writable = True
        #: Tables edits may touch; None allows every table. Consultant mode sets
        #: ``CONSULTANT_TABLES``: the script is read-only, notes and the glossary are not.
        self.allowed_tables: frozenset[str] | None = None
        #: Called with the command before every write (may refuse it by raising: the project
        #: file checks that no other program changed it on disk) and after every write.
        self.before_write: Callable[[Command | None], None] = lambda command: None
        self.after_write: Callable[[], None] = lambda: None
        #: The errors of ``before_write`` that are a refusal to report (not a bug).
        self.refusals: tuple[type[Exception], ...] = ()
        #: Called inside the transaction of every edit, undo and redo with what it wrote (never
        #: for a replay): the studio outbox records there, so a crash keeps both or neither.
        #: It may write only the file's local tables (``schema.LOCAL_TABLES``).
        self.journal: Journal | None = None

    def subscribe(self, listener: Listener) -> Unsubscribe:
        """Call ``listener(changeset)`` after every change; returns the way to stop."""
        self._listeners.append(listener)
        return lambda: self._remove(self._listeners, listener)

    def on_refused(self, listener: RefusalListener) -> Unsubscribe:
        """Call ``listener(error)`` whenever the file refuses a write; returns the way to stop."""
        self._refusal_listeners.append(listener)
        return lambda: self._remove(self._refusal_listeners, listener)

    @property
    def listener_count(self) -> int:
        """How many subscribers there are (a view that forgets to unsubscribe shows here)."""
        return len(self._listeners) + len(self._refusal_listeners)

    @staticmethod
    def _remove(listeners: list, listener: object) -> None:  # type: ignore[type-arg]
        if listener in listeners:
            listeners.remove(listener)

    def _guard(self, command: Command | None) -> None:
        try:
            self.before_write(command)
        except self.refusals as exc:
            for listener in list(self._refusal_listeners):
                listener(exc)
            raise

    def run(self, command: Command) -> Changeset:
        """Apply ``command`` in one committed transaction and record it for undo."""
        self._require_writable()
        self._require_allowed(command)
        self._guard(command)
        try:
            with self._sessions() as session, session.begin(), ChangeRecorder(session) as recorder:
                command.apply(recorder)
                follow_up(recorder)
                changeset = recorder.finish()
                # Checked on what the edit really touched, before the commit: a refused edit
                # rolls back whole, whatever kind of command it was.
                if self.allowed_tables is not None and changeset.tables - self.allowed_tables:
                    raise CommandError(_SCRIPT_READ_ONLY())
                self._journal(session, changeset)
        finally:
            self.after_write()
        now = time.monotonic()
        top = self._done[-1] if self._done else None
        if (
            command.merge_key
            and top is not None
            and top.merge_key == command.merge_key
            and now - top.at < MERGE_WINDOW
        ):
            top.changeset.absorb(changeset)
            top.at = now
        elif changeset.net():
            self._done.append(_Step(command.label, changeset, command.merge_key, now))
            del self._done[: -self._limit]
        self._undone.clear()
        logger.debug("%s: %d row(s)", command.label, len(changeset.changes))
        self._announce(changeset)
        return changeset

    def undo(self) -> Changeset | None:
        """Undo the last edit; None when there is nothing to undo."""
        if not self._done:
            return None
        self._require_writable()
        self._guard(None)
        step = self._done.pop()
        try:
            written = self._write(step.changeset, backwards=True)
        except BaseException:
            self._done.append(step)  # not undone: Undo can be tried again
            raise
        step.merge_key = None  # a redone step never absorbs new typing
        self._undone.append(step)
        self._announce(written)
        return written

    def redo(self) -> Changeset | None:
        """Redo the last undone edit; None when there is nothing to redo."""
        if not self._undone:
            return None
        self._require_writable()
        self._guard(None)
        step = self._undone.pop()
        try:
            written = self._write(step.changeset, backwards=False)
        except BaseException:
            self._undone.append(step)
            raise
        self._done.append(step)
        self._announce(written)
        return written

    def replay(
        self, changeset: Changeset, *, also: Callable[[Session], None] | None = None
    ) -> Changeset:
        """Write a changeset made on another copy of this project, exactly as recorded.

        Not an undo step of this window (it is someone else's edit) and not journaled;
        subscribers hear it. Foreign keys are checked at the commit, so a batch of another
        copy's rows may arrive in any order. ``also(session)`` runs in the same transaction
        (a sync records how far it has got there) and may write only the local tables.
        """
        self._require_writable()
        self._guard(None)
        written = self._write(changeset, backwards=False, exact=True, replaying=True, also=also)
        self._announce(written)
        return written

    def _write(
        self,
        changeset: Changeset,
        *,
        backwards: bool,
        exact: bool = False,
        replaying: bool = False,
        also: Callable[[Session], None] | None = None,
    ) -> Changeset:
        """Write the states of ``changeset``; returns what was really written (fresh times)."""
        try:
            with self._sessions() as session, session.begin(), ChangeRecorder(session) as recorder:
                if replaying:
                    defer_foreign_keys(session.connection())
                apply_changeset(session, changeset, backwards=backwards, exact=exact)
                written = recorder.finish()
                if not replaying:
                    self._journal(session, written)
                if also is not None:
                    also(session)
                    session.flush()
                return written
        finally:
            self.after_write()

    def write_local(self, work: Callable[[Session], T]) -> T:
        """Run ``work(session)`` in one committed transaction that writes only the file's local
        tables (``schema.LOCAL_TABLES``: the studio link and outbox); not an edit, so nothing is
        recorded, journaled or announced, but the file's checks before a write still apply."""
        self._require_writable()
        self._guard(None)
        try:
            with self._sessions() as session, session.begin():
                return work(session)
        finally:
            self.after_write()

    def _journal(self, session: Session, changeset: Changeset) -> None:
        if self.journal is not None and changeset.net():
            self.journal(session, changeset)
            session.flush()

    @property
    def undo_label(self) -> str | None:
        """The name of the edit Undo would revert."""
        return self._done[-1].label if self._done else None

    @property
    def redo_label(self) -> str | None:
        """The name of the edit Redo would make again."""
        return self._undone[-1].label if self._undone else None

    def _require_writable(self) -> None:
        if not self.writable:
            raise CommandError(_("This project is open read-only; the script cannot be changed."))

    def _require_allowed(self, command: Command) -> None:
        kind = getattr(command, "kind", None)
        if self.allowed_tables is None or not isinstance(kind, str):
            return
        table = getattr(ENTITIES.get(kind), "__tablename__", kind)
        if table not in self.allowed_tables:
            raise CommandError(_SCRIPT_READ_ONLY())

    def _announce(self, changeset: Changeset) -> None:
        for listener in list(self._listeners):
            listener(changeset)
