"""A new project written with plain sqlite3 (app.store.new_file) is the file the ORM writes.

``app/store/ddl.py`` is generated from the ORM tables (``python -m app.store.ddl_gen``); these
tests fail when it is stale, when a table made from it differs from ``create_all``'s, when a
default or a stored value differs from the ORM's, and when an import's file differs in any row
from the file the ORM path wrote before the plain writer (kept here as the reference).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import types
import uuid
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, insert, update
from sqlalchemy.orm import Session

from app import __version__
from app.cli import main as cli
from app.core import ids
from app.formats import project_json
from app.formats.errors import ProjectJsonError
from app.formats.project_rows import Rows, check
from app.formats.readers import read_script
from app.store import ddl, ddl_gen, integrity, new_file, schema, verified
from app.store.errors import ProjectFileError
from app.store.identity import APPLICATION_ID, SCHEMA_VERSION
from app.store.preflight import preflight
from app.store.project_file import create_project_file, make_engine, open_project_file
from app.store.schema import Base, Meta, add_in_dependency_order

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
PEERS = Path("/work/shared/fixtures/screenplain")

#: Real scripts of every reader: Fountain (the fountain.io sample, peers' fixtures), Final
#: Draft, a Chinese-layout plain-text script, and project JSON (the bundled sample, whose notes
#: and set-up cards paid off later exercise annotations and payoff links).
SOURCES = [
    DATA / "fountain_samples" / "brick_and_steel.fountain",
    DATA / "interchange" / "the_library_freak_out.fountain",
    DATA / "interchange" / "all_elements.fountain",
    DATA / "interchange" / "chinese.fountain",
    DATA / "peers" / "screenplain" / "dual-dialogue.fountain",
    DATA / "interchange" / "fd_full.fdx",
    DATA / "interchange" / "all_elements.fdx",
    DATA / "interchange" / "zh_layout.txt",
    DATA / "interchange" / "zh_platform.txt",
    ROOT / "resources" / "sample" / "porcelain.kiln.json",
    DATA / "mini.kiln.json",
]

FROZEN = datetime(2026, 12, 7, 21, 5, 9, 4321, tzinfo=UTC)


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> types.SimpleNamespace:
    """Every timestamp is FROZEN (the ORM's defaults call the plain writer's clock) and ids
    come from a counter that ``reset()`` restarts, so two writes of the same rows are equal."""
    assert schema.utcnow is new_file.utcnow
    monkeypatch.setattr(new_file, "_clock", FROZEN.astimezone)
    counter = types.SimpleNamespace(n=0)

    def uuid4() -> uuid.UUID:
        counter.n += 1
        return uuid.UUID(int=counter.n)

    monkeypatch.setattr(ids, "uuid", types.SimpleNamespace(uuid4=uuid4))
    counter.reset = lambda: setattr(counter, "n", 0)
    return counter


def _orm_write(path: Path, built: Rows) -> None:
    """The reference: a new project as the ORM path wrote it before the plain writer (schema by
    ``create_all``, meta rows and small tables as ORM objects, payoffs by an ORM update, the
    many elements and notes by Core inserts, then the seal)."""
    engine = make_engine(path)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        Base.metadata.create_all(engine)
        with Session(engine) as session, session.begin():
            session.add_all([Meta(key="schema_version", value=str(SCHEMA_VERSION)),
                             Meta(key="created_by", value=f"Kiln {__version__}")])
            add_in_dependency_order(session, [getattr(schema, table)(**row)
                                              for table, rows in built.tables.items()
                                              for row in rows])
            beat = schema.Beat.__table__
            for setup_id, payoff_id in built.payoffs:
                session.execute(update(beat).where(beat.c.id == setup_id)
                                .values(paid_off_by=payoff_id))
            for table, values in ((schema.Element, built.elements),
                                  (schema.Annotation, built.annotations)):
                if values:
                    session.execute(insert(table), values)
        with engine.begin() as conn:
            integrity.seal(conn.connection.driver_connection)
    finally:
        engine.dispose()


def _contents(path: Path) -> dict[str, Any]:
    """Everything a file holds that Kiln reads: its identity, ``sqlite_master`` and every row of
    every table with its rowid."""
    conn = sqlite3.connect(path)
    try:
        found: dict[str, Any] = {
            "application_id": conn.execute("PRAGMA application_id").fetchone()[0],
            # By name: create_all makes a table's indexes in no fixed order (see ddl_gen).
            "master": conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master "
                                   "ORDER BY type, name").fetchall(),
        }
        for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
            found[table] = conn.execute(f'SELECT rowid, * FROM "{table}" ORDER BY id').fetchall()
        return found
    finally:
        conn.close()


def _forget_verified() -> None:
    shutil.rmtree(verified._folder(), ignore_errors=True)


def _read(source: Path) -> dict[str, Any]:
    if source.name.endswith(".kiln.json"):
        return project_json.load(source)
    return read_script(source, "auto", "auto")[0]


# -- the generated schema ------------------------------------------------------------------


def test_the_generated_ddl_module_is_current() -> None:
    """app/store/ddl.py is what ``python -m app.store.ddl_gen`` writes from the ORM tables."""
    assert Path(ddl.__file__).read_text(encoding="utf-8") == ddl_gen.render(), (
        "app/store/ddl.py is stale: run python -m app.store.ddl_gen")


def test_the_ddl_makes_the_tables_create_all_makes() -> None:
    """The same sqlite_master, statement for statement (a table's indexes by name: create_all
    makes them in the order of a set), and the same expected schema."""
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    raw = engine.raw_connection()
    plain = sqlite3.connect(":memory:")
    try:
        query = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
        for statement in ddl.STATEMENTS:
            plain.execute(statement)
        orm_master = raw.driver_connection.execute(query).fetchall()
        assert plain.execute(query).fetchall() == orm_master
        assert len(orm_master) > 40
        assert new_file.expected_schema() == integrity.schema_of(raw.driver_connection)
        assert schema.expected_schema is new_file.expected_schema
    finally:
        plain.close()
        raw.close()
        engine.dispose()


def _required(column: Any, n: int) -> Any:
    """Value ``n`` for a column that has no default and may not be NULL."""
    python = column.type.python_type
    return {str: f"x{n}", int: 7 + n, bytes: b"\x00\x01" * n}[python]


def test_every_default_and_stored_value_matches_the_orm(frozen: types.SimpleNamespace,
                                                        tmp_path: Path) -> None:
    """For every table: a row with only its required columns gets the ORM's defaults, and a row
    giving every column stores each value (JSON, booleans, times) as SQLAlchemy does."""
    orm_path, plain_path = tmp_path / "orm.db", tmp_path / "plain.db"
    moment = datetime(2025, 1, 2, 3, 4, 5, 6, tzinfo=UTC)

    def full(column: Any) -> Any:
        kind = dict(ddl.COLUMNS[column.table.name])[column.name]
        if kind == "json":
            return {"名": ["ä", 1, None, True], "s": "\u202e"}
        if kind == "bool":
            return True
        if kind == "datetime":
            return moment
        return _required(column, 2)

    rows: dict[str, list[dict[str, Any]]] = {}
    for table in Base.metadata.sorted_tables:
        bare = {c.name: _required(c, 1) for c in table.columns
                if not c.nullable and c.default is None}
        bare["id"] = f"{table.name}-bare"
        given = {c.name: full(c) for c in table.columns}
        given["id"] = f"{table.name}-full"
        rows[table.name] = [bare, given]

    frozen.reset()
    engine = create_engine(f"sqlite:///{orm_path}")
    try:
        Base.metadata.create_all(engine)
        classes = {m.local_table.name: m.class_ for m in Base.registry.mappers}
        with Session(engine) as session, session.begin():
            for table, values in rows.items():
                session.add_all(classes[table](**row) for row in values)
    finally:
        engine.dispose()
    frozen.reset()
    conn = sqlite3.connect(plain_path, isolation_level=None)
    try:
        for statement in ddl.STATEMENTS:
            conn.execute(statement)
        for table, values in rows.items():
            new_file.insert_rows(conn, table, values, new_file.timestamp(new_file.utcnow()))
    finally:
        conn.close()
    orm, plain = _contents(orm_path), _contents(plain_path)
    assert orm == plain
    # Not vacuous: defaults, JSON text and times are there as the ORM stored them.
    project = {r[0]: r for r in plain["project"]}
    assert any('["en", "ar", "fa", "pt-BR"]' in row for row in project.values())
    assert any("2026-12-07 21:05:09.004321" in row for row in project.values())
    assert any("2025-01-02 03:04:05.000006" in row for row in plain["heritage_snapshot"])


# -- imports ------------------------------------------------------------------------------


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_an_import_writes_the_file_the_orm_writes(source: Path, tmp_path: Path,
                                                  frozen: types.SimpleNamespace) -> None:
    """The same rows, rowids, sqlite_master and seal as the ORM path; both files pass the full
    inspection (no memo) and open; the plain one is remembered as verified."""
    built = check(_read(source), source.name)
    orm_path, plain_path = tmp_path / "orm.kiln", tmp_path / "plain.kiln"
    frozen.reset()
    _orm_write(orm_path, built)
    frozen.reset()
    new_file.write_new_project(plain_path,
                               lambda conn, now: project_json.write_rows(conn, built, now))
    orm, plain = _contents(orm_path), _contents(plain_path)
    assert orm.keys() == plain.keys()
    for key in orm:
        assert plain[key] == orm[key], key
    assert len(plain["element"]) == len(built.elements) > 0
    assert len(plain["annotation"]) == len(built.annotations)
    paid_off_by = 1 + [name for name, _kind in ddl.COLUMNS["beat"]].index("paid_off_by")
    assert sum(r[paid_off_by] is not None for r in plain["beat"]) == len(built.payoffs)

    assert verified.recall(verified.file_digest(plain_path)) == SCHEMA_VERSION
    assert verified.recall(verified.file_digest(orm_path)) is None
    _forget_verified()
    for path in (orm_path, plain_path):
        assert verified.recall(verified.file_digest(path)) is None
        assert preflight(path, recover=False, check_seal=True) == SCHEMA_VERSION
        opened = open_project_file(path, read_only=True)
        opened.close()


def test_the_sample_has_notes_and_payoffs() -> None:
    """The parametrised test above covers annotations and payoff links through the sample."""
    built = check(_read(SOURCES[-2]), "porcelain.kiln.json")
    assert built.annotations and built.payoffs
    assert {"GlossaryTerm", "GlossaryRendering", "AddressForm", "Beat"} <= built.tables.keys()


def test_populator_and_create_project_file_write_the_same_file(
        tmp_path: Path, frozen: types.SimpleNamespace) -> None:
    """The ORM callers (the in-memory project of a conversion, tests' fixtures) write rows
    through the same ``write_rows`` inside an ORM session: the same file again."""
    source = ROOT / "resources" / "sample" / "porcelain.kiln.json"
    data = project_json.load(source)
    frozen.reset()
    project_json.write_imported(data, tmp_path / "plain.kiln", source)
    frozen.reset()
    create_project_file(tmp_path / "orm.kiln", project_json.populator(data, source.name))
    # The counter gives the same ids to rows and meta rows both times.
    assert _contents(tmp_path / "plain.kiln") == _contents(tmp_path / "orm.kiln")


# -- failures leave nothing ----------------------------------------------------------------


def _run(*args: str) -> tuple[int, str]:
    out, err = StringIO(), StringIO()
    return cli.run(list(args), out, err), err.getvalue()


def test_a_bad_script_leaves_nothing(tmp_path: Path) -> None:
    """A script no reader can read, or one that fails the rows' checks: exit 1, one sentence,
    no project and no temporary file."""
    (tmp_path / "empty.fountain").write_bytes(b"")
    (tmp_path / "binary.fountain").write_bytes(bytes(range(256)) * 8)
    before = sorted(p.name for p in tmp_path.iterdir())
    for name in before:
        code, err = _run("import", str(tmp_path / name), "--out", str(tmp_path / "x.kiln"))
        assert code == 1 and name in err and "Traceback" not in err, err
        assert sorted(p.name for p in tmp_path.iterdir()) == before
    data = json.loads((DATA / "mini.kiln.json").read_text(encoding="utf-8"))
    data["episodes"][0]["scenes"][0]["location"] = "nowhere"
    with pytest.raises(ProjectJsonError, match="nowhere"):
        project_json.write_imported(data, tmp_path / "x.kiln", tmp_path / "bad.kiln.json")
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_an_existing_out_is_refused_untouched(tmp_path: Path) -> None:
    out = tmp_path / "x.kiln"
    out.write_bytes(b"mine")
    code, err = _run("import", str(SOURCES[0]), "--out", str(out))
    assert code == 1 and "already exists" in err
    assert out.read_bytes() == b"mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.kiln"]
    with pytest.raises(ProjectFileError, match="already exists"):
        new_file.write_new_project(out, lambda conn, now: None)
    assert out.read_bytes() == b"mine"


def test_a_missing_or_unwritable_folder_is_refused(tmp_path: Path) -> None:
    code, err = _run("import", str(SOURCES[0]), "--out", str(tmp_path / "no" / "x.kiln"))
    assert code == 1 and "does not exist" in err
    assert list(tmp_path.iterdir()) == []
    code, err = _run("import", str(SOURCES[0]), "--out", "/proc/kiln-test.kiln")
    assert code == 1 and "could not be written" in err and "Traceback" not in err


def test_a_failure_while_writing_leaves_nothing(tmp_path: Path) -> None:
    """A row that breaks a rule (here a dangling foreign key) rolls the whole file back."""
    out = tmp_path / "x.kiln"

    def fill(conn: sqlite3.Connection, now: str) -> None:
        new_file.insert_rows(conn, "project", [{"title": "T"}], now)
        new_file.insert_rows(conn, "scene", [{"episode_id": "missing"}], now)

    with pytest.raises(ProjectFileError, match="could not be written"):
        new_file.write_new_project(out, fill)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file-size limit")
def test_a_full_disk_leaves_nothing(tmp_path: Path) -> None:
    """SQLite cannot write past a file-size limit (as on a full disk): one sentence, exit 1,
    and neither the project nor its temporary file is left."""
    code = (
        "import resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))\n"
        "import app.cli.main as m\n"
        "sys.exit(m.run(['import', sys.argv[1], '--out', sys.argv[2]]))\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(ROOT / "resources" / "sample" /
                                                         "porcelain.kiln.json"),
                           str(tmp_path / "x.kiln")],
                          cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ})
    assert done.returncode == 1, done.stderr
    assert "could not be written" in done.stderr and "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []
