"""A project file that carries SQL (triggers, views) or a schema Kiln did not make is refused on
open, seal or no seal, with one sentence and the file untouched (issue #24, item 6)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.project.errors import ProjectDamaged
from app.project.open_project import OpenProject

ROOT = Path(__file__).resolve().parents[2]

ATTACKS = {
    # rewrites every line as soon as a note is added (what one `notes import` did)
    "trigger": "CREATE TRIGGER rewrite AFTER INSERT ON annotation BEGIN "
               "UPDATE element SET text = 'pwned'; END",
    "aborting trigger": "CREATE TRIGGER stop BEFORE UPDATE ON element BEGIN "
                        "SELECT RAISE(ABORT, 'no'); END",
    # a view named like a table that never ends
    "recursive view": "DROP TABLE line_translation; CREATE VIEW line_translation AS "
                      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
                      "SELECT i AS id FROM n",
    "missing table": "DROP TABLE line_translation",
    "extra table": "CREATE TABLE notes_of_mine (x TEXT)",
    "extra column": "ALTER TABLE element ADD COLUMN payload TEXT",
    "extra index": "CREATE INDEX mine ON element (text)",
}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _tamper(path: Path, sql: str) -> None:
    """What an attacker does: change the schema and delete the seal, as a crash would leave it."""
    conn = sqlite3.connect(path)
    try:
        conn.executescript(sql + "; DELETE FROM kiln_meta WHERE key = 'content_digest';")
        conn.commit()
    finally:
        conn.close()


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_a_file_carrying_sql_or_another_schema_is_refused(sample_kiln: Path, attack: str) -> None:
    _tamper(sample_kiln, ATTACKS[attack])
    before = _digest(sample_kiln)
    with pytest.raises(ProjectDamaged) as caught:
        OpenProject.open(sample_kiln, backup=False)
    assert not caught.value.contents_only  # "open as it is" is not offered
    with pytest.raises(ProjectDamaged):
        OpenProject.open(sample_kiln, read_only=True)
    assert _digest(sample_kiln) == before


@pytest.mark.parametrize("command", [["stats"], ["notes", "export"], ["recover", "--as-is"]])
def test_the_command_line_says_one_sentence_and_never_hangs(sample_kiln: Path, tmp_path: Path,
                                                           command: list[str]) -> None:
    _tamper(sample_kiln, ATTACKS["recursive view"] + "; " + ATTACKS["trigger"])
    before = _digest(sample_kiln)
    args = [*command[:1], *command[1:2], str(sample_kiln), *command[2:]]
    if command == ["notes", "export"]:
        args += ["--out", str(tmp_path / "packet.json")]
    done = subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=60,
                          env={**os.environ, "KILN_DATA_DIR": str(tmp_path / "data")})
    assert done.returncode == 1, done.stdout
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert _digest(sample_kiln) == before
