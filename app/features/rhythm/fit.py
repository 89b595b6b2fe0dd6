"""Dubbing and subtitle fit: does each translated line fit its language's subtitles and dub?

For a target language and every translatable line (dialogue, lyrics, captions):

- **reading speed** — characters a second, counting spaces and punctuation as the timed-text
  guides do, over the line's slot in the estimated timeline (``timeline``);
- **line length** — how many subtitle lines of ``chars_per_line`` it needs (wrapped at spaces,
  or anywhere in Chinese), against ``lines`` (two);
- **dub length ratio** — the translation's speech time over the source's (spoken lines only),
  flagged above ``dub_ratio`` (1.15).

A line without a translation is *estimated*: its translation's length is guessed from the
source's speech time and the target language's characters per second of speech (an assumption
of ours, docs/rhythm.md); it has no dub ratio. Default limits and their sources: ``LIMITS``.
"""

from __future__ import annotations

import logging
import math
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, NamedTuple

from sqlalchemy import select

from app.core.enums import ElementKind
from app.core.i18n import _
from app.core.timing import DEFAULT_SPEECH, RateBook, base_language, speech_seconds
from app.store import schema

logger = logging.getLogger(__name__)

#: The fields of a language's limits a project may change.
FIT_FIELDS = ("cps", "chars_per_line", "lines")
#: Flag a dub whose translated speech runs longer than this share of the source's.
DUB_RATIO = 1.15


@dataclass(frozen=True)
class FitLimits:
    """Subtitle and dub limits of one language, and where the figures come from."""

    cps: float = 17.0
    chars_per_line: int = 42
    lines: int = 2
    dub_ratio: float = DUB_RATIO
    source: str = ""


_NETFLIX = "Netflix Timed Text Style Guide"
#: Defaults per base language (docs/rhythm.md has the addresses of each guide).
LIMITS: Mapping[str, FitLimits] = {
    "en": FitLimits(17.0, 42, 2, source=f"{_NETFLIX}: English Template (adult 17 cps, 42)"),
    "pt": FitLimits(17.0, 42, 2, source=f"{_NETFLIX}: Brazilian Portuguese (42); 17 cps"),
    "ar": FitLimits(17.0, 42, 2, source=f"{_NETFLIX}: Arabic (42); 17 cps"),
    "fa": FitLimits(17.0, 42, 2, source="no public Persian guide: Arabic's limits (DOMAIN.md)"),
    "zh": FitLimits(9.0, 16, 2, source=f"{_NETFLIX}: Simplified Chinese (16); 9 cps"),
}
#: Characters a second of speech, to estimate an untranslated line's length: per word of speech
#: (Latin and Arabic script, space and punctuation included) — our assumption, not a guide's.
CHARS_PER_WORD: Mapping[str, float] = {"en": 5.7, "pt": 6.0, "ar": 5.5, "fa": 5.0}
#: Chinese: characters a second of speech, punctuation included (≈ 1 mark in 7 characters).
HAN_CHARS_FACTOR = 1.15


def fit_limits(language: str, changes: Mapping[str, Any] | None = None) -> FitLimits:
    """The limits of ``language`` with a project's ``changes`` (``{lang: {...}, "dub_ratio"}``)."""
    key = base_language(language)
    limits = LIMITS.get(key, FitLimits(source="—"))
    changes = changes or {}
    own = changes.get(language) or changes.get(key) or {}
    values = {k: v for k, v in own.items() if k in FIT_FIELDS} if isinstance(own, Mapping) else {}
    if isinstance(changes.get("dub_ratio"), int | float):
        values["dub_ratio"] = float(changes["dub_ratio"])
    return replace(limits, **values) if values else limits


class FitProblem(StrEnum):
    """What does not fit."""

    READING_SPEED = "reading_speed"
    LINE_LENGTH = "line_length"
    DUB_LENGTH = "dub_length"


def problem_label(problem: FitProblem) -> str:
    """What does not fit, in the interface language."""
    return {FitProblem.READING_SPEED: _("too fast to read"),
            FitProblem.LINE_LENGTH: _("too long for the subtitle lines"),
            FitProblem.DUB_LENGTH: _("dub runs long")}[problem]


def subtitle_chars(text: str) -> int:
    """Characters as the timed-text guides count them: every character, spaces and punctuation
    included, line breaks not; combining marks (Arabic vowel signs) not."""
    text = unicodedata.normalize("NFC", text.strip())
    return sum(1 for c in text if c not in "\r\n" and not unicodedata.combining(c))


def _is_han(char: str) -> bool:
    return "\u2e80" <= char <= "\u9fff" or "\uf900" <= char <= "\uffef"


