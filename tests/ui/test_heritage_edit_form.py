"""The consultant's edit form, reached from the heritage panel: edits survive a newer seed,
invalid input names the field and saves nothing, new entries are found by search."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from app.features.heritage.library import Library
from tests.support.screenshots import screenshot_path
from ui.heritage.edit_form import HeritageEditForm
from ui.heritage.panel import HeritagePanel

FIXTURE = Path(__file__).parents[1] / "data" / "heritage"


@pytest.fixture
def seed(tmp_path: Path) -> Path:
    folder = tmp_path / "seed"
    shutil.copytree(FIXTURE, folder, ignore=shutil.ignore_patterns("*.py"))
    return folder


@pytest.fixture
def library(tmp_path: Path, seed: Path) -> Library:
    with Library.open(f"sqlite:///{tmp_path / 'lib.sqlite'}", seed=seed) as lib:
        yield lib


def _type(widget, text: str) -> None:
    """Type ``text`` (any script) as an input method commits it."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _ok(form: HeritageEditForm) -> None:
    form.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def _panel(qtbot, library: Library, query: str) -> HeritagePanel:
    panel = HeritagePanel(library)
    qtbot.addWidget(panel)
    panel.query.setText(query)
    return panel


def test_edit_from_the_panel_saves_and_survives_a_newer_seed(
    qtbot, library: Library, seed: Path, tmp_path: Path
) -> None:
    panel = _panel(qtbot, library, "kamancheh")
    assert panel.current_entry_id() == "unesco-01276-kamancheh"
    form = panel.edit_current()
    assert form is not None and form.isVisible()
    # Persian and Arabic fields are right-to-left, the others left-to-right
    assert form.names["fa"].layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert form.aliases["ar"].layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert form.names["en"].layoutDirection() == Qt.LayoutDirection.LeftToRight
    form.aliases["fa"].clear()
    _type(form.aliases["fa"], "کمانچه‌نوازی")
    form.names["en"].selectAll()
    _type(form.names["en"], "Kamancheh, crafting and playing")
    form.sensitivities.setRowCount(0)
    form.add_sensitivity({"kind": "naming", "text": "Do not show it as Arab.", "sources": []})
    form.access.setCurrentIndex(form.access.findData("consult"))
    form.review_status.setCurrentIndex(form.review_status.findData("reviewed"))
    form.reviewer.setText("Shirin")
    form.reviewed_at.setText("2025-03-01")
    assert form.grab().save(str(screenshot_path("edit-form-names-rtl.png")))
    with qtbot.waitSignal(panel.entry_saved) as saved:
        _ok(form)
    assert saved.args == ["unesco-01276-kamancheh"]
    assert not form.isVisible()
    entry = library.get("unesco-01276-kamancheh")
    assert entry["names"]["en"] == "Kamancheh, crafting and playing"
    assert entry["aliases"]["fa"] == ["کمانچه‌نوازی"]
    assert entry["review"] == {"status": "reviewed", "by": "Shirin", "at": "2025-03-01"}
    assert library.is_locally_edited("unesco-01276-kamancheh")
    assert "Kamancheh, crafting and playing" in panel.card.toHtml()

    # a newer seed changes that entry and another: the local edit is kept, the other updated
    path = next(p for p in seed.glob("*.json")
                if "unesco-01276-kamancheh" in p.read_text(encoding="utf-8"))
    data = json.loads(path.read_text(encoding="utf-8"))
    for item in data["entries"]:
        item["sensitivities"] = [{"kind": "other", "text": "Changed by the newer seed.",
                                  "sources": []}]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    library.close()
    with Library.open(f"sqlite:///{tmp_path / 'lib.sqlite'}", seed=seed) as reopened:
        kept = reopened.get("unesco-01276-kamancheh")
        assert kept["names"]["en"] == "Kamancheh, crafting and playing"
        assert kept["sensitivities"] == [
            {"kind": "naming", "text": "Do not show it as Arab.", "sources": []}]
        assert kept["access"]["level"] == "consult"
        others = [e for e in data["entries"] if e["id"] != "unesco-01276-kamancheh"]
        assert others and reopened.get(others[0]["id"])["sensitivities"][0]["text"] == \
            "Changed by the newer seed."


def test_invalid_input_names_the_field_and_saves_nothing(qtbot, library: Library) -> None:
    panel = _panel(qtbot, library, "青花")
    entry_id = panel.current_entry_id()
    before = library.get(entry_id)
    content = library.content_hash()
    form = panel.edit_current()
    form.names["en"].clear()
    form.sources.item(0, 0).setText("ihchina.cn/no-scheme")
    _ok(form)
    assert form.isVisible()  # still open: nothing saved
    problem = form.problem.text()
    assert "names.en must not be empty." in problem
    assert "sources[0].url is not in the expected form." in problem
    assert form.names["en"].styleSheet() and form.sources.styleSheet()
    assert form.tabs.currentIndex() == 0  # the Names tab, where the first problem is
    assert library.get(entry_id) == before and library.content_hash() == content
    form.inscriptions.setRowCount(0)
    form.add_inscription({"list": "representative", "year": None})
    form.inscriptions.item(0, 1).setText("twenty-nine")
    _ok(form)
    assert "inscriptions[0].year must be a year" in form.problem.text()
    assert library.content_hash() == content
    form.reject()


def test_new_entry_is_saved_and_found(qtbot, library: Library) -> None:
    panel = _panel(qtbot, library, "")
    form = panel.new_entry()
    assert not form.entry_id.isReadOnly()
    form.entry_id.setText("cn-longquan-celadon")
    _type(form.names["zh-Hans"], "龙泉青瓷传统烧制技艺")
    form.names["en"].setText("Traditional firing technology of Longquan celadon")
    _type(form.names["ar"], "تقنية حرق خزف لونغتشيوان")
    form.domains["traditional_craftsmanship"].setChecked(True)
    form.countries.setText("cn")
    form.description_en.setPlainText("Celadon from Longquan, Zhejiang.")
    form.description_zh.setPlainText("浙江龙泉的青瓷。")
    form.sources.item(0, 0).setText("https://ich.unesco.org/en/RL/00205")
    form.sources.item(0, 1).setText("UNESCO: Longquan celadon")
    form.sources.item(0, 2).setText("2025-02-01")
    form.add_inscription({"list": "representative", "year": 2009})
    form.tabs.setCurrentIndex(1)
    assert form.grab().save(str(screenshot_path("edit-form-facts-en.png")))
    _ok(form)
    assert not form.isVisible(), form.problem.text()
    entry = library.get("cn-longquan-celadon")
    assert entry["countries"] == ["CN"]
    assert entry["names"]["ar"] == "تقنية حرق خزف لونغتشيوان"
    assert entry["inscriptions"] == [{"list": "representative", "year": 2009}]
    assert panel.current_entry_id() == "cn-longquan-celadon"
    assert library.search("龙泉")[0].entry_id == "cn-longquan-celadon"
    # the same id again is refused with the field named
    again = panel.new_entry()
    again.entry_id.setText("cn-longquan-celadon")
    again.names["zh-Hans"].setText("重复")
    again.names["en"].setText("Duplicate")
    _ok(again)
    assert "already in the library" in again.problem.text()
    assert again.entry_id.styleSheet()
    again.reject()
