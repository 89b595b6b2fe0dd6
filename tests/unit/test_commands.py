"""Undoable edits: every command does, undoes and redoes exactly, and commits at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.enums import ElementKind
from app.project.commands import CommandError, Create, Delete, Move, Update
from app.project.open_project import OpenProject


@pytest.fixture
def project(mini_kiln: Path):  # noqa: ANN201
    with OpenProject.open(mini_kiln, backup=False) as opened:
        yield opened


def script(project: OpenProject) -> list[tuple[str, list[tuple[str, str, str | None]]]]:
    """The whole script as plain data, to compare before and after edits."""
    return [
        (s.number, [(e.kind.value, e.text, e.line_id) for e in project.elements(s.id)])
        for s in project.scenes()
    ]


def everything(project: OpenProject) -> tuple[object, ...]:
    return (
        project.info(),
        project.episodes(),
        project.beats(),
        script(project),
        project.characters(),
        project.locations(),
    )


def test_create_inserts_at_position_and_undo_redo(project: OpenProject) -> None:
    scene = project.scenes()[0]
    before = everything(project)
    project.run(
        Create("element", {"scene_id": scene.id, "kind": "action", "text": "新动作"}, position=1)
    )
    texts = [e.text for e in project.elements(scene.id)]
    assert texts[1] == "新动作" and len(texts) == 4
    assert [e.position for e in project.elements(scene.id)] == [0, 1, 2, 3]
    project.undo()
    assert everything(project) == before
    project.redo()
    assert [e.text for e in project.elements(scene.id)] == texts


def test_edits_are_committed_immediately(project: OpenProject, mini_kiln: Path) -> None:
    episode = project.episodes()[0]
    project.run(Update("episode", episode.id, {"title": "已保存"}))
    with OpenProject.open(mini_kiln, read_only=True) as other:
        assert other.episodes()[0].title == "已保存"


def test_delete_scene_takes_its_lines_and_undo_brings_them_back(project: OpenProject) -> None:
    before = everything(project)
    first, second = project.scenes()[:2]
    project.run(Delete("scene", first.id))
    scenes = project.scenes()
    assert [s.number for s in scenes] == ["1-1", "2-1"]  # renumbered
    assert scenes[0].id == second.id
    project.undo()
    assert everything(project) == before


def test_delete_episode_and_undo(project: OpenProject) -> None:
    before = everything(project)
    project.run(Delete("episode", project.episodes()[0].id))
    assert [e.number for e in project.episodes()] == [1]
    assert project.scenes()[0].number == "1-1"
    project.undo()
    assert everything(project) == before
    project.redo()
    assert len(project.episodes()) == 1


def test_deleting_a_character_keeps_the_lines_and_names(project: OpenProject) -> None:
    mei = next(c for c in project.characters() if c.names["en"] == "Mei")
    project.run(Delete("character", mei.id))
    lines = [
        e
        for s in project.scenes()
        for e in project.elements(s.id)
        if e.kind is ElementKind.DIALOGUE
    ]
    assert [e.speaker for e in lines] == ["梅", "礼萨", "梅"]
    assert all(e.speaker_id is None for e in lines if e.speaker == "梅")
    project.undo()
    assert {
        e.speaker_id for s in project.scenes() for e in project.elements(s.id) if e.speaker == "梅"
    } == {mei.id}


def test_move_beat_across_lanes_and_to_the_parking_lot(project: OpenProject) -> None:
    ep1, ep2 = project.episodes()
    hook = next(b for b in project.beats() if b.episode_id == ep1.id and b.position == 0)
    before = everything(project)
    project.run(Move("beat", hook.id, position=0, parent_id=ep2.id, keep_parent=False))
    lanes = {e.id: [b.title for b in project.beats() if b.episode_id == e.id] for e in (ep1, ep2)}
    assert lanes == {ep1.id: ["名字"], ep2.id: ["窑裂", "信"]}
    project.run(Move("beat", hook.id, position=5, parent_id=None, keep_parent=False))
    parked = [b for b in project.beats() if b.episode_id is None]
    assert [b.title for b in parked] == ["祖父的窑印", "窑裂"]
    assert [b.position for b in parked] == [0, 1]
    project.undo()
    project.undo()
    assert everything(project) == before


def test_move_episode_renumbers_scenes(project: OpenProject) -> None:
    ep2 = project.episodes()[1]
    project.run(Move("episode", ep2.id, position=0))
    assert [e.title for e in project.episodes()] == ["来信", "开窑"]
    assert [s.number for s in project.scenes()] == ["1-1", "2-1", "2-2"]


def test_scene_cannot_leave_its_episode_for_nowhere(project: OpenProject) -> None:
    scene = project.scenes()[0]
    with pytest.raises(CommandError, match="Only a beat"):
        project.run(Move("scene", scene.id, position=0, parent_id=None, keep_parent=False))


def test_line_ids_are_stable_and_never_reused(project: OpenProject) -> None:
    scene = project.scenes()[0]
    ids_before = [e.line_id for e in project.elements(scene.id)]
    project.run(
        Create("element", {"scene_id": scene.id, "kind": "dialogue", "text": "新台词"}, position=0)
    )
    new = project.elements(scene.id)[0]
    assert new.line_id == "L00005"
    assert [e.line_id for e in project.elements(scene.id)][1:] == ids_before  # moved, unchanged
    project.undo()
    project.run(Create("element", {"scene_id": scene.id, "kind": "caption", "text": "字幕"}))
    assert project.elements(scene.id)[-1].line_id == "L00006"  # L00005 is not handed out again


def test_changing_kind_to_dialogue_gives_a_line_id(project: OpenProject) -> None:
    scene = project.scenes()[0]
    action = project.elements(scene.id)[0]
    assert action.line_id is None
    project.run(Update("element", action.id, {"kind": "dialogue"}))
    assert project.elements(scene.id)[0].line_id is not None


def test_dialogue_gets_the_speaker_name(project: OpenProject) -> None:
    reza = next(c for c in project.characters() if c.names["en"] == "Reza")
    scene = project.scenes()[0]
    project.run(
        Create(
            "element",
            {"scene_id": scene.id, "kind": "dialogue", "speaker_id": reza.id, "text": "你好"},
        )
    )
    assert project.elements(scene.id)[-1].speaker == "礼萨"


def test_typing_in_one_element_is_one_undo_step(project: OpenProject) -> None:
    scene = project.scenes()[0]
    element = project.elements(scene.id)[0]
    for text in ("窑", "窑火", "窑火熄了"):
        project.run(Update("element", element.id, {"text": text}, typing=True))
    assert project.history.undo_label == "Edit script line"
    project.undo()
    assert project.elements(scene.id)[0].text == "窑火映红了墙。"
    assert project.history.undo_label is None
    project.redo()
    assert project.elements(scene.id)[0].text == "窑火熄了"


def test_protected_and_unknown_fields_are_refused(project: OpenProject) -> None:
    scene = project.scenes()[0]
    for fields in ({"id": "x"}, {"line_id": "L1"}, {"colour_of_sky": "blue"}):
        with pytest.raises(CommandError, match="cannot be set"):
            project.run(Update("scene", scene.id, fields))
    with pytest.raises(CommandError, match="no longer exists"):
        project.run(Update("scene", "missing", {"setting": "ext"}))


def test_a_failed_command_changes_nothing(project: OpenProject) -> None:
    before = everything(project)
    with pytest.raises(CommandError):
        project.run(
            Create(
                "element",
                {"scene_id": project.scenes()[0].id, "kind": "dialogue", "speaker_id": "nobody"},
            )
        )
    assert everything(project) == before
    assert project.history.undo_label is None


def test_read_only_project_refuses_edits(mini_kiln: Path) -> None:
    with OpenProject.open(mini_kiln, read_only=True) as project:
        with pytest.raises(CommandError, match="read-only"):
            project.run(Update("episode", project.episodes()[0].id, {"title": "x"}))


def test_listeners_hear_every_change(project: OpenProject) -> None:
    heard: list[set[str]] = []
    project.history.subscribe(lambda changeset: heard.append(changeset.tables))
    project.run(Update("episode", project.episodes()[0].id, {"title": "x"}))
    project.undo()
    project.redo()
    assert heard == [{"episode"}] * 3
