"""The studio's window pieces on a real server: the status bar corner shows what waits, Sync now
syncs without blocking, news from the studio shows as a badge and is pulled when the writer
pauses, conflicts are resolved in their list, and others' changes are listed by scene."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.core.enums import ElementKind
from app.features.studio import conflicts
from app.features.studio.sync import Studio
from app.project.commands import Update
from app.project.open_project import OpenProject
from ui.studio.runner import SyncRunner
from ui.studio.status import StudioStatus


def _first_line(project: OpenProject) -> str:
    scene = project.scenes()[0]
    return next(e.id for e in project.elements(scene.id) if e.kind is ElementKind.ACTION)


def test_sync_now_badge_conflicts_and_changes(qtbot, studio) -> None:  # noqa: ANN001
    studio.publish_sample()
    mine, theirs = studio.clone("amira"), studio.clone("bo")
    with OpenProject.open(theirs, backup=False) as other:
        other.run(Update("element", _first_line(other), {"text": "博先改了"}))
        Studio(other).sync()
    with OpenProject.open(mine, backup=False) as project:
        line = _first_line(project)
        project.run(Update("element", line, {"text": "阿米拉后改"}))
        runner = SyncRunner(Studio(project), idle_ms=200)
        host = QWidget()
        qtbot.addWidget(host)
        corner = StudioStatus(project, runner, host)
        try:
            assert corner.state.text() == "1 edit to send"
            assert not corner.conflicts_button.isVisibleTo(host)
            corner.sync_button.click()
            assert corner.state.text() == "Syncing…"
            qtbot.waitUntil(lambda: not runner.busy, timeout=30000)
            assert corner.state.text().startswith("Synced "), corner.state.text()
            assert corner.conflicts_button.text() == "1 conflict"

            dialog = corner.show_conflicts()
            qtbot.addWidget(dialog)
            assert dialog.items.count() == 1
            assert dialog.current.toPlainText() == "博先改了"
            assert dialog.other.toPlainText() == "阿米拉后改"
            dialog.take_button.click()
            assert dialog.items.count() == 0
            assert conflicts.open_conflicts(project) == []
            dialog.close()

            # News from the studio: a badge, then a pull once the writer pauses.
            runner.start_watching()
            qtbot.waitUntil(lambda: runner._watcher.listening.is_set(), timeout=20000)
            with OpenProject.open(theirs, backup=False) as other:
                other.run(Update("episode", other.episodes()[0].id, {"title": "博的新集名"}))
                Studio(other).sync()
            qtbot.waitUntil(lambda: project.episodes()[0].title == "博的新集名", timeout=30000)
            qtbot.waitUntil(lambda: not runner.busy, timeout=30000)
            assert runner.news == 0 and not corner.badge.isVisibleTo(host)

            changes = corner.show_changes()
            qtbot.addWidget(changes)
            qtbot.waitUntil(lambda: changes.loaded, timeout=30000)
            whos = {changes.tree.topLevelItem(i).child(j).text(1)
                    for i in range(changes.tree.topLevelItemCount())
                    for j in range(changes.tree.topLevelItem(i).childCount())}
            assert whos == {studio.login("bo")}
        finally:
            runner.shutdown()


def test_an_unreachable_studio_says_offline_and_keeps_the_edits(qtbot, studio) -> None:  # noqa: ANN001
    studio.publish_sample()
    mine = studio.clone("amira")
    with OpenProject.open(mine, backup=False) as project:
        project.run(Update("element", _first_line(project), {"text": "离线写的"}))
        runner = SyncRunner(Studio(project, password="wrong-password"))
        host = QWidget()
        qtbot.addWidget(host)
        corner = StudioStatus(project, runner, host)
        try:
            with qtbot.waitSignal(runner.failed, timeout=30000):
                runner.sync_now()
            assert corner.state.text() == "Offline: 1 edit waiting"
            assert "refused the login" in corner.state.toolTip()
            assert runner.status().pending == 1
        finally:
            runner.shutdown()
