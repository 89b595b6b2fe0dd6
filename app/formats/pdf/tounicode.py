"""What shaped Arabic glyphs copy as: each glyph of a PDF's text layer maps to the letters it
draws, not to a presentation form or a private-use code.

reportlab draws a HarfBuzz-shaped run with the code points of its glyphs: a joining form found
in the font's cmap under its presentation-form code (``ﺷ`` U+FEB7), or, for a glyph no code
point reaches (a lam-alef ligature, a Persian ``ی`` form), a private-use code it assigns. Its
ToUnicode CMap maps each code to itself, so copying, searching and ``pdftotext`` gave
presentation forms and private-use characters. Here each shaped run records which letters every
glyph stands for (HarfBuzz's clusters), and the ToUnicode CMap reportlab writes is rewritten to
map each such code to those letters (``ﻻ`` → ``لا``), and every presentation form to its
letters (Unicode compatibility decomposition).
"""

from __future__ import annotations

import logging
import threading
import unicodedata
from collections.abc import Callable

logger = logging.getLogger(__name__)

#: face name (as reportlab's BaseFont ends) -> code point -> the letters its glyph draws
_LETTERS: dict[str, dict[int, str]] = {}
_lock = threading.Lock()
_original: list[Callable[[str, list[int]], str]] = []  # reportlab's own, once installed


def _presentation(code: int) -> bool:
    return 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF


def _private(code: int) -> bool:
    return 0xE000 <= code <= 0xF8FF


def record(face_name: str, logical: str, shaped: str) -> None:
    """Remember the letters of each glyph code of ``shaped``, the run ``logical`` as
    reportlab's ``shapeStr`` returned it (its ``__shapeData__`` holds HarfBuzz's clusters)."""
    data = getattr(shaped, "__shapeData__", None)
    if not data:
        return
    clusters = sorted({d.cluster for d in data if 0 <= d.cluster < len(logical)})
    ends = {c: (clusters[i + 1] if i + 1 < len(clusters) else len(logical))
            for i, c in enumerate(clusters)}
    seen: set[int] = set()
    found: dict[int, str] = {}
    for char, d in zip(shaped, data, strict=False):
        code = ord(char)
        if not (_private(code) or _presentation(code)) or d.cluster not in ends:
            continue
        if d.cluster in seen:
            continue  # a second glyph of one cluster (a mark) adds no letters
        seen.add(d.cluster)
        found[code] = logical[d.cluster : ends[d.cluster]]
    if found:
        with _lock:
            _LETTERS.setdefault(face_name, {}).update(found)


def letters(face_name: str, code: int) -> str | None:
    """The letters the glyph at ``code`` of ``face_name`` draws, when it is not ``chr(code)``."""
    known = _LETTERS.get(face_name, {}).get(code)
    if known:
        return known
    if _presentation(code):
        return unicodedata.normalize("NFKC", chr(code)).strip() or None
    return None


def _utf16(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap of ``subset``, with shaped glyphs mapped to their letters."""
    cmap = _original[0](fontname, subset)
    face = fontname.split("+", 1)[-1]
    lines = cmap.split("\n")
    for i, code in enumerate(subset):
        text = letters(face, code)
        if text:
            old = f"<{i:02X}> <{code:04X}>"
            at = lines.index(old) if old in lines else -1
            if at >= 0:
                lines[at] = f"<{i:02X}> <{_utf16(text)}>"
    return "\n".join(lines)


def install() -> None:
    """Make reportlab write ToUnicode CMaps through ``to_unicode_cmap`` (once)."""
    from reportlab.pdfbase import ttfonts  # reportlab loads only when a PDF is made

    with _lock:
        if ttfonts.makeToUnicodeCMap is not to_unicode_cmap:
            _original.append(ttfonts.makeToUnicodeCMap)
            ttfonts.makeToUnicodeCMap = to_unicode_cmap
