"""The change recorder works at the session level: every write is recorded, none escapes undo,
and a changeset is plain data that replays onto another copy of the project with the same result.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select, text, update

from app.core.enums import AnnotationTarget, ElementKind, Role
from app.features.board.cards import MoveBeats
from app.features.notes import service as notes
from app.project.changes import ChangeRecorder, Changeset, UnrecordedWrite
from app.project.commands import Command, Create, Delete, Move, Update
from app.project.open_project import OpenProject
from app.store import schema


def _rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table but the file's own bookkeeping, in a stable order."""
    with sqlite3.connect(path) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' AND name != 'kiln_meta' ORDER BY name"
            )
        ]
        return {
            t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables
        }


def _first_action(project: OpenProject) -> tuple[str, str]:
    for scene in project.scenes():
        for element in project.elements(scene.id):
            if element.kind is ElementKind.ACTION:
                return scene.id, element.id
    raise AssertionError("the sample has action lines")


def test_action_to_dialogue_then_undo_then_redo_keeps_the_line_id(sample_kiln: Path) -> None:
    """The bug of the command-level recorder: the line id given after the recorded update was
    lost by redo, leaving a dialogue line that translator packets and XLIFF cannot name."""
    with OpenProject.open(sample_kiln, backup=False) as project:
        scene_id, element_id = _first_action(project)
        project.run(Update("element", element_id, {"kind": ElementKind.DIALOGUE.value}))
        given = next(e for e in project.elements(scene_id) if e.id == element_id).line_id
        assert given and given.startswith("L")
        project.undo()
        undone = next(e for e in project.elements(scene_id) if e.id == element_id)
        assert undone.kind is ElementKind.ACTION and undone.line_id is None
        project.redo()
        redone = next(e for e in project.elements(scene_id) if e.id == element_id)
        assert redone.kind is ElementKind.DIALOGUE
        assert redone.line_id == given


def test_undo_never_hands_a_line_id_out_twice(sample_kiln: Path) -> None:
    with OpenProject.open(sample_kiln, backup=False) as project:
        scene_id = project.scenes()[0].id
        first = Create("element", {"scene_id": scene_id, "kind": "dialogue", "text": "一"})
        project.run(first)
        taken = {e.line_id for e in project.elements(scene_id)}
        project.undo()
        second = Create("element", {"scene_id": scene_id, "kind": "dialogue", "text": "二"})
        project.run(second)
        new = next(e for e in project.elements(scene_id) if e.id == second.created_id)
        assert new.line_id not in taken


def test_writes_of_any_code_in_a_command_are_recorded(sample_kiln: Path) -> None:
    """A command that sets attributes without the recorder's helpers is still undone."""

    @dataclass
    class Sneaky(Command):
        episode_id: str
        label: str = "sneaky"

        def apply(self, rec: ChangeRecorder) -> None:
            episode = rec.session.get(schema.Episode, self.episode_id)
            assert episode is not None
            episode.title = "改了"  # no rec.update: the session still flushes it

    with OpenProject.open(sample_kiln, backup=False) as project:
        episode = project.episodes()[0]
        changeset = project.run(Sneaky(episode.id))
        assert changeset.tables == {"episode"}
        assert project.episodes()[0].title == "改了"
        project.undo()
        assert project.episodes()[0].title == episode.title


@pytest.mark.parametrize("how", ["bulk", "raw"])
def test_a_write_around_the_orm_is_refused_and_changes_nothing(sample_kiln: Path, how: str) -> None:
    @dataclass
    class AroundTheOrm(Command):
        label: str = "around"

        def apply(self, rec: ChangeRecorder) -> None:
            if how == "bulk":
                rec.session.execute(update(schema.Episode).values(title="x"))
            else:
                rec.session.connection().execute(text("UPDATE episode SET title = 'x'"))

    with OpenProject.open(sample_kiln, backup=False) as project:
        before = project.episodes()
        with pytest.raises(UnrecordedWrite):
            project.run(AroundTheOrm())
        assert project.episodes() == before
        assert project.history.undo_label is None


