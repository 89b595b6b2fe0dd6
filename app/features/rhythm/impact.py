"""What a changeset means to the series rhythm and the fit checks: their settings, or what the
rhythm report reads.

The window's bridge hands this on (``rhythm_changed``): the editor's live seconds and its fit
badges follow ``settings`` (speech rates, subtitle limits), the board's lane markers read the
report again soon after ``report`` and after a pause after ``timing`` (typing).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from app.features.rows import changed
from app.project.changes import Changeset

logger = logging.getLogger(__name__)

#: Tables whose rows the rhythm report reads besides the script's lines: cards (kinds,
#: cliffhanger kinds, setups and payoffs), episodes (targets, paywall) and scenes (their cards).
REPORT_TABLES = frozenset({"beat", "episode", "scene"})


@dataclass(frozen=True)
class RhythmImpact:
    """Which parts of the rhythm checks one changeset changed."""

    #: The project's rhythm settings (preset, rule values, speech rates, subtitle limits).
    settings: bool = False
    #: Cards, episodes, scenes or the settings: the report is read again soon.
    report: bool = False
    #: Only the script's lines: the report's seconds and counts may catch up after a pause.
    timing: bool = False

    def __bool__(self) -> bool:
        return self.settings or self.report or self.timing


def rhythm_impact(changeset: Changeset) -> RhythmImpact:
    """What ``changeset`` changed of the rhythm checks."""
    settings = any(changed(c, "rhythm") for c in changeset.rows("project"))
    tables = changeset.tables
    report = settings or bool(tables & REPORT_TABLES)
    return RhythmImpact(settings=settings, report=report,
                        timing=not report and "element" in tables)
