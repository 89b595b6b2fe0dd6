"""Cards and lane headers as light QGraphicsItems painted by hand (no widget per card).

Painting follows the zoom: far out a card is a coloured bar, close up it shows title, summary,
seconds and badges. Text runs through Qt's bidi, so a Persian title reads right to left.

The badges along a card's foot: a heritage card's approval (coloured by status, see
``app.features.board.lanes.CardApproval``), then how many heritage entries and notes it
carries, then its status on the right when there is room left. What a card and a lane show is
computed once per change (``app.features.board.lanes``), never while painting.
"""

from __future__ import annotations

import logging
from functools import cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from app.core.i18n import _, format_number
from app.core.records import BeatRecord
from app.features.board.lanes import CardApproval, Lane
from ui.board.style import LENGTH_COLOURS, card_colour, kind_label, status_label, warning_label
from ui.notes.approval import APPROVAL_COLOURS, approval_label, approval_tooltip
from ui.plain import plain_tip

logger = logging.getLogger(__name__)

LANE_WIDTH = 220.0
LANE_GAP = 14.0
HEADER_HEIGHT = 92.0
CARD_HEIGHT = 104.0
CARD_GAP = 10.0
CARD_MARGIN = 8.0

#: a selected card's frame in the overview: a yellow line between two dark ones
SELECTED_EDGE, SELECTED_CORE = "#111111", "#ffd400"

CARD_TYPE = QGraphicsItem.UserType + 1
HEADER_TYPE = QGraphicsItem.UserType + 2


@cache
def _fonts() -> tuple[QFont, QFont, QFont]:
    title = QFont()
    title.setBold(True)
    title.setPointSizeF(10.0)
    body = QFont()
    body.setPointSizeF(8.5)
    small = QFont()
    small.setPointSizeF(7.5)
    return title, body, small


def lane_x(index: int) -> float:
    return index * (LANE_WIDTH + LANE_GAP)


def card_y(index: int) -> float:
    return HEADER_HEIGHT + CARD_GAP + index * (CARD_HEIGHT + CARD_GAP)


