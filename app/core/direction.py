"""Text direction, decided in one place: which languages and which letters run right to left.

``is_rtl`` answers for a language (the interface, an export, a target language, an element's
language); ``paragraph_rtl``, ``first_strong_rtl``, ``dominant_rtl`` and ``has_rtl`` answer for
a piece of text; ``isolate`` keeps a fragment's own direction inside a line of the other one.

Everything here is pure and cheap: the editor asks per paragraph and the PDF export per run, so
nothing calls Babel (tests check that Babel's CLDR data agrees with the list below).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import lru_cache

logger = logging.getLogger(__name__)

#: Languages written right to left, by primary subtag (BCP-47 or gettext form).
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps", "ckb", "sd", "ug", "yi", "dv"})

#: Scripts written right to left, by ISO 15924 code: a script subtag overrides the language's
#: usual script (``sd-Deva`` runs left to right, ``pa-Arab`` right to left).
RTL_SCRIPTS = frozenset({"Arab", "Hebr", "Thaa", "Syrc", "Nkoo", "Adlm", "Rohg", "Mand", "Samr"})

#: Arabic-script letters (the Arabic blocks and presentation forms, without the Arabic-Indic
#: digits, which are weak), as the body of a regex character class.
ARABIC_LETTERS = (
    "\u0600-\u065f\u066a-\u06ef\u06fa-\u06ff\u0750-\u077f\u08a0-\u08ff"
    "\ufb50-\ufdff\ufe70-\ufefc"
)
#: Hebrew letters and presentation forms.
HEBREW_LETTERS = "\u0590-\u05ff\ufb1d-\ufb4f"
#: Every right-to-left letter: Hebrew, Arabic, and the other right-to-left scripts of the
#: Basic Multilingual Plane (Syriac, Thaana, N'Ko, Samaritan, Mandaic) and beyond it.
RTL_LETTERS = (
    HEBREW_LETTERS + ARABIC_LETTERS + "\u0700-\u074f\u0780-\u07ff\u0800-\u089f"
    "\U00010800-\U00010fff\U0001e800-\U0001efff"
)
_RTL_LETTER = re.compile(f"[{RTL_LETTERS}]")
#: Han characters, kana and full-width forms: each counts as a word in ``dominant_rtl``.
CJK_CHARACTERS = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_CJK = re.compile(f"[{CJK_CHARACTERS}]")
_JOINERS = "\u200c\u200d"  # zero-width (non-)joiners sit inside a Persian word

FIRST_STRONG_ISOLATE = "\u2068"
POP_DIRECTIONAL_ISOLATE = "\u2069"
#: Every invisible bidi control: marks (LRM, RLM, ALM), embeddings, overrides and isolates.
BIDI_CONTROLS = frozenset(
    "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


@lru_cache(maxsize=512)
def is_rtl(language: str | None) -> bool:
    """True when ``language`` (``fa``, ``fa-IR``, ``fa_IR``, ``pa-Arab``…) is written right to
    left; False for None, ``""`` and unknown languages."""
    if not language:
        return False
    subtags = language.split(".")[0].split("@")[0].replace("_", "-").split("-")
    script = next((s for s in subtags[1:] if len(s) == 4 and s.isalpha()), None)
    if script is not None:
        return script.title() in RTL_SCRIPTS
    return subtags[0].lower() in RTL_LANGUAGES


def direction(language: str | None) -> str:
    """``"rtl"`` or ``"ltr"`` for ``language``, as HTML's ``dir`` and CSS ``direction`` say it."""
    return "rtl" if is_rtl(language) else "ltr"


def has_rtl(text: str) -> bool:
    """True when ``text`` contains a right-to-left letter."""
    return _RTL_LETTER.search(text) is not None


def is_rtl_letter(char: str) -> bool:
    """True when ``char`` is a right-to-left letter (Hebrew, Arabic script…)."""
    return _RTL_LETTER.match(char) is not None


