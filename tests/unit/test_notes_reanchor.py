"""Notes follow their words through real edits of a real project file, and undo restores them."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.enums import Role
from app.features.notes import service
from app.project.commands import Create, Delete, Move, Update
from app.project.open_project import OpenProject
from app.store import schema

FILLER = "abc xyz,.!0123"
QUOTE_CHARS = "青花瓷器苏麻离黑斑أريدالزوجكاملا"


def _scene_and_line(project: OpenProject, text: str) -> tuple[str, str]:
    scene = project.scenes()[0]
    make = Create("element", {"scene_id": scene.id, "kind": "action", "text": text})
    project.run(make)
    assert make.created_id
    return scene.id, make.created_id


def _anchor_of(project: OpenProject, note_id: str) -> dict:
    with project.file.session() as s:
        return dict(s.get(schema.Annotation, note_id).anchor)


def test_text_edit_moves_the_note_and_undo_puts_it_back(mini_kiln: Path) -> None:
    with OpenProject.open(mini_kiln, backup=False) as project:
        _, line = _scene_and_line(project, "他说苏麻离青来自远方。")
        note_id = service.add_text_note(project, line, 2, 6, "来源有争议", author="林")
        original = _anchor_of(project, note_id)
        project.run(Update("element", line, {"text": "老师傅他说苏麻离青来自远方。"}))
        moved = service.note(project, note_id)
        assert service.anchored_text(project, moved) == "苏麻离青"
        assert moved.anchor is not None and moved.anchor.start == 5
        project.undo()
        assert _anchor_of(project, note_id) == original
        project.redo()
        assert service.note(project, note_id).anchor.start == 5


def test_deleting_the_line_makes_an_orphan_and_undo_reattaches(mini_kiln: Path) -> None:
    with OpenProject.open(mini_kiln, backup=False) as project:
        _, line = _scene_and_line(project, "يا أستاذ شن، أريد الزوج كاملاً")
        note_id = service.add_text_note(project, line, 13, 30, "MSA", author="Noura")
        project.run(Delete("element", line))
        orphan = service.note(project, note_id)
        assert orphan.orphan and orphan.anchor.quote == "أريد الزوج كاملاً"
        assert [n.id for n in service.orphans(project)] == [note_id]
        assert service.anchored_text(project, orphan) == "أريد الزوج كاملاً"
        project.undo()
        back = service.note(project, note_id)
        assert not back.orphan and service.anchored_text(project, back) == "أريد الزوج كاملاً"


def test_deleting_a_scene_orphans_the_notes_on_its_lines(mini_kiln: Path) -> None:
    with OpenProject.open(mini_kiln, backup=False) as project:
        scene_id, line = _scene_and_line(project, "青花瓷器")
        note_id = service.add_text_note(project, line, 0, 2, "term", author="林")
        project.run(Delete("scene", scene_id))
        assert service.note(project, note_id).orphan
        assert project.count(schema.Annotation) >= 1
        project.undo()
        assert service.anchored_text(project, service.note(project, note_id)) == "青花"


def test_moving_the_scene_keeps_the_note_on_its_words(mini_kiln: Path) -> None:
    with OpenProject.open(mini_kiln, backup=False) as project:
        scene_id, line = _scene_and_line(project, "青花瓷器")
        note_id = service.add_text_note(project, line, 0, 2, "term", author="林")
        other_episode = project.episodes()[-1].id
        project.run(Move("scene", scene_id, 0, parent_id=other_episode, keep_parent=False))
        moved = service.note(project, note_id)
        assert service.anchored_text(project, moved) == "青花" and moved.episode_id == other_episode


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    pre=st.text(alphabet=FILLER, max_size=10),
    quote=st.text(alphabet=QUOTE_CHARS, min_size=1, max_size=6),
    post=st.text(alphabet=FILLER, max_size=10),
    steps=st.lists(
        st.tuples(st.floats(0, 1), st.integers(0, 4), st.text(alphabet=FILLER, max_size=4)),
        max_size=5,
    ),
)
def test_random_edits_never_lose_a_note_and_undo_restores_every_anchor(
    mini_kiln: Path, pre: str, quote: str, post: str, steps: list[tuple[float, int, str]]
) -> None:
    with OpenProject.open(mini_kiln, backup=False) as project:
        text = pre + quote + post
        _, line = _scene_and_line(project, text)
        note_id = service.add_text_note(
            project, line, len(pre), len(pre) + len(quote), "note", author="c", role=Role.CONSULTANT
        )
        before_count = project.count(schema.Annotation)
        original = _anchor_of(project, note_id)
        start, intact = len(pre), True
        applied = 0
        for at, cut, insert in steps:
            p = round(at * len(text))
            q = min(len(text), p + cut)
            new = text[:p] + insert + text[q:]
            if new == text:
                continue
            if intact:
                if q <= start:
                    start += len(insert) - (q - p)
                elif p < start + len(quote):
                    intact = False
            project.run(Update("element", line, {"text": new}))
            applied += 1
            text = new
            record = service.note(project, note_id)
            assert project.count(schema.Annotation) == before_count  # never lost
            assert record.anchor is not None
            if intact:
                assert (record.anchor.start, service.anchored_text(project, record)) == (
                    start, quote)
            elif not record.orphan:
                assert service.anchored_text(project, record) == record.anchor.quote
            else:
                assert record.anchor.quote  # an orphan keeps its old words
        for _ in range(applied):
            project.undo()
        assert _anchor_of(project, note_id) == original


@pytest.mark.parametrize("role", [Role.WRITER, Role.CONSULTANT])
def test_editing_other_fields_leaves_anchors_alone(mini_kiln: Path, role: Role) -> None:
    with OpenProject.open(mini_kiln, backup=False) as project:
        _, line = _scene_and_line(project, "青花瓷器")
        note_id = service.add_text_note(project, line, 0, 2, "term", author="林", role=role)
        original = _anchor_of(project, note_id)
        project.run(Update("element", line, {"parenthetical": "轻声"}))
        assert _anchor_of(project, note_id) == original
