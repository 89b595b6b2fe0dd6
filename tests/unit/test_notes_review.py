"""Heritage approval read in one query, the card's least advanced status, named library moments,
and notes reloaded by id (what the window's views use to follow changes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.enums import AnnotationStatus, AnnotationTarget, BeatKind, Role
from app.heritage.linking import LinkHeritage
from app.notes import review, service
from app.notes.review import ApprovalStatus
from app.services.commands import Delete
from app.services.project import OpenProject


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