class CardItem(QGraphicsItem):
    """One beat card; selectable and movable (the view turns a drop into a Move)."""

    def __init__(self, beat: BeatRecord, lane: int, index: int, heritage: int, notes: int,
                 faded: bool, approval: CardApproval | None = None) -> None:
        super().__init__()
        self.beat = beat
        self.lane = lane
        self.index = index
        self.heritage = heritage
        self.notes = notes
        self.faded = faded
        self.approval = approval
        self.colour = card_colour(beat)
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
                      | QGraphicsItem.GraphicsItemFlag.ItemIsMovable
                      | QGraphicsItem.GraphicsItemFlag.ItemIsFocusable)
        self.home = (lane_x(lane), card_y(index))
        self.setPos(*self.home)
        tip = f"{beat.title}\n{beat.summary}".strip()
        self.setToolTip(plain_tip(
            f"{tip}\n\n{approval_tooltip(approval)}" if approval is not None else tip))
        self.setOpacity(0.25 if faded else 1.0)
        # painted once per zoom level, then blitted: repaints and scrolls stay cheap
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def type(self) -> int:
        return CARD_TYPE

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return QRectF(-2, -2, LANE_WIDTH + 4, CARD_HEIGHT + 4)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        rect = QRectF(0, 0, LANE_WIDTH, CARD_HEIGHT)
        detail = option.levelOfDetailFromTransform(painter.worldTransform())
        selected = self.isSelected()
        if detail < 0.35:  # overview: a coloured bar is all the eye can take in
            painter.fillRect(rect, self.colour)
            if selected:
                painter.fillRect(rect.adjusted(0, 0, 0, -CARD_HEIGHT * 0.6), QColor("#ffd400"))
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, detail > 0.6)
        painter.setPen(QPen(QColor("#ffb000") if selected else QColor("#b8b8b8"),
                            3 if selected else 1))
        painter.setBrush(QColor("#ffffff"))
        painter.drawRoundedRect(rect, 6, 6)
        painter.fillRect(QRectF(0, 0, 8, CARD_HEIGHT), self.colour)
        if detail < 0.6:
            painter.setFont(_fonts()[0])
            painter.setPen(QColor("#202020"))
            painter.drawText(rect.adjusted(14, 4, -4, -4), Qt.TextFlag.TextWordWrap,
                             self.beat.title)
            return
        title_font, body_font, small_font = _fonts()
        inner = rect.adjusted(16, CARD_MARGIN - 2, -CARD_MARGIN, -CARD_MARGIN)
        painter.setFont(small_font)
        painter.setPen(self.colour.darker(140))
        painter.drawText(QRectF(inner.left(), inner.top(), inner.width(), 14),
                         Qt.AlignmentFlag.AlignLeft, kind_label(self.beat.kind))
        if self.beat.estimated_seconds:
            painter.setPen(QColor("#555555"))
            painter.drawText(QRectF(inner.left(), inner.top(), inner.width(), 14),
                             Qt.AlignmentFlag.AlignRight,
                             _("{seconds} s").format(
                                 seconds=format_number(self.beat.estimated_seconds)))
        painter.setFont(title_font)
        painter.setPen(QColor("#111111"))
        title = painter.fontMetrics().elidedText(self.beat.title, Qt.TextElideMode.ElideRight,
                                                 int(inner.width()))
        painter.drawText(QRectF(inner.left(), inner.top() + 14, inner.width(), 18),
                         Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter, title)
        painter.setFont(body_font)
        painter.setPen(QColor("#404040"))
        painter.drawText(QRectF(inner.left(), inner.top() + 34, inner.width(), 42),
                         Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeading,
                         self.beat.summary)
        self._paint_badges(painter, inner)

    def badges(self) -> list[tuple[str, str]]:
        """(text, colour) of the badges along the card's foot, left to right."""
        found = []
        if self.approval is not None:
            found.append((approval_label(self.approval.status),
                          APPROVAL_COLOURS[self.approval.status]))
        if self.heritage > 0:
            label = _("Heritage {count}").format(count=format_number(self.heritage))
            found.append((label, "#1f5fa8"))
        if self.notes > 0:
            found.append((_("Notes {count}").format(count=format_number(self.notes)), "#b7791f"))
        return found

    def _paint_badges(self, painter: QPainter, inner: QRectF) -> None:
        painter.setFont(_fonts()[2])
        metrics = painter.fontMetrics()
        x, right = inner.left(), inner.right()
        for label, colour in self.badges():
            room = right - x
            if room < 24:
                break
            width = min(metrics.horizontalAdvance(label) + 10, room)
            if width < metrics.horizontalAdvance(label) + 10:
                label = metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(width - 10))
            badge = QRectF(x, inner.bottom() - 14, width, 14)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colour))
            painter.drawRoundedRect(badge, 6, 6)
            painter.setPen(QColor("#ffffff"))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, label)
            x += width + 4
        status = status_label(self.beat.status)
        if metrics.horizontalAdvance(status) <= right - x:  # only where the badges leave room
            painter.setPen(QColor("#888888"))
            painter.drawText(QRectF(inner.left(), inner.bottom() - 14, inner.width(), 14),
                             Qt.AlignmentFlag.AlignRight, status)


def _frame_selected(painter: QPainter, bar: QRectF, detail: float) -> None:
    """Frame a selected card's bar: dark, yellow, dark bands of fixed screen width, which
    stand out on every kind colour at every zoom (far out the frame fills the bar)."""
    pixel = 1.0 / max(detail, 0.01)  # one screen pixel in scene units
    inner = bar.adjusted(2 * pixel, 2 * pixel, -2 * pixel, -2 * pixel)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for colour, width in ((SELECTED_EDGE, 4), (SELECTED_CORE, 2)):
        pen = QPen(QColor(colour), width * pixel)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        painter.drawRect(inner)


