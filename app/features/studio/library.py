"""The studio's shared heritage library: its reviewed entries on the server, searched there
with pg_trgm, and copied to each laptop's own library for offline use.

Search on the server: the folded names, aliases and descriptions of each entry are one text
with a GIN trigram index (``pg_trgm``), which answers queries of three characters or more. Most
Chinese terms are one or two characters, and a trigram index cannot find those (it has no
trigram to look up), so each entry also keeps its Chinese characters and character pairs in an
array with a GIN index: a one- or two-character Chinese query is an exact array look-up. Short
queries in other scripts fall back to a plain substring scan.

Laptops: ``sync_library`` sends the entries edited on this laptop (unless the studio changed
the same entry since this laptop last copied it: the studio's version stays, and the laptop's is
kept in a file beside the library and reported), then copies every entry the studio changed
since. The laptop's library (``app.features.heritage.library``) stays the one the window and the
detector search, so nothing needs the network.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, select, text

from app.core.paths import user_data_dir
from app.features.heritage.library import Library
from app.features.heritage.normalize import fold
from app.features.heritage.store import LibraryEntry, LibraryMeta, entry_hash
from app.features.heritage.validate import complete, entry_problems
from app.features.studio import server
from app.features.studio.address import Address
from app.store.atomic import write_bytes_atomic

logger = logging.getLogger(__name__)

#: Characters that make a query "Chinese" for the short-query path (CJK ideographs).
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]+")


def search_text(entry: dict[str, Any]) -> str:
    """Every name, alias and description of ``entry``, folded, one per line."""
    parts = list(entry.get("names", {}).values())
    parts += [a for values in entry.get("aliases", {}).values() for a in values]
    parts += list(entry.get("description", {}).values())
    return "\n".join(fold(p) for p in parts if p)


def grams(text_: str) -> list[str]:
    """The Chinese characters and neighbouring pairs of characters in ``text_``."""
    found: set[str] = set()
    for run in _CJK.findall(text_):
        found.update(run)
        found.update(run[i : i + 2] for i in range(len(run) - 1))
    return sorted(found)


def _row(entry: dict[str, Any]) -> dict[str, Any]:
    data = complete(entry)
    words = search_text(data)
    return {"id": data["id"], "data": json.dumps(data, ensure_ascii=False),
            "hash": entry_hash(data), "text": words, "grams": grams(words)}


def upload(conn: Connection, entries: list[dict[str, Any]]) -> int:
    """Insert or replace entries whose content differs from the server's; returns how many."""
    known = dict(conn.execute(text("SELECT id, data_hash FROM studio.heritage_entry")).all())
    changed = 0
    for entry in entries:
        row = _row(entry)
        if known.get(row["id"]) == row["hash"]:
            continue
        conn.execute(
            text("INSERT INTO studio.heritage_entry (id, data, data_hash, search_text, grams) "
                 "VALUES (:id, CAST(:data AS json), :hash, :text, :grams) "
                 "ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data, "
                 "data_hash = EXCLUDED.data_hash, search_text = EXCLUDED.search_text, "
                 "grams = EXCLUDED.grams"),
            row,
        )
        changed += 1
    return changed


@dataclass(frozen=True)
class ServerHit:
    entry_id: str
    names: dict[str, str]
    reviewed: bool


def search(conn: Connection, query: str, *, limit: int = 20,
           reviewed_only: bool = False) -> list[ServerHit]:
    """Entries whose names, aliases or descriptions contain ``query`` (folded), best first."""
    q = fold(query)
    if not q:
        return []
    review = " AND (data->'review'->>'status') = 'reviewed'" if reviewed_only else ""
    if len(q) <= 2 and _CJK.fullmatch(q):
        where = "grams @> ARRAY[CAST(:q AS text)]"
    else:
        where = "search_text LIKE '%' || :like || '%'"
    rows = conn.execute(
        text(f"SELECT id, data FROM studio.heritage_entry WHERE {where}{review} "
             "ORDER BY position(:q IN search_text), studio.similarity(search_text, :q) DESC, id "
             "LIMIT :n"),
        {"q": q, "like": _escape_like(q), "n": limit},
    ).all()
    return [ServerHit(r.id, dict(r.data.get("names", {})),
                      (r.data.get("review") or {}).get("status") == "reviewed") for r in rows]


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@dataclass
class LibrarySync:
    """What syncing the library did."""

    sent: int = 0
    received: int = 0
    kept_aside: list[str] = field(default_factory=list)
    head: int = 0


def _seen_key(address: Address) -> str:
    """Where the library keeps how far it copied this studio (whoever logs in)."""
    return f"studio-seen:{address.with_user('').public()}"


def sync_library(library: Library, address: Address) -> LibrarySync:
    """Send this laptop's edited entries, then copy the studio's newer ones into ``library``."""
    seen = int(library.meta(_seen_key(address)) or 0)
    result = LibrarySync(head=seen)
    with library.sessions() as s:
        edited = {r.id: r.data for r in s.scalars(
            select(LibraryEntry).where(LibraryEntry.locally_edited.is_(True)))}
    with server.transaction(address) as conn:
        state = {r.id: (r.data_hash, r.seq) for r in conn.execute(
            text("SELECT id, data_hash, seq FROM studio.heritage_entry"))}
        mine = []
        for entry_id, data in edited.items():
            digest = entry_hash(data)
            theirs = state.get(entry_id)
            if theirs is not None and theirs[0] == digest:
                continue
            if theirs is not None and theirs[1] > seen:
                result.kept_aside.append(_keep_aside(data))  # both changed it: theirs stays
                continue
            if not entry_problems(data):
                mine.append(data)
        result.sent = upload(conn, mine)
        newer = conn.execute(
            text("SELECT id, data, seq FROM studio.heritage_entry WHERE seq > :s ORDER BY seq"),
            {"s": seen},
        ).all()
    if newer:
        library.write_entries([r.data for r in newer], origin="studio")
        result.received = len(newer)
        result.head = max(r.seq for r in newer)
    with library.sessions.begin() as s:
        row = s.scalars(select(LibraryMeta).where(LibraryMeta.key == _seen_key(address))).first()
        if row is None:
            s.add(LibraryMeta(key=_seen_key(address), value=str(result.head)))
        else:
            row.value = str(result.head)
    return result


def _keep_aside(entry: dict[str, Any]) -> str:
    """Write a laptop's losing version of an entry beside the library; returns the path."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    path = user_data_dir() / "heritage-conflicts" / f"{entry['id']}-{stamp}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(path, json.dumps(entry, ensure_ascii=False, indent=2).encode("utf-8"))
    logger.warning("the studio changed heritage entry %s too; this laptop's version is in %s",
                   entry["id"], path)
    return str(path)
