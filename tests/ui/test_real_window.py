"""The real window under Xvfb, typed into with real X key events and pauses, as a writer does.

Every keystroke goes through the X server and Qt's xcb platform; the pauses let the editor's
autosave, the bridge's refreshes and the detection worker run between groups of keys, which
tests that type in one burst never see.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from app.formats.registry import script_bytes
from app.project.open_project import OpenProject
from tests.support.xwindow import ROOT, needs_x, real_window

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


def _kiln_new(path: Path, layout: str, language: str) -> None:
    done = subprocess.run([sys.executable, "main.py", "new", str(path), "--title", "Kiln Test",
                           "--layout", layout, "--lang", language], cwd=ROOT, timeout=120,
                          capture_output=True, text=True, env={**os.environ, "KILN_LANG": "en"})
    assert done.returncode == 0, done.stderr


def _fountain(path: Path) -> str:
    with OpenProject.open(path, read_only=True, backup=False) as project:
        return script_bytes("fountain", project).decode("utf-8")


HOLLYWOOD_SCRIPT = """Title: Kiln Test

INT. KITCHEN - NIGHT #1#

Rain hits the window.

MARY
(quietly)
Is anyone home?

CUT TO:

EXT. OLD STREET - DAY #2#

A cat runs past.

TOM
Wait for me!
"""


@needs_x
def test_writing_two_hollywood_scenes_from_kiln_new(tmp_path: Path) -> None:
    """Issue 16: from ``kiln new``, a writer types two scenes in a real window — heading,
    action, cue, parenthetical, dialogue, transition, a second heading — pausing between groups
    of keys; the Fountain export is exactly that script."""
    path = tmp_path / "h.kiln"
    _kiln_new(path, "hollywood", "en")
    with real_window(path, tmp_path) as window:
        assert window.ask("ready")["ready"]
        assert window.ask("focus")["focus"] == "scriptEditor"  # the keyboard is in the page
        window.type("INT. KITCHEN - NIGHT", pause=1.2)
        window.key("Return", pause=1.0)
        window.type("Rain hits the window.", pause=1.2)
        window.key("Return", pause=1.0)
        window.key("Tab", pause=1.0)  # an empty action becomes a cue
        window.type("MARY", pause=1.0)
        window.key("Tab", pause=1.0)  # the cue's parenthetical
        window.type("quietly", pause=1.0)
        window.key("Return", pause=1.0)
        window.type("Is anyone home?", pause=1.2)
        window.key("Return", pause=1.0)
        window.type("CUT TO:", pause=1.0)
        window.key("Return", pause=1.0)  # read as a transition; a heading comes next
        window.type("EXT. OLD STREET - DAY", pause=1.2)
        window.key("Return", pause=1.0)  # a new scene
        window.type("A cat runs past.", pause=1.0)
        window.key("Return", pause=1.0)
        window.key("Return", pause=1.0)  # Enter on an empty action adds nothing
        window.key("Tab", pause=1.0)
        window.type("TOM", pause=1.0)
        window.key("Return", pause=1.0)
        window.type("Wait for me!", pause=1.5)
        window.key("ctrl+s", pause=1.0)
    assert _fountain(path) == HOLLYWOOD_SCRIPT


# The scene's cast line is written under its heading, as the writer typed it; a cue that is not in
# capitals is forced with @; a Chinese heading keeps its scene number, as the writer typed it.
CHINESE_SCRIPT = """Title: Kiln Test

.1-1 夜 内 老窑

人物：林青禾、希琳

△窑火映红了墙。

@林青禾
（低声）
火候到了。

【字幕：景德镇】

.1-2 日 外 老街

@希琳
走吧！
"""


@needs_x
def test_writing_two_chinese_scenes_with_a_card_selected(tmp_path: Path) -> None:
    """Issue 16: a Chinese series from ``kiln new``; a card is made on the board and makes the
    first scene, and stays selected while the writer types two scenes in the Chinese shorthand
    (heading, 人物, △ action, 角色：（…）台词, 字幕, a second heading), pausing between groups
    of keys; the Fountain export is exactly that script."""
    path = tmp_path / "z.kiln"
    _kiln_new(path, "zh", "zh-Hans")
    with real_window(path, tmp_path) as window:
        assert window.ask("ready")["ready"]
        window.click_at(window.ask("lane_point", number="1"), pause=1.0, button=3)
        window.key("Down", "Return", pause=1.0)  # the lane's menu: New Card Here
        window.wait_for_focus("inlineTitle")
        window.type("开窑", pause=0.5)
        window.key("Return", pause=1.0)
        window.click_at(window.ask("card_centre", title="开窑"), pause=1.0)
        window.click_at(window.ask("widget_centre", name="makeSceneButton"), pause=1.5)
        assert window.ask("focus")["focus"] == "scriptEditor"
        window.type("1-1 夜 内 老窑", pause=1.2)
        window.key("Return", pause=1.0)
        window.type("人物：林青禾、希琳", pause=1.2)
        window.key("Return", pause=1.0)
        window.type("△窑火映红了墙。", pause=1.2)  # the typed △ is the line's own mark
        window.key("Return", pause=1.0)
        window.type("林青禾：（低声）火候到了。", pause=2.0)
        window.key("Return", pause=1.0)
        window.type("【字幕：景德镇】", pause=1.2)
        window.key("Return", pause=1.0)
        window.type("1-2 日 外 老街", pause=1.2)
        window.key("Return", pause=1.0)
        window.type("希琳：走吧！", pause=2.0)
        window.key("ctrl+s", pause=1.0)
    with OpenProject.open(path, read_only=True, backup=False) as project:
        assert [b.title for b in project.beats()] == ["开窑"]
        scenes = project.scenes()
        assert [s.beat_id for s in scenes] == [project.beats()[0].id] * 2
        names = {c.id: c.names["zh-Hans"] for c in project.characters()}
        assert [names[c] for c in scenes[0].cast] == ["林青禾", "希琳"]
        speakers = [e.speaker_id for s in scenes for e in project.elements(s.id) if e.speaker_id]
        assert [names[c] for c in speakers] == ["林青禾", "希琳"]  # matched to the cast
    assert _fountain(path) == CHINESE_SCRIPT
