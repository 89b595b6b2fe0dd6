"""Estimate how long script text lasts on screen.

Micro-drama writers plan in seconds, not pages. Spoken text (dialogue, lyrics, action and shot
lines) is timed at speech rate, captions at reading rate, counted per script so a line mixing
Chinese, Latin and Arabic-script words is timed fairly:

- speech: Chinese 4.5 characters/s, Latin-script 2.75 words/s, Arabic-script 2.5 words/s;
  a spoken line lasts at least 1 s;
- captions: Chinese 9 characters/s, Latin 20 letters/s, Arabic-script 17 letters/s; at least 1.5 s.

The rates follow the figures in DOMAIN.md (speech ≈ 4–5 Chinese characters or 2.5–3 English
words a second; subtitle reading speeds); Arabic-script speech is an assumption of ours.

Speech rates are settings per language and per project (``SPEECH_LANGUAGES``: zh in characters
a second, en, pt, ar and fa in words a second; docs/rhythm.md). ``rates_for`` turns a project's
rates and the language of a text into the ``Rates`` of one estimate: Latin words are timed at
the rate of the text's language when it is English or Portuguese (English otherwise),
Arabic-script words at Persian's rate for Persian text and Arabic's otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from types import MappingProxyType

from app.core.enums import ElementKind

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
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

#: The languages with a speech rate of their own: zh counts characters, the others words.
SPEECH_LANGUAGES = ("zh", "en", "pt", "ar", "fa")
#: Default speech rates (zh: characters a second; others: words a second). Portuguese and
#: Persian take English's and Arabic's figures until a project sets its own (an assumption).
DEFAULT_SPEECH: Mapping[str, float] = MappingProxyType({
    "zh": DEFAULT_RATES.han_per_second,
    "en": DEFAULT_RATES.latin_words_per_second,
    "pt": DEFAULT_RATES.latin_words_per_second,
    "ar": DEFAULT_RATES.arabic_words_per_second,
    "fa": DEFAULT_RATES.arabic_words_per_second,
})
#: The slowest and fastest rate a setting may hold (anything else is a typo).
SPEECH_RANGE = (0.5, 30.0)


@lru_cache(maxsize=256)
def base_language(language: str | None) -> str:
    """``pt-BR`` → ``pt``, ``zh-Hans`` → ``zh``; "" for None (remembered: a script asks about
    the same few tags tens of thousands of times)."""
    return (language or "").split("-")[0].split("_")[0].lower()


def speech_rates(settings: Mapping[str, object] | None) -> dict[str, float]:
    """The speech rates of a project's settings (``{"zh": 4.5, ...}``), defaults filled in;
    values that are not numbers in ``SPEECH_RANGE`` are ignored."""
    rates = dict(DEFAULT_SPEECH)
    for lang, value in (settings or {}).items():
        key = base_language(str(lang))
        if key in rates and isinstance(value, int | float) and not isinstance(value, bool) \
                and SPEECH_RANGE[0] <= float(value) <= SPEECH_RANGE[1]:
            rates[key] = float(value)
    return rates


def rates_for(speech: Mapping[str, float] | None, language: str | None = None) -> Rates:
    """The ``Rates`` of one estimate: ``speech`` (``speech_rates``) for a text in ``language``."""
    if not speech:
        speech = DEFAULT_SPEECH
    lang = base_language(language)
    latin = speech.get(lang if lang in ("en", "pt") else "en", DEFAULT_SPEECH["en"])
    arabic = speech.get("fa" if lang == "fa" else "ar", DEFAULT_SPEECH["ar"])
    han = speech.get("zh", DEFAULT_SPEECH["zh"])
    if (han, latin, arabic) == (DEFAULT_RATES.han_per_second,
                                DEFAULT_RATES.latin_words_per_second,
                                DEFAULT_RATES.arabic_words_per_second):
        return DEFAULT_RATES
    return replace(DEFAULT_RATES, han_per_second=han, latin_words_per_second=latin,
                   arabic_words_per_second=arabic)

class RateBook:
    """A project's speech rates, giving the ``Rates`` for text in each language (cached)."""

    def __init__(self, speech: Mapping[str, object] | None = None) -> None:
        self.speech = speech_rates(speech)
        self._by_language: dict[str, Rates] = {}

    def __call__(self, language: str | None = None) -> Rates:
        rates = self._by_language.get(language or "")
        if rates is None:
            rates = self._by_language[language or ""] = rates_for(self.speech, language)
        return rates


_SPOKEN = frozenset({ElementKind.DIALOGUE, ElementKind.ACTION, ElementKind.SHOT, ElementKind.LYRIC})
#: The kinds that take screen time (the others last 0 s).
TIMED = _SPOKEN | {ElementKind.CAPTION}
#: Each kind by its stored value (quicker than ``ElementKind(value)`` for every row of a query).
_KINDS = {kind.value: kind for kind in ElementKind}


def speech_seconds(text: str, rates: Rates = DEFAULT_RATES) -> float:
    """Seconds it takes to say (or to play out) ``text``."""
    if text.isascii():  # no Han character or Arabic letter to count
        return len(_LATIN_WORD.findall(text)) / rates.latin_words_per_second
    han = sum(map(len, _HAN_RUN.findall(text)))
    latin = len(_LATIN_WORD.findall(text))
    # Most lines hold no Arabic letter at all: one scan of the line says so.
    arabic = (sum(1 for word in text.split() if _ARABIC_CHAR.search(word))
              if _ARABIC_CHAR.search(text) else 0)
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
    if not isinstance(kind, ElementKind):
        kind = _KINDS.get(kind) or ElementKind(kind)
    if kind not in TIMED or not text.strip():
        return 0.0
    if kind in _SPOKEN:
        seconds = speech_seconds(text, rates)
        return max(seconds, rates.min_spoken_seconds) if kind is ElementKind.DIALOGUE else seconds
    if kind is ElementKind.CAPTION:
        return max(reading_seconds(text, rates), rates.min_caption_seconds)
    return 0.0
