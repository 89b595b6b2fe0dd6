"""What a project's shooting script prints, read from its file with plain SQL.

One reading serves both ways a project is exported: the window's export (through the open
session's driver connection, ``app.formats.document.sources``) and ``kiln export X.kiln`` of a
shooting script (through ``app.store.reading.read_only_connection``, which never loads
SQLAlchemy: ``app.formats.project_export``). The tables become the same plain rows a script's
reader makes (``app.formats.project_rows.Rows``), and ``content.from_rows`` lays those out for
both a project and a one-step conversion. JSON columns are decoded as SQLAlchemy's JSON type
decodes them (``json.loads``; SQL NULL is None).
"""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path
from typing import Any

from app.features.heritage.migrate import access_level, migrate_entry
from app.formats.budgets import Budget
from app.formats.document.content import ScriptContent, from_rows
from app.formats.document.options import ExportOptions
from app.formats.project_rows import Rows

logger = logging.getLogger(__name__)

#: Per table (the schema's class name): its name in the file, the columns read, the JSON
#: columns among them, and the order the project's own queries read it in.
_TABLES: dict[str, tuple[str, tuple[str, ...], frozenset[str], str]] = {
    "Project": ("project", ("id", "title", "logline", "source_language", "target_languages",
                            "layout", "authors", "draft", "registration_number", "title_page",
                            "rhythm", "revision"),
                frozenset({"target_languages", "authors", "title_page", "rhythm", "revision"}),
                "rowid"),
    "Character": ("character", ("id", "names", "aliases", "description", "voice_notes", "age"),
                  frozenset({"names", "aliases"}), "created_at"),
    "Location": ("location", ("id", "names"), frozenset({"names"}), "created_at"),
    "Episode": ("episode", ("id", "number", "title", "target_seconds", "hook", "cliffhanger",
                            "paywall"), frozenset(), "number"),
    "Scene": ("scene", ("id", "episode_id", "position", "setting", "time_of_day", "location_id",
                        "beat_id", "cast", "locked_number", "summary"),
              frozenset({"cast"}), "episode_id, position"),
}
_ELEMENT_COLUMNS = ("id", "scene_id", "position", "kind", "text", "speaker_id", "speaker",
                    "extension", "parenthetical", "language", "line_id", "dual", "attrs")
_NOTE_COLUMNS = ("target_type", "target_id", "anchor", "author", "cultures", "kind", "severity",
                 "body")


def _json(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def _table(conn: sqlite3.Connection, name: str, columns: tuple[str, ...], decoded: frozenset[str],
           order: str) -> list[dict[str, Any]]:
    listed = ", ".join(f'"{column}"' for column in columns)  # quoted: ``cast`` is a keyword
    rows = conn.execute(f"SELECT {listed} FROM {name} ORDER BY {order}").fetchall()
    out = []
    for row in rows:
        record = dict(zip(columns, row, strict=True))
        for column in decoded:
            record[column] = _json(record[column])
        out.append(record)
    return out


def script_rows(conn: sqlite3.Connection, path: Path, *, notes: bool) -> Rows:
    """The rows of the project on ``conn`` that its shooting script prints (the notes on lines
    only when ``notes``), in the order the project's own queries give them."""
    rows = Rows(Budget(path))
    for table, spec in _TABLES.items():
        rows.tables[table] = _table(conn, *spec)
    for record in (dict(zip(_ELEMENT_COLUMNS, row, strict=True)) for row in conn.execute(
            f"SELECT {', '.join(_ELEMENT_COLUMNS)} FROM element ORDER BY scene_id, position")):
        attrs = record["attrs"]  # nearly every line has none: decoded only when it has some
        record["attrs"] = {} if attrs is None or attrs == "{}" else dict(json.loads(attrs) or {})
        record["dual"] = bool(record["dual"])
        rows.elements.append(record)
    if notes:
        rows.annotations = _table(conn, "annotation", _NOTE_COLUMNS,
                                  frozenset({"anchor", "cultures"}), "created_at")
    return rows


def heritage_by_target(conn: sqlite3.Connection) -> dict[str, list[dict[str, Any]]]:
    """Snapshots of linked heritage entries, by the id of the scene/element/beat linked; each
    with ``approval``: the status of a consultant's approval note on that entry."""
    snaps = {entry: dict(_json(data) or {}) for entry, data in conn.execute(
        "SELECT entry_id, data FROM heritage_snapshot ORDER BY rowid")}
    approvals = {target: f"{status} ({author})" if author else status
                 for target, status, author in conn.execute(
                     "SELECT target_id, status, author FROM annotation WHERE kind = 'approval' "
                     "AND target_type = 'heritage_item' ORDER BY rowid")}
    out: dict[str, list[dict[str, Any]]] = {}
    for target, entry in conn.execute(
            "SELECT target_id, entry_id FROM heritage_link ORDER BY rowid"):
        data = dict(snaps.get(entry, {"id": entry}))
        data.setdefault("approval", approvals.get(entry, ""))
        out.setdefault(target, []).append(data)
    return out


def translations(conn: sqlite3.Connection, language: str) -> dict[str, str]:
    """Line translations into ``language``, by element id (empty ones left out)."""
    return {element: text for element, text in conn.execute(
        "SELECT element_id, text FROM line_translation WHERE language = ?", (language,)) if text}


def asks_consent(conn: sqlite3.Connection) -> bool:
    """Whether an entry the project keeps a copy of is flagged ``consult`` or ``restricted``
    (its title page then lists it, with the consultant's approval: ``consent_items``)."""
    return any(access_level(migrate_entry(_json(data) or {})) != "open"
               for (data,) in conn.execute("SELECT data FROM heritage_snapshot"))


def stored_content(conn: sqlite3.Connection, path: Path, opts: ExportOptions) -> ScriptContent:
    """The shooting script's content of the project on ``conn`` as ``opts`` asks (notes,
    heritage, a bilingual line); the consent list and a revision are the caller's."""
    content = from_rows(script_rows(conn, path, notes=opts.notes), opts)
    if opts.heritage:
        content.heritage = heritage_by_target(conn)
    if opts.bilingual:
        content.bilingual = translations(conn, opts.bilingual)
    return content
