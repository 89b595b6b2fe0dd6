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


def _add_studio_sync_tables(conn: Connection) -> None:
    """The studio link and outbox (app.project.outbox): which server a copy syncs with and the
    changesets it has not sent yet. Self-contained (it only creates its own two tables), so it
    may be renumbered when another step lands first."""
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


#: Version n -> the step that makes it n + 1.
STEPS: dict[int, Step] = {1: _1_to_2, 2: _2_to_3, 3: _add_studio_sync_tables}


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
