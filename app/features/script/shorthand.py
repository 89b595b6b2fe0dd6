"""What a line the writer typed says, in the project's layout: the editor's one door to the
script grammar.

A writer types a Chinese script the way it is printed — ``2-6 夜 外 老街``, ``第三集：…``,
``林青禾（低声）：火候到了``, ``人物：林青禾、希琳``, ``【字幕：景德镇】``, ``△…`` — and a
Hollywood one with ``INT. OLD STREET - DAY`` or a forced ``.HEADING`` and ``CUT TO:``.
``read_line`` says what such a finished line is; the editor turns it into the element, scene or
episode it stands for (``app.features.script.scenes``). Paste reads every pasted line here too.

This module only *asks* the grammar, it holds none of it: the heading grammar is
``app.core.headings``', the words and line patterns ``app.core.vocabulary``'s — the same the
Chinese-text reader uses. Keep every call to the grammar in this module, so the editor follows
the grammar wherever it lives.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from app.core.direction import strip_isolates
from app.core.enums import ElementKind, ScriptLayout
from app.core.headings import Heading, parse_chinese, parse_hollywood
from app.core.vocabulary import (
    ZH_ACTION_MARKS,
    ZH_CAPTION_LINE,
    ZH_CAST_LINE,
    ZH_EPISODE_LINE,
    ZH_FLASHBACK_END_LINE,
    ZH_FLASHBACK_START_LINE,
    chinese_number,
    extension_code,
    parse_zh_line,
)

logger = logging.getLogger(__name__)

K = ElementKind

#: The longest name a ``角色：台词`` line may start with (longer: prose with a colon in it).
MAX_SPEAKER = 12
#: Characters no speaker's name holds (a line with them before its colon is prose).
_NOT_IN_NAMES = re.compile(r"[\s，。！？、；,.!?;“”\"'‘’【】\[\]△▲]")
_NAME_SPLIT = re.compile(r"[、，,；;\s]+")
#: ``CUT TO:`` / ``FADE OUT.`` — a Hollywood transition typed in capitals.
_TRANSITION = re.compile(r"^[A-Z0-9 .'’-]+(?:TO:|OUT\.|IN:)$")
_FORCED_HEADING = re.compile(r"^\.(?=[^.\s])")


@dataclass(frozen=True)
class Reading:
    """What a finished line stands for.

    ``what`` is ``"heading"`` (``heading`` holds the scene's fields), ``"episode"`` (``number``,
    ``title``), ``"cast"`` (``names``) or ``"element"`` (``kind`` and the element's ``fields``).
    """

    what: str
    kind: ElementKind | None = None
    fields: dict[str, str] = field(default_factory=dict)
    heading: Heading | None = None
    number: int | None = None
    title: str = ""
    names: tuple[str, ...] = ()


def read_heading_line(layout: ScriptLayout, text: str) -> Heading | None:
    """The scene fields of ``text`` when it reads as a scene heading in ``layout``; None when not.

    Hollywood: ``INT./EXT./EST./I/E`` or a forced ``.HEADING``; Chinese: ``2-6 夜 外 老街``,
    ``第一场 外/日 校门口`` (the Hollywood forms are read in a Chinese project too: writers mix).
    """
    line = strip_isolates(text).strip()
    if not line:
        return None
    if _FORCED_HEADING.match(line):
        forced = line[1:].strip()
        parsed = parse_hollywood(forced) or parse_chinese(forced)
        return parsed or Heading("int", "day", forced)
    if layout is ScriptLayout.ZH:
        zh = parse_chinese(line)
        if zh is not None:
            return zh
    return parse_hollywood(line)


def read_line(layout: ScriptLayout, text: str) -> Reading | None:
    """What the finished line ``text`` stands for; None: it stays what it is (words of an
    action, a line, a cue)."""
    line = strip_isolates(text).strip().replace("\u3000", " ").strip()
    if not line:
        return None
    heading = read_heading_line(layout, line)
    if heading is not None:
        return Reading("heading", heading=heading)
    if layout is ScriptLayout.HOLLYWOOD:
        if _TRANSITION.match(line):
            return Reading("element", K.TRANSITION, {"text": line})
        return None
    return _read_chinese(line)


def _read_chinese(line: str) -> Reading | None:
    if m := ZH_EPISODE_LINE.match(line):
        return Reading("episode", number=chinese_number(m[1]), title=m[2].strip())
    if m := ZH_CAST_LINE.match(line):
        return Reading("cast", names=tuple(n for n in _NAME_SPLIT.split(m[1]) if n))
    if m := ZH_CAPTION_LINE.match(line):
        return Reading("element", K.CAPTION, {"text": m[1].strip()})
    if m := ZH_FLASHBACK_END_LINE.match(line):
        return Reading("element", K.FLASHBACK_END, {"text": m[1]})
    if m := ZH_FLASHBACK_START_LINE.match(line):
        return Reading("element", K.FLASHBACK_START, {"text": m[1]})
    if line[:1] in ZH_ACTION_MARKS:
        return Reading("element", K.ACTION, {"text": line.lstrip("".join(ZH_ACTION_MARKS)).strip()})
    spoken = read_spoken_line(line)
    if spoken is not None:
        return Reading("element", K.DIALOGUE, spoken)
    return None


def read_spoken_line(line: str) -> dict[str, str] | None:
    """The fields of ``角色（VO）：（低声）台词`` / ``角色（低声）：台词`` when ``line`` is
    one; None for prose that merely holds a colon (a long or punctuated "name")."""
    parsed = parse_zh_line(strip_isolates(line).strip())
    if parsed is None or not parsed.speaker or len(parsed.speaker) > MAX_SPEAKER:
        return None
    if _NOT_IN_NAMES.search(parsed.speaker):
        return None
    extension, parenthetical = parsed.extension, parsed.parenthetical
    code = extension_code(extension) if extension else ""
    if extension and code == extension.strip() and code.upper() not in ("OS", "VO", "OC"):
        # ``角色（低声）：台词``: what stands after the name is an aside, not a voice
        parenthetical = ", ".join(p for p in (extension, parenthetical) if p)
        code = ""
    return {"speaker": parsed.speaker, "extension": code, "parenthetical": parenthetical,
            "text": parsed.text}


def read_lines(layout: ScriptLayout, text: str) -> list[tuple[str, Reading | None]]:
    """Every non-empty line of a pasted ``text`` with what it reads as (None: plain words)."""
    lines = [strip_isolates(raw).strip() for raw in text.replace("\r\n", "\n").split("\n")]
    return [(line, read_line(layout, line)) for line in lines if line]
