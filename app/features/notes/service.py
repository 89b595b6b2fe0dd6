"""Notes of an open project: add them on words, cards, scenes, heritage entries or glossary
terms; reply, resolve, reopen; list them with filters. Every change is an undoable command, so
it works the same in consultant mode (where only notes may change) and from the window or CLI.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.anchors import Anchor
from app.core.enums import AnnotationKind, AnnotationStatus, AnnotationTarget, Role, Severity
from app.core.errors import CommandError
from app.core.i18n import _
from app.project.commands import Create, Update
from app.project.open_project import OpenProject
from app.store import schema

logger = logging.getLogger(__name__)


#: The key an approval note's stored ``anchor`` carries when a review packet brought it (the
#: packet's file name): its approval is only a claim until a consultant here confirms it.
CLAIM = "claim"


@dataclass(frozen=True)
class ReplyRecord:
    """One reply in a note's thread."""

    id: str
    author: str
    role: Role
    body: str
    created_at: datetime


@dataclass(frozen=True)
class NoteRecord:
    """A note as views show it; ``anchor`` is set for notes on words."""

    id: str
    target_type: AnnotationTarget
    target_id: str
    anchor: Anchor | None
    author: str
    role: Role
    cultures: tuple[str, ...]
    kind: AnnotationKind
    severity: Severity
    status: AnnotationStatus
    body: str
    created_at: datetime
    updated_at: datetime
    replies: tuple[ReplyRecord, ...]
    episode_id: str | None
    #: An approval a review packet brought: a claim until a consultant here confirms it.
    claimed: bool = False

    @property
    def orphan(self) -> bool:
        """True when the words this note was on are gone (it keeps its old quote)."""
        return self.anchor is not None and self.anchor.orphan


@dataclass(frozen=True)
class NoteFilter:
    """Which notes to list; None means any."""

    culture: str | None = None
    kind: AnnotationKind | None = None
    severity: Severity | None = None
    status: AnnotationStatus | None = None
    author: str | None = None
    episode_id: str | None = None
    orphan: bool | None = None

    def accepts(self, note: NoteRecord) -> bool:
        return (
            (self.culture is None or self.culture in note.cultures)
            and (self.kind is None or note.kind == self.kind)
            and (self.severity is None or note.severity == self.severity)
            and (self.status is None or note.status == self.status)
            and (self.author is None or note.author == self.author)
            and (self.episode_id is None or note.episode_id == self.episode_id)
            and (self.orphan is None or note.orphan == self.orphan)
        )


def aware(moment: datetime) -> datetime:
    """``moment`` in UTC (SQLite hands back naive datetimes)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


# -- adding and changing notes --------------------------------------------------------------


def add_text_note(
    project: OpenProject,
    element_id: str,
    start: int,
    end: int,
    body: str,
    *,
    author: str,
    role: Role = Role.CONSULTANT,
    cultures: Iterable[str] = (),
    kind: AnnotationKind = AnnotationKind.CULTURAL_CONTEXT,
    severity: Severity = Severity.INFO,
) -> str:
    """Add a note on ``text[start:end]`` of one script line; returns its id."""
    with project.file.session() as s:
        element = s.get(schema.Element, element_id)
        if element is None:
            raise CommandError(_("The script line {id} no longer exists.").format(id=element_id))
        text = element.text or ""
    if not 0 <= start < end <= len(text):
        raise CommandError(_("Select some words of the line before adding a note on them."))
    anchor = Anchor.on(element_id, text, start, end)
    return _create(
        project, AnnotationTarget.TEXT, element_id, anchor.to_json(), body, author, role,
        cultures, kind, severity,
    )


def add_note(
    project: OpenProject,
    target_type: AnnotationTarget,
    target_id: str,
    body: str,
    *,
    author: str,
    role: Role = Role.CONSULTANT,
    cultures: Iterable[str] = (),
    kind: AnnotationKind = AnnotationKind.CULTURAL_CONTEXT,
    severity: Severity = Severity.INFO,
    status: AnnotationStatus = AnnotationStatus.OPEN,
) -> str:
    """Add a note on a beat, a scene, a heritage library entry or a glossary term."""
    target_type = AnnotationTarget(target_type)
    if target_type is AnnotationTarget.TEXT:
        raise CommandError(_("A note on words needs the words: use a selection in the script."))
    table = {
        AnnotationTarget.BEAT: schema.Beat,
        AnnotationTarget.SCENE: schema.Scene,
        AnnotationTarget.GLOSSARY_TERM: schema.GlossaryTerm,
    }.get(target_type)
    if table is not None:
        with project.file.session() as s:
            if s.get(table, target_id) is None:
                raise CommandError(_("The item {id} no longer exists.").format(id=target_id))
    return _create(
        project, target_type, target_id, {}, body, author, role, cultures, kind, severity, status
    )


def _create(project: OpenProject, *fields: Any) -> str:
    """Run ``note_command(*fields)``; the new note's id."""
    command = note_command(*fields)
    project.run(command)
    assert command.created_id is not None
    return command.created_id


