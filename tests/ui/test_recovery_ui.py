"""The window offers the newest good backup of a damaged project, and asks what to do when the
open project was changed on disk by another program; nothing is lost either way."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app.project.commands import Update
from app.project.errors import ProjectChangedOnDisk
from app.project.open_project import OpenProject
from tests.support.screenshots import screenshot_path
from ui.window import disk_change
from ui.window.disk_change import DiskChangeDialog
from ui.window.main_window import MainWindow
from ui.window.recovery_dialog import RecoveryDialog


def _top(kind: type) -> object | None:
    return next((w for w in QApplication.topLevelWidgets()
                 if isinstance(w, kind) and w.isVisible()), None)


@pytest.fixture
def window(qtbot) -> MainWindow:
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    return win


def test_a_damaged_project_offers_its_backup(qtbot, window: MainWindow, mini_kiln: Path) -> None:
    with OpenProject.open(mini_kiln) as project:  # opening backs it up
        project.run(Update("episode", project.episodes()[0].id, {"title": "before damage"}))
    from app.store import backup  # the test sets the scene; the window never imports the store

    backup.make_backup(mini_kiln)
    data = mini_kiln.read_bytes()
    mini_kiln.write_bytes(data[: len(data) // 2])
    damaged = hashlib.sha256(mini_kiln.read_bytes()).hexdigest()
    assert window.open_project(mini_kiln) is False
    qtbot.waitUntil(lambda: _top(RecoveryDialog) is not None)
    box = _top(RecoveryDialog)
    assert "mini.kiln is damaged" in box.text() and "Open the backup from" in box.text()
    assert box.target.name in box.text()
    assert box.grab().save(str(screenshot_path("recovery-dialog.png")))
    box.open_button.click()
    qtbot.waitUntil(lambda: window.project is not None)
    assert window.project.path == box.target and box.target.parent == mini_kiln.parent
    assert window.project.episodes()[0].title == "before damage"
    assert hashlib.sha256(mini_kiln.read_bytes()).hexdigest() == damaged


def test_a_project_changed_by_another_program_can_be_opened_as_it_is(
    qtbot, window: MainWindow, mini_kiln: Path
) -> None:
    import sqlite3

    with OpenProject.open(mini_kiln) as project:  # closing after an edit seals it
        project.run(Update("episode", project.episodes()[0].id, {"title": "sealed"}))
    conn = sqlite3.connect(mini_kiln)
    conn.execute("UPDATE episode SET title = 'from a studio tool' WHERE number = 1")
    conn.commit()
    conn.close()
    assert window.open_project(mini_kiln) is False
    qtbot.waitUntil(lambda: _top(RecoveryDialog) is not None)
    box = _top(RecoveryDialog)
    assert box.as_is_button is not None and box.as_is_button.isVisible()
    box.as_is_button.click()
    qtbot.waitUntil(lambda: window.project is not None)
    assert window.project.path == mini_kiln
    assert window.project.episodes()[0].title == "from a studio tool"


def test_real_damage_offers_no_open_as_it_is(qtbot, window: MainWindow, mini_kiln: Path) -> None:
    from app.store import backup

    with OpenProject.open(mini_kiln):
        pass
    backup.make_backup(mini_kiln)
    data = mini_kiln.read_bytes()
    mini_kiln.write_bytes(data[: len(data) // 2])
    assert window.open_project(mini_kiln) is False
    qtbot.waitUntil(lambda: _top(RecoveryDialog) is not None)
    box = _top(RecoveryDialog)
    assert box.as_is_button is None and box.open_button is not None
    box.reject()


def _replace_by_rename(path: Path) -> None:
    """A sync tool delivers another Kiln's save of the project and renames it over the file."""
    theirs = path.with_name(".sync-" + path.name)
    shutil.copy(path, theirs)
    with OpenProject.open(theirs, backup=False) as other:
        other.run(Update("episode", other.episodes()[1].id, {"title": "theirs"}))
    os.replace(theirs, path)


def _refused_edit(window: MainWindow) -> None:
    episode = window.project.episodes()[0]
    with pytest.raises(ProjectChangedOnDisk):
        window.project.run(Update("episode", episode.id, {"title": "mine"}))


def test_changed_on_disk_then_reload(qtbot, window: MainWindow, mini_kiln: Path,
                                     monkeypatch) -> None:
    from ui import dialogs

    errors: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: errors.append(text))
    assert window.open_project(mini_kiln, backup=False)
    _replace_by_rename(mini_kiln)
    _refused_edit(window)
    qtbot.waitUntil(lambda: _top(DiskChangeDialog) is not None)
    box = _top(DiskChangeDialog)
    assert "changed by another program" in box.text()
    assert box.grab().save(str(screenshot_path("disk-change-dialog.png")))
    box.reload_button.click()
    qtbot.waitUntil(lambda: window.project is not None or bool(errors))
    assert not errors
    assert [e.title for e in window.project.episodes()][1] == "theirs"
    window.project.run(Update("episode", window.project.episodes()[0].id, {"title": "later"}))


def test_changed_on_disk_then_save_a_copy(qtbot, window: MainWindow, mini_kiln: Path,
                                          tmp_path: Path, monkeypatch) -> None:
    copy = tmp_path / "mine.kiln"
    monkeypatch.setattr(disk_change, "ask_copy_path", lambda parent, project: copy)
    assert window.open_project(mini_kiln, backup=False)
    _replace_by_rename(mini_kiln)
    theirs = hashlib.sha256(mini_kiln.read_bytes()).hexdigest()
    _refused_edit(window)
    qtbot.waitUntil(lambda: _top(DiskChangeDialog) is not None)
    _top(DiskChangeDialog).copy_button.click()
    qtbot.waitUntil(lambda: window.project is not None and window.project.path == copy)
    assert window.project.episodes()[0].title == "mine"  # the refused edit, made in the copy
    assert hashlib.sha256(mini_kiln.read_bytes()).hexdigest() == theirs


def test_typing_after_the_file_changed_on_disk_asks_and_loses_nothing(
    qtbot, window: MainWindow, mini_kiln: Path, tmp_path: Path, monkeypatch
) -> None:
    """The typing save is refused quietly (no traceback from the save timer); the window asks;
    saving a copy keeps the typed words."""
    from PySide6.QtGui import QInputMethodEvent, QTextCursor

    copy = tmp_path / "mine.kiln"
    monkeypatch.setattr(disk_change, "ask_copy_path", lambda parent, project: copy)
    assert window.open_project(mini_kiln, backup=False)
    scene = window.project.scenes()[0]
    window.select_scene(scene.id)
    _replace_by_rename(mini_kiln)
    block = window.editor.document().lastBlock()
    cursor = QTextCursor(block)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    window.editor.setTextCursor(cursor)
    window.editor.setFocus()
    event = QInputMethodEvent()
    event.setCommitString("青花瓷")
    QApplication.sendEvent(window.editor, event)
    qtbot.waitUntil(lambda: _top(DiskChangeDialog) is not None, timeout=5000)
    assert "青花瓷" in window.editor.document().lastBlock().text()  # still on screen
    box = _top(DiskChangeDialog)
    box.copy_button.click()
    qtbot.waitUntil(lambda: window.project is not None and window.project.path == copy)
    texts = [e.text for s in window.project.scenes() for e in window.project.elements(s.id)]
    assert any("青花瓷" in t for t in texts)
