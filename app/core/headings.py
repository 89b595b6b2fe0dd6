"""Scene headings in both layouts: ``INT. WORKSHOP - NIGHT`` and ``1-1 夜 内 工坊`` (and variants).

Parsing returns the scene's fields (setting, time of day, location, number); rendering turns the
fields back into a heading. An importer compares the two to know whether the source's heading
can be rebuilt from the fields or must be kept word for word. The editor shows a scene's heading
with ``render_heading`` and reads an edited one back with ``read_heading``; the exports print
``render_heading`` too. The words themselves are ``app.core.vocabulary``'s.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from app.core.enums import ScriptLayout, Setting, TimeOfDay
from app.core.vocabulary import (
    HW_HEADING_PREFIX,
    HW_SETTINGS,
    HW_TIMES,
    WORDS,
    ZH_COLON,
    ZH_EPISODE,
    ZH_SCENE_NUMBER,
    ZH_SETTINGS,
    ZH_TIMES,
    chinese_number,
    chinese_numeral,
)

logger = logging.getLogger(__name__)


#: Longer lines are never read as scene headings (and are never parsed as one).
MAX_HEADING = 200


@dataclass(frozen=True)
class Heading:
    """The fields of a scene read from its heading."""

    setting: str
    time_of_day: str
    location: str
    number: str | None = None
    exact: bool = True  # False: the heading holds words the fields cannot express
    #: False when the heading lacks a time of day or a setting (the fields then hold defaults).
    complete: bool = True


_HOLLYWOOD = re.compile(rf"^(?P<prefix>{HW_HEADING_PREFIX})\s*+(?P<rest>.*)$", re.IGNORECASE)
#: ``PLACE - TIME``: the place (spaces before the dash stay in it and are stripped after), the
#: separator, the time. Possessive runs keep it linear (issue #24).
_TIME_SPLIT = re.compile(r"^(.*?)(?:\s-\s|--|—|–)\s*+([^-—–]++)$")
_TIME_IN = {word: time.value for time, words in HW_TIMES.items() for word in words}
_SETTINGS = {setting.value: setting for setting in Setting}
_TIMES = {time.value: time for time in TimeOfDay}


def is_hollywood_heading(line: str) -> bool:
    """True when ``line`` starts like a Hollywood scene heading (``INT.``, ``EXT``, ``I/E``…)."""
    return bool(_HOLLYWOOD.match(line.strip()))


def parse_hollywood(line: str) -> Heading | None:
    """Fields of ``INT. PLACE - NIGHT``; None when the line is not such a heading."""
    m = _HOLLYWOOD.match(line.strip()) if len(line) <= MAX_HEADING else None
    if not m:
        return None
    prefix = re.sub(r"\s", "", m["prefix"].upper()).rstrip(".")
    exterior = HW_SETTINGS[Setting.EXT][0].rstrip(".")
    setting = "int_ext" if "/" in prefix else ("ext" if prefix.startswith(exterior) else "int")
    rest = m["rest"].strip()
    location, time = rest, ""
    if m := _TIME_SPLIT.match(rest):
        location, time = m[1].strip(), m[2].strip()
    found = time_word(time)
    if found is None and (m := _TIME_SPLIT.match(location)) and time_word(m[2]) is not None:
        # ``HOUSE - NIGHT - CONTINUOUS``: the time is the segment before the last
        location, found = m[1].strip(), time_word(m[2])
    # No time word (``- CONTINUOUS``, ``- LATER``): the field keeps its default (TimeOfDay has
    # no "unknown"), ``complete`` says so, and the heading is never exact, so an importer keeps
    # the words as written.
    time_of_day = found or "day"
    heading = Heading(setting, time_of_day, location)
    exact = render_hollywood(heading) == line.strip()
    return Heading(setting, time_of_day, location, exact=exact, complete=found is not None)


def time_word(part: str) -> str | None:
    """The time of day a heading's time part names: ``NIGHT``, ``NIGHT (1973)``, ``LATER THAT
    NIGHT`` → night; None when no word of it is a time word (``CONTINUOUS``, ``MOMENTS LATER``)."""
    for word in re.findall(r"[A-Z]+", part.upper()):
        if word in _TIME_IN:
            return _TIME_IN[word]
    return None


def _words(layout: ScriptLayout, h: Heading) -> tuple[str, str]:
    """The setting and time words of ``h`` in ``layout`` (interior, day when unknown)."""
    words = WORDS[layout]
    setting = words.settings[_SETTINGS.get(h.setting, Setting.INT)]
    return setting, words.times[_TIMES.get(h.time_of_day, TimeOfDay.DAY)]


def render_hollywood(h: Heading) -> str:
    """``INT. PLACE - NIGHT`` (without the number: Hollywood pages print it in the margins)."""
    setting, time = _words(ScriptLayout.HOLLYWOOD, h)
    return f"{f'{setting} {h.location}'.rstrip()} - {time}"


# -- Chinese -----------------------------------------------------------------------------

_ZH_TIME = {word: time.value for time, words in ZH_TIMES.items() for word in words}
_ZH_SETTING = {word: setting.value for setting, words in ZH_SETTINGS.items() for word in words}
_SEPARATORS = re.compile(r"[\s,，|｜]+")
_DASHES = re.compile(r"[-－—–]")


def _split_token(token: str) -> list[str]:
    """``外/日`` is two heading words; ``公路/大巴车`` stays one location."""
    parts = re.split(r"[/／]", token)
    known = all(p in _ZH_TIME or p in _ZH_SETTING for p in parts)
    return parts if len(parts) > 1 and known else [token]


def parse_chinese(line: str) -> Heading | None:
    """Fields of ``1-1 日 外 地点``, ``第一场 外/日 校门口``, ``地点，日，内``, ``3、夜 内 卧室``.

    None when the line is not a heading.
    """
    text = line.strip()
    if len(text) > MAX_HEADING:
        return None
    number = None
    m = ZH_SCENE_NUMBER.match(text)
    if m:
        if m["zh"]:
            value = chinese_number(m["zh"])
            number = str(value) if value is not None else m["zh"]
        else:
            number = "-".join(part.strip() for part in _DASHES.split(m["num"]))
        text = text[m.end() :]
    tokens = [t for raw in _SEPARATORS.split(text) if raw for t in _split_token(raw)]
    times = [t for t in tokens if t in _ZH_TIME]
    settings = [t for t in tokens if t in _ZH_SETTING]
    rest = [t for t in tokens if t not in _ZH_TIME and t not in _ZH_SETTING]
    if not (times or settings) or len(rest) > 3:
        return None
    if number is None and not (times and settings):
        return None
    setting = (
        "int_ext" if len(set(settings)) > 1 else (_ZH_SETTING[settings[0]] if settings else "int")
    )
    time_of_day = _ZH_TIME[times[0]] if times else "day"
    heading = Heading(setting, time_of_day, " ".join(rest), number)
    complete = bool(times and settings)
    exact = render_chinese(heading) == line.strip() and complete
    return Heading(setting, time_of_day, " ".join(rest), number, exact, complete)


def render_chinese(h: Heading, number: str | None = None) -> str:
    """``1-1 夜 内 工坊`` (the number is left out when there is none)."""
    setting, time = _words(ScriptLayout.ZH, h)
    return " ".join(w for w in (number or h.number or "", time, setting, h.location) if w)


def chinese_episode_heading(number: int, title: str = "") -> str:
    """``第十二集：手办风波`` — a Chinese script's episode header as printed (title optional)."""
    heading = f"{ZH_EPISODE[0]}{chinese_numeral(number)}{ZH_EPISODE[1]}"
    return f"{heading}{ZH_COLON}{title}" if title else heading


