"""The real window under Xvfb, typed into with real X key events and pauses, as a writer does.

Every keystroke goes through the X server and Qt's xcb platform; the pauses let the editor's
autosave, the bridge's refreshes and the detection worker run between groups of keys, which
tests that type in one burst never see.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from app.project.open_project import OpenProject
from tests.support.xwindow import needs_x, real_window

LINE = "林小姐，明早十点我带钱过来，过时不候。"


def _script(path: Path) -> list[tuple[str, list[str]]]:
    with OpenProject.open(path, read_only=True, backup=False) as project:
        return [(s.number, [e.text for e in project.elements(s.id)]) for s in project.scenes()]


@needs_x
def test_typing_with_pauses_lands_where_the_caret_is(sample_kiln: Path, tmp_path: Path) -> None:
    before = _script(sample_kiln)
    with real_window(sample_kiln, tmp_path) as window:
        assert window.ask("ready")["ready"]
        end = window.ask("line_end", text=LINE)
        assert "error" not in end, end
        window.click(end["x"], end["y"])
        window.key("End", pause=0.5)
        window.type("AB", pause=2.0)  # longer than the autosave's pause
        window.type("CD", pause=2.0)
        window.key("Return", pause=1.5)
        window.type("EF", pause=2.0)
    after = _script(sample_kiln)
    # the line got every key, in order; a new line after it holds the rest; nothing else moved
    assert [n for n, _ in after] == [n for n, _ in before]
    changed = [(n, b, a) for (n, b), (_, a) in zip(before, after, strict=True) if a != b]
    assert len(changed) == 1, changed
    number, old, new = changed[0]
    at = old.index(LINE)
    assert new[at] == LINE + "ABCD"
    assert new[at + 1] == "EF"
    assert new[:at] == old[:at] and new[at + 2:] == old[at + 1:]


@needs_x
def test_undo_in_the_real_window_takes_the_typing_back(sample_kiln: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.kiln"
    shutil.copyfile(sample_kiln, copy)
    before = _script(copy)
    with real_window(copy, tmp_path) as window:
        window.ask("ready")
        end = window.ask("line_end", text=LINE)
        window.click(end["x"], end["y"])
        window.key("End", pause=0.3)
        window.type("XY", pause=1.5)
        window.key("ctrl+z", pause=1.5)
    assert _script(copy) == before


def _heading_and_locations(path: Path) -> tuple[list[str], int]:
    with OpenProject.open(path, read_only=True, backup=False) as project:
        scenes = project.scenes()
        return ([f"{s.number} {s.time_of_day} {s.setting} {s.location_name}" for s in scenes],
                len(project.locations()))


@needs_x
def test_a_selected_card_never_takes_the_caret_while_the_writer_pauses(
    sample_kiln: Path, tmp_path: Path
) -> None:
    """Issue 16's blocker: with a card selected, a pause in typing sent the next keys into the
    scene heading (the board's timing refresh re-announced the selection, which reloaded the
    card's scenes with the caret at the top)."""
    headings, locations = _heading_and_locations(sample_kiln)
    before = _script(sample_kiln)
    with real_window(sample_kiln, tmp_path) as window:
        assert window.ask("ready")["ready"]
        window.click_at(window.ask("card_centre", title="最后一夜"), pause=1.5)
        window.click_at(window.ask("line_end", text=LINE), pause=0.5)
        window.key("End", pause=0.5)
        window.type("AB", pause=2.5)  # the autosave (0.4 s) and the board's timing (1.5 s) run
        window.type("CD", pause=2.5)
        window.type("EF", pause=2.5)
    assert _heading_and_locations(sample_kiln) == (headings, locations)
    after = _script(sample_kiln)
    changed = [(b, a) for (_, b), (_, a) in zip(before, after, strict=True) if a != b]
    assert len(changed) == 1, changed
    old, new = changed[0]
    at = old.index(LINE)
    assert new[at] == LINE + "ABCDEF"
    assert new[:at] == old[:at] and new[at + 1:] == old[at + 1:]
