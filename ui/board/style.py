"""The board's look: a colour and a name for every beat kind, status, length and warning.

What the board shows is computed in ``app.features.board.lanes``; this module only says how it
looks (colours stay in the interface, the records stay Qt-free).
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QColor

from app.core.enums import BeatKind, BeatStatus
from app.core.i18n import _, pgettext
from app.core.records import BeatRecord
from app.features.board.rules import LaneWarning, Length

logger = logging.getLogger(__name__)

#: One colour per beat kind (the legend shows them); a card's own colour wins.
KIND_COLOURS: dict[BeatKind, str] = {
    BeatKind.HOOK: "#e4572e",
    BeatKind.SETUP: "#76b041",
    BeatKind.CONFLICT: "#c0392b",
    BeatKind.REVERSAL: "#8e44ad",
    BeatKind.REVEAL: "#f1a208",
    BeatKind.ROMANCE: "#e85d9e",
    BeatKind.HERITAGE_MOMENT: "#1f5fa8",
    BeatKind.CLIMAX: "#d35400",
    BeatKind.CLIFFHANGER: "#2c3e50",
    BeatKind.IDEA: "#95a5a6",
}

LENGTH_COLOURS: dict[Length, str] = {
    Length.UNKNOWN: "#7f8c8d",
    Length.UNDER: "#b7791f",
    Length.ON_TARGET: "#2f855a",
    Length.OVER: "#c53030",
}


def kind_label(kind: BeatKind) -> str:
    """The interface's name for a beat kind."""
    labels = {
        BeatKind.HOOK: _("Hook"), BeatKind.SETUP: _("Setup"), BeatKind.CONFLICT: _("Conflict"),
        BeatKind.REVERSAL: _("Reversal"), BeatKind.REVEAL: _("Reveal"),
        BeatKind.ROMANCE: _("Romance"), BeatKind.HERITAGE_MOMENT: _("Heritage moment"),
        BeatKind.CLIMAX: _("Climax"), BeatKind.CLIFFHANGER: _("Cliffhanger"),
        BeatKind.IDEA: pgettext("beat kind", "Idea"),
    }
    return labels[kind]


def status_label(status: BeatStatus) -> str:
    """The interface's name for a beat status."""
    labels = {BeatStatus.IDEA: pgettext("beat status", "Idea"), BeatStatus.OUTLINED: _("Outlined"),
              BeatStatus.DRAFTED: _("Drafted"), BeatStatus.FINAL: _("Final")}
    return labels[status]


def warning_label(warning: LaneWarning) -> str:
    """The words a lane header shows for a warning."""
    labels = {
        LaneWarning.NO_OPENING_HOOK: _("does not open on a hook"),
        LaneWarning.NO_CLOSING_CLIFFHANGER: _("does not end on a cliffhanger"),
        LaneWarning.OVER_TARGET: _("over the target length"),
        LaneWarning.UNDER_TARGET: _("under the target length"),
    }
    return labels[warning]


def card_colour(beat: BeatRecord) -> QColor:
    """The card's own colour, else its kind's."""
    colour = QColor(beat.colour) if beat.colour else QColor()
    return colour if colour.isValid() else QColor(KIND_COLOURS[beat.kind])
