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

from sqlalchemy.orm import Session, sessionmaker

from app.core.errors import CommandError
from app.core.i18n import _
from app.project.changes import ChangeRecorder, Changeset, apply_changeset
from app.project.commands import ENTITIES, Command
from app.project.derived import follow_up

logger = logging.getLogger(__name__)

def _SCRIPT_READ_ONLY() -> str:  # noqa: N802 - a message, translated when raised
    return _("This project is open in consultant mode: the script is read-only; add notes "
             "instead, or open it as a writer to edit.")


Listener = Callable[[Changeset], None]
#: Hears a write the file refused (``ProjectChangedOnDisk``); the error still reaches the writer.
RefusalListener = Callable[[Exception], None]
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

    def replay(self, changeset: Changeset) -> Changeset:
        """Write a changeset made on another copy of this project, exactly as recorded.

        Not an undo step of this window (it is someone else's edit); subscribers hear it.
        """
        self._require_writable()
        self._guard(None)
        written = self._write(changeset, backwards=False, exact=True)
        self._announce(written)
        return written

    def _write(self, changeset: Changeset, *, backwards: bool, exact: bool = False) -> Changeset:
        """Write the states of ``changeset``; returns what was really written (fresh times)."""
        try:
            with self._sessions() as session, session.begin(), ChangeRecorder(session) as recorder:
                apply_changeset(session, changeset, backwards=backwards, exact=exact)
                return recorder.finish()
        finally:
            self.after_write()

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
