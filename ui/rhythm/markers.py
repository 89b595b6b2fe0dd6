"""Rhythm markers: each finding of the series rhythm report as one of seven kinds, each with a
colour, a one-letter glyph and a name — the board's lane headers draw them, the Series Rhythm
view marks its findings with the same colours.

The colours are the board's where a kind has one (a hook card's, a cliffhanger card's, a climax
card's, a setup card's, the paywall tag's, an over-long lane's), so a marker reads like the card
or tag it is about.

``ui.rhythm.lane_findings.LaneFindings`` reads the findings the markers show.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from enum import StrEnum

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap

from app.core.i18n import _, pgettext
from app.features.rhythm.report import Finding, Rule

logger = logging.getLogger(__name__)


class MarkerKind(StrEnum):
    """What a rhythm marker is about (one or more rules)."""

    HOOK = "hook"
    CLIFFHANGER = "cliffhanger"
    SHAPE = "shape"
    LENGTH = "length"
    SETUP = "setup"
    CLIMAX = "climax"
    PAYWALL = "paywall"


#: The kind of each rule's finding.
RULE_KINDS: Mapping[Rule, MarkerKind] = {
    Rule.NO_HOOK: MarkerKind.HOOK, Rule.LATE_HOOK: MarkerKind.HOOK,
    Rule.NO_CLIFFHANGER: MarkerKind.CLIFFHANGER,
    Rule.UNTYPED_CLIFFHANGER: MarkerKind.CLIFFHANGER,
    Rule.SCENES: MarkerKind.SHAPE, Rule.LINES: MarkerKind.SHAPE,
    Rule.VOICE_OVER: MarkerKind.SHAPE,
    Rule.LENGTH: MarkerKind.LENGTH,
    Rule.OPEN_SETUP: MarkerKind.SETUP, Rule.LATE_PAYOFF: MarkerKind.SETUP,
    Rule.NO_MINI_CLIMAX: MarkerKind.CLIMAX,
    Rule.NO_PAYWALL: MarkerKind.PAYWALL, Rule.PAYWALL_RANGE: MarkerKind.PAYWALL,
    Rule.WEAK_PAYWALL: MarkerKind.PAYWALL,
}

#: One colour per kind, in the order the markers are drawn.
KIND_COLOURS: Mapping[MarkerKind, str] = {
    MarkerKind.HOOK: "#e4572e",  # a hook card (ui.board.style.KIND_COLOURS)
    MarkerKind.CLIFFHANGER: "#2c3e50",  # a cliffhanger card
    MarkerKind.SHAPE: "#5b6b7f",  # scenes, lines, VO/OS: the episode's shape
    MarkerKind.LENGTH: "#c53030",  # a lane over its target (ui.board.style.LENGTH_COLOURS)
    MarkerKind.SETUP: "#4f8a2b",  # a setup card's green, darker for the white glyph
    MarkerKind.CLIMAX: "#d35400",  # a climax card
    MarkerKind.PAYWALL: "#b7791f",  # the paywall tag of a lane header
}


def kind_of(finding: Finding) -> MarkerKind:
    """The marker kind of ``finding``."""
    return RULE_KINDS[finding.rule]


def kind_name(kind: MarkerKind) -> str:
    """The name of a marker kind (the legend, the tooltips)."""
    return {MarkerKind.HOOK: _("Hook"), MarkerKind.CLIFFHANGER: _("Cliffhanger"),
            MarkerKind.SHAPE: _("Scenes, lines, VO/OS"), MarkerKind.LENGTH: _("Seconds"),
            MarkerKind.SETUP: _("Setup and payoff"), MarkerKind.CLIMAX: _("Climax"),
            MarkerKind.PAYWALL: _("Paywall")}[kind]


def kind_glyph(kind: MarkerKind) -> str:
    """The one letter a marker of ``kind`` shows (translators pick a letter of the name)."""
    return {MarkerKind.HOOK: pgettext("rhythm marker: hook", "H"),
            MarkerKind.CLIFFHANGER: pgettext("rhythm marker: cliffhanger", "C"),
            MarkerKind.SHAPE: pgettext("rhythm marker: scenes, lines, VO/OS", "S"),
            MarkerKind.LENGTH: pgettext("rhythm marker: seconds against target", "L"),
            MarkerKind.SETUP: pgettext("rhythm marker: setup and payoff", "Q"),
            MarkerKind.CLIMAX: pgettext("rhythm marker: climax", "M"),
            MarkerKind.PAYWALL: pgettext("rhythm marker: paywall", "P")}[kind]


def kinds_of(findings: tuple[Finding, ...] | list[Finding]) -> list[MarkerKind]:
    """The kinds among ``findings``, once each, in the order markers are drawn."""
    found = {kind_of(f) for f in findings}
    return [kind for kind in KIND_COLOURS if kind in found]


def findings_tooltip(findings: tuple[Finding, ...] | list[Finding]) -> str:
    """The findings in words, by kind: "Hook: Episode 3 has no hook card." one a line."""
    ordered = sorted(findings, key=lambda f: list(KIND_COLOURS).index(kind_of(f)))
    return "\n".join(_("{kind}: {finding}").format(kind=kind_name(kind_of(f)), finding=f.message)
                     for f in ordered)


def paint_marker(painter: QPainter, rect: QRectF, kind: MarkerKind) -> None:
    """Draw the marker of ``kind`` in ``rect``: a rounded square of its colour, its letter in
    white (the lane headers and the rhythm view draw it alike)."""
    font = QFont(painter.font())
    font.setPointSizeF(7.0)
    font.setBold(True)
    painter.setFont(font)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(KIND_COLOURS[kind]))
    painter.drawRoundedRect(rect, 3, 3)
    painter.setPen(QColor("#ffffff"))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, kind_glyph(kind))


def marker_icon(kind: MarkerKind, size: int = 14) -> QIcon:
    """The marker of ``kind`` as an icon (the rhythm view's findings list)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    paint_marker(painter, QRectF(0, 0, size, size), kind)
    painter.end()
    return QIcon(pixmap)


def legend() -> str:
    """Every marker's letter and name, one a line (the board legend's tooltip)."""
    return "\n".join(_("{letter} — {kind}").format(letter=kind_glyph(kind), kind=kind_name(kind))
                     for kind in KIND_COLOURS)
