"""Damaged project files: flipped bytes and truncation are found on open, never written over,
and the newest good backup is offered and restores.

``KILN_CORRUPT_CASES`` sets how many flipped-byte and truncated files are tried (CI: 40 each;
``make stress`` many more); ``KILN_CORRUPT_SEED`` repeats a run.
"""

from __future__ import annotations

import hashlib
import os
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.project.commands import Create, Update
from app.project.errors import ProjectDamaged, ProjectFileError
from app.project.open_project import OpenProject
from app.project.recover import recover
from app.store import backup, integrity
from app.store.lock import lock_path_for
from app.store.recovery import verify

ROOT = Path(__file__).resolve().parents[2]
CASES = int(os.environ.get("KILN_CORRUPT_CASES", "40"))
SEED = int(os.environ.get("KILN_CORRUPT_SEED", time.time_ns() % 100_000))
#: Totals of a run, printed at the end (docs/reliability.md quotes the stress run's).
TALLY: dict[str, int] = {}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def digest_of(path: Path) -> str:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return integrity.content_digest(conn)
    finally:
        conn.close()


@pytest.fixture
def edited(mini_kiln: Path) -> tuple[Path, bytes, str]:
    """mini.kiln after a session of edits, closed (so sealed) and backed up: path, bytes and
    the digest of its committed contents."""
    with OpenProject.open(mini_kiln) as project:  # the open backs the file up
        episode = project.episodes()[0]
        scene = project.scenes(episode.id)[0]
        for i in range(20):
            project.run(Create("element", {"scene_id": scene.id, "kind": "action",
                                           "text": f"第{i}行 committed line {i}"}))
        project.run(Update("episode", episode.id, {"title": "青花 final"}))
    backup.make_backup(mini_kiln)
    return mini_kiln, mini_kiln.read_bytes(), digest_of(mini_kiln)


def _tally(key: str) -> None:
    TALLY[key] = TALLY.get(key, 0) + 1


def _try_open(path: Path, good: bytes, expected: str) -> str:
    """Open the damaged ``path`` for writing: it opens with every committed row, or it is
    refused with a good backup offered and left byte for byte as it was."""
    before = sha(path)
    try:
        project = OpenProject.open(path, backup=False)
    except ProjectDamaged as damage:
        assert sha(path) == before, "a damaged file was changed"
        assert str(path) in str(damage) and "damaged" in str(damage)
        assert damage.backup is not None and verify(damage.backup) is None
        assert not lock_path_for(path).exists()
        assert not path.with_name(path.name + "-journal").exists()
        return "refused"
    try:
        assert digest_of(path) == expected, "opened with contents that differ from the last save"
        episode = project.episodes()[-1]
        project.run(Update("episode", episode.id, {"hook": "still writable"}))
    finally:
        project.close()
    assert verify(path) is None
    return "opened"


def test_flipped_bytes_are_found_or_harmless(edited: tuple[Path, bytes, str]) -> None:
    path, good, expected = edited
    rng = random.Random(SEED)
    offsets = rng.sample(range(len(good)), min(CASES, len(good)))
    offsets += [0, 16, 18, 19, 20, 28, 44, 56, 68, 99, 100]  # header fields
    for offset in offsets:
        damaged = bytearray(good)
        damaged[offset] ^= rng.choice([0x01, 0x20, 0x80, 0xFF])
        path.write_bytes(bytes(damaged))
        outcome = _try_open(path, good, expected)
        _tally(f"flip {outcome}")
    path.write_bytes(good)
    print(f"\ncorruption (seed {SEED}): {TALLY}")


def test_truncated_files_are_refused_with_the_backup(edited: tuple[Path, bytes, str]) -> None:
    path, good, expected = edited
    rng = random.Random(SEED)
    page = 4096
    lengths = {0, 1, 50, 100, page - 1, page, page + 1, len(good) - 1, len(good) - page}
    lengths |= set(rng.sample(range(1, len(good)), min(CASES, len(good) - 1)))
    for length in sorted(lengths):
        path.write_bytes(good[:length])
        outcome = _try_open(path, good, expected)
        assert outcome == "refused", f"a file cut to {length} of {len(good)} bytes opened"
        _tally("truncation refused")
    print(f"\ncorruption (seed {SEED}): {TALLY}")


