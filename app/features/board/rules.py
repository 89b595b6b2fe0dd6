"""Checks the beat board shows on lane headers: length against target, hook and cliffhanger.

Micro-drama viewers decide in seconds whether to swipe away, so every episode should open on a
hook card and end on a cliffhanger card (DOMAIN.md). These rules are plain functions over beat
kinds and seconds so both the board and the command line can use them.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from app.core.enums import BeatKind

#: How far (as a share of the target) an episode may run short or long before it is flagged.
TOLERANCE = 0.15


class LaneWarning(StrEnum):
    """Something a writer should look at in one episode's lane."""

    NO_OPENING_HOOK = "no_opening_hook"
    NO_CLOSING_CLIFFHANGER = "no_closing_cliffhanger"
    OVER_TARGET = "over_target"
    UNDER_TARGET = "under_target"


class Length(StrEnum):
    """How an episode's estimated length compares with its target."""

    UNKNOWN = "unknown"
    UNDER = "under"
    ON_TARGET = "on_target"
    OVER = "over"


def length_status(seconds: float, target: int, tolerance: float = TOLERANCE) -> Length:
    """Whether ``seconds`` is under, on or over ``target`` (UNKNOWN when nothing is timed)."""
    if seconds <= 0 or target <= 0:
        return Length.UNKNOWN
    if seconds > target * (1 + tolerance):
        return Length.OVER
    if seconds < target * (1 - tolerance):
        return Length.UNDER
    return Length.ON_TARGET


def lane_warnings(
    kinds: Sequence[BeatKind], seconds: float = 0.0, target: int = 0
) -> list[LaneWarning]:
    """Warnings for a lane whose cards have ``kinds`` in order; an empty lane has none."""
    if not kinds:
        return []
    warnings = []
    if kinds[0] is not BeatKind.HOOK:
        warnings.append(LaneWarning.NO_OPENING_HOOK)
    if kinds[-1] is not BeatKind.CLIFFHANGER:
        warnings.append(LaneWarning.NO_CLOSING_CLIFFHANGER)
    status = length_status(seconds, target)
    if status is Length.OVER:
        warnings.append(LaneWarning.OVER_TARGET)
    elif status is Length.UNDER:
        warnings.append(LaneWarning.UNDER_TARGET)
    return warnings
