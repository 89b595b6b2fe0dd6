"""Read Kiln's project JSON format (docs/project-json.md) into a `.kiln` file.

The bundled sample project is written in this format. Reading is strict: ``load`` refuses what
is not JSON (or is far too big), ``app.formats.project_rows.check`` refuses an unknown key, a bad
value or a dangling reference with its place in the file (``episodes[2].scenes[0]``) instead of
dropping it, so a typo never silently loses part of a script. ``write_imported`` writes the
checked rows as a new project file with plain sqlite3 (``app.store.new_file``: no SQLAlchemy,
the same file the ORM would write); ``populator`` writes them into a project being built by the
ORM (the in-memory project of a conversion), through the same ``write_rows``.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.i18n import _, format_number
from app.formats.errors import ProjectJsonError
from app.formats.project_rows import FORMAT, VERSION, Rows, check
from app.store import ddl, new_file

if TYPE_CHECKING:  # the ORM's session, only named: populate() uses its plain connection
    from sqlalchemy.orm import Session

logger = logging.getLogger(__name__)


#: Project JSON files larger than this are refused unread (the scripts' import limit: a
#: 50,000-element project is about 15 MB).
MAX_BYTES = 20 * 1024 * 1024
#: Objects and lists (counted as ``{`` and ``[``) a project JSON file may hold: parsed, each
#: costs far more memory than its bytes, so a file of millions of ``{}`` is refused unparsed.
MAX_CONTAINERS = 1_000_000


def load(path: Path) -> dict[str, Any]:
    """Read and parse a project JSON file (refused unread when larger than ``MAX_BYTES``)."""
    try:
        if Path(path).stat().st_size > MAX_BYTES:
            raise ProjectJsonError(
                _("{path} is larger than {mb} MB, too big for a project JSON file; check that "
                  "it is the right file.").format(path=path, mb=MAX_BYTES // 2**20)
            )
        raw = Path(path).read_bytes()
        if raw.count(b"{") + raw.count(b"[") > MAX_CONTAINERS:
            raise ProjectJsonError(
                _("{path} holds more than {count} objects and lists, more than a project JSON "
                  "file does; check that it is the right file.").format(
                    path=path, count=format_number(MAX_CONTAINERS))
            )
        data = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except OSError as exc:
        raise ProjectJsonError(
            _("{path} could not be read ({detail}).").format(path=path, detail=exc.strerror or exc)
        ) from exc
    except (UnicodeDecodeError, ValueError) as exc:  # also numbers of thousands of digits
        if isinstance(exc, ProjectJsonError):
            raise
        raise ProjectJsonError(
            _("{path} is not valid UTF-8 JSON ({detail}).").format(path=path, detail=exc)
        ) from exc
    except RecursionError:  # brackets nested thousands deep: no project looks like that
        raise ProjectJsonError(
            _("{path} is not a project JSON file (its lists or objects are nested too deep).")
            .format(path=path)
        ) from None
    try:  # "\ud800" escapes decode to text that SQLite cannot store
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise ProjectJsonError(
            _("{path} holds a broken character escape (a lone \\ud800–\\udfff); fix the text "
              "and try again.").format(path=path)
        ) from None
    return data


def _no_constant(name: str) -> float:
    """JSON has no NaN or Infinity; Python's reader accepts them unless told otherwise."""
    raise ValueError(f"{name} is not a JSON number")


def write_rows(conn: sqlite3.Connection, built: Rows, now: str) -> None:
    """Insert the checked rows ``built`` into the new project behind ``conn`` (in its open
    transaction), each table after the tables it points at; ``now`` stamps every row."""
    for table in ddl.TABLE_ORDER:
        for name in (n for n, t in ddl.TABLE_OF_CLASS.items() if t == table):
            new_file.insert_rows(conn, table, built.tables.get(name, ()), now)
    # A setup may name a payoff card written after it: link them once every card is in.
    for setup_id, payoff_id in built.payoffs:
        new_file.update_row(conn, "beat", setup_id, {"paid_off_by": payoff_id}, now)
    for table, values in (("element", built.elements), ("annotation", built.annotations)):
        for start in range(0, len(values), _BATCH):
            new_file.insert_rows(conn, table, values[start : start + _BATCH], now)


def populator(data: dict[str, Any], source: str = "project JSON") -> Callable[[Session], None]:
    """Check ``data`` (``project_rows.check``: nothing is created when it fails) and return a
    function that writes it into a new project session (``write_rows`` on its connection)."""
    built = check(data, source)

    def populate(session: Session) -> None:
        conn = session.connection().connection.driver_connection
        write_rows(conn, built, new_file.timestamp(new_file.utcnow()))

    return populate


def write_imported(
    data: dict[str, Any], out_path: Path, source: Path, *, overwrite: bool = False
) -> None:
    """Check ``data`` and write it as a new project at ``out_path`` with plain sqlite3 (nothing
    on failure; ``new_file.write_new_project``'s refusals)."""
    built = check(data, source.name)
    new_file.write_new_project(out_path, lambda conn, now: write_rows(conn, built, now),
                               overwrite=overwrite)


#: Rows inserted per statement.
_BATCH = 2000


__all__ = [
    "FORMAT", "VERSION", "ProjectJsonError", "load", "populator", "write_imported", "write_rows",
]