def test_the_offered_backup_restores_to_a_new_file(edited: tuple[Path, bytes, str]) -> None:
    path, good, expected = edited
    path.write_bytes(good[: len(good) // 2])
    before = sha(path)
    with pytest.raises(ProjectDamaged) as caught:
        OpenProject.open(path)
    done = recover(path)
    assert done.path != path and done.path.parent == path.parent
    assert done.backup == caught.value.backup
    assert sha(path) == before  # the damaged file is evidence: never written over
    assert digest_of(done.path) == expected
    with OpenProject.open(done.path) as restored:
        assert restored.episodes()[0].title == "青花 final"
    with pytest.raises(ProjectFileError, match="never writes over it"):
        recover(path, path)
    with pytest.raises(ProjectFileError, match="already exists"):
        recover(path, done.path)


def test_a_damaged_backup_is_skipped_for_an_older_good_one(
    edited: tuple[Path, bytes, str],
) -> None:
    path, good, _expected = edited
    saved = backup.list_backups(path)
    assert len(saved) >= 2
    saved[0].write_bytes(saved[0].read_bytes()[:5000])  # the newest backup is damaged too
    path.write_bytes(b"SQLite format 3\x00" + bytes(200))
    with pytest.raises(ProjectDamaged) as caught:
        OpenProject.open(path)
    assert caught.value.backup == saved[1]


def test_no_good_backup_says_so(tmp_path: Path, mini_kiln: Path) -> None:
    data = mini_kiln.read_bytes()
    mini_kiln.write_bytes(data[: len(data) // 2])
    with pytest.raises(ProjectDamaged, match="no good backup") as caught:
        OpenProject.open(mini_kiln)
    assert caught.value.backup is None


def test_a_flipped_word_in_a_line_is_found_by_the_seal(edited: tuple[Path, bytes, str]) -> None:
    """SQLite's own check passes when only a word changed; Kiln's seal does not."""
    path, good, _expected = edited
    at = good.find(b"committed line 7")
    assert at > 0
    damaged = bytearray(good)
    damaged[at + len("committed line ")] = ord("9")
    path.write_bytes(bytes(damaged))
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
    with pytest.raises(ProjectDamaged, match="digest"):
        OpenProject.open(path, read_only=True)


def test_cli_recover_writes_a_new_file(edited: tuple[Path, bytes, str], tmp_path: Path) -> None:
    path, good, expected = edited
    path.write_bytes(good[:8192])
    before = sha(path)
    out = tmp_path / "rescued.kiln"
    env = {**os.environ}
    stats = subprocess.run([sys.executable, str(ROOT / "main.py"), "stats", str(path)],
                           capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)
    assert stats.returncode == 1 and "kiln recover" in stats.stderr
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "recover", str(path), "--out", str(out)],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert str(out) in result.stdout
    assert digest_of(out) == expected and sha(path) == before
    again = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "recover", str(path), "--out", str(path)],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=60,
    )
    assert again.returncode == 1 and "never writes over it" in again.stderr
    assert sha(path) == before


def _kiln(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True,
                          text=True, cwd=ROOT, env={**os.environ}, timeout=60)


def test_a_file_changed_by_another_program_may_be_accepted_as_is(
    edited: tuple[Path, bytes, str],
) -> None:
    """A studio tool edits the .kiln with SQLite: Kiln cannot tell that from a flipped byte, so
    it refuses, says so, and opens it as it is once the user says the change was theirs."""
    path, _good, _expected = edited
    conn = sqlite3.connect(path)
    conn.execute("UPDATE episode SET title = 'renamed by a studio tool' WHERE number = 1")
    conn.commit()
    conn.close()
    before = sha(path)
    with pytest.raises(ProjectDamaged) as caught:
        OpenProject.open(path)
    assert caught.value.contents_only and "--as-is" in str(caught.value)
    assert sha(path) == before
    accepted = _kiln("recover", str(path), "--as-is")
    assert accepted.returncode == 0, accepted.stderr
    assert verify(path) is None
    with OpenProject.open(path, read_only=True) as project:
        assert project.episodes()[0].title == "renamed by a studio tool"


def test_as_is_is_refused_for_real_damage(edited: tuple[Path, bytes, str]) -> None:
    path, good, _expected = edited
    path.write_bytes(good[:8192])
    before = sha(path)
    refused = _kiln("recover", str(path), "--as-is")
    assert refused.returncode == 1 and str(path) in refused.stderr
    assert "Traceback" not in refused.stderr
    assert sha(path) == before
