"""The studio outbox lives in the .kiln file: every edit of a linked copy is kept there in the
edit's own transaction, replays of other copies' edits are not, and old files gain the tables."""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.project import outbox
from app.project.changes import ChangeRecorder
from app.project.commands import Command, Update
from app.project.open_project import OpenProject
from app.store import schema
from app.store.schema import SCHEMA_VERSION

DATA = Path(__file__).resolve().parents[1] / "data"


def _link(project: OpenProject) -> None:
    project.history.write_local(
        lambda s: outbox.write_link(s, server="postgresql:///studio", project_id="p",
                                    project_name="p", member="amira")
    )


def test_a_version_1_file_gains_the_outbox_and_link_tables(tmp_path: Path) -> None:
    path = tmp_path / "old.kiln"
    shutil.copy(DATA / "project-v1.kiln", path)
    with OpenProject.open(path, backup=False) as project:
        assert project.file.schema_version == SCHEMA_VERSION
        assert outbox.read_link(project.file.sessions) is None
        _link(project)
        episode = project.episodes()[0]
        project.run(Update("episode", episode.id, {"title": "迁移之后"}))
        assert [e.changeset.tables for e in outbox.entries(project.file.sessions)] == [
            {"episode"}
        ]


def test_an_unlinked_copy_records_nothing(mini_kiln: Path) -> None:
    with OpenProject.open(mini_kiln, backup=False) as project:
        project.run(Update("episode", project.episodes()[0].id, {"title": "x"}))
        assert outbox.entries(project.file.sessions) == []


def test_edits_undo_and_redo_are_recorded_in_order_and_replays_are_not(
    mini_kiln: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.kiln"
    shutil.copy(mini_kiln, other)
    with OpenProject.open(other, backup=False) as elsewhere:
        remote = elsewhere.run(Update("episode", elsewhere.episodes()[1].id, {"title": "远方"}))
    with OpenProject.open(mini_kiln, backup=False) as project:
        _link(project)
        episode = project.episodes()[0]
        project.run(Update("episode", episode.id, {"title": "一"}))
        project.undo()
        project.redo()
        project.history.replay(remote)
        recorded = outbox.entries(project.file.sessions)
        assert [e.seq for e in recorded] == [1, 2, 3]
        titles = [c.after["title"] for e in recorded for c in e.changeset.changes]
        assert titles == ["一", episode.title, "一"]
        assert outbox.read_link(project.file.sessions).next_seq == 4  # type: ignore[union-attr]


def test_an_edit_that_fails_leaves_no_outbox_entry(mini_kiln: Path) -> None:
    """The outbox row is written in the edit's transaction: a failing edit takes it along."""

    @dataclass
    class HalfThenFail(Command):
        episode_id: str
        label: str = "half"

        def apply(self, rec: ChangeRecorder) -> None:
            episode = rec.session.get(schema.Episode, self.episode_id)
            rec.update(episode, title="写了一半")
            raise RuntimeError("the edit fails after writing")

    with OpenProject.open(mini_kiln, backup=False) as project:
        _link(project)
        with pytest.raises(RuntimeError):
            project.run(HalfThenFail(project.episodes()[0].id))
        assert outbox.entries(project.file.sessions) == []


def test_a_failing_journal_rolls_the_edit_back(mini_kiln: Path) -> None:
    """And the other way round: no edit reaches the file without its outbox row."""
    with OpenProject.open(mini_kiln, backup=False) as project:
        _link(project)
        before = project.episodes()[0].title

        def broken(session, changeset) -> None:  # noqa: ANN001
            outbox.record(session, changeset)
            raise OSError("disk full")

        project.history.journal = broken
        with pytest.raises(OSError):
            project.run(Update("episode", project.episodes()[0].id, {"title": "丢"}))
        assert project.episodes()[0].title == before
    with sqlite3.connect(mini_kiln) as conn:
        assert conn.execute("SELECT count(*) FROM sync_outbox").fetchone() == (0,)


def test_a_changeset_cannot_name_the_local_tables() -> None:
    from app.core.errors import CommandError
    from app.project.changes import Changeset

    for table in ("sync_outbox", "sync_link"):
        with pytest.raises(CommandError):
            Changeset.from_json(
                {"changes": [{"table": table, "id": "x", "before": None, "after": {}}]}
            )
