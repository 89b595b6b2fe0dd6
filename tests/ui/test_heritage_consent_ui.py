"""The consent/access flag in the window: the review summary's badge and the term tooltip."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QColor

from app.core.enums import AnnotationTarget, Role
from app.features.heritage.linking import LinkHeritage
from app.features.notes import review
from app.store.profile import Profile, save_profile
from tests.support.screenshots import screenshot_path
from ui.editor.heritage_marks import entry_tooltip
from ui.notes.review_summary import ReviewSummary
from ui.window.main_window import MainWindow

RITUAL = {
    "id": "test-ritual",
    "names": {"en": "Boat-burning rite", "zh-Hans": "送王船"},
    "unesco_domains": ["social_practices"],
    "description": {"en": "A coastal rite.", "zh-Hans": "沿海仪式。"},
    "access": {"level": "restricted", "note": "Do not depict the burning without the temple's "
                                              "approval."},
}
CRAFT = {"id": "test-craft", "names": {"en": "Kiln craft", "zh-Hans": "窑艺"},
         "access": {"level": "consult", "note": "Ask the workshop first."}}


def test_a_restricted_term_says_so_in_its_tooltip() -> None:
    tip = entry_tooltip(RITUAL)
    assert tip.splitlines()[0] == "Boat-burning rite"
    assert tip.splitlines()[-1] == ("⚠ Restricted: needs the bearers' approval — Do not depict "
                                    "the burning without the temple's approval.")
    assert "⚠" not in entry_tooltip({"id": "x", "names": {"en": "Open craft"}})


@pytest.mark.screenshot
def test_the_review_summary_badges_restricted_and_consult_entries(
    qtbot, sample_kiln: Path
) -> None:
    save_profile(Profile("Noura", Role.WRITER))
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_project(sample_kiln, backup=False)
    project = window.project
    beat = project.beats()[0]
    project.run(LinkHeritage("beat", beat.id, RITUAL))
    project.run(LinkHeritage("beat", beat.id, CRAFT))
    summary = ReviewSummary(window.build_workspace().bridge)
    qtbot.addWidget(summary)
    summary.resize(900, 420)
    summary.show()
    qtbot.waitExposed(summary)
    items = {summary.moments.topLevelItem(i).text(0): summary.moments.topLevelItem(i)
             for i in range(summary.moments.topLevelItemCount())}
    ritual, craft = items["Boat-burning rite"], items["Kiln craft"]
    assert ritual.text(1).endswith("· ⚠ Restricted")
    assert "<p>Do not depict the burning" in ritual.toolTip(0)  # shown as plain text
    assert ritual.foreground(1).color() == QColor("#c0392b")  # not yet approved
    assert craft.text(1).endswith("· ⚠ Consult")
    assert summary.grab().save(str(screenshot_path("heritage-consent.png")))

    review.approve(project, AnnotationTarget.HERITAGE_ITEM, "test-ritual", "Agreed.",
                   author="Noura")
    summary.refresh()
    items = {summary.moments.topLevelItem(i).text(0): summary.moments.topLevelItem(i)
             for i in range(summary.moments.topLevelItemCount())}
    assert items["Boat-burning rite"].text(1).endswith("· ⚠ Restricted")
    assert items["Boat-burning rite"].foreground(1).color() != QColor("#c0392b")
