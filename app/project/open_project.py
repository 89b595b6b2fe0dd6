"""An open project as the window and the command line see it: edits, undo, and read queries.

Queries return the read-only records of ``app.core.records``; edits go through commands in
``app.project.commands`` and the history, so everything the UI can do the CLI can do too.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.enums import BeatKind, BeatStatus, ElementKind, Role, ScriptLayout, Setting, TimeOfDay
from app.core.records import (
    BeatRecord,
    CharacterRecord,
    ElementRecord,
    EpisodeRecord,
    LocationRecord,
    ProjectInfo,
    ProjectStats,
    SceneRecord,
    scene_number,
)
from app.core.timing import RateBook
from app.project import outbox
from app.project.changes import Changeset
from app.project.commands import Command
from app.project.history import CONSULTANT_TABLES, History
from app.project.stats import project_stats
from app.store import schema
from app.store.errors import ProjectChangedOnDisk
from app.store.profile import load_profile
from app.store.project_file import (
    ProjectFile,
    create_project_file,
    memory_project_file,
    open_project_file,
)

logger = logging.getLogger(__name__)

#: Each enum member by its stored value (a dict lookup per scene, not an enum call).
_SETTINGS = {m.value: m for m in Setting}
_TIMES = {m.value: m for m in TimeOfDay}


class OpenProject:
    """A project file opened for work. Close it when done (or use it as a context manager)."""

    def __init__(self, file: ProjectFile, *, role: Role = Role.WRITER) -> None:
        self.file = file
        self.history = History(file.sessions)
        self.history.writable = not file.read_only
        if not file.read_only:  # refuse to write over a file another program changed on disk
            self.history.before_write = file.before_write
            self.history.after_write = file.after_write
            self.history.refusals = (ProjectChangedOnDisk,)
            # A copy linked to a studio keeps every changeset it makes until the server has it.
            self.history.journal = outbox.record
        #: Who opened it. A consultant's project has a read-only script: notes only.
        self.role = Role(role)
        self.set_role(role)

    def set_role(self, role: Role) -> None:
        """Work on as ``role`` from now on: a consultant may write notes and the glossary only,
        anyone else everything (the file's own read-only state stays as it is)."""
        self.role = Role(role)
        self.history.allowed_tables = CONSULTANT_TABLES if self.role is Role.CONSULTANT else None

    # -- life cycle -----------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        read_only: bool = False,
        backup: bool = True,
        role: Role | None = None,
        accept_contents: bool = False,
    ) -> OpenProject:
        """Open ``path`` as ``role`` (None: the role in the user's profile, see app.store.profile);
        raises ``ProjectFileError`` with a message for the user. ``accept_contents`` opens a
        file changed by another program (``ProjectDamaged.contents_only``) and accepts it."""
        if role is None:
            role = load_profile().role
        opened = open_project_file(
            path, read_only=read_only, make_backup=backup, accept_contents=accept_contents
        )
        return cls(opened, role=role)

    @classmethod
    def in_memory(cls, populate: Callable[[Session], None], name: Path | str) -> OpenProject:
        """A read-only project built by ``populate`` in memory, never written to a file (a
        script converted straight to a document); ``name`` is the script it was read from."""
        return cls(memory_project_file(populate, name))

    @property
    def path(self) -> Path:
        return self.file.path

    def close(self) -> None:
        """Close the file and release its lock."""
        self.file.close()

    def __enter__(self) -> OpenProject:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- edits ----------------------------------------------------------------------------

    def run(self, command: Command) -> Changeset:
        """Apply an undoable edit and commit it."""
        return self.history.run(command)

    def undo(self) -> Changeset | None:
        """Undo the last edit (None when there is none)."""
        return self.history.undo()

    def redo(self) -> Changeset | None:
        """Redo the last undone edit (None when there is none)."""
        return self.history.redo()

    # -- queries --------------------------------------------------------------------------

    def _read(self) -> Session:
        return self.file.session()

    def info(self) -> ProjectInfo:
        """The project's own fields."""
        with self._read() as s:
            p = s.scalars(select(schema.Project)).one()
            return ProjectInfo(
                id=p.id,
                title=p.title,
                logline=p.logline,
                source_language=p.source_language,
                target_languages=tuple(p.target_languages or ()),
                layout=ScriptLayout(p.layout),
                authors=tuple(p.authors or ()),
                draft=p.draft,
                registration_number=p.registration_number,
                title_page=dict(p.title_page or {}),
                rhythm=dict(p.rhythm or {}),
                revision=dict(p.revision or {}),
            )

    def episodes(self) -> list[EpisodeRecord]:
        """All episodes in order."""
        with self._read() as s:
            rows = s.scalars(select(schema.Episode).order_by(schema.Episode.number))
            return [
                EpisodeRecord(
                    id=e.id,
                    number=e.number,
                    title=e.title,
                    target_seconds=e.target_seconds,
                    hook=e.hook,
                    cliffhanger=e.cliffhanger,
                    paywall=bool(e.paywall),
                )
                for e in rows
            ]

    def beats(self) -> list[BeatRecord]:
        """All beats, lane by lane (parking lot included, ``episode_id`` None)."""
        with self._read() as s:
            rows = s.scalars(
                select(schema.Beat).order_by(schema.Beat.episode_id, schema.Beat.position)
            )
            return [
                BeatRecord(
                    id=b.id,
                    episode_id=b.episode_id,
                    position=b.position,
                    title=b.title,
                    summary=b.summary,
                    kind=BeatKind(b.kind),
                    status=BeatStatus(b.status),
                    colour=b.colour,
                    estimated_seconds=b.estimated_seconds,
                    cliffhanger_type=b.cliffhanger_type or "",
                    setup_question=b.setup_question or "",
                    paid_off_by=b.paid_off_by,
                )
                for b in rows
            ]

    def scenes(self, episode_id: str | None = None, *, scene_id: str | None = None,
               beat_id: str | None = None) -> list[SceneRecord]:
        """Scenes of one episode, or of the whole series in episode order (``scene_id``,
        ``beat_id``: only that scene, or only the scenes of that card)."""
        language = self.info().source_language
        sc, ep = schema.Scene.__table__.c, schema.Episode.__table__.c
        # Core columns, not ORM entities: a series has thousands of scenes to show at once.
        query = (
            select(sc.id, sc.episode_id, sc.position, sc.locked_number, sc.setting,
                   sc.time_of_day, sc.location_id, sc.beat_id, sc.cast, sc.summary, ep.number)
            .join_from(schema.Scene.__table__, schema.Episode.__table__, sc.episode_id == ep.id)
            .order_by(ep.number, sc.position)
        )
        for column, value in ((sc.episode_id, episode_id), (sc.id, scene_id),
                              (sc.beat_id, beat_id)):
            if value is not None:
                query = query.where(column == value)
        with self._read() as s:
            rows = s.connection().execute(query).all()
            places = {loc.id: loc.names for loc in s.scalars(select(schema.Location))} \
                if any(row.location_id for row in rows) else {}
        result = []
        for (row_id, row_episode, position, locked, setting, time_of_day, location_id,
             row_beat, cast, summary, ep_number) in rows:
            names = places.get(location_id) if location_id else None
            result.append(SceneRecord(
                id=row_id,
                episode_id=row_episode,
                position=position,
                number=locked or scene_number(ep_number, position),
                setting=_SETTINGS.get(setting) or Setting(setting),
                time_of_day=_TIMES.get(time_of_day) or TimeOfDay(time_of_day),
                location_id=location_id,
                location_name=(names.get(language) or next(iter(names.values()), ""))
                if names else "",
                beat_id=row_beat,
                cast=tuple(cast or ()),
                summary=summary or "",
            ))
        return result

    def elements(self, scene_id: str) -> list[ElementRecord]:
        """The paragraphs of one scene in order."""
        with self._read() as s:
            rows = s.scalars(
                select(schema.Element)
                .where(schema.Element.scene_id == scene_id)
                .order_by(schema.Element.position)
            )
            return [element_record(e) for e in rows]

    def characters(self) -> list[CharacterRecord]:
        with self._read() as s:
            return [
                CharacterRecord(
                    id=c.id,
                    names=dict(c.names),
                    aliases=dict(c.aliases),
                    description=c.description,
                    voice_notes=c.voice_notes,
                    age=c.age or "",
                )
                for c in s.scalars(select(schema.Character).order_by(schema.Character.created_at))
            ]

    def locations(self) -> list[LocationRecord]:
        with self._read() as s:
            return [
                LocationRecord(id=loc.id, names=dict(loc.names), description=loc.description)
                for loc in s.scalars(select(schema.Location).order_by(schema.Location.created_at))
            ]

    def stats(self) -> ProjectStats:
        """Counts and estimated seconds per episode and in total (``app.project.stats``)."""
        with self._read() as s:
            return project_stats(s.connection().connection.driver_connection)

    def rate_book(self) -> RateBook:
        """The project's speech rates per language, as every estimate of it uses them."""
        with self._read() as s:
            settings = s.scalar(select(schema.Project.rhythm)) or {}
        return RateBook(settings.get("speech_rates") if isinstance(settings, dict) else None)

    def count(self, kind: type[schema.Base]) -> int:
        """Number of rows of one ORM class (for reports and checks)."""
        with self._read() as s:
            return s.scalar(select(func.count()).select_from(kind)) or 0


