"""Series-rhythm markers in a board lane header: one small square per kind of finding the rhythm
report has about the episode (hook, cliffhanger, shape, seconds, setup and payoff, climax,
paywall), coloured and lettered as ``ui.rhythm.markers`` says, in the header's top row on the
far side from the episode's name. The findings in words are the tooltip.

A child item of the lane header, like the heritage chips; the findings are read off the UI
thread (``ui.rhythm.markers.LaneFindings``) and handed in, so painting computes nothing.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont, QPainter
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from app.features.rhythm.report import Finding
from ui.plain import plain_tip
from ui.rhythm.markers import MarkerKind, findings_tooltip, kind_glyph, kinds_of, paint_marker

logger = logging.getLogger(__name__)

#: A marker's side and the gap between two, in scene units; the row's top.
MARK_SIZE, MARK_GAP, MARK_TOP = 13.0, 2.0, 5.0
#: Room left free at the header's far end (its warning corner).
END_MARGIN = 18.0


class RhythmMarksItem(QGraphicsItem):
    """The rhythm markers of one lane, right-aligned in a row ending ``END_MARGIN`` before
    ``width``."""

    def __init__(self, findings: tuple[Finding, ...], width: float,
                 parent: QGraphicsItem | None = None) -> None:
        super().__init__(parent)
        self.findings = findings
        self.kinds: list[MarkerKind] = kinds_of(findings)
        self.glyphs = [kind_glyph(kind) for kind in self.kinds]
        self.width = width
        span = len(self.kinds) * (MARK_SIZE + MARK_GAP) - MARK_GAP
        self.setPos(width - END_MARGIN - span, MARK_TOP)
        self.setToolTip(plain_tip(findings_tooltip(findings)))

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return QRectF(0, 0, len(self.kinds) * (MARK_SIZE + MARK_GAP), MARK_SIZE)

    def marks(self) -> list[tuple[QRectF, MarkerKind, str]]:
        """Where each marker goes (item coordinates), its kind and its letter."""
        return [(QRectF(i * (MARK_SIZE + MARK_GAP), 0, MARK_SIZE, MARK_SIZE), kind, glyph)
                for i, (kind, glyph) in enumerate(zip(self.kinds, self.glyphs, strict=True))]

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        if option.levelOfDetailFromTransform(painter.worldTransform()) < 0.35:
            return  # the overview shows only episode numbers
        painter.setFont(QFont())
        for rect, kind, _glyph in self.marks():
            paint_marker(painter, rect, kind)
