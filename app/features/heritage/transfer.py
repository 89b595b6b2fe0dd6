"""Import and export of library entries as JSON (the seed format) or CSV (one row per entry).

An import reads and checks every row before it changes anything: a file with any bad row is
refused as a whole, with one line per problem (CSV line number or JSON entry number, and why).
Duplicates are found by id and by (name, country), within the file and against the library: a
row whose id is already in the library replaces that entry; a row with a new id but the same
name and country as an existing entry is refused as a duplicate.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.i18n import _, ngettext
from app.features.heritage.errors import HeritageError, ImportRejected
from app.features.heritage.library import Library
from app.features.heritage.migrate import FORMAT_VERSION, READABLE_VERSIONS, migrate_entry
from app.features.heritage.normalize import fold
from app.features.heritage.validate import LANGUAGES, complete, entry_problems
from app.store.atomic import write_bytes_atomic

logger = logging.getLogger(__name__)

FORMATS = ("json", "csv")
#: Import files larger than this are refused unread (the whole seed library is far smaller).
MAX_IMPORT_BYTES = 64 * 1024 * 1024
_LIST_SEP = " | "
_LISTS = ("unesco_domains", "countries")
#: Cells holding JSON (lists of objects a spreadsheet cell cannot lay out otherwise).
_JSON_CELLS = ("inscriptions", "sensitivities", "relations", "sources")
_TEXTS = ("region", "community", "portrayal_notes", "uncertain")
_NATIONAL_INTS = ("serial", "batch", "year")
CSV_COLUMNS = (
    ["id"]
    + [f"name.{lang}" for lang in LANGUAGES]
    + [f"aliases.{lang}" for lang in LANGUAGES]
    + ["unesco_domains", "domains_source", "china_category", "countries", "region", "community"]
    + ["unesco.element", "unesco.url", "unesco.states", "inscriptions"]
    + ["national.code", "national.serial", "national.batch", "national.year"]
    + ["national.applicants", "national.extensions"]
    + [f"description.{lang}" for lang in LANGUAGES]
    + ["portrayal_notes", "sensitivities", "access.level", "access.note", "relations"]
    + ["sources", "uncertain", "review.status", "review.by", "review.at"]
)
#: Columns of the version-1 layout: a file that has them is read as version 1 and migrated.
_V1_COLUMNS = ("national_batch", "national_number", "related")


@dataclass(frozen=True)
class ImportReport:
    """What an import did."""

    added: int
    replaced: int


# -- export -------------------------------------------------------------------------------


def export_library(library: Library, path: Path, fmt: str) -> int:
    """Write every entry to ``path`` as ``fmt`` (json or csv); return how many."""
    entries = library.entries()
    if fmt == "json":
        payload = {"format": "kiln-heritage", "version": FORMAT_VERSION, "entries": entries}
        data = (json.dumps(payload, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(entry_to_row(e) for e in entries)
        data = ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: spreadsheets read UTF-8
    else:
        raise HeritageError(_("Unknown export format {fmt}; use json or csv.").format(fmt=fmt))
    try:
        write_bytes_atomic(path, data)
    except OSError as exc:
        raise HeritageError(
            _("Cannot write {path}: {reason}; choose another place.").format(
                path=path, reason=exc.strerror or exc)
        ) from exc
    return len(entries)


def entry_to_row(entry: dict[str, Any]) -> dict[str, str]:
    """One entry as a CSV row."""
    e = complete(entry)
    row: dict[str, str] = {"id": e["id"], "china_category": e["china_category"] or ""}
    for lang in LANGUAGES:
        row[f"name.{lang}"] = e["names"].get(lang, "")
        row[f"aliases.{lang}"] = _LIST_SEP.join(e["aliases"].get(lang, []))
        row[f"description.{lang}"] = e["description"].get(lang, "")
    for key in _LISTS:
        row[key] = _LIST_SEP.join(e.get(key, []))
    row["domains_source"] = e.get("domains_source", "") if e.get("unesco_domains") else ""
    for key in _JSON_CELLS:
        row[key] = json.dumps(e.get(key, []), ensure_ascii=False)
    for key in _TEXTS:
        row[key] = e.get(key, "")
    unesco = e.get("unesco")
    if unesco is not None:
        row["unesco.element"], row["unesco.url"] = unesco["element"], unesco["url"]
        row["unesco.states"] = _LIST_SEP.join(unesco["states"])
    national = e.get("national")
    if national is not None:
        row["national.code"] = national["code"]
        for key in _NATIONAL_INTS:
            row[f"national.{key}"] = "" if national.get(key) is None else str(national[key])
        row["national.applicants"] = _LIST_SEP.join(national.get("applicants", []))
        row["national.extensions"] = json.dumps(national.get("extensions", []),
                                                ensure_ascii=False)
    row["access.level"] = e["access"]["level"]
    row["access.note"] = e["access"].get("note", "")
    for key in ("status", "by", "at"):
        row[f"review.{key}"] = e["review"].get(key, "")
    return row


def _json_cell(cell: dict[str, str], key: str, default: str = "[]") -> Any:
    try:
        value = json.loads(cell.get(key) or default)
        json.dumps(value, ensure_ascii=False).encode("utf-8")  # no lone surrogates
    except (json.JSONDecodeError, RecursionError, UnicodeEncodeError):
        raise ValueError(_("{field} is not valid JSON.").format(field=key)) from None
    return value


def _int_cell(cell: dict[str, str], key: str) -> int | None:
    text = cell.get(key, "")
    if text and not text.isdigit():
        raise ValueError(_("{field} must be a whole number.").format(field=key))
    return int(text) if text else None


def row_to_entry(row: dict[str, str]) -> dict[str, Any]:
    """One CSV row as an entry (not yet checked); raises ValueError for unreadable cells.

    A row of the version-1 layout (``national_batch``, ``national_number``, ``related``,
    sensitivities as text) is read as such and migrated to the current format.
    """
    cell = {k: (v or "").strip() for k, v in row.items() if k is not None}
    if any(key in cell for key in _V1_COLUMNS):
        return migrate_entry(_v1_row_to_entry(cell))
    entry = _common_fields(cell)
    for key in _JSON_CELLS:
        entry[key] = _json_cell(cell, key)
    if cell.get("domains_source"):
        entry["domains_source"] = cell["domains_source"]
    if cell.get("unesco.element") or cell.get("unesco.url") or cell.get("unesco.states"):
        entry["unesco"] = {
            "element": cell.get("unesco.element", ""),
            "url": cell.get("unesco.url", ""),
            "states": _split(cell.get("unesco.states", "")),
        }
    national_keys = [k for k in cell if k.startswith("national.") and cell[k]]
    if national_keys:
        national: dict[str, Any] = {"code": cell.get("national.code", "")}
        for key in _NATIONAL_INTS:
            national[key] = _int_cell(cell, f"national.{key}")
        national["applicants"] = _split(cell.get("national.applicants", ""))
        national["extensions"] = _json_cell(cell, "national.extensions")
        entry["national"] = national
    entry["access"] = {"level": cell.get("access.level") or "open",
                       "note": cell.get("access.note", "")}
    return entry


def _common_fields(cell: dict[str, str]) -> dict[str, Any]:
    """The fields both CSV layouts share."""
    entry: dict[str, Any] = {"id": cell.get("id", "")}
    entry["names"] = {lang: cell[f"name.{lang}"] for lang in LANGUAGES if cell.get(f"name.{lang}")}
    entry["aliases"] = {
        lang: _split(cell[f"aliases.{lang}"]) for lang in LANGUAGES if cell.get(f"aliases.{lang}")
    }
    for key in _LISTS:
        entry[key] = _split(cell.get(key, ""))
    for key in _TEXTS:
        entry[key] = cell.get(key, "")
    entry["china_category"] = cell.get("china_category") or None
    entry["description"] = {
        lang: cell.get(f"description.{lang}", "")
        for lang in LANGUAGES
        if lang in ("en", "zh-Hans") or cell.get(f"description.{lang}")
    }
    entry["review"] = {
        "status": cell.get("review.status") or "unreviewed",
        "by": cell.get("review.by", ""),
        "at": cell.get("review.at", ""),
    }
    return entry


def _v1_row_to_entry(cell: dict[str, str]) -> dict[str, Any]:
    """A row of the version-1 CSV layout as a version-1 entry."""
    entry = _common_fields(cell)
    for key in ("inscriptions", "sources"):
        entry[key] = _json_cell(cell, key)
    entry["related"] = _split(cell.get("related", ""))
    entry["sensitivities"] = cell.get("sensitivities", "")
    entry["national_number"] = cell.get("national_number", "")
    batch = cell.get("national_batch", "")
    if batch and not batch.isdigit():
        raise ValueError(_("national_batch must be a number from 1 to 5."))
    entry["national_batch"] = int(batch) if batch else None
    return entry


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split("|") if part.strip()]


# -- import -------------------------------------------------------------------------------


def read_rows(path: Path) -> list[tuple[str, Any]]:
    """(where, raw entry or a ValueError) for each row of an import file, in order."""
    try:
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise HeritageError(
                _("{path} is larger than {mb} MB, too big for a library import; split it into "
                  "smaller files.").format(path=path, mb=MAX_IMPORT_BYTES // 2**20)
            )
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise HeritageError(
            _("Cannot read {path} ({error}); pass a UTF-8 JSON or CSV file.").format(
                path=path, error=exc
            )
        ) from None
    if path.suffix.lower() == ".csv":
        return _read_csv(text, path)
    try:
        data = json.loads(text)
    except RecursionError:  # brackets nested thousands deep
        raise HeritageError(
            _("{path} is not valid JSON (it is nested too deep); fix it and import again.").format(
                path=path)
        ) from None
    except json.JSONDecodeError as exc:
        raise HeritageError(
            _("{path} is not valid JSON (line {line}); fix it and import again.").format(
                path=path, line=exc.lineno
            )
        ) from None
    except ValueError:  # a number of thousands of digits, which Python refuses to convert
        raise HeritageError(
            _("{path} holds a number too long to be a year or an element number; fix it and "
              "import again.").format(path=path)
        ) from None
    try:  # "\ud800" escapes decode to text that SQLite cannot store
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise HeritageError(
            _("{path} holds a broken character escape (a lone \\ud800–\\udfff); fix the text "
              "and import again.").format(path=path)
        ) from None
    if isinstance(data, dict) and data.get("version", 1) not in READABLE_VERSIONS:
        raise HeritageError(
            _("{path} is a heritage file of format {version}, newer than this Kiln reads; update "
              "Kiln to import it.").format(path=path, version=data.get("version"))
        )
    entries = data.get("entries") if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise HeritageError(
            _("{path} has no list of entries; use the kiln-heritage format.").format(path=path)
        )
    return [(_("entry {n}").format(n=i + 1), migrate_entry(e)) for i, e in enumerate(entries)]


def _read_csv(text: str, path: Path) -> list[tuple[str, Any]]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("id", "name.zh-Hans", "name.en") if c not in (reader.fieldnames or [])]
    if missing:
        raise HeritageError(
            ngettext(
                "{path} lacks the column {columns}; export a CSV to see the layout.",
                "{path} lacks the columns {columns}; export a CSV to see the layout.",
                len(missing),
            ).format(path=path, columns=", ".join(missing))
        )
    rows: list[tuple[str, Any]] = []
    for row in reader:
        where = _("line {n}").format(n=reader.line_num)
        try:
            rows.append((where, row_to_entry(row)))
        except ValueError as exc:
            rows.append((where, exc))
    return rows


def _keys(entry: dict[str, Any]) -> set[tuple[str, str]]:
    """(folded name, country) pairs that identify an entry for duplicate checks."""
    names = [fold(entry["names"][lang]) for lang in ("zh-Hans", "en") if entry["names"].get(lang)]
    return {(name, country) for name in names for country in entry.get("countries", [])}


def check_rows(library: Library, rows: list[tuple[str, Any]]) -> list[str]:
    """Every problem of the rows, each naming its row (empty when all can be imported)."""
    problems: list[str] = []
    by_key = {key: e["id"] for e in library.entries() for key in _keys(e)}
    seen_ids: dict[str, str] = {}
    seen_keys: dict[tuple[str, str], str] = {}
    for where, entry in rows:
        found = [str(entry)] if isinstance(entry, ValueError) else entry_problems(entry)
        if not found:
            if entry["id"] in seen_ids:
                found.append(
                    _("the id {id} is also used at {other}.").format(
                        id=entry["id"], other=seen_ids[entry["id"]]
                    )
                )
            for key in sorted(_keys(entry)):
                other = seen_keys.get(key)
                if other is not None and other != where:
                    found.append(_("the same name and country as {other}.").format(other=other))
                    break
                existing = by_key.get(key)
                if existing is not None and existing != entry["id"]:
                    found.append(
                        _("the same name and country as the library entry {id}.").format(
                            id=existing
                        )
                    )
                    break
            seen_ids.setdefault(entry["id"], where)
            for key in _keys(entry):
                seen_keys.setdefault(key, where)
        problems += [f"{where}: {problem}" for problem in found]
    return problems


def import_file(library: Library, path: Path) -> ImportReport:
    """Import every row of ``path`` or, when any row is bad, nothing (``ImportRejected``)."""
    rows = read_rows(path)
    problems = check_rows(library, rows)
    if problems:
        raise ImportRejected(
            ngettext(
                "{path} has {n} problem; nothing was imported. Fix it and import again.",
                "{path} has {n} problems; nothing was imported. Fix them and import again.",
                len(problems),
            ).format(path=path, n=len(problems)),
            problems,
        )
    entries = [entry for _where, entry in rows]
    replaced = sum(1 for e in entries if library.get(e["id"]) is not None)
    library.write_entries(entries, origin="import")
    return ImportReport(added=len(entries) - replaced, replaced=replaced)
