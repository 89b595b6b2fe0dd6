"""Convert Debian's Courier Prime (CFF outlines) to TrueType outlines so reportlab can embed it.

Run once with fontTools installed (a developer tool, not a runtime dependency):
``python resources/fonts/make_courier_prime_ttf.py /usr/share/fonts/opentype/courier-prime``.
The cubic curves are approximated by quadratic ones (fontTools.cu2qu, max error 1 unit).
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

FACES = {
    "Courier Prime.otf": "CourierPrime-Regular.ttf",
    "Courier Prime Bold.otf": "CourierPrime-Bold.ttf",
}


def convert(source: Path, target: Path) -> None:
    """Write ``target``: ``source`` with its CFF table replaced by glyf/loca."""
    font = TTFont(source)
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = font.getGlyphOrder()
    glyf.glyphs = {}
    for name in glyf.glyphOrder:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    del font["CFF "]
    font["maxp"] = maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in (
        "maxZones maxTwilightPoints maxStorage maxFunctionDefs maxInstructionDefs "
        "maxStackElements maxSizeOfInstructions maxComponentElements"
    ).split():
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    maxp.maxComponentElements = 0
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 2.0
    font["post"].extraNames = []
    font["post"].mapping = {}
    font.sfntVersion = "\x00\x01\x00\x00"
    font.save(target)


if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/opentype/courier-prime")
    for name, out in FACES.items():
        convert(folder / name, Path(__file__).with_name(out))
