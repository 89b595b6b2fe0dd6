"""Heritage chips in a board lane header: the episode's heritage items as short names.

A child item of the lane header, drawn in its lower band: linked items as filled blue chips,
items only found in the script as outlined ones; what does not fit becomes "+N". The full list
is the tooltip. The header itself (``ui.board.items``) is not changed by it.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from app.core.i18n import _
from ui.plain import plain_tip

logger = logging.getLogger(__name__)

CHIP_TOP, CHIP_HEIGHT, CHIP_GAP, NAME_CHARS = 72.0, 14.0, 3.0, 8
BLUE = "#1f5fa8"


def short_name(name: str, chars: int = NAME_CHARS) -> str:
    """At most ``chars`` characters, with an ellipsis when cut."""
    return name if len(name) <= chars else name[: chars - 1] + "…"


class HeritageChipsItem(QGraphicsItem):
    """``chips`` — (name, linked) pairs — drawn in one row inside ``width``."""

    def __init__(self, chips: list[tuple[str, bool]], width: float,
                 parent: QGraphicsItem | None = None) -> None:
        super().__init__(parent)
        self.chips = chips
        self.width = width
        self.setPos(0, CHIP_TOP)
        self.setToolTip(plain_tip("\n".join(
            (_("{name} (linked)") if linked else _("{name} (found in the script)"))
            .format(name=name) for name, linked in chips)))

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return QRectF(0, 0, self.width, CHIP_HEIGHT)

    def layout(self, font: QFont) -> list[tuple[QRectF, str, bool]]:
        """Where each chip goes; the last one may be "+N" for those that do not fit."""
        metrics = QFontMetricsF(font)
        x, placed = 6.0, []
        for index, (name, linked) in enumerate(self.chips):
            text = short_name(name)
            width = metrics.horizontalAdvance(text) + 8
            rest = len(self.chips) - index - 1
            reserve = metrics.horizontalAdvance(f"+{rest}") + 10 if rest else 0
            if x + width + reserve > self.width - 6:
                placed.append((QRectF(x, 0, metrics.horizontalAdvance(
                    f"+{rest + 1}") + 8, CHIP_HEIGHT), f"+{rest + 1}", False))
                break
            placed.append((QRectF(x, 0, width, CHIP_HEIGHT), text, linked))
            x += width + CHIP_GAP
        return placed

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        if option.levelOfDetailFromTransform(painter.worldTransform()) < 0.35:
            return  # the overview shows only episode numbers
        font = QFont()
        font.setPointSizeF(7.5)
        painter.setFont(font)
        for rect, text, linked in self.layout(font):
            painter.setPen(QPen(QColor(BLUE), 1))
            painter.setBrush(QColor(BLUE) if linked else QColor("#ffffff"))
            painter.drawRoundedRect(rect, 4, 4)
            painter.setPen(QColor("#ffffff") if linked else QColor(BLUE))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