def first_strong_rtl(text: str, default: bool = False) -> bool:
    """Direction of ``text`` from its first strong character (Unicode bidi rule P2).

    Digits (``۱۴۰۲``), spaces and punctuation are weak or neutral and are skipped; ``default``
    when there is no strong character at all.
    """
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return default


def paragraph_rtl(text: str, language: str | None = None) -> bool:
    """A paragraph's base direction: right to left when its language is, else by its first
    strong character (a Persian line that opens with a Chinese name runs left to right unless
    its language says Persian)."""
    return is_rtl(language) or first_strong_rtl(text)


def dominant_rtl(text: str, default: bool) -> bool:
    """Direction of a free-text paragraph by the majority of its words.

    A word is a run of letters of one direction, and each Han character counts as a word of its
    own (Chinese packs a word into one or two characters where Persian spells it in five), so a
    Chinese sentence quoting two Persian words stays left to right, and a consultant's English
    note that opens with a quoted Persian word does too. ``default`` when ``text`` has no letter.
    """
    if _RTL_LETTER.search(text) is None:  # the common case, decided without counting
        return False if any(c.isalpha() for c in text) else default
    rtl = ltr = 0
    run = ""  # direction of the run being read: "r", "l" or ""
    for char in text:
        if _RTL_LETTER.match(char):
            rtl += run != "r"
            run = "r"
        elif char.isalpha() and _CJK.match(char):
            ltr += 1
            run = ""
        elif char.isalpha():
            ltr += run != "l"
            run = "l"
        elif char not in _JOINERS:
            run = ""
    if rtl == ltr == 0:
        return default
    return rtl > ltr


def isolate(text: str) -> str:
    """``text`` in a first-strong isolate (FSI … PDI), so it keeps its own direction inside a
    line of the other direction; ``""`` stays empty.

    A scene heading such as ``1-2 夜 内 老窑`` shown in a right-to-left interface would
    otherwise have its leading number pushed to the far end of the line.
    """
    return f"{FIRST_STRONG_ISOLATE}{text}{POP_DIRECTIONAL_ISOLATE}" if text else text


def strip_isolates(text: str) -> str:
    """``text`` without the isolate marks added by ``isolate``."""
    return text.replace(FIRST_STRONG_ISOLATE, "").replace(POP_DIRECTIONAL_ISOLATE, "")


def strip_controls(text: str) -> str:
    """``text`` without any invisible bidi control (for drawing after reordering by hand)."""
    return text.translate(_DROP_CONTROLS)


_DROP_CONTROLS = dict.fromkeys(map(ord, BIDI_CONTROLS))


RIGHT_TO_LEFT_ISOLATE = "\u2067"
#: Arabic-Indic and Persian digits: they open a right-to-left stretch (``۴۰ سال``).
_ARABIC_DIGITS = "\u0660-\u0669\u06f0-\u06f9"
_RTL_START = re.compile(f"[{RTL_LETTERS}{_ARABIC_DIGITS}]")
_OPENERS = {")": "(", "]": "[", "}": "{", "»": "«", "”": "“", "’": "‘"}
#: Latin words in a row a right-to-left stretch takes in (``على WhatsApp قبل``), when only
#: spaces and marks inside words (``_IN_WORD``) stand around them.
LATIN_INSIDE = 2
_IN_WORD = "-'’._/@"


def _ltr_strong(char: str) -> bool:
    return unicodedata.bidirectional(char) == "L" or _CJK.match(char) is not None