def note_command(
    target_type: AnnotationTarget,
    target_id: str,
    anchor: dict,
    body: str,
    author: str,
    role: Role,
    cultures: Iterable[str],
    kind: AnnotationKind,
    severity: Severity,
    status: AnnotationStatus = AnnotationStatus.OPEN,
) -> Create:
    """The command that adds a note, not yet run (for commands that add notes among other
    changes in one undo step, such as ``review.SetApproval``)."""
    if not body.strip():
        raise CommandError(_("A note needs some words; write what the writer should know."))
    return Create(
        "annotation",
        {
            "target_type": target_type.value,
            "target_id": target_id,
            "anchor": anchor,
            "author": author.strip(),
            "role": Role(role).value,
            "cultures": sorted({c.strip() for c in cultures if c.strip()}),
            "kind": AnnotationKind(kind).value,
            "severity": Severity(severity).value,
            "status": AnnotationStatus(status).value,
            "body": body.strip(),
        },
    )


def reply(project: OpenProject, note_id: str, body: str, *, author: str, role: Role) -> str:
    """Add a reply to a note's thread; returns the reply's id."""
    _require_note(project, note_id)
    if not body.strip():
        raise CommandError(_("A reply needs some words."))
    command = Create(
        "annotation_reply",
        {"annotation_id": note_id, "author": author.strip(), "role": Role(role).value,
         "body": body.strip()},
    )
    project.run(command)
    assert command.created_id is not None
    return command.created_id


def set_status(project: OpenProject, note_id: str, status: AnnotationStatus) -> None:
    """Mark a note open, resolved or accepted."""
    _require_note(project, note_id)
    project.run(Update("annotation", note_id, {"status": AnnotationStatus(status).value}))


def resolve(project: OpenProject, note_id: str) -> None:
    """The writer has acted on the note."""
    set_status(project, note_id, AnnotationStatus.RESOLVED)


def reopen(project: OpenProject, note_id: str) -> None:
    """The note needs attention again."""
    set_status(project, note_id, AnnotationStatus.OPEN)


def _require_note(project: OpenProject, note_id: str) -> None:
    with project.file.session() as s:
        if s.get(schema.Annotation, note_id) is None:
            raise CommandError(_("The note {id} no longer exists.").format(id=note_id))


# -- reading ----------------------------------------------------------------------------------


def notes(project: OpenProject, where: NoteFilter | None = None) -> list[NoteRecord]:
    """Every note (or those ``where`` accepts), oldest first."""
    where = where or NoteFilter()
    with project.file.session() as s:
        found = [note for note in _load_notes(s) if where.accepts(note)]
    return found


def note(project: OpenProject, note_id: str) -> NoteRecord:
    """One note by id."""
    found = [n for n in notes(project) if n.id == note_id]
    if not found:
        raise CommandError(_("The note {id} no longer exists.").format(id=note_id))
    return found[0]


def orphans(project: OpenProject) -> list[NoteRecord]:
    """Notes whose words are gone, with their old quotes."""
    return notes(project, NoteFilter(orphan=True))


def anchored_text(project: OpenProject, record: NoteRecord) -> str:
    """The words a text note sits on now ('' for other notes; the old quote for orphans)."""
    if record.anchor is None:
        return ""
    if record.anchor.orphan:
        return record.anchor.quote
    with project.file.session() as s:
        element = s.get(schema.Element, record.anchor.element_id)
        text = element.text if element is not None else ""
    return text[record.anchor.start : record.anchor.end]


