"""A laid-out line's PDF text operators written as one string, as reportlab's text object would
write them, without going through it call by call.

reportlab's ``PDFTextObject`` costs a method call, a number formatting and a list append for
every operator: a packet's dialogue list drew a quarter of a million lines that way (set the
fill, the font, the origin, then the run's text, for every run), and that was half of its
render. Here what a line writes depends only on its runs, its left edge and its baseline, so
everything but the baseline is worked out once for each line (``LineTemplate``: the pieces
the baseline goes between) and a table row repeating its scene number, speaker or limit
costs a ``str.join``. A run's own text operators (the glyph codes of its font subset) are still
reportlab's: its ``textOut`` is asked once per PDF for each run of text in each font and size.

The output is byte for byte what the text object writes for the same calls (``setFillGray``,
``setFont``, ``setTextRenderMode``, ``setTextOrigin`` or a slanted ``setTextTransform``,
``textOut``), so a PDF is the same as before. It assumes TrueType faces (all Kiln ships):
reportlab's ``setFont`` writes nothing for them, the run's text operators name the subset.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import cache
from typing import Any

from app.formats.document import fonts
from app.formats.pdf import tounicode
from app.formats.pdf.lines import LayoutCache, Line

logger = logging.getLogger(__name__)

#: What ``canvas.beginText()`` writes first: a text object and its origin at (0, 0).
BEGIN = "BT 1 0 0 1 0 0 Tm"
#: What a finished line leaves: the fill back to black (``setFillGray(0)``) and the end.
END = "0 g ET"

#: The pieces of a line's operators between which its baseline goes (empty: nothing drawn)
LineTemplate = tuple[str, ...]


def fp(value: float) -> str:
    """``value`` as reportlab writes a number (``fp_str``: at most six significant decimals,
    no trailing zeros, no leading zero before the point)."""
    return _fp_str()(value)  # type: ignore[no-any-return]


@cache
def _fp_str() -> Callable[..., str]:
    from reportlab.lib.rl_accel import fp_str

    return fp_str  # type: ignore[no-any-return]


class TextWriter:
    """Writes laid-out lines as text operators onto one render's canvases.

    A line's template is kept on the line (``line.extra["ops"]``, with the PDF and left edge it
    was made for, and whether it has rules); a run's text operators in
    ``LayoutCache.text_ops``, by PDF, font, size and text. Both are per PDF: each gives a
    font's glyphs their own subset codes, and a changed-pages render draws on two (the pages it
    keeps, and a canvas it throws away).
    """

    def __init__(self, cache: LayoutCache) -> None:
        from reportlab.lib.rl_accel import escapePDF, fp_str

        self.cache = cache
        self._fp = fp_str
        #: a number as reportlab writes it (``fp``)
        self.number: Callable[..., str] = fp_str
        self._escape = escapePDF
        #: reportlab's fonts by name
        self._fonts: dict[str, Any] = {}
        #: ASCII characters with their own code in subset 0, by PDF and font name
        self._readable: dict[tuple[object, str], frozenset[str]] = {}
        #: subset switches by PDF, font, subset and size (``_switch``)
        self._switches: dict[tuple[object, str, int, float], str] = {}
        #: reportlab's name of each face drawn so far (registered)
        self.face_names: dict[str, str] = {}
        #: a text object per PDF, to ask reportlab for a run's operators
        self._scratch: dict[object, Any] = {}
        self._italic = fp_str(1, 0, 0.2, 1)  # setTextTransform's slant, before x and y
        #: baselines as written, by value
        self._baselines: dict[float, str] = {}
        #: rules of the lines written, not yet taken (``take_rules``)
        self.rules: list[str] = []

    def line(self, canvas: Any, line: Line, left: float, baseline: float) -> str:
        """``line``'s operators inside a text object, its left edge at ``left``; '' when it
        has nothing to draw (blank runs only). Its underline and strike-through rules, drawn
        after the text object, wait in ``rules``."""
        doc = canvas._doc
        known = line.extra.get("ops")
        if known is None or known[0] is not doc or known[1] != left:  # type: ignore[index]
            known = line.extra["ops"] = (doc, left, *self._template(canvas, doc, line, left))
        template, ruled = known[2], known[3]  # type: ignore[index]
        if not template:
            return ""
        y = self._baselines.get(baseline)
        if y is None:
            if len(self._baselines) > 256:  # the lines of a page share a few dozen
                self._baselines.clear()
            y = self._baselines[baseline] = self._fp(baseline)
        if ruled:
            self.rules += self._rules(line, left, baseline)
        return y.join(template)  # type: ignore[no-any-return]

    def take_rules(self) -> list[str]:
        """The rules of the lines written since the last call, to draw after their text."""
        rules, self.rules = self.rules, []
        return rules

    def _template(self, canvas: Any, doc: object, line: Line,
                  left: float) -> tuple[LineTemplate, bool]:
        """What ``line`` writes at ``left``, cut where its baseline goes, and whether it has
        rules."""
        fp = self._fp
        size = line.size
        pieces: list[str] = []
        current = ".35 g" if line.grey else "0 g"
        fake_bold = ruled = False
        for run in line.runs:
            text = run.text
            if not text or text.isspace():  # blank runs draw nothing
                continue
            face = run.face
            name = self.face_names.get(face) or self.face_name(face)
            want_bold = (line.bold or run.bold) and not face.endswith("bold")
            if want_bold != fake_bold:  # setTextRenderMode: 2 fills and strokes (fake bold)
                current += " 2 Tr" if want_bold else " 0 Tr"
                fake_bold = want_bold
            slant = self._italic if run.italic else "1 0 0 1"
            pieces.append(f"{current} {slant} {fp(left + run.x)} ")
            current = " Tm " + self.run_ops(canvas, doc, text, run.rtl, face, name, size)
            ruled = ruled or run.underline or run.strike
        if not pieces:
            return (), False
        if fake_bold:
            current += " 0 Tr"  # the mode outlives the line's runs
        pieces.append(current)
        return tuple(pieces), ruled

    def run_ops(self, canvas: Any, doc: object, text: str, rtl: bool, face: str, name: str,
                size: float) -> str:
        """reportlab's text operators for ``text`` in font ``name`` at ``size`` (shaped first
        when right-to-left), once per PDF: the subset switch and the glyph codes."""
        key = (doc, name, size, rtl, text)
        ops = self.cache.text_ops.get(key)
        if ops is None:
            if rtl:
                scratch = self._scratch.get(doc)
                if scratch is None:
                    scratch = self._scratch[doc] = canvas.beginText()
                scratch.setFont(name, size)  # the subset is chosen again, as after setFont
                # what textOut appends, without the width it works out to move its cursor
                ops = scratch._formatText(self.shaped(text, face, name, size))
            else:
                ops = self._plain_ops(doc, text, name, size)
            self.cache.text_ops[key] = ops
        return ops  # type: ignore[no-any-return]

    def _plain_ops(self, doc: object, text: str, name: str, size: float) -> str:
        """What reportlab's ``_formatText`` writes for unshaped ``text`` in the TrueType font
        ``name`` right after ``setFont(name, size)``: each piece of one subset (its glyph codes
        assigned by the font's ``splitString``, as there) after a switch to that subset."""
        font = self._fonts.get(name)
        if font is None:
            from reportlab.pdfbase.pdfmetrics import getFont

            font = self._fonts[name] = getFont(name)
        readable = self._readable.get((doc, name))
        if readable is None:
            readable = self._readable_chars(doc, name, font)
        if readable.issuperset(text):
            # what splitString gives such text: subset 0, each character its own code
            return f"{self._switch(doc, font, name, 0, size)} ({self._escape(text.encode())}) Tj"
        out = []
        current = -1
        for subset, piece in font.splitString(text, doc):
            if subset != current:
                out.append(self._switch(doc, font, name, subset, size))
                current = subset
            out.append(f"({self._escape(piece)}) Tj")
        return " ".join(out)

    def _readable_chars(self, doc: object, name: str, font: Any) -> frozenset[str]:
        """The ASCII characters ``font`` has given their own code in subset 0 of this PDF
        (reportlab gives every ASCII character the font has its own code first, so that ASCII
        text reads as itself): text of those alone needs no ``splitString``, a packet's line
        ids, scene numbers and limits. Empty until the font is named in the PDF (its first
        run goes through splitString and names it)."""
        state = font.state.get(doc)
        if state is None or state.internalName is None:
            return frozenset()
        assigned = state.assignments
        chars = frozenset(chr(c) for c in range(32, 128) if assigned.get(c) == c)
        self._readable[doc, name] = chars  # codes once given never change
        return chars

    def _switch(self, doc: object, font: Any, name: str, subset: int, size: float) -> str:
        """The operator that switches to ``subset`` of ``font`` at ``size`` (and setFont's
        leading), as ``_formatText`` writes it; the subset's name is asked of the font once
        per PDF (the first time names the font in the PDF)."""
        key = (doc, name, subset, size)
        switch = self._switches.get(key)
        if switch is None:
            fp = self._fp
            switch = self._switches[key] = (
                f"{font.getSubsetInternalName(subset, doc)} {fp(size)} Tf {fp(size * 1.2)} TL"
            )
        return switch

    def shaped(self, text: str, face: str, font: str, size: float) -> str:
        """``text`` shaped by HarfBuzz for ``font``, once per render (a packet repeats its Arabic
        headers and labels on every page); the letters of its glyphs are recorded for the
        text layer."""
        from reportlab.pdfbase.ttfonts import shapeStr

        key = (text, font, size)
        shaped = self.cache.shaped.get(key)
        if shaped is None:
            shaped = self.cache.shaped[key] = shapeStr(text, font, size)
            tounicode.record(fonts.register(face).face.name.decode(), text, shaped)  # type: ignore[attr-defined]
        return shaped

    def face_name(self, face: str) -> str:
        """The name ``face`` is registered under in reportlab (registered first)."""
        fonts.register(face)
        name = self.face_names[face] = fonts.pdf_name(face)
        return name

    def _rules(self, line: Line, left: float, baseline: float) -> list[str]:
        """The underline and strike-through rules of ``line``'s runs, as they are drawn after
        the text (``setLineWidth`` and ``line`` for each)."""
        fp = self._fp
        out = []
        size = line.size
        for run in line.runs:
            if not run.text or run.text.isspace():
                continue
            x = left + run.x
            for wanted, y in ((run.underline, baseline - size * 0.12),
                              (run.strike, baseline + size * 0.3)):
                if wanted:
                    out.append(f"{fp(size * 0.05)} w")
                    out.append(f"n {fp(x)} {fp(y)} m {fp(x + run.width)} {fp(y)} l S")
        return out


def text_object(parts: list[str]) -> str:
    """The text object holding the lines ``parts`` (each ``TextWriter.line``), as
    ``canvas.drawText`` writes it after ``setFillGray(0)``."""
    return f"{BEGIN} {' '.join(parts)} {END}"
