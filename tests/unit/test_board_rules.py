"""Lane warnings and length status of the beat board (no Qt)."""

from __future__ import annotations

from app.core.enums import BeatKind as B
from app.features.board.rules import LaneWarning, Length, lane_warnings, length_status


def test_lane_must_open_on_hook_and_end_on_cliffhanger() -> None:
    assert lane_warnings([B.HOOK, B.CONFLICT, B.CLIFFHANGER]) == []
    assert lane_warnings([B.SETUP, B.CLIFFHANGER]) == [LaneWarning.NO_OPENING_HOOK]
    assert lane_warnings([B.HOOK, B.REVEAL]) == [LaneWarning.NO_CLOSING_CLIFFHANGER]
    assert lane_warnings([]) == []


def test_length_against_target() -> None:
    assert length_status(0, 90) is Length.UNKNOWN
    assert length_status(90, 90) is Length.ON_TARGET
    assert length_status(120, 90) is Length.OVER
    assert length_status(40, 90) is Length.UNDER
    assert LaneWarning.OVER_TARGET in lane_warnings([B.HOOK, B.CLIFFHANGER], 200, 90)