def test_every_foreign_key_says_what_deleting_its_row_does() -> None:
    """Cascades come from the schema (Column.info), not from a table kept by hand."""
    for table in schema.Base.metadata.sorted_tables:
        for column in table.columns:
            if column.foreign_keys:
                assert column.info.get("on_delete") in ("cascade", "set null"), column


def test_deleting_an_episode_takes_what_the_schema_says_and_undo_brings_it_back(
    sample_kiln: Path,
) -> None:
    before = _rows(sample_kiln)
    with OpenProject.open(sample_kiln, backup=False) as project:
        episode = project.episodes()[0]
        scenes = project.scenes(episode.id)
        changeset = project.run(Delete("episode", episode.id))
        deleted = {(c.table, c.row_id) for c in changeset.changes if c.after is None}
        assert {("scene", s.id) for s in scenes} <= deleted
        assert any(t == "element" for t, _ in deleted)
        assert not project.scenes(episode.id)
        project.undo()
    after = _rows(sample_kiln)
    # Undo stamps the rows it writes back with the time of the undo; everything else is equal.
    assert {t: len(r) for t, r in after.items()} == {t: len(r) for t, r in before.items()}
    assert _without_times(after) == _without_times(before)


Rows = dict[str, list[tuple[object, ...]]]


def _without_times(rows: Rows) -> Rows:
    """Rows without their updated_at (the column after created_at in every table)."""
    out = {}
    for table, values in rows.items():
        names = [c.name for c in schema.Base.metadata.tables[table].columns]
        if "updated_at" not in names:
            out[table] = values
            continue
        drop = names.index("updated_at")
        kept = (tuple(v for i, v in enumerate(row) if i != drop) for row in values)
        out[table] = sorted(kept, key=repr)
    return out


def test_a_changeset_round_trips_through_json(sample_kiln: Path) -> None:
    with OpenProject.open(sample_kiln, backup=False) as project:
        scene_id, element_id = _first_action(project)
        changeset = project.run(Update("element", element_id, {"text": "一段新的动作"}))
    data = json.loads(json.dumps(changeset.to_json(), ensure_ascii=False))
    again = Changeset.from_json(data)
    assert again == changeset


def test_a_changeset_naming_an_unknown_table_or_column_is_refused() -> None:
    from app.core.errors import CommandError

    with pytest.raises(CommandError):
        Changeset.from_json({"changes": [{"table": "kiln_meta", "id": "x", "before": None,
                                          "after": {"key": "seal"}}]})
    with pytest.raises(CommandError):
        Changeset.from_json({"changes": [{"table": "episode", "id": "x", "before": None,
                                          "after": {"evil": 1}}]})


def test_a_copy_that_replays_every_changeset_of_a_session_equals_the_original(
    sample_kiln: Path, tmp_path: Path
) -> None:
    """The unit of sync: what one copy wrote, as JSON, replays onto another copy row for row."""
    copy = tmp_path / "copy.kiln"
    shutil.copyfile(sample_kiln, copy)
    sent: list[str] = []
    with OpenProject.open(sample_kiln, backup=False, role=Role.WRITER) as project:
        project.history.subscribe(lambda c: sent.append(json.dumps(c.to_json())))
        scene_id, element_id = _first_action(project)
        line = next(e for e in project.elements(scene_id) if e.id == element_id)
        # A consultant's note on the line's first words, then typing that moves them.
        notes.add_text_note(project, element_id, 0, 2, "注意", author="Leila")
        for typed in ("夜", "夜里", "夜里，"):
            project.run(Update("element", element_id, {"text": typed + line.text}, typing=True))
        project.run(Update("element", element_id, {"kind": ElementKind.DIALOGUE.value}))
        project.undo()
        project.redo()
        project.run(Create("element", {"scene_id": scene_id, "kind": "dialogue", "text": "新台词"},
                           position=0))
        beats = project.beats()
        episodes = project.episodes()
        project.run(MoveBeats([beats[0].id, beats[1].id], episodes[-1].id, 0))
        project.run(Move("scene", project.scenes(episodes[1].id)[0].id, 5))
        project.run(Delete("scene", project.scenes(episodes[2].id)[0].id))
        project.undo()
        project.run(Delete("character", project.characters()[0].id))
        project.run(Create("beat", {"episode_id": None, "title": "停车场"}))
        notes.add_note(project, AnnotationTarget.BEAT, beats[2].id, "节奏", author="Leila")
    assert len(sent) >= 12
    with OpenProject.open(copy, backup=False) as other:
        for message in sent:
            other.history.replay(Changeset.from_json(json.loads(message)))
    assert _rows(copy) == _rows(sample_kiln)


