"""The memo of inspected files (app.store.verified): the same bytes are not inspected twice, and
any other bytes always are."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.project.commands import Update
from app.project.errors import ProjectDamaged
from app.project.open_project import OpenProject
from app.store import integrity, verified
from app.store.schema import SCHEMA_VERSION


@pytest.fixture
def inspections(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many full inspections ran (the real inspection runs; it is only counted)."""
    calls: list[int] = []
    real = integrity.inspect

    def counted(*args: object, **kwargs: object) -> int:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(integrity, "inspect", counted)
    return calls


def _open_and_close(path: Path) -> None:
    with OpenProject.open(path, read_only=True) as project:
        assert project.episodes()


def test_the_same_bytes_are_inspected_once(mini_kiln: Path, inspections: list[int]) -> None:
    _open_and_close(mini_kiln)
    _open_and_close(mini_kiln)
    _open_and_close(mini_kiln)
    assert len(inspections) == 1
    assert verified.recall(verified.file_digest(mini_kiln)) == SCHEMA_VERSION


def test_a_session_that_wrote_leaves_its_file_remembered(
    mini_kiln: Path, inspections: list[int]
) -> None:
    with OpenProject.open(mini_kiln, backup=False) as project:
        episode = project.episodes()[0]
        project.run(Update("episode", episode.id, {"title": "青花 remembered"}))
    assert len(inspections) == 1
    assert verified.recall(verified.file_digest(mini_kiln)) == SCHEMA_VERSION
    _open_and_close(mini_kiln)
    assert len(inspections) == 1  # the sealed file Kiln wrote itself is not inspected again


def test_a_changed_word_is_inspected_again_and_refused(
    mini_kiln: Path, inspections: list[int]
) -> None:
    with OpenProject.open(mini_kiln, backup=False) as project:
        episode = project.episodes()[0]
        project.run(Update("episode", episode.id, {"title": "committed title A"}))
    good = mini_kiln.read_bytes()
    at = good.find(b"committed title A")
    assert at > 0
    mini_kiln.write_bytes(good[:at + 16] + b"B" + good[at + 17:])
    with pytest.raises(ProjectDamaged, match="digest"):
        OpenProject.open(mini_kiln, read_only=True)
    assert len(inspections) == 2
    mini_kiln.write_bytes(good)  # the sealed bytes again: remembered, not inspected
    _open_and_close(mini_kiln)
    assert len(inspections) == 2


def test_a_journal_beside_the_file_means_a_full_inspection(
    mini_kiln: Path, inspections: list[int]
) -> None:
    _open_and_close(mini_kiln)
    journal = mini_kiln.with_name(mini_kiln.name + "-journal")
    journal.write_bytes(b"")
    assert verified.file_digest(mini_kiln) is None
    _open_and_close(mini_kiln)
    assert len(inspections) == 2


@pytest.mark.parametrize("memo", [b"", b"not json", b'{"schema_version": "7"}', b"[1]",
                                  b'{"schema_version": true}', b"\xff\xfe"])
def test_a_damaged_memo_is_ignored(
    mini_kiln: Path, inspections: list[int], memo: bytes
) -> None:
    _open_and_close(mini_kiln)
    digest = verified.file_digest(mini_kiln)
    assert digest is not None
    entry = next(p for p in (verified._folder()).iterdir() if p.name == digest)
    entry.write_bytes(memo)
    _open_and_close(mini_kiln)
    assert len(inspections) == 2


def test_another_kiln_version_inspects_again(
    mini_kiln: Path, inspections: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    _open_and_close(mini_kiln)
    monkeypatch.setattr(verified, "__version__", "0.0.0-other")
    _open_and_close(mini_kiln)
    assert len(inspections) == 2


def test_the_memo_keeps_only_the_newest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(verified, "KEEP", 3)
    for n in range(6):
        verified.remember(f"{n:040x}", SCHEMA_VERSION)
    kept = sorted(p.name for p in verified._folder().iterdir())
    assert len(kept) == 3
    assert verified.recall(f"{5:040x}") == SCHEMA_VERSION


def test_an_unwritable_memo_folder_is_not_an_error(
    mini_kiln: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setattr(verified, "_folder", lambda: blocker / "verified")
    _open_and_close(mini_kiln)
    _open_and_close(mini_kiln)
