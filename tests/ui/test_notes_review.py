"""Heritage approval in the window: badges on the board's heritage cards, and View ▸ Review
Summary… listing every heritage moment with its status, opening its card on double-click."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from app.domain.enums import AnnotationTarget, BeatKind, Role
from app.heritage.linking import LinkHeritage
from app.notes import review, service
from app.notes.profile import Profile, save_profile
from app.notes.review import ApprovalStatus
from app.services.commands import Update
from ui.board.model import APPROVAL_COLOURS, approval_label
from ui.main_window import MainWindow

PORCELAIN = {"id": "test-porcelain", "names": {"en": "Blue-and-white porcelain",
                                               "zh-Hans": "青花瓷烧制技艺"}}


def _window(qtbot, path: Path) -> MainWindow:
    save_profile(Profile("Noura", Role.WRITER))
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1500, 950)
    assert window.open_project(path, backup=False)
    window.show()
    qtbot.waitExposed(window)
    return window


def _moments(window: MainWindow) -> list:
    return [b for b in window.project.beats() if b.kind is BeatKind.HERITAGE_MOMENT]


def test_heritage_cards_wear_their_approval_and_follow_the_consultant(
    qtbot, sample_kiln: Path, tmp_path: Path
) -> None:
    window = _window(qtbot, sample_kiln)
    project, board = window.project, window.board
    first, second, third = _moments(window)[:3]
    plain = next(b for b in project.beats() if b.kind is not BeatKind.HERITAGE_MOMENT)
    review.approve(project, AnnotationTarget.BEAT, first.id, "Accurate.", author="Noura")
    review.request_changes(project, AnnotationTarget.BEAT, second.id, "Cobalt came by sea.",
                           author="Noura")
    project.run(LinkHeritage("beat", plain.id, PORCELAIN))  # a plain card linking an entry
    qtbot.waitUntil(lambda: plain.id in board.data.approvals)

    cards = board.view.cards
    assert cards[first.id].badges()[0] == (approval_label(ApprovalStatus.APPROVED),
                                           APPROVAL_COLOURS[ApprovalStatus.APPROVED])
    assert cards[second.id].badges()[0][0] == "Changes requested"
    assert cards[third.id].badges()[0][0] == "Unreviewed"
    assert cards[plain.id].badges()[:2] == [
        ("Unreviewed", APPROVAL_COLOURS[ApprovalStatus.UNREVIEWED]), ("Heritage 1", "#1f5fa8")]
    assert "Blue-and-white porcelain: Unreviewed" in cards[plain.id].toolTip()
    assert not any(c.approval for c in cards.values()
                   if c.beat.kind is not BeatKind.HERITAGE_MOMENT and c.beat.id != plain.id)

    # The badge is painted: the card's foot shows the status colour.
    board.view.set_zoom(1.0)
    board.view.select([first.id])
    image = board.view.viewport().grab().toImage()
    origin = board.view.mapFromScene(cards[first.id].pos())
    ratio = image.devicePixelRatio()
    wanted = QColor(APPROVAL_COLOURS[ApprovalStatus.APPROVED])
    foot = [image.pixelColor(int((origin.x() + x) * ratio), int((origin.y() + 87) * ratio))
            for x in range(20, 40)]
    assert wanted in foot, [c.name() for c in foot]
    window.board.grab().save(str(tmp_path / "board.png"))

    # An approval that is undone, or a writer's answer, moves the badge along.
    project.undo()  # the link
    project.undo()  # the request for changes
    qtbot.waitUntil(lambda: board.view.cards[second.id].approval.status
                    is ApprovalStatus.UNREVIEWED)
    assert plain.id not in board.data.approvals
    note = review.request_changes(project, AnnotationTarget.BEAT, second.id, "Again?",
                                  author="Noura")
    service.resolve(project, note)
    qtbot.waitUntil(lambda: board.view.cards[second.id].approval.status
                    is ApprovalStatus.PENDING)


def test_the_review_summary_lists_every_moment_and_opens_its_card(
    qtbot, sample_kiln: Path
) -> None:
    window = _window(qtbot, sample_kiln)
    project = window.project
    moments = _moments(window)
    plain = next(b for b in project.beats() if b.kind is not BeatKind.HERITAGE_MOMENT)
    project.run(LinkHeritage("beat", plain.id, PORCELAIN))
    review.approve(project, AnnotationTarget.BEAT, moments[0].id, "Fine.", author="Noura")
    review.request_changes(project, AnnotationTarget.HERITAGE_ITEM, PORCELAIN["id"],
                           "The glaze is not Qing.", author="Noura")

    action = window.features.review_action
    assert action in window.view_menu.actions() and action.isEnabled()
    action.trigger()
    summary = window.features.review_summary
    assert summary is not None and summary.isVisible()
    rows = summary.rows()
    assert len(rows) == len(moments) + 1
    numbers = {e.id: e.number for e in project.episodes()}
    in_order = sorted(moments, key=lambda b: (numbers.get(b.episode_id or "", 10**6), b.title))
    assert [title for title, _status in rows[:-1]] == [b.title for b in in_order]
    assert dict(rows)[moments[0].title] == "Approved"
    assert rows[-1] == ("Blue-and-white porcelain", "Changes requested")
    assert "Heritage moments approved: 1 of 7." in summary.counts.text()
    assert "Notes: 7 open" in summary.counts.text()

    # It follows changes while open.
    review.approve(project, AnnotationTarget.BEAT, moments[1].id, "Fine too.", author="Noura")
    assert "approved: 2 of 7" in summary.counts.text()

    # Double-click: the card on the board (the entry's card for a library entry).
    tree = summary.moments
    for row, beat_id in ((len(rows) - 1, plain.id), (0, in_order[0].id)):
        item = tree.topLevelItem(row)
        tree.scrollToItem(item)
        point = tree.visualItemRect(item).center()
        qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=point)  # a press
        qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=point)  # then two
        assert window.board.view.selected_ids() == [beat_id]

    # A writer's edit of a card's title shows on the next look.
    project.run(Update("beat", moments[0].id, {"title": "石头里的蓝（改）"}))
    assert "石头里的蓝（改）" in [t for t, _s in summary.rows()]
    window.close_project()
    assert window.features.review_summary is None and not action.isEnabled()
