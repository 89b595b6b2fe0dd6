"""Scene headings in both layouts: ``INT. WORKSHOP - NIGHT`` and ``1-1 夜 内 工坊`` (and variants).

Parsing returns the scene's fields (setting, time of day, location, number); rendering turns the
fields back into a heading. An importer compares the two to know whether the source's heading
can be rebuilt from the fields or must be kept word for word.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

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


_HOLLYWOOD = re.compile(
    r"^(?P<prefix>INT\.?\s*/\s*EXT\.?|EXT\.?\s*/\s*INT\.?|I\s*/\s*E\.?|INT\.|EXT\.|EST\.|INT\s|EXT\s|EST\s)"
    r"\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_TIME_SPLIT = re.compile(r"^(.*?)\s*(?:\s-\s|--|—|–)\s*([^-—–]+)$")
_SETTING_OUT = {"int": "INT.", "ext": "EXT.", "int_ext": "INT./EXT."}
_TIME_IN = {"DAY": "day", "NIGHT": "night", "DAWN": "dawn", "DUSK": "dusk"}
_TIME_OUT = {v: k for k, v in _TIME_IN.items()}


def is_hollywood_heading(line: str) -> bool:
    return bool(_HOLLYWOOD.match(line.strip()))


def parse_hollywood(line: str) -> Heading | None:
    """Fields of ``INT. PLACE - NIGHT``; None when the line is not such a heading."""
    m = _HOLLYWOOD.match(line.strip()) if len(line) <= MAX_HEADING else None
    if not m:
        return None
    prefix = re.sub(r"\s", "", m["prefix"].upper()).rstrip(".")
    setting = "int_ext" if "/" in prefix else ("ext" if prefix.startswith("EXT") else "int")
    rest = m["rest"].strip()
    location, time = rest, ""
    if m := _TIME_SPLIT.match(rest):
        location, time = m[1].strip(), m[2].strip()
    time_of_day = _TIME_IN.get(time.upper(), "day")
    heading = Heading(setting, time_of_day, location)
    return Heading(setting, time_of_day, location, exact=render_hollywood(heading) == line.strip())


def render_hollywood(h: Heading) -> str:
    text = f"{_SETTING_OUT.get(h.setting, 'INT.')} {h.location}".rstrip()
    return f"{text} - {_TIME_OUT.get(h.time_of_day, 'DAY')}"


# -- Chinese -----------------------------------------------------------------------------

_ZH_TIME = {
    "日": "day", "白天": "day", "昼": "day",
    "夜": "night", "晚": "night", "夜晚": "night", "晚上": "night",
    "晨": "dawn", "清晨": "dawn", "早": "dawn", "早晨": "dawn", "黎明": "dawn",
    "昏": "dusk", "黄昏": "dusk", "傍晚": "dusk",
}  # fmt: skip
_ZH_SETTING = {"内": "int", "外": "ext", "内外": "int_ext"}
_ZH_TIME_OUT = {"day": "日", "night": "夜", "dawn": "晨", "dusk": "昏"}
_ZH_SETTING_OUT = {"int": "内", "ext": "外", "int_ext": "内外"}
_ZH_NUMERALS = "零〇一二三四五六七八九十百两"
_ZH_NUMBER = re.compile(
    rf"^(?:第(?P<zh>[{_ZH_NUMERALS}\d]+)场|(?:场\s*)?(?P<num>\d+(?:\s*[-－—–]\s*\d+)?))"
    r"(?:\s*[、.．:：]\s*|\s+)"
)
_SEPARATORS = re.compile(r"[\s,，|｜]+")


def chinese_number(text: str) -> int | None:
    """The value of ``十二`` / ``一百零五`` / ``12``; None when it is not a number."""
    if text.isdigit():
        return int(text)
    digits = {ch: i for i, ch in enumerate("零一二三四五六七八九")}
    digits.update({"〇": 0, "两": 2})
    total, current = 0, 0
    for ch in text:
        if ch in digits:
            current = digits[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


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
    m = _ZH_NUMBER.match(text)
    if m:
        if m["zh"]:
            value = chinese_number(m["zh"])
            number = str(value) if value is not None else m["zh"]
        else:
            number = re.sub(r"\s*[-－—–]\s*", "-", m["num"])
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
        "int_ext"
        if len(set(settings)) > 1
        else _ZH_SETTING.get(settings[0] if settings else "内", "int")
    )
    time_of_day = _ZH_TIME[times[0]] if times else "day"
    heading = Heading(setting, time_of_day, " ".join(rest), number)
    exact = render_chinese(heading) == line.strip() and bool(times and settings)
    return Heading(setting, time_of_day, " ".join(rest), number, exact)


def render_chinese(h: Heading, number: str | None = None) -> str:
    """``1-1 夜 内 工坊`` (the number is left out when there is none)."""
    words = [number or h.number or "", _ZH_TIME_OUT.get(h.time_of_day, "日")]
    words += [_ZH_SETTING_OUT.get(h.setting, "内"), h.location]
    return " ".join(w for w in words if w)
