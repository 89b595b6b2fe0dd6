"""The approval ledger: an approval records the words it approved; changing those words (and only
those) sends the moment back to "needs review" with the changes, on the card, in the review
summary, in the consent cover and in the next review packet; the history is kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core.enums import AnnotationTarget, BeatKind, Role
from app.features.board.lanes import load_board
from app.features.heritage.linking import LinkHeritage
from app.features.notes import review
from app.features.notes.consent import consent_items
from app.features.notes.packets import build_packet, export_packet, import_packet
from app.features.notes.review import ApprovalStatus
from app.project.commands import Create, Delete, Update
from app.project.open_project import OpenProject

ENTRY = {"id": "test-ritual", "names": {"en": "A test ritual"},
         "access": {"level": "restricted", "note": "Ask the bearers."}}


@pytest.fixture
def project(sample_kiln: Path):
    with OpenProject.open(sample_kiln, backup=False, role=Role.CONSULTANT) as opened:
        yield opened


def _moment(project: OpenProject):  # noqa: ANN202
    beat = next(b for b in project.beats() if b.kind is BeatKind.HERITAGE_MOMENT
                and any(s.beat_id == b.id for s in project.scenes()))
    scene = next(s for s in project.scenes() if s.beat_id == beat.id)
    return beat, scene


def _status(project: OpenProject, target: tuple[str, str]) -> ApprovalStatus:
    return review.approval_statuses(project)[target]


def test_a_changed_word_sends_the_approval_back_to_review(project: OpenProject) -> None:
    # the card "一只回家" is played in a scene with a Persian line (..."عمل کردید")
    beat, scene, persian = next(
        (b, s, e) for b in project.beats() if b.kind is BeatKind.HERITAGE_MOMENT
        for s in project.scenes() if s.beat_id == b.id
        for e in project.elements(s.id) if "عمل" in e.text)
    target = ("beat", beat.id)
    review.set_approval(project, (AnnotationTarget.BEAT, beat.id), ApprovalStatus.APPROVED,
                        author="Noura")
    assert _status(project, target) is ApprovalStatus.APPROVED
    elsewhere = next(e for s in project.scenes() if s.beat_id != beat.id
                     for e in project.elements(s.id) if e.text)
    project.set_role(Role.WRITER)
    project.run(Update("element", elsewhere.id, {"text": elsewhere.text + "！"}))
    assert _status(project, target) is ApprovalStatus.APPROVED  # other words: no change
    old = persian.text
    project.run(Update("element", persian.id, {"text": old.replace("عمل", "وفا", 1)}))
    status, (change,) = review.approval_ledger(project)[target]
    assert status is ApprovalStatus.NEEDS_REVIEW
    assert (change.key, change.old, change.new) == (f"element:{persian.id}", old,
                                                    old.replace("عمل", "وفا", 1))
    assert change.line_id == persian.line_id and change.line_id
    assert ("delete", "عمل") in change.segments and ("insert", "وفا") in change.segments
    project.undo()  # the words are the approved ones again
    assert _status(project, target) is ApprovalStatus.APPROVED
    project.redo()
    # a new line in the moment's scene and a line taken out count too
    project.undo()
    project.run(Create("element", {"scene_id": scene.id, "kind": "action", "text": "新的动作。"}))
    (added,) = review.approval_ledger(project)[target][1]
    assert (added.old, added.new) == (None, "新的动作。")
    project.undo()
    project.run(Delete("element", persian.id))
    (gone,) = review.approval_ledger(project)[target][1]
    assert (gone.old, gone.new) == (old, None)
    project.undo()
    # the card's title is among the words approved
    project.run(Update("beat", beat.id, {"title": beat.title + "（改）"}))
    assert _status(project, target) is ApprovalStatus.NEEDS_REVIEW


def test_approving_again_records_the_new_words_and_keeps_the_history(project: OpenProject
                                                                     ) -> None:
    beat, scene = _moment(project)
    review.set_approval(project, (AnnotationTarget.BEAT, beat.id), ApprovalStatus.APPROVED,
                        author="Noura")
    line = project.elements(scene.id)[0]
    project.set_role(Role.WRITER)
    project.run(Update("element", line.id, {"text": "黄昏，作坊门口，雨停了。"}))
    project.set_role(Role.CONSULTANT)
    summary = review.review_summary(project)
    (stale,) = summary.needs_review
    assert stale.target_id == beat.id and stale.changes[0].new == "黄昏，作坊门口，雨停了。"
    assert review.approval_blocker(Role.CONSULTANT, [stale.status],
                                   ApprovalStatus.APPROVED) is None  # it can be approved again
    review.set_approval(project, (AnnotationTarget.BEAT, beat.id), ApprovalStatus.APPROVED,
                        author="Amira")
    assert _status(project, ("beat", beat.id)) is ApprovalStatus.APPROVED
    history = review.approval_history(project, AnnotationTarget.BEAT, beat.id)
    assert [h.author for h in history] == ["Noura", "Amira"]
    assert all(h.status.value == "accepted" for h in history)
    first, second = (dict(h.words) for h in history)
    assert first[f"element:{line.id}"] == line.text
    assert second[f"element:{line.id}"] == "黄昏，作坊门口，雨停了。"
    assert first[f"beat:{beat.id}:title"] == beat.title
    # the writer may reopen a moment needing review; nobody can set it by hand
    assert review.MAY_SET[ApprovalStatus.NEEDS_REVIEW] == frozenset()


def test_a_linked_entry_covers_the_lines_it_is_linked_to(project: OpenProject) -> None:
    scene = project.scenes()[2]
    first, second = project.elements(scene.id)[:2]
    project.set_role(Role.WRITER)
    project.run(LinkHeritage("element", first.id, ENTRY))
    project.set_role(Role.CONSULTANT)
    review.approve(project, AnnotationTarget.HERITAGE_ITEM, ENTRY["id"], "Agreed.",
                   author="Noura")
    (item,) = consent_items(project)
    assert not item.needs_approval
    project.set_role(Role.WRITER)
    project.run(Update("element", second.id, {"text": second.text + "……"}))
    assert not consent_items(project)[0].needs_approval  # not a linked line
    project.run(Update("element", first.id, {"text": first.text + "……"}))
    (item,) = consent_items(project)
    assert item.status is ApprovalStatus.NEEDS_REVIEW and item.needs_approval
    cards = load_board(project).approvals
    moments = [m for approval in cards.values() for m in approval.moments
               if m.target_id == ENTRY["id"]]
    assert moments and all(m.status is ApprovalStatus.NEEDS_REVIEW and m.changes
                           for m in moments)


def test_the_next_review_packet_says_what_needs_review(project: OpenProject, tmp_path: Path,
                                                       sample_kiln: Path) -> None:
    beat, scene = _moment(project)
    review.set_approval(project, (AnnotationTarget.BEAT, beat.id), ApprovalStatus.APPROVED,
                        author="Noura")
    packet = build_packet(project)
    (approval,) = [n for n in packet["notes"] if n["kind"] == "approval"]
    assert [k for k, _t in approval["approved_words"]][0] == f"beat:{beat.id}:title"
    assert packet["needs_review"] == []
    line = project.elements(scene.id)[0]
    project.set_role(Role.WRITER)
    project.run(Update("element", line.id, {"text": "黄昏。"}))
    packet = build_packet(project)
    (entry,) = packet["needs_review"]
    assert (entry["target_type"], entry["target_id"]) == ("beat", beat.id)
    assert entry["changes"][0]["old"] == line.text and entry["changes"][0]["new"] == "黄昏。"
    json.dumps(packet, ensure_ascii=False)


def test_a_claimed_approval_of_other_words_needs_review(project: OpenProject, tmp_path: Path,
                                                        sample_kiln: Path) -> None:
    beat, scene = _moment(project)
    review.set_approval(project, (AnnotationTarget.BEAT, beat.id), ApprovalStatus.APPROVED,
                        author="Noura")
    out = tmp_path / "review.json"
    export_packet(project, out)
    project.undo()  # this copy has no approval; the packet brings it as a claim
    project.set_role(Role.WRITER)
    import_packet(project, out)
    assert _status(project, ("beat", beat.id)) is ApprovalStatus.CLAIMED
    line = project.elements(scene.id)[0]
    project.run(Update("element", line.id, {"text": "黄昏。"}))
    assert _status(project, ("beat", beat.id)) is ApprovalStatus.NEEDS_REVIEW