def rtl_stretches(text: str) -> list[tuple[int, int]]:
    """Where the right-to-left stretches of a left-to-right paragraph start and end.

    A stretch starts at a right-to-left letter (or an Arabic-Indic digit before one) and runs
    to its last right-to-left letter, and then takes the neutral marks and digits after it up
    to the next left-to-right letter, line break or Chinese character when it has two words
    at least: so the final full stop of a Persian sentence quoted in a Chinese line belongs to
    the Persian sentence, and the comma after a quoted word to the paragraph. It takes in
    Latin words that stand between its words (``أرسل لي الصور على WhatsApp قبل الساعة 10.``)
    only when they are at most ``LATIN_INSIDE`` in a row, set off by spaces alone, after two
    right-to-left words at least: otherwise they are the paragraph's own words, and an English
    note quoting Persian words (``ک and ی``, ``«مادرجون» … «مادربزرگ»``) has a stretch for
    each. A closing bracket or quote whose opening one is outside the stretch ends it
    (叫她“عزیزم”, ``bare «سومالي» / «سومالی»``).
    """
    out: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while True:
        m = _RTL_START.search(text, i)
        if m is None:
            return out
        start = m.start()
        if not has_rtl(text[start : start + 1]):  # digits: only when a letter follows them
            j = start
            while j < n and text[j] not in "\n" and not _ltr_strong(text[j]) and not has_rtl(
                text[j]
            ):
                j += 1
            if j >= n or not has_rtl(text[j]):
                i = m.end()
                continue
        last = start  # the last right-to-left letter of the stretch
        words = 0  # right-to-left words so far
        latin, marked = 0, False  # Latin words since the last letter; a mark among them
        inside: list[str] = []  # brackets and quotes opened in the stretch
        j = start
        while j < n and text[j] != "\n" and _CJK.match(text[j]) is None:
            char = text[j]
            if _RTL_LETTER.match(char):
                if latin and (latin > LATIN_INSIDE or marked or words < 2):
                    break  # the paragraph's own words stood between: a stretch of its own
                words += j == start or not _RTL_LETTER.match(text[j - 1])
                last, latin, marked = j, 0, False
            elif _ltr_strong(char):
                latin += not _ltr_strong(text[j - 1])
            elif char in _OPENERS:
                if _OPENERS[char] not in inside:
                    break  # closes what was opened before the stretch
                inside.remove(_OPENERS[char])
            elif char in _OPENERS.values():
                inside.append(char)
            elif not char.isspace() and not char.isdigit() and char not in _IN_WORD:
                marked = True
            j += 1
        # Latin words after the last right-to-left letter are not the stretch's
        end = last + 1
        opened: list[str] = [c for c in text[start:end] if c in "([{«“‘"]
        # a word quoted in a sentence of the paragraph leaves the sentence its punctuation
        while words > 1 and end < n and text[end] != "\n" and not _ltr_strong(text[end]):
            char = text[end]
            if char in _OPENERS:
                if _OPENERS[char] not in opened:
                    break
                opened.remove(_OPENERS[char])
            if char.isspace() and not any(
                not c.isspace() and not _ltr_strong(c) for c in text[end : _next_strong(text, end)]
            ):
                break  # only spaces before the next left-to-right word: leave them outside
            end += 1
        out.append((start, end))
        i = end


def _next_strong(text: str, at: int) -> int:
    for k in range(at, len(text)):
        if text[k] == "\n" or _ltr_strong(text[k]):
            return k
    return len(text)


def isolate_rtl(text: str) -> tuple[str, list[int]]:
    """``text`` (a left-to-right paragraph) with each right-to-left stretch in a right-to-left
    isolate (RLI … PDI), and the offsets in ``text`` where a mark was put (to move style
    ranges with it). Renderers of every format call this, so all of them agree."""
    stretches = rtl_stretches(text)
    if not stretches:
        return text, []
    parts: list[str] = []
    inserted: list[int] = []
    at = 0
    for start, end in stretches:
        parts += [text[at:start], RIGHT_TO_LEFT_ISOLATE, text[start:end], POP_DIRECTIONAL_ISOLATE]
        inserted += [start, end]
        at = end
    parts.append(text[at:])
    return "".join(parts), inserted


def shift_span(start: int, end: int, inserted: list[int]) -> tuple[int, int]:
    """Where the characters ``start:end`` of a text are once marks were put before the
    characters at ``inserted``."""
    return (
        start + sum(1 for at in inserted if at <= start),
        end + sum(1 for at in inserted if at < end),
    )
