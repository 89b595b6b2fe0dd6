"""Read Kiln's project JSON format (docs/project-json.md) into a `.kiln` file.

The bundled sample project is written in this format. Reading is strict: ``load`` refuses what
is not JSON (or is far too big), ``app.formats.project_rows.check`` refuses an unknown key, a bad
value or a dangling reference with its place in the file (``episodes[2].scenes[0]``) instead of
dropping it, so a typo never silently loses part of a script; ``populator`` writes the checked
rows into a new project.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import insert, update
from sqlalchemy.orm import Session

from app.core.i18n import _, format_number
from app.formats.errors import ProjectJsonError
from app.formats.project_rows import FORMAT, VERSION, check
from app.project.open_project import write_project
from app.store import schema
from app.store.schema import add_in_dependency_order

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


def populator(data: dict[str, Any], source: str = "project JSON") -> Callable[[Session], None]:
    """Check ``data`` (``project_rows.check``: nothing is created when it fails) and return a
    function that writes it into a new project session."""
    built = check(data, source)

    def populate(session: Session) -> None:
        # The small tables as ORM rows (their defaults and timestamps as every row gets them).
        add_in_dependency_order(session, [getattr(schema, table)(**row)
                                          for table, rows in built.tables.items() for row in rows])
        # A setup may name a payoff card written after it: link them once every card is in.
        beat = schema.Beat.__table__
        for setup_id, payoff_id in built.payoffs:
            session.execute(update(beat).where(beat.c.id == setup_id)
                            .values(paid_off_by=payoff_id))
        # Elements and notes, the many rows, go in as plain rows in batches: a tenth of the
        # time and a fifth of the memory of one ORM object each.
        for table, values in ((schema.Element, built.elements),
                              (schema.Annotation, built.annotations)):
            for start in range(0, len(values), _BATCH):
                session.execute(insert(table), values[start : start + _BATCH])

    return populate


def write_imported(data: dict[str, Any], out_path: Path, source: Path) -> None:
    """Check ``data`` and write it as a new project at ``out_path`` (nothing on failure)."""
    write_project(out_path, populator(data, source.name))


#: Rows inserted per statement.
_BATCH = 2000


__all__ = ["FORMAT", "VERSION", "ProjectJsonError", "load", "populator", "write_imported"]
