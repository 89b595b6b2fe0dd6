"""Named drafts kept inside the `.kiln` file: save, list, read, delete.

A draft is a manifest (``schema.Draft``) naming the parts of the script it holds; the parts
(``schema.DraftChunk``) are stored once, by digest, however many drafts share them
(``app.features.drafts.snapshot``). Saving reads the script, stores the parts the file does not
have yet and the manifest, in one transaction of the file's local tables: saving a draft is not
an edit of the script (nothing to undo, nothing the studio sync sends). Deleting a draft removes
its manifest and every part no other draft uses.

Autosave never makes a draft: the writer does (File ▸ Drafts, ``kiln drafts save``), and so does
an export issued to production (``issue_draft``).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.core.enums import ElementKind, Role
from app.core.errors import CommandError
from app.core.i18n import _
from app.core.revisions import RevisionColour, colour_by_slug, revision_colour
from app.features.drafts.snapshot import (
    Snapshot,
    compress,
    decompress,
    digest,
    from_manifest,
    lane_scenes,
    lanes,
    manifest,
    manifest_parts,
    read_current,
    read_manifest,
    small_parts,
)
from app.project.open_project import OpenProject
from app.store.schema import Draft, DraftChunk, Element

logger = logging.getLogger(__name__)

#: The longest name a draft may have (it is shown in lists and printed on revision pages).
MAX_NAME = 120
_CHUNK = 500  # ids per IN (...) list: well under SQLite's limit of bound parameters


class DraftError(CommandError):
    """A draft cannot be saved, found, restored or deleted; the message says why and what to do."""


@dataclass(frozen=True)
class DraftInfo:
    """One named draft as the list shows it."""

    id: str
    name: str
    note: str
    author: str
    saved_at: datetime
    #: The revision colour's slug when the draft was issued to production ("" otherwise).
    issued: str
    issued_on: str
    episodes: int
    scenes: int
    lines: int

    @property
    def colour(self) -> RevisionColour | None:
        """The revision colour of an issued draft (None for a writer's draft)."""
        return colour_by_slug(self.issued) if self.issued else None


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment


def _info(row: Draft) -> DraftInfo:
    summary = row.summary or {}
    return DraftInfo(
        id=row.id, name=row.name, note=row.note, author=row.author,
        saved_at=_aware(row.created_at), issued=row.issued, issued_on=row.issued_on,
        episodes=int(summary.get("episodes", 0)), scenes=int(summary.get("scenes", 0)),
        lines=int(summary.get("lines", 0)),
    )


def drafts(project: OpenProject) -> list[DraftInfo]:
    """Every draft of ``project``, oldest first."""
    with project.file.session() as s:
        rows = s.scalars(select(Draft).order_by(Draft.created_at, Draft.name))
        return [_info(r) for r in rows]


def find_draft(project: OpenProject, name: str) -> DraftInfo:
    """The draft called ``name``; a ``DraftError`` lists the names there are."""
    found = next((d for d in drafts(project) if d.name == name.strip()), None)
    if found is None:
        raise DraftError(_no_such_draft(project, name))
    return found


def _no_such_draft(project: OpenProject, name: str) -> str:
    names = [d.name for d in drafts(project)]
    if not names:
        return _("{path} has no drafts yet; save one first (kiln drafts save {path} --name "
                 "NAME).").format(path=project.path)
    return _("{path} has no draft called “{name}”; its drafts are: {names}.").format(
        path=project.path, name=name, names=", ".join(f"“{n}”" for n in names))


def require_writer(project: OpenProject) -> None:
    if project.role is not Role.WRITER:
        raise DraftError(_("Only a writer saves, restores or deletes drafts; this project is "
                           "open as {role} (set the role in Edit ▸ Profile…).").format(
                               role=project.role.value))
    if project.file.read_only:
        raise DraftError(_("{path} is open read-only; open it for editing to change its "
                           "drafts.").format(path=project.path))


def _check_name(s: Session, name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise DraftError(_("A draft needs a name, such as “Second draft” or “Blue pages”."))
    if len(name) > MAX_NAME:
        raise DraftError(_("A draft's name can be at most {count} characters long.").format(
            count=MAX_NAME))
    if s.scalar(select(func.count()).select_from(Draft).where(Draft.name == name)):
        raise DraftError(_("There is already a draft called “{name}”; choose another name.")
                         .format(name=name))
    return name


def _summary(s: Session, snapshot: Snapshot) -> dict[str, int]:
    lines = s.scalar(select(func.count()).select_from(Element).where(
        Element.kind == ElementKind.DIALOGUE.value)) or 0
    return {"episodes": len(snapshot.episodes), "scenes": len(snapshot.scenes), "lines": lines}


def save_draft(project: OpenProject, name: str, *, note: str = "", author: str = "",
               issued: RevisionColour | None = None, issued_on: dt.date | None = None
               ) -> DraftInfo:
    """Keep the script as it is now as the draft ``name`` (one transaction of the file's local
    tables; not an undo step). ``issued``: the revision colour of an issue to production."""
    require_writer(project)
    with project.file.session() as s:  # refused before anything is written, the seal included
        _check_name(s, name)

    def work(s: Session) -> DraftInfo:
        chosen = _check_name(s, name)
        snapshot = read_current(s)
        small = small_parts(snapshot)
        parts = dict(snapshot.parts)
        names: dict[str, str] = {}
        for role, data in small.items():
            names[role] = digest(data)
            parts[names[role]] = data
        lane_names = []
        for episode_id, data in lanes(snapshot):
            lane_names.append((episode_id, digest(data)))
            parts[lane_names[-1][1]] = data
        have = _existing(s, parts)
        for key, data in parts.items():
            if key not in have:
                chunk = DraftChunk(data=compress(data))
                chunk.id = key
                s.add(chunk)
        row = Draft(
            name=chosen, note=note.strip(), author=author.strip(),
            issued=issued.slug if issued is not None else "",
            issued_on=(issued_on or dt.date.today()).isoformat() if issued is not None else "",
            manifest=manifest(names, lane_names), summary=_summary(s, snapshot),
        )
        s.add(row)
        s.flush()
        logger.info("saved draft %r (%d new parts of %d)", chosen, len(parts) - len(have),
                    len(parts))
        return _info(row)

    return project.history.write_local(work)


def _existing(s: Session, keys: Iterable[str]) -> set[str]:
    wanted = sorted(keys)
    found: set[str] = set()
    for start in range(0, len(wanted), _CHUNK):
        found.update(s.scalars(select(DraftChunk.id).where(
            DraftChunk.id.in_(wanted[start : start + _CHUNK]))))
    return found


def _fetcher(project: OpenProject):  # noqa: ANN202 - Callable[[list[str]], dict[str, bytes]]
    def fetch(keys: list[str]) -> dict[str, bytes]:
        out: dict[str, bytes] = {}
        with project.file.session() as s:
            for start in range(0, len(keys), _CHUNK):
                for key, data in s.execute(select(DraftChunk.id, DraftChunk.data).where(
                        DraftChunk.id.in_(keys[start : start + _CHUNK]))):
                    out[key] = decompress(data)
        lost = set(keys) - set(out)
        if lost:
            raise DraftError(_("A draft of {path} has lost some of its parts; it cannot be "
                               "read (restore the file from a backup).").format(
                                   path=project.path))
        return out

    return fetch


def draft_snapshot(project: OpenProject, name: str) -> Snapshot:
    """The script as the draft ``name`` holds it (scenes are read when asked for)."""
    info = find_draft(project, name)
    with project.file.session() as s:
        data = s.scalar(select(Draft.manifest).where(Draft.id == info.id))
    try:
        value = read_manifest(data)
    except (ValueError, TypeError, OSError) as exc:
        raise DraftError(_("The draft “{name}” of {path} cannot be read ({detail}).").format(
            name=name, path=project.path, detail=exc)) from None
    fetch = _fetcher(project)
    return from_manifest(value, fetch(manifest_parts(value)), fetch)


def current_snapshot(project: OpenProject) -> Snapshot:
    """The script of ``project`` as it is now."""
    with project.file.session() as s:
        return read_current(s)


def delete_draft(project: OpenProject, name: str) -> None:
    """Remove the draft ``name`` and the parts no other draft uses (not an undo step)."""
    require_writer(project)
    info = find_draft(project, name)

    def work(s: Session) -> None:
        s.execute(delete(Draft).where(Draft.id == info.id))
        used: set[str] = set()
        for (data,) in s.execute(select(Draft.manifest)):
            value = read_manifest(data)
            named = manifest_parts(value)
            used.update(named)
            stored = dict(s.execute(select(DraftChunk.id, DraftChunk.data)
                                    .where(DraftChunk.id.in_(named))).all())
            used.update(e.digest for e in lane_scenes(
                {k: decompress(v) for k, v in stored.items()}, value))
        unused = sorted(set(s.scalars(select(DraftChunk.id))) - used)
        for start in range(0, len(unused), _CHUNK):
            s.execute(delete(DraftChunk).where(DraftChunk.id.in_(unused[start : start + _CHUNK])))
        logger.info("deleted draft %r and %d parts", info.name, len(unused))

    project.history.write_local(work)


# -- revisions: drafts issued to production -------------------------------------------------


def issued_drafts(project: OpenProject) -> list[DraftInfo]:
    """The drafts issued to production, in the order they were issued (White first)."""
    return [d for d in drafts(project) if d.issued]


def next_colour(project: OpenProject) -> RevisionColour:
    """The colour the next issue of the script goes out on (White when none went out yet)."""
    return revision_colour(len(issued_drafts(project)))


def colour_after(project: OpenProject, name: str) -> RevisionColour:
    """The colour of the pages that show the changes since the draft ``name``: the colour
    after the last issue up to and including it (Blue after the White issue)."""
    found = find_draft(project, name)
    count = 0
    for d in drafts(project):
        count += bool(d.issued)
        if d.id == found.id:
            break
    return revision_colour(count)


def issue_draft(project: OpenProject, name: str = "", *, author: str = "",
                on: dt.date | None = None) -> DraftInfo:
    """Keep the script as it is now as the next issue to production: a draft with the next
    revision colour and date (named after them unless ``name`` is given)."""
    colour = next_colour(project)
    day = on or dt.date.today()
    chosen = name.strip() or _("{colour} issue, {date}").format(
        colour=colour.label(_), date=day.isoformat())
    return save_draft(project, chosen, author=author, issued=colour, issued_on=day)


def unique_name(project: OpenProject, wanted: str) -> str:
    """``wanted``, or ``wanted (2)``, ``(3)``… when a draft has that name already."""
    names = {d.name for d in drafts(project)}
    if wanted not in names:
        return wanted
    n = 2
    while f"{wanted} ({n})" in names:
        n += 1
    return f"{wanted} ({n})"
