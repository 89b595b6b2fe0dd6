"""A reportlab text object that writes the operators of a string it has written before again.

Setting a string in a subset TrueType font is most of what a packet's render costs: reportlab
splits the string into font subsets and escapes it each time, and a packet repeats its speaker
names, scene numbers, limits, labels and contexts down every column (a 100-episode packet draws
about 250 000 strings). Once every glyph of a string has its place in a subset, the operators
for it depend only on the font, the size, the leading and the subset selected before it, so
``remembering_text`` keeps them per render (``LayoutCache.operators``) and the PDF is the same
byte for byte. Shaped Arabic (``ShapedStr``) carries glyph positions and is always set anew.

Every run the renderer draws sets its own origin first, so the text cursor's advance that
``textOut`` works out (a width measurement per string) is not needed and is skipped.
"""

from __future__ import annotations

import logging
from functools import cache
from typing import Any

logger = logging.getLogger(__name__)

Operators = dict[tuple[object, ...], tuple[str, int]]


def remembering_text(canvas: object, operators: Operators) -> Any:
    """A text object of ``canvas`` that keeps the operators of plain strings in
    ``operators`` (one dict per render)."""
    return _text_class()(canvas, operators)


@cache
def _text_class() -> type:
    # reportlab is imported when a PDF is made, not when Kiln starts (100 ms)
    from reportlab.pdfgen.textobject import PDFTextObject

    class RememberingText(PDFTextObject):  # type: ignore[misc]
        """``PDFTextObject`` with the operators of plain strings remembered."""

        def __init__(self, canvas: object, operators: Operators) -> None:
            super().__init__(canvas)
            self._operators = operators

        def _formatText(self, text: str) -> str:  # noqa: N802 - reportlab's name
            if type(text) is not str:  # a ShapedStr: glyph offsets of its own
                return str(super()._formatText(text))
            key = (self._fontname, self._fontsize, self._leading, self._curSubset, text)
            known = self._operators.get(key)
            if known is None:
                code = str(super()._formatText(text))
                known = self._operators[key] = (code, self._curSubset)
            else:
                self._curSubset = known[1]
            return known[0]

        def textOut(self, text: str) -> None:  # noqa: N802 - reportlab's name
            """Write ``text`` at the origin just set (the cursor's advance is not tracked)."""
            self._code.append(self._formatText(text))

    return RememberingText