#: The columns of an element row, in the order ``element_from_row`` reads them.
ELEMENT_COLUMNS = ("id", "scene_id", "position", "kind", "text", "speaker_id", "speaker",
                   "extension", "parenthetical", "language", "line_id", "dual", "attrs")
_KINDS = {kind.value: kind for kind in ElementKind}


def element_rows(session: Session) -> list[tuple]:  # type: ignore[type-arg]
    """Every element of the project as a plain row of ``ELEMENT_COLUMNS``, by scene and
    position, fetched at once through the driver: the JSON column stays text until
    ``element_from_row`` reads it (an export reads tens of thousands of lines, nearly all
    without attributes, and decoding each through the ORM's JSON type was half the reading)."""
    sql = (f"SELECT {', '.join(ELEMENT_COLUMNS)} FROM {schema.Element.__tablename__} "
           "ORDER BY scene_id, position")
    return session.connection().exec_driver_sql(sql).fetchall()


def element_from_row(row: tuple) -> ElementRecord:  # type: ignore[type-arg]
    """The read-only record of a plain row of ``element_rows``."""
    (id_, scene_id, position, kind, text, speaker_id, speaker, extension, parenthetical,
     language, line_id, dual, attrs) = row
    return ElementRecord(
        id=id_, scene_id=scene_id, position=position, kind=_KINDS.get(kind) or ElementKind(kind),
        text=text, speaker_id=speaker_id, speaker=speaker, extension=extension,
        parenthetical=parenthetical, language=language, line_id=line_id, dual=bool(dual),
        attrs={} if attrs is None or attrs == "{}" else dict(json.loads(attrs) or {}),
    )


