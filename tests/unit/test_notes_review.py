"""Heritage approval read in one query, the card's least advanced status, named library moments,
and notes reloaded by id (what the window's views use to follow changes)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.core.enums import AnnotationKind, AnnotationStatus, AnnotationTarget, BeatKind, Role
from app.features.heritage.linking import LinkHeritage
from app.features.notes import review, service
from app.features.notes.review import ApprovalStatus
from app.project.commands import CommandError, Delete, Update
from app.project.open_project import OpenProject


@pytest.fixture
def project(sample_kiln: Path):
    with OpenProject.open(sample_kiln, backup=False, role=Role.WRITER) as opened:
        yield opened


def test_approval_statuses_agree_with_the_latest_approval_note(project: OpenProject) -> None:
    beats = [b for b in project.beats() if b.kind is BeatKind.HERITAGE_MOMENT]
    a, b, c = beats[:3]
    review.approve(project, AnnotationTarget.BEAT, a.id, "Yes.", author="Noura")
    first = review.request_changes(project, AnnotationTarget.BEAT, b.id, "No.", author="Noura")
    service.resolve(project, first)  # the writer answered: the consultant should look again
    review.request_changes(project, AnnotationTarget.BEAT, c.id, "No.", author="Noura")
    review.approve(project, AnnotationTarget.BEAT, c.id, "Now yes.", author="Noura")
    statuses = review.approval_statuses(project)
    assert statuses == {
        ("beat", a.id): ApprovalStatus.APPROVED,
        ("beat", b.id): ApprovalStatus.PENDING,
        ("beat", c.id): ApprovalStatus.APPROVED,
    }
    records = service.notes(project)
    for beat in beats:
        assert statuses.get(("beat", beat.id), ApprovalStatus.UNREVIEWED) == (
            review.approval_status(records, "beat", beat.id))
    service.reopen(project, first)
    assert review.approval_statuses(project)[("beat", b.id)] is (
        ApprovalStatus.CHANGES_REQUESTED)


def test_the_least_advanced_status_speaks_for_a_card() -> None:
    s = ApprovalStatus
    assert review.least_advanced([]) is None
    assert review.least_advanced([s.APPROVED, s.PENDING]) is s.PENDING
    assert review.least_advanced([s.PENDING, s.UNREVIEWED, s.APPROVED]) is s.UNREVIEWED
    assert review.least_advanced([s.UNREVIEWED, s.CHANGES_REQUESTED]) is s.CHANGES_REQUESTED


def test_linked_entries_are_moments_named_from_their_snapshot(project: OpenProject) -> None:
    scene = project.scenes()[0]
    entry = {"id": "test-kesi", "names": {"en": "Kesi silk tapestry", "zh-Hans": "缂丝"}}
    project.run(LinkHeritage("scene", scene.id, entry))
    review.approve(project, AnnotationTarget.HERITAGE_ITEM, "test-kesi", "ok", author="Noura")
    (moment,) = [m for m in review.heritage_moments(project)
                 if m.target_type is AnnotationTarget.HERITAGE_ITEM]
    assert (moment.target_id, moment.title, moment.status) == (
        "test-kesi", "Kesi silk tapestry", ApprovalStatus.APPROVED)
    summary = review.review_summary(project)
    assert summary.approved == 1
    assert len(summary.moments) == 1 + sum(
        1 for b in project.beats() if b.kind is BeatKind.HERITAGE_MOMENT)


def test_notes_by_id_reads_the_same_notes_as_the_whole_list(project: OpenProject) -> None:
    everything = {n.id: n for n in service.notes(project)}
    scene = project.scenes()[1]
    added = service.add_note(project, AnnotationTarget.SCENE, scene.id, "Night?", author="W")
    service.reply(project, added, "Yes, night.", author="Noura", role=Role.CONSULTANT)
    some = list(everything)[:3] + [added, "no-such-note"]
    found = service.notes_by_id(project, some)
    assert found["no-such-note"] is None
    for note_id in list(everything)[:3]:
        assert found[note_id] == everything[note_id]
    assert found[added].episode_id == scene.episode_id
    assert [r.body for r in found[added].replies] == ["Yes, night."]
    assert found[added] == service.note(project, added)
    project.run(Delete("annotation", added))
    assert service.notes_by_id(project, [added]) == {added: None}
    assert all(n.status in AnnotationStatus for n in found.values() if n is not None)


# -- set_approval: Approve, Request changes…, Reopen ----------------------------------------


def _heritage_beats(project: OpenProject) -> list:
    return [b for b in project.beats() if b.kind is BeatKind.HERITAGE_MOMENT]


def _approval_rows(path: Path) -> list[tuple[str, str, str, str, str]]:
    """(target type, target id, status, role, body) of every approval note, read from disk."""
    with sqlite3.connect(path) as db:
        return sorted(db.execute(
            "SELECT target_type, target_id, status, role, body FROM annotation "
            "WHERE kind = 'approval'"))


def test_a_consultant_approves_requests_changes_and_reopens_one_undo_step_each(
    sample_kiln: Path,
) -> None:
    with OpenProject.open(sample_kiln, backup=False, role=Role.CONSULTANT) as p:
        a, b = (AnnotationTarget.BEAT, _heritage_beats(p)[0].id), (
            AnnotationTarget.BEAT, _heritage_beats(p)[1].id)
        before = service.notes(p)
        asked = review.set_approval(p, b, ApprovalStatus.CHANGES_REQUESTED, author="Noura",
                                    reason="  Cobalt came by sea, not by camel.  ")
        assert review.approval_statuses(p)[("beat", b[1])] is ApprovalStatus.CHANGES_REQUESTED
        (note,) = [n for n in service.notes(p) if n.id == asked[0]]
        assert (note.body, note.role, note.author, note.kind, note.status) == (
            "Cobalt came by sea, not by camel.", Role.CONSULTANT, "Noura",
            AnnotationKind.APPROVAL, AnnotationStatus.OPEN)

        # Approving both at once: one step; the open request is settled (accepted), so no
        # stale request stays in the open count.
        added = review.set_approval(p, [a, b], ApprovalStatus.APPROVED, author="Noura")
        assert len(added) == 2 and p.history.undo_label == "Approve 2 heritage moments"
        statuses = review.approval_statuses(p)
        assert statuses[("beat", a[1])] is statuses[("beat", b[1])] is ApprovalStatus.APPROVED
        assert service.note(p, asked[0]).status is AnnotationStatus.ACCEPTED
        assert service.note(p, added[0]).body == "Approved."
        assert review.review_summary(p).by_status[AnnotationStatus.OPEN] == sum(
            1 for n in before if n.status is AnnotationStatus.OPEN)

        # Reopen: back to pending, for the consultant to look at again.
        review.set_approval(p, a, ApprovalStatus.PENDING, author="Noura")
        assert review.approval_statuses(p)[("beat", a[1])] is ApprovalStatus.PENDING
        assert p.history.undo_label == "Reopen heritage moment"

        p.undo()  # the reopening
        assert review.approval_statuses(p)[("beat", a[1])] is ApprovalStatus.APPROVED
        p.undo()  # both approvals, and the settled request, in one step
        assert review.approval_statuses(p) == {("beat", b[1]): ApprovalStatus.CHANGES_REQUESTED}
        assert service.note(p, asked[0]).status is AnnotationStatus.OPEN
        p.redo()
        assert review.approval_statuses(p)[("beat", b[1])] is ApprovalStatus.APPROVED
    # Persisted: another opening (as a writer) reads the same.
    rows = _approval_rows(sample_kiln)
    assert [(r[1], r[2], r[4]) for r in rows if r[1] == a[1]] == [(a[1], "accepted", "Approved.")]
    with OpenProject.open(sample_kiln, backup=False, role=Role.WRITER) as p:
        statuses = review.approval_statuses(p)
        assert statuses[("beat", a[1])] is statuses[("beat", b[1])] is ApprovalStatus.APPROVED


def test_a_writer_may_reopen_but_never_approve_nor_request_changes(sample_kiln: Path) -> None:
    with OpenProject.open(sample_kiln, backup=False, role=Role.CONSULTANT) as p:
        beats = _heritage_beats(p)
        review.set_approval(p, (AnnotationTarget.BEAT, beats[0].id), ApprovalStatus.APPROVED,
                            author="Noura")
        asked = review.set_approval(p, (AnnotationTarget.BEAT, beats[1].id),
                                    ApprovalStatus.CHANGES_REQUESTED, author="Noura",
                                    reason="Wrong dynasty.")[0]
    before = _approval_rows(sample_kiln)
    with OpenProject.open(sample_kiln, backup=False, role=Role.WRITER) as p:
        target = (AnnotationTarget.BEAT, beats[2].id)
        with pytest.raises(CommandError, match="Only a cultural consultant can approve"):
            review.set_approval(p, target, ApprovalStatus.APPROVED, author="Lin")
        with pytest.raises(CommandError, match="Only a cultural consultant"):
            review.set_approval(p, target, ApprovalStatus.CHANGES_REQUESTED, author="Lin",
                                reason="x")
        assert _approval_rows(sample_kiln) == before and p.history.undo_label is None

        # The writer changed both moments: both go back to the consultant (pending); the
        # request for changes counts as acted on.
        added = review.set_approval(
            p, [(AnnotationTarget.BEAT, beats[0].id), (AnnotationTarget.BEAT, beats[1].id),
                (AnnotationTarget.BEAT, beats[2].id)],  # unreviewed: nothing to reopen, skipped
            ApprovalStatus.PENDING, author="Lin", reason="Rewrote the kiln scene.")
        assert len(added) == 2
        statuses = review.approval_statuses(p)
        assert statuses[("beat", beats[0].id)] is ApprovalStatus.PENDING
        assert statuses[("beat", beats[1].id)] is ApprovalStatus.PENDING
        assert ("beat", beats[2].id) not in statuses
        assert service.note(p, asked).status is AnnotationStatus.RESOLVED
        assert {service.note(p, n).role for n in added} == {Role.WRITER}
        with pytest.raises(CommandError, match="Nothing to reopen"):
            review.set_approval(p, (AnnotationTarget.BEAT, beats[0].id), ApprovalStatus.PENDING,
                                author="Lin")
    with OpenProject.open(sample_kiln, backup=False, role=Role.TRANSLATOR) as p:
        with pytest.raises(CommandError, match="translator cannot reopen"):
            review.set_approval(p, (AnnotationTarget.BEAT, beats[0].id),
                                ApprovalStatus.PENDING, author="Ana")


def test_who_may_do_what_and_why_not() -> None:
    s = ApprovalStatus
    assert review.approval_refusal(Role.CONSULTANT, s.APPROVED) is None
    assert review.approval_refusal(Role.CONSULTANT, s.PENDING) is None
    assert review.approval_refusal(Role.WRITER, s.PENDING) is None
    assert "a writer can reopen" in review.approval_refusal(Role.WRITER, s.APPROVED)
    assert "Edit ▸ Profile…" in review.approval_refusal(Role.TRANSLATOR, s.CHANGES_REQUESTED)
    assert "unreviewed" in review.approval_refusal(Role.CONSULTANT, s.UNREVIEWED)
    blocker = review.approval_blocker
    assert "Select one or more" in blocker(Role.CONSULTANT, [], s.APPROVED)
    assert "already approved" in blocker(Role.CONSULTANT, [s.APPROVED], s.APPROVED)
    assert blocker(Role.CONSULTANT, [s.APPROVED, s.PENDING], s.APPROVED) is None
    assert "Nothing to reopen" in blocker(Role.WRITER, [s.PENDING, s.UNREVIEWED], s.PENDING)
    assert blocker(Role.WRITER, [s.PENDING, s.CHANGES_REQUESTED], s.PENDING) is None
    assert blocker(Role.CONSULTANT, [s.APPROVED], s.CHANGES_REQUESTED) is None


def test_bad_approvals_are_refused_whole_and_leave_the_file_alone(sample_kiln: Path) -> None:
    with OpenProject.open(sample_kiln, backup=False, role=Role.CONSULTANT) as p:
        beats = _heritage_beats(p)
        plain = next(b for b in p.beats() if b.kind is not BeatKind.HERITAGE_MOMENT)
        good = (AnnotationTarget.BEAT, beats[0].id)
        with pytest.raises(CommandError, match="Say briefly what should change"):
            review.set_approval(p, good, ApprovalStatus.CHANGES_REQUESTED, author="N",
                                reason="   ")
        with pytest.raises(CommandError, match="cannot go back to unreviewed"):
            review.set_approval(p, good, ApprovalStatus.UNREVIEWED, author="N")
        with pytest.raises(CommandError, match="Choose at least one"):
            review.set_approval(p, [], ApprovalStatus.APPROVED, author="N")
        # A plain card, or an entry the script does not link, is no heritage moment: the
        # good target before it in the same call is not approved either (one transaction).
        for bad in ((AnnotationTarget.BEAT, plain.id), (AnnotationTarget.HERITAGE_ITEM, "nope"),
                    (AnnotationTarget.SCENE, p.scenes()[0].id)):
            with pytest.raises(CommandError, match="is not a heritage moment"):
                review.set_approval(p, [good, bad], ApprovalStatus.APPROVED, author="N")
        assert _approval_rows(sample_kiln) == [] and p.history.undo_label is None
        review.set_approval(p, good, ApprovalStatus.APPROVED, author="N")
        with pytest.raises(CommandError, match="already approved"):
            review.set_approval(p, good, ApprovalStatus.APPROVED, author="N")
        assert len(_approval_rows(sample_kiln)) == 1


def test_a_linked_library_entry_is_approved_like_a_card(sample_kiln: Path) -> None:
    entry = {"id": "test-kesi", "names": {"en": "Kesi silk tapestry", "zh-Hans": "缂丝"}}
    with OpenProject.open(sample_kiln, backup=False, role=Role.WRITER) as p:
        p.run(LinkHeritage("scene", p.scenes()[0].id, entry))
    with OpenProject.open(sample_kiln, backup=False, role=Role.CONSULTANT) as p:
        review.set_approval(p, ("heritage_item", "test-kesi"), ApprovalStatus.APPROVED,
                            author="林")
        (moment,) = [m for m in review.heritage_moments(p) if m.target_id == "test-kesi"]
        assert moment.status is ApprovalStatus.APPROVED


def test_consultant_mode_approves_but_still_cannot_edit_the_script(sample_kiln: Path) -> None:
    with OpenProject.open(sample_kiln, backup=False, role=Role.CONSULTANT) as p:
        scene = p.scenes()[0]
        line = p.elements(scene.id)[0]
        beat = _heritage_beats(p)[0]
        review.set_approval(p, (AnnotationTarget.BEAT, beat.id), ApprovalStatus.APPROVED,
                            author="Noura")
        with pytest.raises(CommandError, match="consultant mode"):
            p.run(Update("element", line.id, {"text": "改写"}))
        with pytest.raises(CommandError, match="consultant mode"):
            p.run(Update("beat", beat.id, {"title": "改写"}))
        assert p.elements(scene.id)[0].text == line.text
        assert next(b for b in p.beats() if b.id == beat.id).title == beat.title
        assert review.approval_statuses(p)[("beat", beat.id)] is ApprovalStatus.APPROVED
