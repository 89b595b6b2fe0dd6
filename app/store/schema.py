"""The ORM tables of a `.kiln` project (SQLAlchemy 2.0 typed declarative).

Every row has a UUID text key and UTC ``created_at``/``updated_at`` so projects can later be
merged or synchronised without renumbering. Enums are stored as their string values; names per
language and other small structures are JSON columns, which are portable to PostgreSQL.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from app.core import enums
from app.core.ids import new_id

# The file's identity lives in a module without SQLAlchemy (the checks before a read need it);
# named here too, as ever.
from app.store.identity import APPLICATION_ID as APPLICATION_ID
from app.store.identity import SCHEMA_VERSION as SCHEMA_VERSION

# The schema as plain SQL (app.store.ddl, generated from these tables) gives the schema a file
# must have without SQLAlchemy; the clock of every row's timestamps is the plain writer's too.
from app.store.new_file import expected_schema as expected_schema
from app.store.new_file import utcnow as utcnow

#: What deleting a row does to the rows whose foreign key points at it, declared on the key
#: column (``Column.info``): the generic delete (app.project.commands) reads these, so no table
#: of children is kept by hand. The DDL carries no ON DELETE clause on purpose: SQLite must never
#: delete a row behind the change recorder's back, and old files need no migration.
CASCADE = {"on_delete": "cascade"}
SET_NULL = {"on_delete": "set null"}
#: A ``target_id`` that may name a row of any table (with ``target_type``): no foreign key can
#: say it, so the column says what happens when that row goes.
ANY_ROW_CASCADE = {"on_delete": "cascade", "refers_to_any_row": True}
ANY_ROW_KEEP = {"on_delete": "keep", "refers_to_any_row": True}
#: A counter undo never puts back (line ids are never reused, even after an undo).
NEVER_UNDONE = {"never_undone": True}


class Base(DeclarativeBase):
    """Common columns: a UUID key and creation/update times."""

    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class Meta(Base):
    """Key/value facts about the file itself, such as ``schema_version``."""

    __tablename__ = "kiln_meta"

    key: Mapped[str] = mapped_column(String(64), unique=True)
    value: Mapped[str] = mapped_column(Text, default="")


class SyncLink(Base):
    """Which studio server this copy syncs with, and how far it has got. Schema 4.

    At most one row; none for a project that is not linked to a studio. The server address is
    kept without a password (passwords come from ``~/.pgpass`` or the environment).
    """

    __tablename__ = "sync_link"

    server: Mapped[str] = mapped_column(Text)
    project_id: Mapped[str] = mapped_column(String(36))
    project_name: Mapped[str] = mapped_column(Text, default="")
    #: The studio member (database role) this copy syncs as.
    member: Mapped[str] = mapped_column(Text, default="")
    #: This copy's name on the server: changesets are idempotent by (client id, client seq).
    client_id: Mapped[str] = mapped_column(String(36), default=new_id)
    next_seq: Mapped[int] = mapped_column(Integer, default=1)
    #: The server sequence of the last changeset this copy has replayed.
    last_seen: Mapped[int] = mapped_column(Integer, default=0)
    last_sync_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class SyncOutbox(Base):
    """A changeset made on this copy and not yet accepted by the studio server. Schema 4.

    Written in the same transaction as the edit itself (``app.project.outbox``), so a crash
    can never keep one without the other. ``status`` is ``pending`` until the server takes it
    (then the row goes) or ``refused`` (kept, with the server's reason, for the writer to see).
    """

    __tablename__ = "sync_outbox"

    seq: Mapped[int] = mapped_column(Integer, unique=True)
    changeset: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    error: Mapped[str] = mapped_column(Text, default="")


class Draft(Base):
    """A named draft: the script as it was when the writer saved it. Schema 7.

    ``manifest`` (zlib-compressed JSON) lists the draft's parts in order — the project's script
    fields, the episodes, the cast and places, then every scene — each by the digest of its
    content, kept once in ``draft_chunk`` however many drafts share it (app.features.drafts).
    A draft issued to production carries its revision colour (``issued``: ``white``, ``blue``…)
    and date.
    """

    __tablename__ = "draft"

    name: Mapped[str] = mapped_column(Text, unique=True)
    note: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(Text, default="")
    issued: Mapped[str] = mapped_column(String(32), default="")
    issued_on: Mapped[str] = mapped_column(String(10), default="")
    manifest: Mapped[bytes] = mapped_column(LargeBinary)
    #: Counts shown in the list of drafts (episodes, scenes, lines, words).
    summary: Mapped[dict[str, Any]] = mapped_column(default=dict)


class DraftChunk(Base):
    """One part of one or more drafts, stored once: ``id`` is the digest of its content and
    ``data`` the content as zlib-compressed JSON. Schema 7."""

    __tablename__ = "draft_chunk"

    data: Mapped[bytes] = mapped_column(LargeBinary)


#: Tables about this copy of the file, never part of an edit, an undo step or a sync. Drafts
#: are this copy's own record of the script it held (docs/drafts.md says why they are local).
LOCAL_TABLES = frozenset({
    Meta.__tablename__, SyncLink.__tablename__, SyncOutbox.__tablename__,
    Draft.__tablename__, DraftChunk.__tablename__,
})


class Project(Base):
    """The one project row of a `.kiln` file."""

    __tablename__ = "project"

    title: Mapped[str] = mapped_column(Text)
    logline: Mapped[str] = mapped_column(Text, default="")
    source_language: Mapped[str] = mapped_column(String(35), default="zh-Hans")
    target_languages: Mapped[list[Any]] = mapped_column(default=lambda: ["en", "ar", "fa", "pt-BR"])
    layout: Mapped[str] = mapped_column(String(16), default="zh")
    authors: Mapped[list[Any]] = mapped_column(default=list)
    draft: Mapped[str] = mapped_column(Text, default="")
    registration_number: Mapped[str] = mapped_column(Text, default="")
    # Line ids are never reused, even after an undo, so a packet sent out stays unambiguous.
    next_line_number: Mapped[int] = mapped_column(Integer, default=1, info=NEVER_UNDONE)
    # Extra title-page fields (credit, source, contact, copyright, notes, draft_date). Schema 2.
    title_page: Mapped[dict[str, Any]] = mapped_column(default=dict, server_default="{}")
    # The series-rhythm and fit settings of this project: preset, rule values, speech rates,
    # subtitle limits (app.features.rhythm.settings). Schema 4.
    rhythm: Mapped[dict[str, Any]] = mapped_column(default=dict, server_default="{}")
    # Production revisions (schema 7): whether scene numbers are locked and the numbers of
    # deleted scenes kept as OMITTED (app.features.drafts.revision, app.project.derived).
    revision: Mapped[dict[str, Any]] = mapped_column(default=dict, server_default="{}")

    def take_line_id(self) -> str:
        """Hand out the next stable line id (``L00001``, ``L00002``, …)."""
        number = self.next_line_number or 1
        self.next_line_number = number + 1
        return f"L{number:05d}"


class Episode(Base):
    """One episode; ``number`` is its order in the series, from 1."""

    __tablename__ = "episode"

    number: Mapped[int] = mapped_column(Integer, index=True)
    title: Mapped[str] = mapped_column(Text, default="")
    target_seconds: Mapped[int] = mapped_column(Integer, default=90)
    hook: Mapped[str] = mapped_column(Text, default="")
    cliffhanger: Mapped[str] = mapped_column(Text, default="")
    paywall: Mapped[bool] = mapped_column(Boolean, default=False)


class Beat(Base):
    """A beat card; without an episode it waits in the parking lot."""

    __tablename__ = "beat"
    __table_args__ = (Index("ix_beat_lane", "episode_id", "position"),)

    episode_id: Mapped[str | None] = mapped_column(ForeignKey("episode.id"), info=CASCADE)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(32), default="idea")
    colour: Mapped[str | None] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="idea")
    estimated_seconds: Mapped[int | None] = mapped_column(Integer)
    # Series rhythm (schema 4): the kind of cliffhanger a cliffhanger card ends on (reversal,
    # threat, reveal, question); the question a setup card raises; the card that pays it off.
    cliffhanger_type: Mapped[str] = mapped_column(String(16), default="", server_default="")
    setup_question: Mapped[str] = mapped_column(Text, default="", server_default="")
    paid_off_by: Mapped[str | None] = mapped_column(ForeignKey("beat.id"), info=SET_NULL)


class Character(Base):
    """A character; ``names`` and ``aliases`` are keyed by BCP-47 language."""

    __tablename__ = "character"

    names: Mapped[dict[str, Any]] = mapped_column(default=dict)
    aliases: Mapped[dict[str, Any]] = mapped_column(default=dict)
    description: Mapped[str] = mapped_column(Text, default="")
    voice_notes: Mapped[str] = mapped_column(Text, default="")
    # As the script gives it: "17", "三十出头", "40s". Schema 4.
    age: Mapped[str] = mapped_column(Text, default="", server_default="")


ADDRESS_FORMS = enums.ADDRESS_FORMS  # how one character addresses another (app.core.enums)


class AddressForm(Base):
    """How ``speaker`` addresses ``addressee``: one of ``ADDRESS_FORMS``, with a note. Schema 3."""

    __tablename__ = "address_form"
    __table_args__ = (UniqueConstraint("speaker_id", "addressee_id"),)

    speaker_id: Mapped[str] = mapped_column(ForeignKey("character.id"), index=True, info=CASCADE)
    addressee_id: Mapped[str] = mapped_column(ForeignKey("character.id"), info=CASCADE)
    form: Mapped[str] = mapped_column(String(16), default="formal")
    note: Mapped[str] = mapped_column(Text, default="")


class Location(Base):
    """A place; ``names`` and ``aliases`` are keyed by BCP-47 language."""

    __tablename__ = "location"

    names: Mapped[dict[str, Any]] = mapped_column(default=dict)
    aliases: Mapped[dict[str, Any]] = mapped_column(default=dict)
    description: Mapped[str] = mapped_column(Text, default="")


class Scene(Base):
    """A scene in an episode; its displayed number is derived unless ``locked_number`` is set."""

    __tablename__ = "scene"
    __table_args__ = (Index("ix_scene_order", "episode_id", "position"),)

    episode_id: Mapped[str] = mapped_column(ForeignKey("episode.id"), info=CASCADE)
    position: Mapped[int] = mapped_column(Integer, default=0)
    setting: Mapped[str] = mapped_column(String(8), default="int")
    time_of_day: Mapped[str] = mapped_column(String(8), default="day")
    location_id: Mapped[str | None] = mapped_column(ForeignKey("location.id"), info=SET_NULL)
    beat_id: Mapped[str | None] = mapped_column(ForeignKey("beat.id"), index=True, info=SET_NULL)
    cast: Mapped[list[Any]] = mapped_column(default=list)
    locked_number: Mapped[str | None] = mapped_column(String(16))
    # A scene summary (FDX) or synopsis (Fountain). Schema 2.
    summary: Mapped[str] = mapped_column(Text, default="", server_default="")


class Element(Base):
    """One script paragraph. Dialogue and captions carry a stable ``line_id``."""

    __tablename__ = "element"
    __table_args__ = (Index("ix_element_order", "scene_id", "position"),)

    scene_id: Mapped[str] = mapped_column(ForeignKey("scene.id"), info=CASCADE)
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(24), default="action")
    text: Mapped[str] = mapped_column(Text, default="")
    speaker_id: Mapped[str | None] = mapped_column(ForeignKey("character.id"), info=SET_NULL)
    speaker: Mapped[str] = mapped_column(Text, default="")
    extension: Mapped[str] = mapped_column(String(16), default="")
    parenthetical: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str | None] = mapped_column(String(35))
    line_id: Mapped[str | None] = mapped_column(String(16), unique=True)
    # Dual dialogue: this line is spoken at the same time as the dialogue before it. Schema 2.
    dual: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # Format extras that have no column of their own: centered, section_level, … Schema 2.
    attrs: Mapped[dict[str, Any]] = mapped_column(default=dict, server_default="{}")


class HeritageLink(Base):
    """A beat, scene or element linked to a heritage library entry."""

    __tablename__ = "heritage_link"
    __table_args__ = (UniqueConstraint("target_type", "target_id", "entry_id"),)

    target_type: Mapped[str] = mapped_column(String(16))
    target_id: Mapped[str] = mapped_column(String(36), index=True, info=ANY_ROW_CASCADE)
    entry_id: Mapped[str] = mapped_column(String(64), index=True)


class HeritageSnapshot(Base):
    """A copy of a linked library entry, so the file is complete without the library."""

    __tablename__ = "heritage_snapshot"

    entry_id: Mapped[str] = mapped_column(String(64), unique=True)
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    captured_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class GlossaryTerm(Base):
    """A key name or phrase of the production (KNP)."""

    __tablename__ = "glossary_term"

    source_term: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(32), default="term")
    notes: Mapped[str] = mapped_column(Text, default="")
    do_not_translate: Mapped[bool] = mapped_column(Boolean, default=False)


class GlossaryRendering(Base):
    """A glossary term rendered in one target language."""

    __tablename__ = "glossary_rendering"
    __table_args__ = (UniqueConstraint("term_id", "language"),)

    term_id: Mapped[str] = mapped_column(ForeignKey("glossary_term.id"), info=CASCADE)
    language: Mapped[str] = mapped_column(String(35))
    text: Mapped[str] = mapped_column(Text, default="")
    transliteration: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="proposed")
    note: Mapped[str] = mapped_column(Text, default="")


class Annotation(Base):
    """A consultant's note. A text anchor keeps a quote and context so it can be re-found."""

    __tablename__ = "annotation"
    __table_args__ = (Index("ix_annotation_target", "target_type", "target_id"),)

    target_type: Mapped[str] = mapped_column(String(16))
    # Notes outlive what they are on: a deleted line leaves orphans (app.project.derived).
    target_id: Mapped[str] = mapped_column(String(64), info=ANY_ROW_KEEP)
    # For text targets: element_id, start, end, quote, prefix, suffix (W3C TextQuote/Position).
    anchor: Mapped[dict[str, Any]] = mapped_column(default=dict)
    author: Mapped[str] = mapped_column(Text, default="")
    role: Mapped[str] = mapped_column(String(16), default="consultant")
    cultures: Mapped[list[Any]] = mapped_column(default=list)
    kind: Mapped[str] = mapped_column(String(24), default="cultural_context")
    severity: Mapped[str] = mapped_column(String(16), default="info")
    status: Mapped[str] = mapped_column(String(16), default="open")
    body: Mapped[str] = mapped_column(Text, default="")


class AnnotationReply(Base):
    """A reply in a note's thread."""

    __tablename__ = "annotation_reply"

    annotation_id: Mapped[str] = mapped_column(
        ForeignKey("annotation.id"), index=True, info=CASCADE
    )
    author: Mapped[str] = mapped_column(Text, default="")
    role: Mapped[str] = mapped_column(String(16), default="writer")
    body: Mapped[str] = mapped_column(Text, default="")


class LineTranslation(Base):
    """One line translated into one language, with a hash of the source it was made from."""

    __tablename__ = "line_translation"
    __table_args__ = (UniqueConstraint("element_id", "language"),)

    element_id: Mapped[str] = mapped_column(ForeignKey("element.id"), info=CASCADE)
    language: Mapped[str] = mapped_column(String(35))
    text: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="draft")
    translator: Mapped[str] = mapped_column(Text, default="")
    source_hash: Mapped[str] = mapped_column(String(64), default="")


def add_in_dependency_order(session: Any, rows: list[Base]) -> None:
    """Insert ``rows`` table by table, parents first, so foreign keys hold at every flush.

    (The tables have no ORM relationships, so the session cannot work this order out itself.)
    """
    rank = {table.name: i for i, table in enumerate(Base.metadata.sorted_tables)}
    by_table: dict[str, list[Base]] = {}
    for row in rows:
        by_table.setdefault(row.__tablename__, []).append(row)
    for name in sorted(by_table, key=rank.__getitem__):
        session.add_all(by_table[name])
        session.flush()
