"""Stepwise schema migrations of `.kiln` files.

``STEPS[n]`` upgrades a file from schema ``n`` to ``n + 1`` inside the caller's transaction.
When ``schema.SCHEMA_VERSION`` is raised, add the step here and a fixture of the old version
under ``tests/data/`` (``project-v1.kiln`` is the first).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping

from sqlalchemy import Connection, text

logger = logging.getLogger(__name__)

Step = Callable[[Connection], None]


def _1_to_2(conn: Connection) -> None:
    """Schema 2: scene summaries, dual dialogue, format extras and title-page fields."""
    for statement in (
        "ALTER TABLE scene ADD COLUMN summary TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE element ADD COLUMN dual BOOLEAN NOT NULL DEFAULT 0",
        "ALTER TABLE element ADD COLUMN attrs JSON NOT NULL DEFAULT '{}'",
        "ALTER TABLE project ADD COLUMN title_page JSON NOT NULL DEFAULT '{}'",
    ):
        conn.execute(text(statement))


def _2_to_3(conn: Connection) -> None:
    """Schema 3: the formality table (how each character addresses another)."""
    # Written out, not taken from the ORM, so this step stays what schema 3 was.
    conn.execute(
        text(
            "CREATE TABLE address_form ("
            " speaker_id VARCHAR(36) NOT NULL,"
            " addressee_id VARCHAR(36) NOT NULL,"
            " form VARCHAR(16) NOT NULL,"
            " note TEXT NOT NULL,"
            " id VARCHAR(36) NOT NULL,"
            " created_at DATETIME NOT NULL,"
            " updated_at DATETIME NOT NULL,"
            " PRIMARY KEY (id),"
            " UNIQUE (speaker_id, addressee_id),"
            " FOREIGN KEY(speaker_id) REFERENCES character (id),"
            " FOREIGN KEY(addressee_id) REFERENCES character (id))"
        )
    )
    conn.execute(text("CREATE INDEX ix_address_form_speaker_id ON address_form (speaker_id)"))


def _3_to_4(conn: Connection) -> None:
    """Schema 4: a character's age, as the script's character list gives it."""
    conn.execute(text("ALTER TABLE character ADD COLUMN age TEXT NOT NULL DEFAULT ''"))


def _4_to_5(conn: Connection) -> None:
    """Schema 5: series rhythm — the project's rhythm settings, each card's cliffhanger type,
    setup question and the card that pays the setup off (self-contained: it touches only these
    columns, so it can be renumbered at a merge)."""
    for statement in (
        "ALTER TABLE project ADD COLUMN rhythm JSON NOT NULL DEFAULT '{}'",
        "ALTER TABLE beat ADD COLUMN cliffhanger_type VARCHAR(16) NOT NULL DEFAULT ''",
        "ALTER TABLE beat ADD COLUMN setup_question TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE beat ADD COLUMN paid_off_by VARCHAR(36) REFERENCES beat (id)",
    ):
        conn.execute(text(statement))



def _5_to_6(conn: Connection) -> None:
    """Schema 6: the studio link and outbox (app.project.outbox): which server a copy syncs
    with and the changesets it has not sent yet (it only creates its own two tables)."""
    conn.execute(
        text(
            "CREATE TABLE sync_link ("
            " server TEXT NOT NULL,"
            " project_id VARCHAR(36) NOT NULL,"
            " project_name TEXT NOT NULL,"
            " member TEXT NOT NULL,"
            " client_id VARCHAR(36) NOT NULL,"
            " next_seq INTEGER NOT NULL,"
            " last_seen INTEGER NOT NULL,"
            " last_sync_at DATETIME,"
            " id VARCHAR(36) NOT NULL,"
            " created_at DATETIME NOT NULL,"
            " updated_at DATETIME NOT NULL,"
            " PRIMARY KEY (id))"
        )
    )
    conn.execute(
        text(
            "CREATE TABLE sync_outbox ("
            " seq INTEGER NOT NULL,"
            " changeset JSON NOT NULL,"
            " status VARCHAR(16) NOT NULL,"
            " error TEXT NOT NULL,"
            " id VARCHAR(36) NOT NULL,"
            " created_at DATETIME NOT NULL,"
            " updated_at DATETIME NOT NULL,"
            " PRIMARY KEY (id),"
            " UNIQUE (seq))"
        )
    )


def _6_to_7(conn: Connection) -> None:
    """Schema 7: drafts and revisions (app.features.drafts) — the named drafts and their
    shared parts, and the project's revision settings (locked scene numbers, omitted scenes).
    Self-contained: it creates its own two tables and one column, so it can be renumbered at
    a merge."""
    conn.execute(text("ALTER TABLE project ADD COLUMN revision JSON NOT NULL DEFAULT '{}'"))
    conn.execute(
        text(
            "CREATE TABLE draft ("
            " name TEXT NOT NULL,"
            " note TEXT NOT NULL,"
            " author TEXT NOT NULL,"
            " issued VARCHAR(32) NOT NULL,"
            " issued_on VARCHAR(10) NOT NULL,"
            " manifest BLOB NOT NULL,"
            " summary JSON NOT NULL,"
            " id VARCHAR(36) NOT NULL,"
            " created_at DATETIME NOT NULL,"
            " updated_at DATETIME NOT NULL,"
            " PRIMARY KEY (id),"
            " UNIQUE (name))"
        )
    )
    conn.execute(
        text(
            "CREATE TABLE draft_chunk ("
            " data BLOB NOT NULL,"
            " id VARCHAR(36) NOT NULL,"
            " created_at DATETIME NOT NULL,"
            " updated_at DATETIME NOT NULL,"
            " PRIMARY KEY (id))"
        )
    )


#: Version n -> the step that makes it n + 1.
STEPS: dict[int, Step] = {
    1: _1_to_2, 2: _2_to_3, 3: _3_to_4, 4: _4_to_5, 5: _5_to_6, 6: _6_to_7,
}


def read_version(conn: Connection) -> int:
    """The schema version recorded in the file."""
    value = conn.execute(text("SELECT value FROM kiln_meta WHERE key = 'schema_version'")).scalar()
    return int(value)


def write_version(conn: Connection, version: int) -> None:
    """Record ``version`` as the file's schema version."""
    conn.execute(
        text("UPDATE kiln_meta SET value = :v WHERE key = 'schema_version'"), {"v": str(version)}
    )


def migrate(
    conn: Connection, current: int, target: int, steps: Mapping[int, Step] | None = None
) -> None:
    """Run every step from ``current`` up to ``target`` in order, then record ``target``.

    Raises ``LookupError`` when a step is missing; the caller's transaction then rolls back.
    """
    steps = STEPS if steps is None else steps
    for version in range(current, target):
        step = steps.get(version)
        if step is None:
            raise LookupError(f"no migration from schema {version} to {version + 1}")
        logger.info("migrating schema %d -> %d", version, version + 1)
        step(conn)
    write_version(conn, target)