class LaneHeaderItem(QGraphicsItem):
    """Episode number and title, seconds against target, markers and warnings."""

    def __init__(self, lane: Lane, index: int) -> None:
        super().__init__()
        self.lane = lane
        self.index = index
        self.setPos(lane_x(index), 0)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.warnings: list[str] = []
        #: in the overview the header draws its whole lane: (colour, faded) per card
        self.overview = False
        self.bars: list[tuple[QColor, bool]] = []
        #: positions of the lane's selected cards, framed in the overview
        self.selected: frozenset[int] = frozenset()
        self.refresh()

    def set_overview(self, overview: bool) -> None:
        """Draw the whole lane as coloured bars (True) or only the header (False)."""
        if overview != self.overview:
            self.prepareGeometryChange()
            self.overview = overview
            self.update()

    def set_selected(self, indexes: frozenset[int]) -> None:
        """Frame the cards at ``indexes`` in the overview."""
        if indexes != self.selected:
            self.selected = indexes
            self.update()

    def refresh(self) -> None:
        """Take the lane's (new) timing and warnings into account."""
        self.warnings = [warning_label(w) for w in self.lane.warnings]
        episode = self.lane.episode
        tip = [] if episode is None else [episode.hook, episode.cliffhanger]
        self.setToolTip(plain_tip("\n".join([*(t for t in tip if t), *self.warnings])))
        self.update()

    def type(self) -> int:
        return HEADER_TYPE

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        height = card_y(len(self.bars)) if self.overview else HEADER_HEIGHT
        return QRectF(0, 0, LANE_WIDTH, height)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        rect = QRectF(0, 0, LANE_WIDTH, HEADER_HEIGHT)
        episode = self.lane.episode
        detail = option.levelOfDetailFromTransform(painter.worldTransform())
        length_colour = QColor(LENGTH_COLOURS[self.lane.length])
        painter.fillRect(rect, QColor("#eef0f3") if episode else QColor("#f7f2e6"))
        painter.fillRect(QRectF(0, HEADER_HEIGHT - 6, LANE_WIDTH, 6), length_colour)
        if self.warnings:
            painter.fillRect(QRectF(LANE_WIDTH - 14, 0, 14, 14), QColor("#e0a800"))
        title_font, body_font, small_font = _fonts()
        painter.setPen(QColor("#111111"))
        if self.overview:
            for index, (colour, faded) in enumerate(self.bars):
                bar = QRectF(0, card_y(index), LANE_WIDTH, CARD_HEIGHT)
                painter.fillRect(bar, colour.lighter(170) if faded else colour)
                if index in self.selected:
                    _frame_selected(painter, bar, detail)
            painter.setPen(QColor("#111111"))
        if detail < 0.35:
            big = QFont(title_font)
            big.setPointSizeF(48)
            painter.setFont(big)
            label = str(episode.number) if episode else "·"
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)
            return
        painter.setFont(title_font)
        heading = (_("Episode {number}").format(number=format_number(episode.number)) if episode
                   else _("Parking lot"))
        painter.drawText(QRectF(6, 4, LANE_WIDTH - 12, 18), Qt.AlignmentFlag.AlignLeft, heading)
        painter.setFont(body_font)
        title = episode.title if episode else _("Cards not yet in an episode")
        painter.drawText(QRectF(6, 22, LANE_WIDTH - 12, 16), Qt.AlignmentFlag.AlignLeading,
                         painter.fontMetrics().elidedText(title, Qt.TextElideMode.ElideRight,
                                                          int(LANE_WIDTH - 12)))
        if episode is None:
            return
        painter.setPen(length_colour)
        painter.drawText(QRectF(6, 40, LANE_WIDTH - 12, 16), Qt.AlignmentFlag.AlignLeft,
                         _("{estimated} / {target} s").format(
                             estimated=round(self.lane.seconds), target=episode.target_seconds))
        painter.setFont(small_font)
        x = LANE_WIDTH - 6.0
        for shown, colour, text in ((episode.paywall, "#b7791f", _("Paywall")),
                                    (bool(episode.cliffhanger), "#2c3e50", _("Cliffhanger")),
                                    (bool(episode.hook), "#e4572e", _("Hook"))):
            if not shown:
                continue
            width = painter.fontMetrics().horizontalAdvance(text) + 8
            x -= width
            tag = QRectF(x, 41, width, 14)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colour))
            painter.drawRoundedRect(tag, 4, 4)
            painter.setPen(QColor("#ffffff"))
            painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, text)
            x -= 3
        if self.warnings:
            painter.setPen(QColor("#9c4221"))
            painter.drawText(QRectF(6, 58, LANE_WIDTH - 12, 28), Qt.TextFlag.TextWordWrap,
                             "⚠ " + "; ".join(self.warnings))
