"""The board's lanes — timing, warnings, heritage approvals — and the outline index, computed
without Qt once per change (``app.features.board.lanes``, ``app.features.script.outline``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.enums import AnnotationTarget, BeatKind, Role
from app.features.board.lanes import Filters, cards_of, load_board
from app.features.board.rules import LaneWarning, Length
from app.features.notes import review
from app.features.notes.review import ApprovalStatus
from app.features.script.outline import outline_index
from app.project.open_project import OpenProject


@pytest.fixture
def project(sample_kiln: Path):  # noqa: ANN201
    with OpenProject.open(sample_kiln, backup=False, role=Role.WRITER) as opened:
        yield opened


def test_lanes_warnings_and_approvals_are_computed_once_without_qt(
    project: OpenProject,
) -> None:
    data = load_board(project, {})
    episodes = project.episodes()
    assert [lane.episode_id for lane in data.lanes] == [None] + [e.id for e in episodes]
    for lane in data.lanes[1:]:
        kinds = [b.kind for b in lane.beats]
        assert (LaneWarning.NO_OPENING_HOOK in lane.warnings) == (bool(kinds)
                                                                  and kinds[0] is not BeatKind.HOOK)
        assert lane.seconds == sum(b.estimated_seconds or 0 for b in lane.beats)
    lane = data.lanes[1]
    lane.time(lane.episode.target_seconds * 3)
    assert lane.length is Length.OVER and LaneWarning.OVER_TARGET in lane.warnings

    moment = next(b for b in project.beats() if b.kind is BeatKind.HERITAGE_MOMENT)
    approval = data.approvals[moment.id]
    assert approval.moments[0].target_type is AnnotationTarget.BEAT
    assert approval.moments[0][:4] == (moment.title, approval.moments[0].status,
                                   AnnotationTarget.BEAT, moment.id)
    review.approve(project, AnnotationTarget.BEAT, moment.id, "Fine.", author="Noura")
    again = load_board(project, {})
    assert again.approvals[moment.id].moments[0].status is ApprovalStatus.APPROVED
    assert cards_of(again.facts.heritage, "beat", moment.id) == [moment.id]
    assert Filters(kind=BeatKind.HERITAGE_MOMENT).matches(moment, again.facts)
    assert again.characters and all(name for _id, name in again.characters)


def test_the_outline_index_knows_every_scene_s_card(project: OpenProject) -> None:
    index = outline_index(project)
    for scene in project.scenes():
        assert index.beat_of(scene.id) == scene.beat_id
        assert index.episodes[scene.id] == scene.episode_id
    assert index.beat_of(None) is None and index.beat_of("no such scene") is None
