"""The shipped screenplay faces say which is regular and which is bold, so font choosers (Qt,
LibreOffice, Word) pick the right file."""

from __future__ import annotations

import pytest
from fontTools.ttLib import TTFont

from app.formats.document.fonts import FACES


@pytest.mark.parametrize(("key", "style", "weight"), [("courier", "Regular", 400),
                                                       ("courier-bold", "Bold", 700)])
def test_courier_prime_faces_carry_their_style(key: str, style: str, weight: int) -> None:
    font = TTFont(FACES[key].path)
    assert font["name"].getDebugName(1) == "Courier Prime"
    assert font["name"].getDebugName(2) == style
    assert font["OS/2"].usWeightClass == weight
    assert bool(font["head"].macStyle & 1) == (style == "Bold")
    assert "glyf" in font and "CFF " not in font  # TrueType outlines: reportlab embeds them
