"""Estimate how long script text lasts on screen.

Micro-drama writers plan in seconds, not pages. Spoken text (dialogue, lyrics, action and shot
lines) is timed at speech rate, captions at reading rate, counted per script so a line mixing
Chinese, Latin and Arabic-script words is timed fairly:

- speech: Chinese 4.5 characters/s, Latin-script 2.75 words/s, Arabic-script 2.5 words/s;
  a spoken line lasts at least 1 s;
- captions: Chinese 9 characters/s, Latin 20 letters/s, Arabic-script 17 letters/s; at least 1.5 s.

The rates follow the figures in DOMAIN.md (speech ≈ 4–5 Chinese characters or 2.5–3 English
words a second; subtitle reading speeds); Arabic-script speech is an assumption of ours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.core.enums import ElementKind

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z0-9\u00c0-\u024f'’\-]+")
_ARABIC_CHAR = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN_LETTER = re.compile(r"[A-Za-z0-9\u00c0-\u024f]")
_ARABIC_LETTER = re.compile(r"[\u0620-\u064a\u066e-\u06d3\u06f0-\u06f9\u0750-\u077f]")


@dataclass(frozen=True)
class Rates:
    """Speech and reading rates used by the estimate; configurable per project later."""

    han_per_second: float = 4.5
    latin_words_per_second: float = 2.75
    arabic_words_per_second: float = 2.5
    min_spoken_seconds: float = 1.0
    caption_han_per_second: float = 9.0
    caption_latin_per_second: float = 20.0
    caption_arabic_per_second: float = 17.0
    min_caption_seconds: float = 1.5


DEFAULT_RATES = Rates()

_SPOKEN = frozenset({ElementKind.DIALOGUE, ElementKind.ACTION, ElementKind.SHOT, ElementKind.LYRIC})


def speech_seconds(text: str, rates: Rates = DEFAULT_RATES) -> float:
    """Seconds it takes to say (or to play out) ``text``."""
    han = len(_HAN.findall(text))
    latin = len(_LATIN_WORD.findall(text))
    arabic = sum(1 for word in text.split() if _ARABIC_CHAR.search(word))
    return (
        han / rates.han_per_second
        + latin / rates.latin_words_per_second
        + arabic / rates.arabic_words_per_second
    )


def reading_seconds(text: str, rates: Rates = DEFAULT_RATES) -> float:
    """Seconds a viewer needs to read ``text`` on screen."""
    han = len(_HAN.findall(text))
    latin = len(_LATIN_LETTER.findall(text))
    arabic = len(_ARABIC_LETTER.findall(text))
    return (
        han / rates.caption_han_per_second
        + latin / rates.caption_latin_per_second
        + arabic / rates.caption_arabic_per_second
    )


def element_seconds(kind: ElementKind | str, text: str, rates: Rates = DEFAULT_RATES) -> float:
    """Estimated screen time of one script element; 0 for kinds that take no time."""
    kind = ElementKind(kind)
    if not text.strip():
        return 0.0
    if kind in _SPOKEN:
        seconds = speech_seconds(text, rates)
        return max(seconds, rates.min_spoken_seconds) if kind is ElementKind.DIALOGUE else seconds
    if kind is ElementKind.CAPTION:
        return max(reading_seconds(text, rates), rates.min_caption_seconds)
    return 0.0
