"""Opening, creating, locking, backing up and migrating `.kiln` files."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from app.project.open_project import OpenProject, new_project
from app.store import backup
from app.store.errors import (
    CorruptProjectError,
    NewerSchemaError,
    NotAProjectError,
    ProjectFileError,
    ProjectLockedError,
)
from app.store.lock import lock_path_for
from app.store.project_file import open_project_file
from app.store.schema import SCHEMA_VERSION
from tests.conftest import DATA

ROOT = Path(__file__).resolve().parents[2]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=60,
    )


def assert_one_backup_of_schema_1(path: Path) -> None:
    """The upgrade backed the file up first, as it was (schema 1)."""
    saved = backup.list_backups(path)
    assert len(saved) == 1
    with sqlite3.connect(saved[0]) as conn:
        query = "SELECT value FROM kiln_meta WHERE key='schema_version'"
        assert conn.execute(query).fetchone() == ("1",)


def set_schema_version(path: Path, version: int) -> None:
    conn = sqlite3.connect(path)
    conn.execute("UPDATE kiln_meta SET value = ? WHERE key = 'schema_version'", (str(version),))
    conn.commit()
    conn.close()


# -- bad files are refused, named, and left byte-for-byte unchanged -----------------------------


def _not_sqlite(tmp: Path) -> Path:
    path = tmp / "notes.kiln"
    path.write_bytes("第一集：这不是数据库\n".encode() * 50)
    return path


def _empty(tmp: Path) -> Path:
    path = tmp / "empty.kiln"
    path.write_bytes(b"")
    return path


def _truncated(tmp: Path, mini_kiln: Path) -> Path:
    data = mini_kiln.read_bytes()
    path = tmp / "truncated.kiln"
    path.write_bytes(data[: len(data) // 3])
    return path


def _header_only(tmp: Path, mini_kiln: Path) -> Path:
    path = tmp / "header.kiln"
    path.write_bytes(mini_kiln.read_bytes()[:100])
    return path


def _other_sqlite(tmp: Path) -> Path:
    path = tmp / "other.kiln"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    return path


def _newer(tmp: Path, mini_kiln: Path) -> Path:
    path = tmp / "newer.kiln"
    shutil.copy(mini_kiln, path)
    set_schema_version(path, 99)
    return path


BAD_FILES = {
    "not sqlite": (lambda tmp, mini: _not_sqlite(tmp), NotAProjectError, "not a Kiln project"),
    "empty": (lambda tmp, mini: _empty(tmp), NotAProjectError, "empty"),
    "truncated": (_truncated, CorruptProjectError, "damaged"),
    "header only": (_header_only, CorruptProjectError, "damaged"),
    "other sqlite": (lambda tmp, mini: _other_sqlite(tmp), NotAProjectError, "not a Kiln project"),
    "newer schema": (_newer, NewerSchemaError, "newer Kiln"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
@pytest.mark.parametrize("read_only", [False, True])
def test_bad_file_is_refused_and_untouched(
    tmp_path: Path, mini_kiln: Path, case: str, read_only: bool
) -> None:
    make, error, words = BAD_FILES[case]
    path = make(tmp_path, mini_kiln)
    before = digest(path)
    with pytest.raises(error) as caught:
        open_project_file(path, read_only=read_only)
    message = str(caught.value)
    assert str(path) in message and words in message
    assert digest(path) == before
    assert not lock_path_for(path).exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(path.name)) == [path.name]


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_cli_bad_file_one_sentence_nonzero(tmp_path: Path, mini_kiln: Path, case: str) -> None:
    make, _error, words = BAD_FILES[case]
    path = make(tmp_path, mini_kiln)
    before = digest(path)
    result = run_cli("stats", str(path))
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and words in lines[0]
    assert "Traceback" not in result.stderr
    assert digest(path) == before


def test_missing_file(tmp_path: Path) -> None:
    result = run_cli("stats", str(tmp_path / "nowhere.kiln"))
    assert result.returncode == 1
    assert "does not exist" in result.stderr


# -- locking --------------------------------------------------------------------------------


def test_second_writer_is_refused_in_process(mini_kiln: Path) -> None:
    before = digest(mini_kiln)
    with OpenProject.open(mini_kiln, backup=False):
        with pytest.raises(ProjectLockedError, match="already open for writing"):
            OpenProject.open(mini_kiln)
        # reading while someone writes is fine
        with OpenProject.open(mini_kiln, read_only=True) as reader:
            assert reader.info().title == "小样"
    assert digest(mini_kiln) == before
    with OpenProject.open(mini_kiln, backup=False):
        pass  # the lock was released


def test_second_writer_is_refused_across_processes(mini_kiln: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from app.project.open_project import OpenProject; "
            f"p = OpenProject.open({str(mini_kiln)!r}, backup=False); print('locked', flush=True); "
            "sys.stdin.readline()",
        ],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        before = digest(mini_kiln)
        with pytest.raises(ProjectLockedError) as caught:
            OpenProject.open(mini_kiln)
        assert f"process {holder.pid}" in str(caught.value)
        assert digest(mini_kiln) == before
    finally:
        holder.kill()
        holder.wait()
    # The OS dropped the lock with the process: a crash never leaves a project locked.
    with OpenProject.open(mini_kiln, backup=False) as project:
        assert project.info().title == "小样"


# -- creating ---------------------------------------------------------------------------------


def test_new_refuses_existing_file(mini_kiln: Path) -> None:
    before = digest(mini_kiln)
    with pytest.raises(ProjectFileError, match="already exists"):
        new_project(mini_kiln, title="x")
    assert digest(mini_kiln) == before


def test_failed_create_leaves_nothing(tmp_path: Path) -> None:
    from app.project.open_project import write_project

    def populate(session: object) -> None:
        raise RuntimeError("importer failed half way")

    target = tmp_path / "half.kiln"
    with pytest.raises(RuntimeError):
        write_project(target, populate)
    assert list(tmp_path.iterdir()) == []


# -- backups ----------------------------------------------------------------------------------


def test_backups_rotate_and_restore(mini_kiln: Path) -> None:
    from app.project.commands import Update

    with OpenProject.open(mini_kiln, backup=False) as project:
        episode = project.episodes()[0]
        for i in range(5):
            project.run(Update("episode", episode.id, {"title": f"title {i}"}))
            project.file.backup(keep=3)
    saved = backup.list_backups(mini_kiln)
    assert len(saved) == 3
    with OpenProject.open(saved[0], read_only=True) as restored:
        assert restored.episodes()[0].title == "title 4"
    with OpenProject.open(saved[-1], read_only=True) as oldest:
        assert oldest.episodes()[0].title == "title 2"


def test_open_makes_a_backup_only_when_changed(mini_kiln: Path) -> None:
    OpenProject.open(mini_kiln).close()
    assert len(backup.list_backups(mini_kiln)) == 1
    OpenProject.open(mini_kiln).close()
    assert len(backup.list_backups(mini_kiln)) == 1


# -- schema versions and migration ----------------------------------------------------------


def test_version_1_fixture_is_upgraded_after_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "old.kiln"
    shutil.copy(DATA / "project-v1.kiln", path)
    with OpenProject.open(path, backup=False) as project:
        stats = project.stats()
        assert project.file.schema_version == SCHEMA_VERSION >= 2
        assert (stats.title, len(stats.episodes), stats.scenes, stats.dialogue_lines) == (
            "小样",
            2,
            3,
            3,
        )
        scene = project.scenes()[0]
        element = project.elements(scene.id)[1]
        assert (scene.summary, element.dual, element.attrs) == ("", False, {})
        assert project.info().title_page == {}
        # the new columns are usable
        from app.project.commands import Update

        project.run(Update("element", element.id, {"dual": True, "attrs": {"centered": True}}))
        assert project.elements(scene.id)[1].attrs == {"centered": True}
    assert_one_backup_of_schema_1(path)


def test_reading_an_old_file_upgrades_a_private_copy_only(tmp_path: Path) -> None:
    path = tmp_path / "old.kiln"
    shutil.copy(DATA / "project-v1.kiln", path)
    before = digest(path)
    result = run_cli("stats", str(path), "--json")
    assert result.returncode == 0, result.stderr
    assert '"title": "小样"' in result.stdout
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.kiln"]
    assert backup.list_backups(path) == []


def test_a_new_file_and_an_upgraded_file_have_the_same_tables(tmp_path: Path) -> None:
    old = tmp_path / "old.kiln"
    shutil.copy(DATA / "project-v1.kiln", old)
    OpenProject.open(old, backup=False).close()
    fresh = tmp_path / "fresh.kiln"
    new_project(fresh, title="x")

    def columns(path: Path) -> dict[str, list[str]]:
        with sqlite3.connect(path) as conn:
            tables = [
                r[0]
                for r in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"
                )
            ]
            return {
                t: sorted(r[1] for r in conn.execute(f"PRAGMA table_info({t})")) for t in tables
            }

    assert columns(old) == columns(fresh)


def _schema(path: Path) -> tuple[dict[str, list[tuple]], dict[str, tuple]]:
    """Every table's columns (name, type, not null, default, key) and every index (table,
    columns, unique), as SQLite reports them."""
    with sqlite3.connect(path) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        columns = {t: sorted(r[1:] for r in conn.execute(f"PRAGMA table_info({t})"))
                   for t in tables}
        indexes = {}
        for table in tables:
            for _seq, name, unique, origin, _partial in conn.execute(
                    f"PRAGMA index_list({table})"):
                cols = [r[2] for r in conn.execute(f"PRAGMA index_info('{name}')")]
                key = name if origin == "c" else f"{table}:{origin}:{cols}"
                indexes[key] = (table, cols, unique)
    return columns, indexes


def test_the_upgraded_file_has_exactly_the_schema_create_all_makes(tmp_path: Path) -> None:
    """Each migration writes its DDL out by hand; the result must be what the ORM makes for a
    new file, column for column (types, NOT NULL, defaults) and index for index."""
    old = tmp_path / "old.kiln"
    shutil.copy(DATA / "project-v1.kiln", old)
    OpenProject.open(old, backup=False).close()
    fresh = tmp_path / "fresh.kiln"
    new_project(fresh, title="x")
    old_columns, old_indexes = _schema(old)
    new_columns, new_indexes = _schema(fresh)
    assert old_indexes == new_indexes
    assert set(old_columns) == set(new_columns)
    for table in new_columns:
        mine, theirs = old_columns[table], new_columns[table]
        if table == "element":  # schema 2 wrote dual's default as 0, create_all as '0'
            mine = [c if c[0] != "dual" else (*c[:3], "'0'", c[4]) for c in mine]
        assert mine == theirs, table
    # schema 7 (drafts and revisions) in particular
    assert [c[0] for c in new_columns["draft"]] == sorted(
        ["name", "note", "author", "issued", "issued_on", "manifest", "summary", "id",
         "created_at", "updated_at"])
    assert ("revision", "JSON", 1, "'{}'", 0) in new_columns["project"]


def _add_column_step(conn) -> None:  # noqa: ANN001
    conn.execute(text("ALTER TABLE project ADD COLUMN tagline TEXT DEFAULT ''"))
    conn.execute(text("UPDATE project SET tagline = 'migrated'"))


def test_migration_runs_steps_after_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "old.kiln"
    shutil.copy(DATA / "project-v1.kiln", path)
    opened = open_project_file(
        path, steps={1: _add_column_step}, target_version=2, make_backup=False
    )
    try:
        with opened.engine.connect() as conn:
            assert conn.execute(text("SELECT tagline FROM project")).scalar() == "migrated"
            assert (
                conn.execute(
                    text("SELECT value FROM kiln_meta WHERE key='schema_version'")
                ).scalar()
                == "2"
            )
    finally:
        opened.close()
    assert_one_backup_of_schema_1(path)


def test_failed_migration_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "old.kiln"
    shutil.copy(DATA / "project-v1.kiln", path)
    conn = sqlite3.connect(path)
    before = conn.execute("SELECT * FROM project").fetchall()
    conn.close()

    def broken(conn) -> None:  # noqa: ANN001
        conn.execute(text("UPDATE project SET title = 'half-migrated'"))
        raise RuntimeError("step failed")

    with pytest.raises(ProjectFileError, match="could not be upgraded"):
        open_project_file(path, steps={1: broken}, target_version=2)
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT * FROM project").fetchall() == before
    conn.close()
    assert not lock_path_for(path).exists()


def test_missing_migration_step_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "old.kiln"
    shutil.copy(DATA / "project-v1.kiln", path)
    with pytest.raises(ProjectFileError, match="no migration from schema 1 to 2"):
        open_project_file(path, steps={}, target_version=3)
