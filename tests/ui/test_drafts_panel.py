"""The Drafts panel and the compare view in the real main window: View ▸ Drafts, File ▸ Save
Draft…, open read only, compare (word-level highlights, Chinese and Arabic), restore, delete,
lock the scene numbers, what a consultant may not do; screenshots of the compare view and a
revision page."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest

from app.core.enums import Role
from app.features.drafts import store
from app.features.drafts.revision import is_locked
from app.formats.document.options import ExportOptions
from app.formats.registry import export
from app.project.commands import Create, Delete, Update
from app.project.open_project import OpenProject
from app.store.profile import Profile, save_profile
from tests.support.screenshots import screenshot_path
from ui.drafts.compare_view import CompareView
from ui.drafts.html import DELETED, INSERTED
from ui.drafts.panel import DraftsPanel
from ui.window.main_window import MainWindow

ARABIC_OLD = "هذا الإبريق من الخزف الأزرق القديم"
ARABIC_NEW = "هذا الإبريق من الخزف الأبيض القديم"


def _window(qtbot, path: Path, role: Role = Role.WRITER) -> MainWindow:  # noqa: ANN001
    save_profile(Profile("Lin", role))
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_project(path, backup=False)
    window.show()
    qtbot.waitExposed(window)
    return window


def _panel(window: MainWindow) -> DraftsPanel:
    drafts = window.features.drafts
    drafts.action.trigger()  # View ▸ Drafts
    assert drafts.panel is not None and drafts.panel.isVisible()
    return drafts.panel


def _edits(project) -> tuple[str, str]:  # noqa: ANN001
    """A word in a Chinese line and one in an Arabic line (the Arabic line made first)."""
    scenes = project.scenes()
    chinese = project.elements(scenes[0].id)[2]
    project.run(Update("element", chinese.id, {"text": "林青禾拿起青花瓷碗。"}))
    arabic = project.elements(scenes[1].id)[2]
    project.run(Update("element", arabic.id, {"text": ARABIC_OLD, "language": "ar"}))
    return chinese.id, arabic.id


def test_save_compare_open_restore_delete(qtbot, sample_kiln: Path, tmp_path: Path) -> None:  # noqa: ANN001
    window = _window(qtbot, sample_kiln)
    project = window.project
    chinese, arabic = _edits(project)
    panel = _panel(window)
    assert panel.save("Before", "before the edits") is not None
    assert panel.names() == ["Before"]
    project.run(Update("element", chinese, {"text": "林青禾放下青花瓷碗。"}))
    project.run(Update("element", arabic, {"text": ARABIC_NEW}))
    panel.select(["Before"])
    view = panel.compare_chosen()
    assert isinstance(view, CompareView) and view.isVisible()
    assert view.rows() == [("1-1", "changed"), ("1-2", "changed")]
    assert view.summary.text().startswith("0 added, 0 removed, 0 moved, 2 changed")
    view.tree.setCurrentItem(view.tree.topLevelItem(0).child(0))
    html = view.text.toHtml()
    assert "拿起" in html and "放下" in html and "line-through" in html and "underline" in html
    view.tree.setCurrentItem(view.tree.topLevelItem(0).child(1))
    shown = view.text.toPlainText()
    assert "الأزرق" in shown and "الأبيض" in shown
    report = view.export_to(tmp_path / "report", "json")
    assert report is not None and report.name == "report.json"
    data = json.loads(report.read_text(encoding="utf-8"))
    assert len(data["scenes"]["changed"]) == 2
    # open the draft read only: its words, not today's
    reader = panel.open_draft("Before")
    assert reader is not None and "林青禾拿起青花瓷碗。" in reader.text.toPlainText()
    assert "林青禾放下青花瓷碗。" not in reader.text.toPlainText()
    # restore as a new draft: one undo step
    saved = panel.restore("Before", "Before, again")
    assert saved is not None and panel.names() == ["Before", "Before, again"]
    assert project.elements(project.scenes()[0].id)[2].text == "林青禾拿起青花瓷碗。"
    assert project.history.undo_label == "Restore draft “Before”"
    window.undo_action.trigger()  # Edit ▸ Undo
    assert project.elements(project.scenes()[0].id)[2].text == "林青禾放下青花瓷碗。"
    assert panel.delete("Before, again")
    assert panel.names() == ["Before"]


def test_file_save_draft_asks_a_name_and_the_lock_follows_the_file(qtbot, sample_kiln: Path  # noqa: ANN001
                                                                  ) -> None:
    window = _window(qtbot, sample_kiln)
    dialog = window.features.drafts.ask_save()  # File ▸ Save Draft…
    assert dialog is not None and dialog.isVisible()
    ok = dialog.buttons.buttons()[0]
    assert not ok.isEnabled()
    dialog.name.setText("白稿")
    dialog.note.setText("交给剧组")
    dialog.accept()
    panel = window.features.drafts.panel
    assert panel is not None and panel.names() == ["白稿"]
    assert store.drafts(window.project)[0].note == "交给剧组"
    panel.lock.click()
    assert is_locked(window.project) and panel.lock.isChecked()
    window.project.undo()  # the lock is an edit: undo unlocks, and the panel follows
    qtbot.waitUntil(lambda: not panel.lock.isChecked())
    export(window.project, ExportOptions(format="pdf", issue=True), Path(window.project.path)
           .with_name("issued.pdf"))
    panel.refresh()
    assert panel.lock.isChecked() and len(panel.names()) == 2
    assert panel.list.topLevelItem(1).text(2).startswith("White")


def test_a_consultant_opens_and_compares_but_changes_no_draft(qtbot, sample_kiln: Path) -> None:  # noqa: ANN001
    window = _window(qtbot, sample_kiln)
    _panel(window).save("A")
    window.close()
    window = _window(qtbot, sample_kiln, Role.CONSULTANT)
    panel = _panel(window)
    panel.select(["A"])
    assert not panel.save_button.isEnabled() and not panel.restore_button.isEnabled()
    assert not panel.delete_button.isEnabled() and not panel.lock.isEnabled()
    assert panel.open_button.isEnabled() and panel.compare_button.isEnabled()
    assert "Only a writer" in panel.hint.text()


# -- screenshots ------------------------------------------------------------------------------


@pytest.mark.screenshot
@pytest.mark.parametrize("language", ["en", "zh_Hans", "ar"])
def test_screenshot_compare_view(qtbot, speak, sample_kiln: Path, language: str) -> None:  # noqa: ANN001
    speak(language)
    window = _window(qtbot, sample_kiln)
    project = window.project
    chinese, arabic = _edits(project)
    panel = _panel(window)
    panel.save("White")
    project.run(Update("element", chinese, {"text": "林青禾放下青花瓷碗。"}))
    project.run(Update("element", arabic, {"text": ARABIC_NEW}))
    scene = project.scenes()[2]
    project.run(Delete("element", project.elements(scene.id)[1].id))
    project.run(Create("scene", {"episode_id": scene.episode_id}, position=1))
    panel.select(["White"])
    view = panel.compare_chosen()
    assert view is not None
    view.resize(1100, 560)
    view.tree.setCurrentItem(view.tree.topLevelItem(0))  # the whole first episode
    qtbot.waitExposed(view)
    qtbot.wait(100)
    if language != "en":
        assert view.tree.headerItem().text(0) != "Scene"
    assert DELETED and INSERTED
    assert view.grab().save(str(screenshot_path(f"drafts-compare-{language}.png")))


@pytest.mark.screenshot
def test_screenshot_revision_page(sample_kiln: Path, tmp_path: Path) -> None:
    """A Blue revision page: `*` beside the changed lines, the colour and date at the head."""
    with OpenProject.open(sample_kiln, backup=False, role=Role.WRITER) as project:
        export(project, ExportOptions(format="pdf", issue=True, date=dt.date(2025, 3, 1)),
               tmp_path / "white.pdf")
        white = store.drafts(project)[0].name
        scene = project.scenes()[0]
        lines = project.elements(scene.id)
        project.run(Update("element", lines[2].id, {"text": lines[2].text.replace(
            "签名栏", "空白处")}))
        project.run(Delete("element", lines[4].id))
        project.run(Create("scene", {"episode_id": scene.episode_id}, position=2))
        added = next(s for s in project.scenes() if s.number == "1-2A")
        project.run(Create("element", {"scene_id": added.id, "kind": "action",
                                       "text": "作坊后院，雨停了。"}))
        project.run(Delete("scene", next(s for s in project.scenes() if s.number == "1-4").id))
        pdf = tmp_path / "blue.pdf"
        export(project, ExportOptions(format="pdf", revision=white, date=dt.date(2025, 3, 10),
                                      language="en"), pdf)
    out = screenshot_path("drafts-revision-page.png")
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "2", "-l", "2", "-singlefile",
                    str(pdf), str(out.with_suffix(""))], check=True)
    assert out.exists() and out.stat().st_size > 10_000
