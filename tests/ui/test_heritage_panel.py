"""The heritage panel on its own: search, filters, the entry card and linking to a scene."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.features.heritage.library import Library
from app.features.heritage.linking import linked_entries, snapshots
from app.project.open_project import OpenProject
from ui.heritage.panel import ID_ROLE, HeritagePanel

FIXTURE = Path(__file__).parents[1] / "data" / "heritage"


@pytest.fixture
def library(tmp_path: Path) -> Library:
    with Library.open(f"sqlite:///{tmp_path / 'lib.sqlite'}", seed=FIXTURE) as lib:
        yield lib


def result_ids(panel: HeritagePanel) -> list[str]:
    model = panel.model
    return [model.index(row).data(ID_ROLE) for row in range(model.rowCount())]


def test_typing_searches_and_shows_the_card(qtbot, library: Library) -> None:
    panel = HeritagePanel(library)
    qtbot.addWidget(panel)
    panel.query.setText("青花")
    assert result_ids(panel)[0] == "cn-qinghua-porcelain"
    assert "青花瓷烧制技艺" in panel.model.index(0).data(Qt.ItemDataRole.DisplayRole)
    html = panel.card.toHtml()
    assert "Blue-and-white porcelain firing" in html
    assert "ihchina.cn" in html  # the source, as a link
    panel.query.clear()
    qtbot.keyClicks(panel.query, "porcelain")
    assert set(result_ids(panel)) == {"cn-qinghua-porcelain", "cn-jingdezhen-handmade-porcelain"}


def test_card_sets_arabic_and_persian_right_to_left(qtbot, library: Library) -> None:
    panel = HeritagePanel(library)
    qtbot.addWidget(panel)
    panel.query.setText("کمانچه")
    assert result_ids(panel) == ["unesco-01276-kamancheh"]
    document = panel.card.document()
    directions = {}
    block = document.begin()
    while block.isValid():
        directions[block.text()] = block.blockFormat().layoutDirection()
        block = block.next()
    assert directions["هنر ساخت و نواختن کمانچه"] == Qt.LayoutDirection.RightToLeft
    assert directions["Art of crafting and playing Kamancheh"] != Qt.LayoutDirection.RightToLeft


def test_filters_narrow_the_results(qtbot, library: Library) -> None:
    panel = HeritagePanel(library)
    qtbot.addWidget(panel)
    panel.inscription_list.setCurrentIndex(panel.inscription_list.findData("masterpiece"))
    assert result_ids(panel) == ["unesco-00081-kunqu"]
    panel.inscription_list.setCurrentIndex(0)
    panel.country.setCurrentIndex(panel.country.findData("IR"))
    assert set(result_ids(panel)) == {"unesco-01161-nowruz", "unesco-01276-kamancheh"}
    panel.year_from.setValue(2010)
    assert result_ids(panel) == ["unesco-01276-kamancheh"]


def test_link_to_selected_scene_is_undoable(qtbot, library: Library, sample_kiln: Path) -> None:
    with OpenProject.open(sample_kiln, backup=False) as project:
        panel = HeritagePanel(library, project)
        qtbot.addWidget(panel)
        panel.query.setText("景德镇")
        assert not panel.link_button.isEnabled()  # no scene selected yet
        scene = project.scenes()[0]
        panel.set_scene(scene.id)
        assert panel.link_button.isEnabled()
        with qtbot.waitSignal(panel.linked) as signal:
            qtbot.mouseClick(panel.link_button, Qt.MouseButton.LeftButton)
        assert signal.args == ["cn-jingdezhen-handmade-porcelain"]
        assert linked_entries(project) == [("scene", scene.id, "cn-jingdezhen-handmade-porcelain")]
        assert "cn-jingdezhen-handmade-porcelain" in snapshots(project)
        qtbot.mouseClick(panel.link_button, Qt.MouseButton.LeftButton)  # twice: refused politely
        assert "already linked" in panel.status.text()
        project.undo()
        assert linked_entries(project) == []