def element_record(e: schema.Element) -> ElementRecord:
    """The read-only record of an element row (for services that query rows in bulk)."""
    return ElementRecord(
        id=e.id,
        scene_id=e.scene_id,
        position=e.position,
        kind=ElementKind(e.kind),
        text=e.text,
        speaker_id=e.speaker_id,
        speaker=e.speaker,
        extension=e.extension,
        parenthetical=e.parenthetical,
        language=e.language,
        line_id=e.line_id,
        dual=bool(e.dual),
        attrs=dict(e.attrs or {}),
    )


def new_project(
    path: Path | str,
    *,
    title: str,
    layout: ScriptLayout = ScriptLayout.ZH,
    source_language: str = "zh-Hans",
    target_languages: tuple[str, ...] = ("en", "ar", "fa", "pt-BR"),
    episodes: int = 1,
) -> None:
    """Write a new, empty project file with ``episodes`` empty episodes."""

    def populate(session: Session) -> None:
        session.add(
            schema.Project(
                title=title,
                layout=ScriptLayout(layout).value,
                source_language=source_language,
                target_languages=list(target_languages),
            )
        )
        session.add_all(schema.Episode(number=n) for n in range(1, episodes + 1))

    create_project_file(path, populate)


def write_project(
    path: Path | str, populate: Callable[[Session], None], *, overwrite: bool = False
) -> None:
    """Write a whole project built by ``populate`` (for importers and the sample)."""
    create_project_file(path, populate, overwrite=overwrite)