def test_replay_is_not_an_undo_step_but_subscribers_hear_it(sample_kiln: Path,
                                                           tmp_path: Path) -> None:
    copy = tmp_path / "copy.kiln"
    shutil.copyfile(sample_kiln, copy)
    with OpenProject.open(sample_kiln, backup=False) as project:
        changeset = project.run(Update("episode", project.episodes()[0].id, {"title": "远方"}))
    heard: list[Changeset] = []
    with OpenProject.open(copy, backup=False) as other:
        other.history.subscribe(heard.append)
        other.history.replay(changeset)
        assert other.episodes()[0].title == "远方"
        assert other.history.undo_label is None
    assert [c.tables for c in heard] == [{"episode"}]


def test_unsubscribing_leaves_the_listener_count_where_it_was(sample_kiln: Path) -> None:
    with OpenProject.open(sample_kiln, backup=False) as project:
        start = project.history.listener_count
        heard: list[set[str]] = []
        stop = project.history.subscribe(lambda c: heard.append(c.tables))
        stop_refusals = project.history.on_refused(lambda error: None)
        assert project.history.listener_count == start + 2
        project.run(Update("episode", project.episodes()[0].id, {"title": "x"}))
        stop()
        stop_refusals()
        stop()  # twice is harmless
        project.run(Update("episode", project.episodes()[0].id, {"title": "y"}))
        assert heard == [{"episode"}]
        assert project.history.listener_count == start


def test_a_created_then_deleted_row_leaves_no_change(sample_kiln: Path) -> None:
    @dataclass
    class Blink(Command):
        scene_id: str
        label: str = "blink"

        def apply(self, rec: ChangeRecorder) -> None:
            row = schema.Element(scene_id=self.scene_id, kind="action", text="闪", position=99)
            rec.insert(row)
            rec.delete(row)

    with OpenProject.open(sample_kiln, backup=False) as project:
        changeset = project.run(Blink(project.scenes()[0].id))
        assert not changeset.net()
        assert project.history.undo_label is None
        with project.file.session() as s:
            assert s.scalar(select(schema.Element).where(schema.Element.text == "闪")) is None


def test_recorded_states_are_what_the_file_stores(sample_kiln: Path) -> None:
    """The recorder takes most states from the ORM's own bookkeeping rather than asking the
    file again; what it records must be exactly what a read of the row gives."""
    from app.project.changes import read_rows

    with OpenProject.open(sample_kiln, backup=False) as project:
        scene_id, element_id = _first_action(project)
        changesets = [
            project.run(Update("element", element_id, {"text": "改写", "attrs": {"a": [1]}})),
            project.run(Create("element", {"scene_id": scene_id, "kind": "dialogue",
                                           "text": "新"})),
            project.run(Delete("scene", project.scenes()[1].id)),
        ]
        changesets.append(project.undo())
        last: dict[tuple[str, str], object] = {}
        for changeset in changesets:
            for change in changeset.changes:
                last[(change.table, change.row_id)] = change.after
        assert any(state is not None for state in last.values())
        with project.file.session() as s:
            connection = s.connection()
            for (table, row_id), state in last.items():
                assert read_rows(connection, table, [row_id]).get(row_id) == state, table
