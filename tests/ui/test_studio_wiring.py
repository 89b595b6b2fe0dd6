"""The studio wired into the main window, on a real PostgreSQL studio: a linked project gets its
corner in the status bar and the Studio menu, Sync Now runs the network off the UI thread while
the writer types, a conflict shows in Studio ▸ Sync Conflicts…, others' changes in What Others
Changed…, and letting the project go stops it all; an unlinked project has none of it."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from app.core.enums import ElementKind
from app.features.studio import conflicts
from app.features.studio.sync import Studio
from app.project.commands import Update
from app.project.open_project import OpenProject
from ui.studio.changes import ChangesDialog
from ui.studio.conflicts_dialog import ConflictsDialog
from ui.studio.status import StudioStatus
from ui.window.main_window import MainWindow


def _first_action(project: OpenProject) -> tuple[str, str]:
    scene = project.scenes()[0]
    line = next(e for e in project.elements(scene.id) if e.kind is ElementKind.ACTION)
    return scene.id, line.id


def _window(qtbot, path: Path) -> MainWindow:  # noqa: ANN001
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_project(path, backup=False)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    return window


def _corners(window: MainWindow) -> list[StudioStatus]:
    return [c for c in window.statusBar().findChildren(StudioStatus) if c.isVisibleTo(window)]


def test_an_unlinked_project_has_no_studio(qtbot, sample_kiln: Path) -> None:  # noqa: ANN001
    window = _window(qtbot, sample_kiln)
    studio = window.features.studio
    assert studio.runner is None and _corners(window) == []
    assert not studio.menu.menuAction().isEnabled()
    assert not any(a.isEnabled() for a in studio.actions())
    assert studio.menu.title() == "&Studio"
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles.index("&Studio") == titles.index("&Help") - 1
    window.close()


def test_sync_now_off_the_ui_thread_and_a_conflict_in_the_window(
    qtbot, studio, monkeypatch  # noqa: ANN001
) -> None:
    studio.publish_sample()
    mine, theirs = studio.clone("amira"), studio.clone("bo")
    with OpenProject.open(theirs, backup=False) as other:
        other.run(Update("element", _first_action(other)[1], {"text": "博先改了"}))
        Studio(other).sync()

    # Every call to the server is recorded with its thread; each waits a moment, so the test can
    # type while the sync is under way.
    network: list[threading.Thread] = []
    for name in ("send", "fetch"):
        real = getattr(Studio, name)

        def slow(self, batch, _real=real):  # noqa: ANN001, ANN202
            network.append(threading.current_thread())
            time.sleep(0.4)
            return _real(self, batch)

        monkeypatch.setattr(Studio, name, slow)

    window = _window(qtbot, mine)
    features = window.features.studio
    try:
        project = window.project
        scene_id, line_id = _first_action(project)
        window.show_in_editor("scene", scene_id)
        (corner,) = _corners(window)
        assert corner is features.corner and features.runner is not None
        assert features.menu.menuAction().isEnabled()
        assert all(a.isEnabled() for a in features.actions())
        assert corner.state.text() == "Not synced yet"

        # The writer changes the line bo changed: the corner counts the edit to send.
        project.run(Update("element", line_id, {"text": "阿米拉后改"}))
        qtbot.waitUntil(lambda: corner.state.text() == "1 edit to send", timeout=5000)
        assert features.runner._idle.isActive()  # the writer is active: no pull by itself yet

        # Studio ▸ Sync Now returns at once; the writer types while the network works.
        features.sync_action.trigger()
        assert features.runner.busy and corner.state.text() == "Syncing…"
        editor = window.editor
        editor.setFocus()
        block = editor.words_block(_other_line(project, line_id))
        cursor = editor.textCursor()
        cursor.setPosition(block.position() + block.length() - 1)
        editor.setTextCursor(cursor)
        typed = QInputMethodEvent()
        typed.setCommitString("窑")
        QApplication.sendEvent(editor, typed)
        assert block.text().endswith("窑") and features.runner.busy  # typed during the sync
        qtbot.waitUntil(lambda: not features.runner.busy, timeout=60000)
        assert network and all(t is not threading.main_thread() for t in network)
        assert corner.state.text().startswith(("Synced ", "1 edit to send")), \
            corner.state.text()
        qtbot.waitUntil(lambda: corner.conflicts_button.text() == "1 conflict", timeout=5000)
        assert corner.conflicts_button.isVisibleTo(window)

        # Studio ▸ Sync Conflicts…: bo's text is in the script, amira's was not kept.
        features.conflicts_action.trigger()
        (dialog,) = [d for d in corner.findChildren(ConflictsDialog) if d.isVisible()]
        assert dialog.items.count() == 1
        assert dialog.current.toPlainText() == "博先改了"
        assert dialog.other.toPlainText() == "阿米拉后改"
        dialog.take_button.click()
        assert conflicts.open_conflicts(project) == []
        assert dialog.items.count() == 0
        dialog.close()
        qtbot.waitUntil(lambda: not corner.conflicts_button.isVisibleTo(window), timeout=5000)

        # Studio ▸ What Others Changed…: bo's change, fetched in the background.
        features.changes_action.trigger()
        (changes,) = [d for d in corner.findChildren(ChangesDialog) if d.isVisible()]
        qtbot.waitUntil(lambda: changes.loaded, timeout=30000)
        whos = {changes.tree.topLevelItem(i).child(j).text(1)
                for i in range(changes.tree.topLevelItemCount())
                for j in range(changes.tree.topLevelItem(i).childCount())}
        assert whos == {studio.login("bo")}
        changes.close()

        # Closing the project lets go of the studio: no corner, the menu disabled.
        runner = features.runner
        window.close_project()
        assert features.runner is None and features.corner is None
        assert runner._closed and runner._watcher is None
        assert not any(a.isEnabled() for a in features.actions())
        QApplication.processEvents()
        assert _corners(window) == []
    finally:
        window.close()


def _other_line(project: OpenProject, line_id: str) -> str:
    """Another line of the same scene (the writer types there during the sync)."""
    scene_id, _line = _first_action(project)
    return next(e.id for e in project.elements(scene_id)
                if e.id != line_id and e.kind is ElementKind.ACTION)


def test_news_from_the_studio_is_pulled_into_the_open_window(qtbot, studio) -> None:  # noqa: ANN001
    studio.publish_sample()
    mine, theirs = studio.clone("amira"), studio.clone("bo")
    window = _window(qtbot, mine)
    features = window.features.studio
    try:
        runner = features.runner
        runner._idle.setInterval(200)
        qtbot.waitUntil(lambda: runner._watcher is not None and runner._watcher.listening.is_set(),
                        timeout=20000)
        with OpenProject.open(theirs, backup=False) as other:
            other.run(Update("episode", other.episodes()[0].id, {"title": "博的新集名"}))
            Studio(other).sync()
        project = window.project
        qtbot.waitUntil(lambda: project.episodes()[0].title == "博的新集名", timeout=30000)
        # the pull is a change like any other: the navigator shows the new title
        qtbot.waitUntil(lambda: "博的新集名" in window.tree_model.index(0, 0).data(
            Qt.ItemDataRole.DisplayRole), timeout=10000)
        qtbot.waitUntil(lambda: not runner.busy, timeout=30000)
        qtbot.waitUntil(lambda: features.corner.state.text().startswith("Synced "),
                        timeout=10000)
    finally:
        window.close()
