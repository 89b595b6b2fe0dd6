"""The fonts Kiln ships (resources/fonts) and which one draws each character.

All are TrueType-outlined (reportlab cannot embed CFF): WenQuanYi Micro Hei (Chinese and
Latin), Noto Naskh Arabic (Arabic and Persian), Courier Prime (the screenplay face, converted
to TrueType outlines). A run of text is split into pieces of one font each, choosing the first
font of the document's family that has the character.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from app.core.paths import RESOURCES

logger = logging.getLogger(__name__)

FONT_DIR = RESOURCES / "fonts"


@dataclass(frozen=True)
class FontFace:
    """One shipped font file and the names it goes by."""

    key: str
    file: str
    family: str  # the family name a word processor knows it by
    subfont: int = 0

    @property
    def path(self) -> Path:
        return FONT_DIR / self.file


FACES = {
    f.key: f
    for f in (
        FontFace("cjk", "wqy-microhei.ttc", "WenQuanYi Micro Hei"),
        FontFace("arabic", "NotoNaskhArabic-Regular.ttf", "Noto Naskh Arabic"),
        FontFace("arabic-bold", "NotoNaskhArabic-Bold.ttf", "Noto Naskh Arabic"),
        FontFace("courier", "CourierPrime-Regular.ttf", "Courier Prime"),
        FontFace("courier-bold", "CourierPrime-Bold.ttf", "Courier Prime"),
        FontFace("latin", "DejaVuSans.ttf", "DejaVu Sans"),
    )
}

#: Fonts tried in order for characters outside the Arabic script, per document family.
FAMILY_CHAIN = {
    "sans": ("cjk", "arabic", "latin"),
    "screenplay": ("courier", "cjk", "arabic", "latin"),
}

_lock = threading.Lock()


def pdf_name(key: str) -> str:
    """The name a face is registered under in reportlab."""
    return f"Kiln-{key}"


@cache
def _registered(key: str) -> object:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    face = FACES[key]
    font = TTFont(pdf_name(key), str(face.path), subfontIndex=face.subfont)
    pdfmetrics.registerFont(font)
    return font


_done: dict[str, object] = {}


def register(key: str) -> object:
    """Register a face with reportlab (once) and return its TTFont."""
    font = _done.get(key)
    if font is None:
        with _lock:
            font = _done[key] = _registered(key)
    return font


@cache
def cmap(key: str) -> frozenset[int]:
    """The code points a face really draws (WenQuanYi maps some, like ǐ, to empty glyphs)."""
    face = register(key).face  # type: ignore[attr-defined]
    pos = face.glyphPos
    return frozenset(
        code
        for code, glyph in face.charToGlyph.items()
        if chr(code).isspace() or (glyph + 1 < len(pos) and pos[glyph + 1] > pos[glyph])
    )


#: ``pick``'s answers by (character, chain): they depend only on the shipped fonts.
_PICKED: dict[tuple[str, tuple[str, ...]], str | None] = {}


def pick(char: str, chain: tuple[str, ...]) -> str | None:
    """The first face of ``chain`` that draws ``char`` (None when no shipped font does)."""
    try:
        return _PICKED[char, chain]
    except KeyError:
        pass
    code = ord(char)
    found = next((key for key in chain if code in cmap(key)), None)
    _PICKED[char, chain] = found
    return found


#: The face ``split_by_font`` draws each character in, per chain (``pick``, or the chain's first
#: face when none has it): a chain's own table spares a (character, chain) key per character.
_DRAWN_BY: dict[tuple[str, ...], dict[str, str]] = {}


#: Per chain, the characters each face draws there, and every space (a space goes with any
#: face): a run one face draws all of is a subset of its set.
_FACE_CHARS: dict[tuple[str, ...], dict[str, set[str]]] = {}
_learning = threading.Lock()  # not _lock: pick may register a face, which takes that


def _learn(chars: set[str], chain: tuple[str, ...], table: dict[str, str]) -> None:
    """Put the characters of ``chars`` not yet in ``chain``'s ``table`` there and in
    ``_FACE_CHARS`` (a character's face set first: a reader that finds it in the table finds
    the set)."""
    with _learning:
        sets = _FACE_CHARS.setdefault(chain, {})
        for char in chars - table.keys():
            face = pick(char, chain) or chain[0]
            if face not in sets:  # a new face draws every space known so far
                sets[face] = {c for c in table if c.isspace()}
            if char.isspace():
                for drawn in sets.values():
                    drawn.add(char)
            else:
                sets[face].add(char)
            table[char] = face


def split_by_font(text: str, chain: tuple[str, ...]) -> list[tuple[str, str]]:
    """``text`` as ``(piece, face key)`` pieces; spaces stay with the font before them."""
    if not text:
        return []
    table = _DRAWN_BY.get(chain)
    if table is None:
        table = _DRAWN_BY.setdefault(chain, {})
    chars = set(text)
    if not chars <= table.keys():
        _learn(chars, chain, table)
    first = table[text[0]]
    if chars <= _FACE_CHARS[chain][first]:
        return [(text, first)]  # one face draws it all: most runs
    pieces: list[tuple[str, str]] = []
    start, key = 0, first
    for i, char in enumerate(text):
        if char.isspace():
            continue  # a space stays with the face before it (the first takes its own)
        face = table[char]
        if face != key:
            if i > start:
                pieces.append((text[start:i], key))
            start, key = i, face
    pieces.append((text[start:], key))
    return pieces


def missing_characters(text: str, chain: tuple[str, ...]) -> set[str]:
    """Characters of ``text`` that none of the fonts in ``chain`` (or Arabic) can draw."""
    full = (*chain, "arabic")
    return {c for c in set(text) if not c.isspace() and pick(c, full) is None}
