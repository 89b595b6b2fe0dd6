"""Heritage approval in the window: badges on the board's heritage cards, and View ▸ Review
Summary… listing every heritage moment with its status, opening its card on double-click;
Approve, Request changes… and Reopen from the summary's buttons and the card's menu."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QContextMenuEvent, QInputMethodEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMenu

from app.core.enums import AnnotationTarget, BeatKind, Role
from app.features.heritage.linking import LinkHeritage
from app.features.notes import review, service
from app.features.notes.review import ApprovalStatus
from app.project.commands import CommandError, Update
from app.project.open_project import OpenProject
from app.store.profile import Profile, save_profile
from ui.notes.approval import APPROVAL_COLOURS, approval_label
from ui.window.main_window import MainWindow

PORCELAIN = {"id": "test-porcelain", "names": {"en": "Blue-and-white porcelain",
                                               "zh-Hans": "青花瓷烧制技艺"}}


def _window(qtbot, path: Path, role: Role = Role.WRITER) -> MainWindow:
    save_profile(Profile("Noura", role))
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


# -- Approve, Request changes…, Reopen ------------------------------------------------------


def _click_row(qtbot, summary, row: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    tree = summary.moments
    item = tree.topLevelItem(row)
    tree.scrollToItem(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, modifier,
                     tree.visualItemRect(item).center())


def _commit_text(widget, text: str) -> None:
    event = QInputMethodEvent()
    event.setCommitString(text)
    widget.inputMethodEvent(event)


def _beat_of(window: MainWindow, title: str) -> str:
    return next(b.id for b in _moments(window) if b.title == title)


def test_a_consultant_approves_asks_for_changes_and_reopens_from_the_summary(
    qtbot, sample_kiln: Path, tmp_path: Path
) -> None:
    window = _window(qtbot, sample_kiln, Role.CONSULTANT)
    project, board = window.project, window.board
    summary = window.features.show_review_summary()
    approve, request, reopen = (summary.approve_button, summary.request_button,
                                summary.reopen_button)
    assert [b.text() for b in (approve, request, reopen)] == [
        "Approve", "Request changes…", "Reopen"]
    for button in (approve, request, reopen):  # nothing selected yet
        assert not button.isEnabled()
        assert button.toolTip() == "Select one or more heritage moments first."

    first, second = (title for title, _status in summary.rows()[:2])
    _click_row(qtbot, summary, 0)
    assert approve.isEnabled() and request.isEnabled() and not reopen.isEnabled()
    assert "Nothing to reopen" in reopen.toolTip()
    qtbot.mouseClick(approve, Qt.MouseButton.LeftButton)
    assert summary.rows()[0] == (first, "Approved")  # at once, and still selected
    assert summary.selected()[0][1] is ApprovalStatus.APPROVED
    assert not approve.isEnabled() and "already approved" in approve.toolTip()
    assert reopen.isEnabled()
    assert "approved: 1 of 6" in summary.counts.text()
    assert window.undo_action.text() == "Undo Approve heritage moment"
    qtbot.waitUntil(lambda: board.view.cards[_beat_of(window, first)].approval.status
                    is ApprovalStatus.APPROVED)

    # Request changes…: a short reason, typed in any script, is the note's body.
    _click_row(qtbot, summary, 1)
    qtbot.mouseClick(request, Qt.MouseButton.LeftButton)
    dialog = summary.approval.reason_dialog
    assert dialog is not None and dialog.isVisible() and not dialog.ok.isEnabled()
    assert second in dialog.findChild(QLabel).text()
    reason = "钴料来自海路，不是驼队。"
    _commit_text(dialog.text, reason)
    assert dialog.ok.isEnabled()
    dialog.grab().save(str(tmp_path / "request_changes.png"))
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert summary.rows()[1] == (second, "Changes requested")
    (asked,) = [n for n in service.notes(project)
                if n.target_id == _beat_of(window, second) and n.kind.value == "approval"]
    assert (asked.body, asked.author, asked.role) == (reason, "Noura", Role.CONSULTANT)

    # Both selected: Reopen sends both back to pending in one undo step.
    _click_row(qtbot, summary, 0, Qt.KeyboardModifier.ControlModifier)
    assert len(summary.selected()) == 2
    qtbot.mouseClick(reopen, Qt.MouseButton.LeftButton)
    assert [s for _t, s in summary.rows()[:2]] == ["Pending", "Pending"]
    qtbot.waitUntil(lambda: board.view.cards[_beat_of(window, first)].approval.status
                    is ApprovalStatus.PENDING)
    summary.grab().save(str(tmp_path / "summary.png"))
    window.undo_action.trigger()
    assert [s for _t, s in summary.rows()[:2]] == ["Approved", "Changes requested"]
    qtbot.waitUntil(lambda: board.view.cards[_beat_of(window, first)].approval.status
                    is ApprovalStatus.APPROVED)

    # Persisted: the file, opened again, has the same.
    path = project.path
    window.close_project()
    with OpenProject.open(path, backup=False, role=Role.WRITER) as again:
        statuses = {m.title: m.status for m in review.heritage_moments(again)}
    assert (statuses[first], statuses[second]) == (ApprovalStatus.APPROVED,
                                                   ApprovalStatus.CHANGES_REQUESTED)


def test_a_writer_may_only_reopen(qtbot, sample_kiln: Path) -> None:
    window = _window(qtbot, sample_kiln, Role.WRITER)
    project = window.project
    beats = _moments(window)
    review.approve(project, AnnotationTarget.BEAT, beats[0].id, "Fine.", author="林")
    summary = window.features.show_review_summary()
    row = next(i for i, (title, _s) in enumerate(summary.rows()) if title == beats[0].title)
    _click_row(qtbot, summary, row)
    for button in (summary.approve_button, summary.request_button):
        assert not button.isEnabled()
        assert button.toolTip().startswith("Only a cultural consultant can approve")
    assert summary.reopen_button.isEnabled()
    qtbot.mouseClick(summary.reopen_button, Qt.MouseButton.LeftButton)
    assert summary.rows()[row] == (beats[0].title, "Pending")
    assert service.notes(project)[-1].role is Role.WRITER
    assert not summary.reopen_button.isEnabled()  # pending: nothing left to reopen
    # The service refuses what the buttons do not offer, whoever calls it.
    with pytest.raises(CommandError, match="Only a cultural consultant"):
        review.set_approval(project, (AnnotationTarget.BEAT, beats[1].id),
                            ApprovalStatus.APPROVED, author="Noura")
    # ... and the board's card menu shows the same, disabled with the same reason: for a card
    # that is a moment and links an entry, one submenu per moment.
    project.run(LinkHeritage("beat", beats[1].id, PORCELAIN))
    qtbot.waitUntil(lambda: len(window.board.data.approvals[beats[1].id].moments) == 2)
    menu = window.board.menu_for_card(beats[1].id)
    assert [a.text() for a in menu.actions()] == [
        f"{beats[1].title} — Unreviewed", "Blue-and-white porcelain — Unreviewed"]
    approve, request, reopen = menu.actions()[1].menu().actions()
    assert not approve.isEnabled() and "writer can reopen" in approve.toolTip()
    assert not reopen.isEnabled() and "Nothing to reopen" in reopen.toolTip()
    review.approve(project, AnnotationTarget.HERITAGE_ITEM, PORCELAIN["id"], "ok", author="林")
    qtbot.waitUntil(lambda: window.board.data.approvals[beats[1].id].moments[1][1]
                    is ApprovalStatus.APPROVED)
    reopen = window.board.menu_for_card(beats[1].id).actions()[1].menu().actions()[2]
    assert reopen.isEnabled()
    reopen.trigger()
    qtbot.waitUntil(lambda: window.board.data.approvals[beats[1].id].moments[1][1]
                    is ApprovalStatus.PENDING)


def _open_card_menu(qtbot, window: MainWindow, beat_id: str) -> QMenu:
    """Right-click a card the way the platform does: a context menu event on the viewport."""
    view = window.board.view
    view.set_zoom(1.0)
    card = view.cards[beat_id]
    view.centerOn(card)
    pos = view.mapFromScene(card.sceneBoundingRect().center())
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos,
                              view.viewport().mapToGlobal(pos))
    QApplication.sendEvent(view.viewport(), event)
    menu = window.board.card_menu
    assert menu is not None
    qtbot.waitUntil(menu.isVisible)
    assert view.selected_ids() == [beat_id]  # the right-click selected the card
    return menu


def _click_menu(qtbot, menu: QMenu, text: str) -> None:
    action = next(a for a in menu.actions() if a.text() == text)
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())


def test_the_card_menu_approves_in_consultant_mode_but_the_script_stays_read_only(
    qtbot, sample_kiln: Path, tmp_path: Path
) -> None:
    window = _window(qtbot, sample_kiln, Role.CONSULTANT)
    project, board = window.project, window.board
    assert project.role is Role.CONSULTANT and board.read_only
    first, second = _moments(window)[:2]
    plain = next(b for b in project.beats() if b.kind is not BeatKind.HERITAGE_MOMENT)

    menu = _open_card_menu(qtbot, window, first.id)
    assert [a.text() for a in menu.actions()] == ["Approve", "Request changes…", "Reopen"]
    assert [a.isEnabled() for a in menu.actions()] == [True, True, False]
    menu.grab().save(str(tmp_path / "card_menu.png"))
    board.grab().save(str(tmp_path / "board_menu_card.png"))
    _click_menu(qtbot, menu, "Approve")
    qtbot.waitUntil(lambda: board.view.cards[first.id].approval.status
                    is ApprovalStatus.APPROVED)
    assert board.view.cards[first.id].badges()[0] == (
        "Approved", APPROVAL_COLOURS[ApprovalStatus.APPROVED])

    menu = _open_card_menu(qtbot, window, second.id)
    _click_menu(qtbot, menu, "Request changes…")
    dialog = window.board.findChild(QDialog, "requestChangesDialog")
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible())
    _commit_text(dialog.text, "الزجاج ليس من عهد تشينغ")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: board.view.cards[second.id].approval.status
                    is ApprovalStatus.CHANGES_REQUESTED)
    assert window.undo_action.text() == "Undo Request changes to heritage moment"
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: board.view.cards[second.id].approval.status
                    is ApprovalStatus.UNREVIEWED)

    assert board.menu_for_card(plain.id) is None  # a plain card has no menu

    # The script stays read-only: typing into the editor changes nothing.
    scene_id = project.scenes()[0].id
    window.select_scene(scene_id)
    editor = window.editor
    before, lines = editor.toPlainText(), [e.text for e in project.elements(scene_id)]
    editor.setTextCursor(QTextCursor(editor.document().findBlockByNumber(1)))
    _commit_text(editor, "改")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    editor.flush()
    assert editor.toPlainText() == before
    assert [e.text for e in project.elements(scene_id)] == lines
