"""Fold text for matching: case, Latin diacritics and Arabic/Persian letter variants.

``fold`` is what search compares: Portuguese ``Capoeira``/``capoeíra`` and Arabic/Persian
spellings with ي/ی/ى, ك/ک, ة/ه, hamza forms, tatweel or harakat all fold to one form. Chinese is
left as it is (apart from full-width forms becoming ordinary ones). ``fold_with_map`` also says
where each folded character came from, so a match in folded text can be shown in the original.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import lru_cache

logger = logging.getLogger(__name__)

# Combining marks (Latin accents, Arabic harakat, Quranic marks …), tatweel, ZWNJ/ZWJ, and
# the bidi controls writers paste in: all dropped.
_DROP = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670"
    "\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed\u1ab0-\u1aff\u1dc0-\u1dff"
    "\u20d0-\u20ff\ufe20-\ufe2f\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)

# Letter variants that readers treat as one letter (after NFKD has split off hamza and madda).
_LETTERS = str.maketrans(
    {
        "\u064a": "\u06cc",  # ي Arabic yeh -> ی Farsi yeh
        "\u0649": "\u06cc",  # ى alef maksura -> ی
        "\u0643": "\u06a9",  # ك Arabic kaf -> ک keheh
        "\u0629": "\u0647",  # ة teh marbuta -> ه
        "\u06c0": "\u0647",  # ۀ heh with yeh above -> ه
        "\u0671": "\u0627",  # ٱ alef wasla -> ا
        "\u0672": "\u0627",  # ٲ alef with wavy hamza above -> ا
        "\u0673": "\u0627",  # ٳ alef with wavy hamza below -> ا
        "\u06be": "\u0647",  # ھ heh doachashmee (typed for ه on some keyboards) -> ه
        "\u06c1": "\u0647",  # ہ heh goal -> ه
        "\u06aa": "\u06a9",  # ڪ swash kaf -> ک
        "\u06d2": "\u06cc",  # ے yeh barree -> ی
    }
)

_LETTER_PAIRS = tuple((chr(k), v) for k, v in _LETTERS.items())

_SPACES = re.compile(r"\s+")
_ODD_SPACE = re.compile("[\t\n\r\x0b\x0c\x1c-\x1f\x85\u2028\u2029]")
_WHITESPACE = str.maketrans(dict.fromkeys("\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029", " "))


def fold(text: str) -> str:
    """The comparable form of ``text`` (may be shorter than the text)."""
    if text.isascii():
        return _SPACES.sub(" ", text.lower()).strip()
    folded = _DROP.sub("", unicodedata.normalize("NFKD", text))
    for variant, letter in _LETTER_PAIRS:  # str.replace is much quicker than translate here
        if variant in folded:
            folded = folded.replace(variant, letter)
    return _SPACES.sub(" ", folded.casefold()).strip()


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    folded = _DROP.sub("", unicodedata.normalize("NFKD", char))
    folded = folded.translate(_LETTERS).casefold()
    return " " if folded.isspace() else folded


def fold_with_map(text: str) -> tuple[str, list[int] | None]:
    """``text`` folded character by character, and for each folded character its source index
    (None when every character folds to exactly one, so indexes are unchanged).

    Unlike ``fold`` this keeps every space (any whitespace becomes one space), so a paragraph
    never contains a line break and offsets stay simple.
    """
    if text.isascii():
        lowered = text.lower()
        return (lowered.translate(_WHITESPACE) if _ODD_SPACE.search(lowered) else lowered), None
    # Each character decomposes and case-folds to at least one character, so equal lengths
    # mean every character became exactly one.
    decomposed = unicodedata.normalize("NFKD", text)
    if len(decomposed) == len(text) and not _DROP.search(decomposed):
        folded = decomposed.translate(_LETTERS).casefold()
        if len(folded) == len(text):
            return (folded.translate(_WHITESPACE) if _ODD_SPACE.search(folded) else folded), None
    parts: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = _fold_char(char)
        parts.append(folded)
        origin.extend([index] * len(folded))
    return "".join(parts), origin
