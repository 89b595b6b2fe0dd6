"""Find and replace across a real project file, undone as one step."""

from __future__ import annotations

from pathlib import Path

from app.features.board.cards import board_facts
from app.features.script.find_replace import ReplaceAll, find_all
from app.features.script.outline import scene_seconds
from app.project.open_project import OpenProject


def test_replace_all_is_one_undo_step(mini_kiln: Path) -> None:
    with OpenProject.open(mini_kiln, backup=False) as project:
        assert len(find_all(project, "窑")) == 2
        command = ReplaceAll("窑", "炉")
        project.run(command)
        assert command.replaced == 2
        assert find_all(project, "窑") == []
        assert len(find_all(project, "炉")) == 2
        project.undo()
        assert len(find_all(project, "窑")) == 2
    with OpenProject.open(mini_kiln, backup=False) as again:  # persisted in the file
        assert len(find_all(again, "炉")) == 0


def test_board_facts_and_scene_seconds(mini_kiln: Path) -> None:
    with OpenProject.open(mini_kiln, backup=False) as project:
        facts = board_facts(project)
        beats = {b.title: b.id for b in project.beats()}
        # the consultant's note sits on Reza's line, in the scene of the "名字" card
        assert facts.note_count(beats["名字"]) == 1
        assert facts.note_count(beats["窑裂"]) == 0
        reza = next(c.id for c in project.characters() if c.names["zh-Hans"] == "礼萨")
        assert reza in facts.characters[beats["名字"]]
        seconds = scene_seconds(project)
        first = project.scenes()[0].id
        assert seconds[first] > 0
