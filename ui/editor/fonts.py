"""The Hollywood layout's page: Courier Prime 12 pt, loaded into Qt once, on first use.

The editor sets a Hollywood script the way the PDF export does
(``app.formats.document.shooting_script``):
a 6-inch column of Courier Prime 12 pt, ten characters to the inch, with the cue 2.2" in, the
parenthetical 1.6" in and 1.9" from the end, the dialogue 1.0" in and 1.5" from the end, the
transition against the end and bold capital scene headings. Indents are counted in character
columns, so the page keeps its proportions at any screen resolution.

Characters Courier Prime lacks fall back through the shipped fonts, as in the PDF: Noto Naskh
Arabic (Arabic and Persian), WenQuanYi Micro Hei (Chinese), DejaVu Sans (the rest).

Debian's Courier Prime files call both faces weight 300 "Light", so Qt could not tell bold from
regular (a plain ``QFont("Courier Prime")`` once drew the system's *Bold Italic*); the shipped
files are relabelled Regular 400 / Bold 700 by ``resources/fonts/make_courier_prime_ttf.py``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QTextBlockFormat,
    QTextCharFormat,
)
from PySide6.QtWidgets import QTextEdit

from app.formats.document.fonts import FACES
from ui.editor.script_layout import Role

logger = logging.getLogger(__name__)

SCREENPLAY_FAMILY = "Courier Prime"
POINT_SIZE = 12.0
#: the text column of a US Letter screenplay page: 8.5" less 1.5" and 1.0" margins, 10 cpi
PAGE_COLUMNS = 60

#: shipped faces in fallback order (keys of ``app.formats.document.fonts.FACES``)
_CHAIN = ("courier", "courier-bold", "arabic", "arabic-bold", "cjk", "latin")


@dataclass(frozen=True)
class Look:
    """How one role is set on the Hollywood page; indents in character columns."""

    start: int = 0  # columns in from the start side of the page
    end: int = 0  # columns in from the end side
    lines_above: float = 1.0
    bold: bool = False
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeading


LOOKS: dict[Role, Look] = {
    Role.EPISODE_HEADING: Look(lines_above=0.0, bold=True, align=Qt.AlignmentFlag.AlignHCenter),
    Role.SCENE_HEADING: Look(lines_above=2.0, bold=True),
    Role.CUE: Look(start=22),
    Role.PARENTHETICAL: Look(start=16, end=19, lines_above=0.0),
    Role.DIALOGUE: Look(start=10, end=15, lines_above=0.0),
    Role.TRANSITION: Look(align=Qt.AlignmentFlag.AlignTrailing),
}
_ACTION = Look()


@cache
def screenplay_families() -> tuple[str, ...]:
    """Load the shipped faces into Qt (once) and return the families in fallback order."""
    families: list[str] = []
    for key in _CHAIN:
        face = FACES[key]
        font_id = QFontDatabase.addApplicationFont(str(face.path))
        if font_id < 0:
            logger.warning("Qt refused the font %s", face.path)
            continue
        for family in QFontDatabase.applicationFontFamilies(font_id)[:1]:
            if family not in families:
                families.append(family)
    if SCREENPLAY_FAMILY not in families:
        families.insert(0, SCREENPLAY_FAMILY)  # a system copy is better than none
    return tuple(families)


def load_shipped_fonts() -> tuple[str, ...]:
    """Load every shipped face into Qt (once), so the whole window can fall back on them for
    Chinese and Arabic text where the system has no such font; returns their families."""
    return screenplay_families()


def right_to_left_families() -> list[str]:
    """The fallback chain with the Arabic face first, for right-to-left paragraphs."""
    families = list(screenplay_families())
    arabic = [f for f in families if f == FACES["arabic"].family]
    return arabic + [f for f in families if f not in arabic]


def loaded() -> bool:
    """Whether the screenplay faces have been loaded (they are not, until first needed)."""
    return screenplay_families.cache_info().currsize > 0


def screenplay_font() -> QFont:
    """Courier Prime 12 pt, falling back through the shipped fonts for other scripts."""
    font = QFont()
    font.setFamilies(list(screenplay_families()))
    font.setPointSizeF(POINT_SIZE)
    font.setStyleHint(QFont.StyleHint.TypeWriter)
    return font


@dataclass(frozen=True)
class Page:
    """The Hollywood page as measured in its font: one column's and one line's pixels."""

    font: QFont
    column: float
    line: float

    @classmethod
    def measure(cls, font: QFont) -> Page:
        metrics = QFontMetricsF(font)
        return cls(font, metrics.horizontalAdvance("M"), metrics.lineSpacing())

    def width(self, margin: float) -> int:
        """Pixels the page needs: its text column plus the document's margins."""
        return round(PAGE_COLUMNS * self.column + 2 * margin)

    def set_look(self, block: QTextBlockFormat, chars: QTextCharFormat, role: Role,
                 rtl: bool) -> None:
        """Turn the formats of a paragraph of ``role`` into the Hollywood page's."""
        look = LOOKS.get(role, _ACTION)
        start, end = look.start * self.column, look.end * self.column
        # the start side is the right one in a right-to-left paragraph, as in the PDF
        block.setLeftMargin(end if rtl else start)
        block.setRightMargin(start if rtl else end)
        block.setTopMargin(look.lines_above * self.line)
        block.setAlignment(look.align)
        chars.setFontWeight(QFont.Weight.Bold if look.bold else QFont.Weight.Normal)
        if rtl:  # Arabic first, so the spaces between words are Naskh's, not Courier's
            chars.setFontFamilies(right_to_left_families())


def set_page(editor: QTextEdit, hollywood: bool) -> Page | None:
    """Give ``editor`` the Hollywood page (the screenplay face in a page-wide column), or
    back its own font at the widget's width; returns the page when it is Hollywood."""
    document = editor.document()
    if not hollywood:
        if editor.lineWrapMode() is not QTextEdit.LineWrapMode.WidgetWidth:
            document.setDefaultFont(editor.font())
            editor.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        return None
    page = Page.measure(screenplay_font())
    document.setDefaultFont(page.font)
    editor.setLineWrapMode(QTextEdit.LineWrapMode.FixedPixelWidth)
    editor.setLineWrapColumnOrWidth(page.width(document.documentMargin()))
    return page
