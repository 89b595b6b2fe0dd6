"""Start-up: the window's frame is painted first; the workspace and the project come after it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from ui import dialogs
from ui.application import _Startup
from ui.window.main_window import MainWindow
from ui.window.settings import load_place

ROOT = Path(__file__).resolve().parents[2]

#: Nothing of these may be imported before the first frame: they are what made start-up slow.
HEAVY = ("sqlalchemy", "spacy", "jieba", "reportlab", "docx", "babel", "app.cli",
         "app.project.open_project", "ui.board.widget", "ui.editor.panel", "ui.window.features")

_PROBE = """
import sys
import main
status = main.main([sys.argv[1]])
heavy = sys.argv[2].split(",")
print("imported", ",".join(m for m in heavy if m in sys.modules) or "-")
import PySide6.QtCore
print("qt-enums", "Qt" in PySide6.QtCore.__dict__)  # PySide6 builds them on first use
sys.exit(status)
"""


def _run(project: Path, quit_when: str, *extra: str) -> list[str]:
    env = dict(os.environ, KILN_QUIT_WHEN_SHOWN=quit_when, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", _PROBE, str(project), *extra],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.split("\n")


def test_the_first_frame_imports_nothing_heavy(sample_kiln: Path) -> None:
    lines = _run(sample_kiln, "1", ",".join(HEAVY))
    assert lines[0].startswith("kiln-startup frame ")
    assert "kiln-startup ready" not in "\n".join(lines)  # it quit on the first frame
    assert lines[1] == "imported -"
    # naming one of Qt's enums makes PySide6 build them all (~17 ms): after the frame
    assert lines[2] == "qt-enums False"


def test_the_project_is_ready_after_the_first_frame(sample_kiln: Path) -> None:
    lines = _run(sample_kiln, "ready", "sqlalchemy,ui.board.widget")
    stages = [line.split() for line in lines if line.startswith("kiln-startup")]
    assert [stage[1] for stage in stages] == ["frame", "ready", "page"]
    assert float(stages[0][2]) <= float(stages[1][2]) <= float(stages[2][2])
    assert "imported sqlalchemy,ui.board.widget" in lines


def test_deferred_window_shows_opening_then_the_project(qtbot, sample_kiln: Path) -> None:  # noqa: ANN001
    window = MainWindow(deferred=True)
    qtbot.addWidget(window)
    _Startup(window, sample_kiln, "")
    assert window.empty_label.text() == "Opening sample.kiln…"
    assert window.windowTitle() == "Kiln"
    assert [m.title() for m in (window.file_menu, window.edit_menu)] == ["&File", "&Edit"]
    assert not hasattr(window, "board")  # nothing of the workspace before the first frame
    window.show()
    qtbot.waitUntil(lambda: window.project is not None, timeout=20000)
    assert window.windowTitle().endswith("— Kiln")
    # the board paints first; the navigator and the page follow right after its first paint
    qtbot.waitUntil(lambda: window.tree_model.rowCount() > 0, timeout=20000)
    assert window.tree_model.rowCount() == len(window.project.episodes()) > 0
    toggles = [a.text() for a in window.view_menu.actions()]
    assert toggles[:3] == ["Navigator", "Beat Board", "Script Editor"]
    assert window.preferences_action in window.edit_menu.actions()
    # The detection starts although the window's Show event came before the panels existed.
    qtbot.waitUntil(lambda: window.features.heritage.detection.started, timeout=20000)
    qtbot.waitUntil(lambda: not window.features.heritage.detection.busy(), timeout=60000)
    window.close()


def test_a_file_that_cannot_open_leaves_the_empty_window(qtbot, tmp_path: Path,  # noqa: ANN001
                                                         monkeypatch) -> None:  # noqa: ANN001
    broken = tmp_path / "broken.kiln"
    broken.write_bytes(b"not a kiln project")
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _parent, _title, text: shown.append(text))
    window = MainWindow(deferred=True)
    qtbot.addWidget(window)
    _Startup(window, broken, "")
    window.show()
    qtbot.waitUntil(lambda: hasattr(window, "board") and bool(shown), timeout=20000)
    QApplication.processEvents()
    assert window.project is None
    assert "broken.kiln" in shown[0]
    assert window.empty_label.text().startswith("No project is open.")
    assert window.empty_label.isVisible()


def test_the_board_comes_first_then_the_navigator_and_the_page(
    qtbot, sample_kiln: Path  # noqa: ANN001
) -> None:
    """Opened board first (the launch), the board has the project at once; the navigator and
    the page (where the writer left off) are filled by ``finish_showing``."""
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.open_project(sample_kiln, board_first=True)
    episodes = window.project.episodes()
    assert window.board.view.viewport().isVisible()
    assert len([lane for lane in window.board.data.lanes if lane.episode]) == len(episodes) > 0
    assert window.tree_model.rowCount() == 0  # not yet
    window.finish_showing()
    assert window.tree_model.rowCount() == len(episodes)
    assert window.editor.toPlainText().strip()  # the first scene is on the page
    window.finish_showing()  # a second call does nothing
    assert window.tree_model.rowCount() == len(episodes)
    window.close()


def test_closing_before_the_page_is_shown_keeps_the_remembered_place(
    qtbot, sample_kiln: Path  # noqa: ANN001
) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.open_project(sample_kiln)
    scene = window.project.scenes()[3]
    window.workspace.select_scene(scene.id)
    window.close_project()
    remembered = load_place(sample_kiln)
    assert remembered is not None and remembered[1] == scene.id
    assert window.open_project(sample_kiln, board_first=True)
    window.close_project()  # before finish_showing: the page was never shown
    assert load_place(sample_kiln) == remembered
    assert window.open_project(sample_kiln, board_first=True)
    window.finish_showing()
    assert window.editor.place()[:2] == remembered[:2]  # back where the writer left off
    window.close()
