"""What a line the writer typed says, in the project's layout: the editor's one door to the
script grammar.

A writer types a Chinese script the way it is printed — ``2-6 夜 外 老街``, ``第三集：…``,
``林青禾（低声）：火候到了``, ``人物：林青禾、希琳``, ``【字幕：景德镇】``, ``△…`` — and a
Hollywood one with ``INT. OLD STREET - DAY`` or a forced ``.HEADING`` and ``CUT TO:``.
``read_line`` says what such a finished line is; the editor turns it into the element, scene or
episode it stands for (``app.features.script.scenes``). Paste reads every pasted line here too.

This module only *asks* the grammar, it holds none of it: Chinese lines are read by
``app.core.chinese_lines`` — the very grammar the Chinese-text importer reads files with — and
headings by ``app.core.headings``. Keep every call to the grammar in this module, so the editor
follows the grammar wherever it lives.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from app.core.chinese_lines import ChineseLine, LineKind
from app.core.chinese_lines import read_line as zh_read_line
from app.core.direction import strip_isolates
from app.core.enums import ElementKind, ScriptLayout
from app.core.headings import Heading, parse_chinese, parse_hollywood

logger = logging.getLogger(__name__)

K = ElementKind

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
    #: Elements that follow on the same line (a second speaker: ``甲：……　乙：……``).
    more: tuple[Reading, ...] = ()


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


#: Kinds of Chinese lines that become an element of the same kind.
_ELEMENT_KINDS = {
    LineKind.ACTION: K.ACTION,
    LineKind.CAPTION: K.CAPTION,
    LineKind.FLASHBACK_START: K.FLASHBACK_START,
    LineKind.FLASHBACK_END: K.FLASHBACK_END,
    LineKind.TRANSITION: K.TRANSITION,
    LineKind.SHOT: K.SHOT,
}


def _read_chinese(line: str) -> Reading | None:
    """The Chinese-text importer's own grammar (``app.core.chinese_lines``), read the same way
    for a typed or pasted line: one code path for import, typing and paste."""
    read = zh_read_line(line)
    first = read[0]
    if first.kind is LineKind.EPISODE:
        return Reading("episode", number=first.number, title=first.text)
    if first.kind is LineKind.SCENE:
        return Reading("heading", heading=first.heading, names=first.cast)
    if first.kind is LineKind.CAST:
        return Reading("cast", names=first.cast)
    if first.kind in _ELEMENT_KINDS:
        return Reading("element", _ELEMENT_KINDS[first.kind], {"text": first.text})
    if first.kind is LineKind.DIALOGUE:
        spoken = [_spoken(r) for r in read if r.kind is LineKind.DIALOGUE]
        return Reading("element", K.DIALOGUE, spoken[0],
                       more=tuple(Reading("element", K.DIALOGUE, f) for f in spoken[1:]))
    return None


def _spoken(line: ChineseLine) -> dict[str, str]:
    return {"speaker": line.speaker, "extension": line.extension,
            "parenthetical": line.parenthetical, "text": line.text}


def read_spoken_line(line: str) -> dict[str, str] | None:
    """The fields of ``角色（VO）：（低声）台词`` / ``角色（低声）：台词`` when ``line`` is
    one (the first speaker's, when two speak on one line); None for any other line."""
    first = zh_read_line(strip_isolates(line).strip())[0]
    return _spoken(first) if first.kind is LineKind.DIALOGUE else None


def read_lines(layout: ScriptLayout, text: str) -> list[tuple[str, Reading | None]]:
    """Every non-empty line of a pasted ``text`` with what it reads as (None: plain words); a
    line where two speak gives one entry per speaker."""
    lines = [strip_isolates(raw).strip() for raw in text.replace("\r\n", "\n").split("\n")]
    found: list[tuple[str, Reading | None]] = []
    for line in lines:
        if not line:
            continue
        reading = read_line(layout, line)
        found.append((line, reading))
        found += [(line, extra) for extra in (reading.more if reading is not None else ())]
    return found