def render_heading(layout: ScriptLayout, h: Heading) -> str:
    """The heading of ``h`` in ``layout``, led by its number when it has one:
    ``1-1 夜 内 老窑`` or ``1-1 INT. THE OLD KILN - NIGHT``."""
    if layout is ScriptLayout.ZH:
        return render_chinese(h)
    return " ".join(part for part in (h.number or "", render_hollywood(h)) if part)


# -- an edited heading ---------------------------------------------------------------------


@dataclass(frozen=True)
class HeadingFields:
    """Scene fields read back from a heading the writer edited; None where a word is missing."""

    setting: Setting | None
    time_of_day: TimeOfDay | None
    location: str
    number: str | None


def read_heading(layout: ScriptLayout, text: str) -> HeadingFields:
    """``1-1 日 外 老窑`` or ``1-1 INT. THE KILN - NIGHT`` (as typed in the editor) back into
    scene fields. Lenient where the importers' parsers are strict: words may come in any order,
    and a word the writer has not typed yet leaves its field None (unchanged)."""
    words = WORDS[layout]
    text = text.strip()
    number = None
    m = re.match(r"^(\d+\s*[-–]\s*\d+[A-Za-z]?)\s*", text)
    if m:
        number = m.group(1).replace(" ", "")
        text = text[m.end():]
    setting = time = None
    settings = sorted(words.settings.items(), key=lambda kv: -len(kv[1]))
    times = {v.upper(): k for k, v in words.times.items()}
    rest: list[str] = []
    for token in re.split(r"\s+", text.replace(" - ", " ")):
        up = token.upper()
        match_setting = next((k for k, v in settings if up == v.upper()), None)
        if setting is None and match_setting is not None:
            setting = match_setting
        elif time is None and up in times:
            time = times[up]
        elif token and token != "-":
            rest.append(token)
    return HeadingFields(setting, time, " ".join(rest), number)
