"""Convert Debian's Courier Prime (CFF outlines) to TrueType outlines so reportlab can embed it.

Run once with fontTools installed (a developer tool, not a runtime dependency):
``python resources/fonts/make_courier_prime_ttf.py /usr/share/fonts/opentype/courier-prime``.
The cubic curves are approximated by quadratic ones (fontTools.cu2qu, max error 1 unit).

Debian's files (like upstream's) label both faces "Courier Prime Regular", weight 300 "Light",
so a font chooser cannot tell bold from regular; the converted files carry their real style
(Regular 400, Bold 700) in the OS/2, head and name tables. The OFL allows this (the font has no
Reserved Font Name).
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

FACES = {
    "Courier Prime.otf": ("CourierPrime-Regular.ttf", "Regular"),
    "Courier Prime Bold.otf": ("CourierPrime-Bold.ttf", "Bold"),
}

_BOLD_BIT, _REGULAR_BIT = 1 << 5, 1 << 6  # OS/2 fsSelection


def label(font: TTFont, style: str) -> None:
    """Name the face by its real style: family "Courier Prime", subfamily ``style``."""
    bold = style == "Bold"
    font["OS/2"].usWeightClass = 700 if bold else 400
    selection = font["OS/2"].fsSelection & ~(_BOLD_BIT | _REGULAR_BIT)
    font["OS/2"].fsSelection = selection | (_BOLD_BIT if bold else _REGULAR_BIT)
    font["head"].macStyle = (font["head"].macStyle & ~1) | (1 if bold else 0)
    names = font["name"]
    names.removeNames(nameID=16)  # typographic family/subfamily: the basic ones now suffice
    names.removeNames(nameID=17)
    full = "Courier Prime" if not bold else "Courier Prime Bold"
    for name_id, text in ((1, "Courier Prime"), (2, style), (4, full),
                          (6, f"CourierPrime-{style}")):
        names.setName(text, name_id, 3, 1, 0x409)
        names.setName(text, name_id, 1, 0, 0)


def convert(source: Path, target: Path, style: str) -> None:
    """Write ``target``: ``source`` with its CFF table replaced by glyf/loca, labelled ``style``."""
    font = TTFont(source)
    label(font, style)
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
    for name, (out, style) in FACES.items():
        convert(folder / name, Path(__file__).with_name(out), style)