def anchored_texts(project: OpenProject, records: Iterable[NoteRecord]) -> dict[str, str]:
    """``anchored_text`` of many notes at once, by note id (one read of the file)."""
    wanted = [r for r in records if r.anchor is not None]
    ids = {r.anchor.element_id for r in wanted if not r.anchor.orphan}  # type: ignore[union-attr]
    with project.file.session() as s:
        texts = dict(
            s.execute(
                select(schema.Element.id, schema.Element.text).where(schema.Element.id.in_(ids))
            ).all()
        )
    result = {}
    for r in wanted:
        a = r.anchor
        assert a is not None
        result[r.id] = a.quote if a.orphan else (texts.get(a.element_id) or "")[a.start : a.end]
    return result


def notes_by_id(project: OpenProject, note_ids: Iterable[str]) -> dict[str, NoteRecord | None]:
    """The notes ``note_ids`` as they are now (None for a note that no longer exists).

    Views that follow the history reload only the notes a change touched with this.
    """
    wanted = sorted(set(note_ids))
    found: dict[str, NoteRecord | None] = dict.fromkeys(wanted)
    with project.file.session() as s:
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            found.update({n.id: n for n in _load_notes(s, chunk)})
    return found


_CHUNK = 500  # ids per IN (...) list: well under SQLite's limit of bound parameters


def _load_notes(s: Session, only: list[str] | None = None) -> list[NoteRecord]:
    """Every note (or the notes ``only`` names), with replies and the episode each is in."""
    query = select(schema.Annotation).order_by(schema.Annotation.created_at)
    reply_query = select(schema.AnnotationReply).order_by(schema.AnnotationReply.created_at)
    if only is not None:
        query = query.where(schema.Annotation.id.in_(only))
        reply_query = reply_query.where(schema.AnnotationReply.annotation_id.in_(only))
    rows = list(s.scalars(query))
    replies: dict[str, list[ReplyRecord]] = {}
    for r in s.scalars(reply_query):
        replies.setdefault(r.annotation_id, []).append(
            ReplyRecord(r.id, r.author, Role(r.role), r.body, aware(r.created_at))
        )
    episodes = _episodes_of(s, [(a.target_type, a.target_id) for a in rows])
    result = []
    for a in rows:
        target = AnnotationTarget(a.target_type)
        anchor = Anchor.from_json(a.anchor) if target is AnnotationTarget.TEXT else None
        result.append(
            NoteRecord(
                id=a.id,
                target_type=target,
                target_id=a.target_id,
                anchor=anchor,
                author=a.author,
                role=Role(a.role),
                cultures=tuple(a.cultures or ()),
                kind=AnnotationKind(a.kind),
                severity=Severity(a.severity),
                status=AnnotationStatus(a.status),
                body=a.body,
                created_at=aware(a.created_at),
                updated_at=aware(a.updated_at),
                replies=tuple(replies.get(a.id, ())),
                episode_id=episodes.get((a.target_type, a.target_id)),
                claimed=target is not AnnotationTarget.TEXT and bool((a.anchor or {}).get(CLAIM)),
            )
        )
    return result


def _episodes_of(s: Session, targets: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The episode of each (target type, target id) that has one, asking only about those.

    A project of 100 episodes has some 30 000 lines: reading only the noted ones keeps a
    reload of the notes in milliseconds.
    """
    ids: dict[str, set[str]] = {}
    for target_type, target_id in targets:
        ids.setdefault(target_type, set()).add(target_id)
    queries = {
        AnnotationTarget.TEXT.value: lambda chunk: select(
            schema.Element.id, schema.Scene.episode_id
        ).join(schema.Scene, schema.Scene.id == schema.Element.scene_id).where(
            schema.Element.id.in_(chunk)
        ),
        AnnotationTarget.SCENE.value: lambda chunk: select(
            schema.Scene.id, schema.Scene.episode_id
        ).where(schema.Scene.id.in_(chunk)),
        AnnotationTarget.BEAT.value: lambda chunk: select(
            schema.Beat.id, schema.Beat.episode_id
        ).where(schema.Beat.id.in_(chunk)),
    }
    found: dict[tuple[str, str], str] = {}
    for target_type, query in queries.items():
        wanted = sorted(ids.get(target_type, ()))
        for start in range(0, len(wanted), _CHUNK):
            for target_id, episode_id in s.execute(query(wanted[start : start + _CHUNK])):
                if episode_id is not None:
                    found[(target_type, target_id)] = episode_id
    return found