def wrap(text: str, chars_per_line: int) -> list[str]:
    """``text`` broken into subtitle lines of at most ``chars_per_line`` characters: words wrap
    at spaces (a word longer than a line is cut), Chinese anywhere; the writer's own breaks
    stay."""
    out: list[str] = []
    for paragraph in text.strip().splitlines() or [""]:
        line = ""
        for unit in _units(paragraph.strip()):
            joiner = "" if not line or _is_han(unit[0]) or _is_han(line[-1]) else " "
            if line and subtitle_chars(line + joiner + unit) > chars_per_line:
                out.append(line)
                line, joiner = "", ""
            while subtitle_chars(unit) > chars_per_line:  # one long word: cut it
                out.append(unit[:chars_per_line])
                unit = unit[chars_per_line:]
            line += joiner + unit
        out.append(line)
    return out


def subtitle_lines(text: str, chars_per_line: int) -> int:
    """How many subtitle lines ``text`` needs at ``chars_per_line`` (``wrap``)."""
    return len(wrap(text, chars_per_line))


def _units(paragraph: str) -> list[str]:
    """Words of Latin or Arabic script; single characters of Chinese."""
    units: list[str] = []
    for word in paragraph.split():
        run = ""
        for char in word:
            if _is_han(char):
                if run:
                    units.append(run)
                    run = ""
                units.append(char)
            else:
                run += char
        if run:
            units.append(run)
    return units


def estimated_chars(seconds: float, language: str, rates: RateBook) -> float:
    """How many characters a translation into ``language`` of ``seconds`` of speech may have."""
    key = base_language(language)
    speech = rates.speech
    if key == "zh":
        return seconds * speech.get("zh", DEFAULT_SPEECH["zh"]) * HAN_CHARS_FACTOR
    words = speech.get(key, DEFAULT_SPEECH["en"])
    return seconds * words * CHARS_PER_WORD.get(key, CHARS_PER_WORD["en"])


class LineFit(NamedTuple):
    """How one line fits one language (a named tuple: a series has tens of thousands)."""

    element_id: str
    line_id: str
    episode: int
    kind: ElementKind
    speaker: str
    source: str
    translation: str
    start: float
    end: float
    chars: int
    cps: float
    lines: int
    dub_ratio: float | None
    estimated: bool
    problems: tuple[FitProblem, ...] = ()

    @property
    def fits(self) -> bool:
        return not self.problems


def line_fit(element_id: str, line_id: str, episode: int, kind: ElementKind, speaker: str,
             source: str, source_language: str, translation: str, language: str,
             start: float, end: float, limits: FitLimits, rates: RateBook,
             source_speech: float | None = None) -> LineFit:
    """The fit of one line (``start``–``end``: its slot in the timeline; ``source_speech``:
    the source's speech seconds when the caller knows them)."""
    slot = max(end - start, 1e-6)
    spoken = kind is not ElementKind.CAPTION
    if spoken and source_speech is None:
        source_speech = speech_seconds(source, rates(source_language))
    if translation.strip():
        chars = subtitle_chars(translation)
        lines = subtitle_lines(translation, limits.chars_per_line)
        ratio = None
        if spoken and source_speech:
            ratio = speech_seconds(translation, rates(language)) / source_speech
        estimated = False
    else:
        guess = estimated_chars(source_speech if spoken and source_speech is not None
                                else slot, language, rates)
        chars = round(guess)
        lines = max(1, math.ceil(guess / limits.chars_per_line))
        ratio, estimated = None, True
    cps = chars / slot
    problems = []
    if cps > limits.cps + 1e-9:
        problems.append(FitProblem.READING_SPEED)
    if lines > limits.lines:
        problems.append(FitProblem.LINE_LENGTH)
    if ratio is not None and ratio > limits.dub_ratio + 1e-9:
        problems.append(FitProblem.DUB_LENGTH)
    return LineFit(element_id, line_id, episode, kind, speaker, source, translation, start, end,
                   chars, round(cps, 2), lines, None if ratio is None else round(ratio, 3),
                   estimated, tuple(problems))


@dataclass
class EpisodeFit:
    """One episode's lines in one language, counted."""

    number: int
    lines: int = 0
    translated: int = 0
    reading_speed: int = 0
    line_length: int = 0
    dub_length: int = 0

    @property
    def problems(self) -> int:
        return self.reading_speed + self.line_length + self.dub_length


@dataclass
class FitReport:
    """Every translatable line's fit in one language, and the count per episode."""

    language: str
    limits: FitLimits
    lines: list[LineFit] = field(default_factory=list)
    episodes: list[EpisodeFit] = field(default_factory=list)

    def by_element(self) -> dict[str, LineFit]:
        return {f.element_id: f for f in self.lines}


def translations_of(project: Any, language: str,
                    element_ids: Collection[str] | None = None) -> dict[str, str]:
    """Element id -> its translation's text into ``language`` (``element_ids``: only those
    lines' — what a view reads again after an edit of some translations)."""
    t = schema.LineTranslation
    query = select(t.element_id, t.text).where(t.language == language)
    if element_ids is not None:
        query = query.where(t.element_id.in_(list(element_ids)))
    with project.file.session() as s:
        return dict(s.execute(query).all())
