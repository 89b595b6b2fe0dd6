"""One line of a Chinese script read into what it is and its fields (pure functions, no I/O).

The grammar covers the layouts writers and platforms use (DOMAIN.md):

- episodes ``第一集：标题``; scene headings ``1-1 日 外 地点``, ``1-1场 地点 日 内``,
  ``第一场 外/日 校门口 人物：张三、李四`` (the cast on the heading line), ``地点，日，内``;
- ``人物：张三、李四``; action ``△…`` / ``▲…``;
- dialogue ``角色：（低声）台词``, ``角色（冷笑）：台词`` (a bracket that is no extension is the
  parenthetical), ``角色（OS）：``, ``角色（内心OS）：``, ``角色OS：`` (glued), ``VO：`` /
  ``画外音：`` (an unnamed voice), and two speakers on one line (``甲：……　乙：……``);
- ``【字幕：…】`` captions, ``【闪回】`` … ``【闪回结束】`` / ``【闪入】`` ``【闪出】``, ``【切】``
  transitions, ``【特写：…】`` shots;
- the front matter: ``《片名》``, ``编剧：``, ``大纲：`` / ``故事梗概：``, ``人物小传：`` and
  the bios under it (``名字（17）：小传``, ``名字，17岁，小传``).

Every word comes from ``app.core.vocabulary``; headings from ``app.core.headings``. The Chinese
text importer reads files with this, and the editor can read a pasted or typed line with it.
Names and cues are scanned by hand, not by regular expressions, so a hostile line cannot make
the reader backtrack.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from enum import StrEnum

from app.core.headings import Heading, parse_chinese
from app.core.vocabulary import (
    EXTENSION_CODES,
    ZH_ACTION_MARKS,
    ZH_BIOS_HEADERS,
    ZH_CAPTION_LINE,
    ZH_CAST,
    ZH_CAST_LINE,
    ZH_EPISODE_LINE,
    ZH_FLASHBACK_ENDS,
    ZH_FLASHBACK_STARTS,
    ZH_GLUED_EXTENSIONS,
    ZH_LINE_LABELS,
    ZH_OUTLINE_HEADERS,
    ZH_SHOTS,
    ZH_TITLE_LINE,
    ZH_TRANSITIONS,
    ZH_VOICE_SPEAKERS,
    ZH_WRITER_LINE,
    chinese_number,
)

logger = logging.getLogger(__name__)

#: The longest speaker name (in characters) a line is read with.
MAX_NAME = 12
#: Longer lines are never headers, cues or bios (only text).
MAX_LINE = 4000
_COLONS = "：:"
_OPEN = "（("
_CLOSE = "）)"
#: Characters a speaker's name never contains.
_NOT_IN_NAME = frozenset("，。！？；、“”‘’\"'…～~△▲【】[]《》<>#@*=!?,;" + _COLONS + _OPEN + _CLOSE)
#: Where a second speaker may start on a line: after the end of a sentence or a gap.
_SENTENCE_ENDS = frozenset("。！？…~～”」』!?")
_LIST_SPLIT = "、，,；; /／"
#: A "name" ending in a verb of speaking is prose (``他说：明天见。``), unless the name is known.
_SPEECH_VERBS = ("说", "道", "问", "喊", "答", "叫", "骂", "吼", "嘟囔")
_AGE_UNITS = ("岁", "歲")


class LineKind(StrEnum):
    """What a line of a Chinese script is."""

    BLANK = "blank"
    EPISODE = "episode"
    SCENE = "scene"
    CAST = "cast"
    ACTION = "action"
    DIALOGUE = "dialogue"
    CAPTION = "caption"
    FLASHBACK_START = "flashback_start"
    FLASHBACK_END = "flashback_end"
    TRANSITION = "transition"
    SHOT = "shot"
    TITLE = "title"
    WRITER = "writer"
    OUTLINE = "outline"  # 大纲： (its text, if any, in ``text``)
    BIOS = "bios"  # 人物小传：
    TEXT = "text"  # none of these: action inside a scene


@dataclass(frozen=True)
class ChineseLine:
    """The fields of one line; which are set depends on ``kind``."""

    kind: LineKind
    text: str = ""
    speaker: str = ""  # "" with an extension: an unnamed voice (VO：)
    extension: str = ""  # Kiln's code: VO, OS, …
    parenthetical: str = ""
    heading: Heading | None = None
    number: int | None = None  # an episode's number
    cast: tuple[str, ...] = ()


@dataclass(frozen=True)
class Bio:
    """A character's line in the front matter's bios: ``名字（17）：小传``."""

    name: str
    age: str = ""
    description: str = ""


def normalise(line: str) -> str:
    """A line as the grammar reads it: trimmed, ideographic spaces made plain."""
    return line.replace("\u3000", " ").strip()


def names(text: str) -> list[str]:
    """``张三、李四, 王五`` → the names."""
    out: list[str] = []
    word: list[str] = []
    for ch in text:
        if ch in _LIST_SPLIT or ch.isspace():
            if word:
                out.append("".join(word))
                word = []
        else:
            word.append(ch)
    if word:
        out.append("".join(word))
    return out


def _header(text: str, words: tuple[str, ...]) -> str | None:
    """The rest of ``大纲：……`` when ``text`` starts with one of ``words`` then a colon (or is
    the word alone); None otherwise."""
    for word in sorted(words, key=len, reverse=True):
        if text.startswith(word):
            rest = text[len(word):].strip()
            if not rest:
                return ""
            if rest[0] in _COLONS:
                return rest[1:].strip()
    return None


def _bracketed(text: str) -> str | None:
    """The inside of ``【…】`` / ``[…]`` filling the whole line."""
    if len(text) >= 2 and text[0] in "【[" and text[-1] in "】]":
        return text[1:-1].strip()
    return None


def _bracket_line(inner: str) -> ChineseLine | None:
    if inner in ZH_FLASHBACK_ENDS:
        return ChineseLine(LineKind.FLASHBACK_END, inner)
    if inner in ZH_FLASHBACK_STARTS:
        return ChineseLine(LineKind.FLASHBACK_START, inner)
    word = _split_colon(inner)[0]
    if word in ZH_TRANSITIONS or (inner.startswith(("切至", "切到")) and len(inner) <= 8):
        return ChineseLine(LineKind.TRANSITION, inner)
    if word in ZH_SHOTS or inner in ZH_SHOTS:
        return ChineseLine(LineKind.SHOT, inner)
    return None


def _split_colon(text: str) -> tuple[str, str, str]:
    for i, ch in enumerate(text):
        if ch in _COLONS:
            return text[:i].strip(), ch, text[i + 1 :].strip()
    return text, "", ""


def _voice(word: str) -> str:
    """Kiln's extension code when ``word`` names a voice (``OS``, ``内心OS``), else ""."""
    key = word.strip()
    code = EXTENSION_CODES.get(key.upper(), EXTENSION_CODES.get(key))
    return code or ""


@dataclass(frozen=True)
class _Cue:
    speaker: str
    extension: str
    parenthetical: str
    end: int  # index just after the colon


def _cue(text: str, start: int = 0) -> _Cue | None:
    """A speaker's cue at ``text[start:]``: a name, brackets, then a colon."""
    i = start
    n = len(text)
    name: list[str] = []
    while i < n and len(name) <= MAX_NAME and text[i] not in _NOT_IN_NAME:
        if text[i].isspace():
            break
        name.append(text[i])
        i += 1
    brackets: list[str] = []
    while i < n and text[i] in _OPEN and len(brackets) < 3:
        close = -1
        for j in range(i + 1, min(n, i + 1 + 24)):
            if text[j] in _CLOSE:
                close = j
                break
            if text[j] in _OPEN or text[j] in _COLONS:
                break
        if close < 0:
            return None
        brackets.append(text[i + 1 : close].strip())
        i = close + 1
        while i < n and text[i] == " ":
            i += 1
    if i >= n or text[i] not in _COLONS:
        return None
    word = "".join(name)
    if not word or len(word) > MAX_NAME or word.isdigit():
        return None
    extension, parenthetical = "", ""
    for inside in brackets:
        code = _voice(inside) or _voice(inside.split("/")[0])
        if code and not extension:
            extension = code
        elif inside:
            parenthetical = f"{parenthetical}，{inside}" if parenthetical else inside
    speaker = word
    if word in ZH_VOICE_SPEAKERS:
        speaker, extension = "", extension or _voice(word)
    elif not extension:
        for glued in ZH_GLUED_EXTENSIONS:
            head = word[: -len(glued)]
            if word.endswith(glued) and head and any("\u3400" <= c <= "\u9fff" for c in head):
                speaker, extension = head, _voice(glued)
                break
    return _Cue(speaker, extension, parenthetical, i + 1)


def _leading_paren(text: str) -> tuple[str, str]:
    """``（低声）台词`` → ``("低声", "台词")``."""
    if text[:1] in _OPEN:
        for j in range(1, min(len(text), 80)):
            if text[j] in _CLOSE:
                return text[1:j].strip(), text[j + 1 :].strip()
    return "", text


def _second_speaker(text: str, known: Collection[str]) -> int:
    """Where a second speaker's cue starts in a line's words (-1 if none): after the end of a
    sentence or a gap, a known name (or, after a gap, any short name) and a colon."""
    n = len(text)
    for i in range(1, n):
        before = text[i - 1]
        gap = before.isspace()
        if not (gap or before in _SENTENCE_ENDS) or text[i].isspace():
            continue
        cue = _cue(text, i)
        if cue is None or (not cue.speaker and not cue.extension):
            continue
        if cue.speaker in known or (gap and len(cue.speaker) <= 6) or not cue.speaker:
            return i
    return -1


class _Met(Collection[str]):
    """The names already known plus those met on this line, without copying the known ones
    (a script may know thousands of names; the line is read once)."""

    def __init__(self, known: Collection[str]) -> None:
        self.known = known
        self.here: set[str] = set()

    def __contains__(self, name: object) -> bool:
        return name in self.here or name in self.known

    def __iter__(self) -> Iterator[str]:
        yield from self.here
        yield from (n for n in self.known if n not in self.here)

    def __len__(self) -> int:
        return len(self.here) + len(self.known)

    def add(self, name: str) -> None:
        self.here.add(name)


def _dialogue(text: str, known: Collection[str]) -> list[ChineseLine] | None:
    """One or more spoken lines (two speakers on one line make two), or None."""
    out: list[ChineseLine] = []
    names_met = _Met(known)
    while text:
        cue = _cue(text)
        if cue is None or cue.speaker in ZH_LINE_LABELS:
            break
        prose = len(cue.speaker) > 1 and cue.speaker.endswith(_SPEECH_VERBS)
        if prose and cue.speaker not in names_met:
            break
        paren, words = _leading_paren(text[cue.end :].strip())
        parenthetical = "，".join(p for p in (cue.parenthetical, paren) if p)
        names_met.add(cue.speaker)
        split = _second_speaker(words, names_met) if words else -1
        rest = ""
        if split > 0:
            words, rest = words[:split].strip(), words[split:].strip()
        out.append(ChineseLine(LineKind.DIALOGUE, words, cue.speaker, cue.extension,
                               parenthetical))
        text = rest
    if text and out:  # what followed could not be read as another speaker: it stays spoken
        last = out[-1]
        out[-1] = ChineseLine(LineKind.DIALOGUE, f"{last.text} {text}".strip(), last.speaker,
                              last.extension, last.parenthetical)
    return out or None


def _heading(text: str) -> ChineseLine | None:
    """A scene heading, with the cast when the line carries ``人物：…`` after it."""
    head, cast = text, ""
    at = text.find(ZH_CAST)
    if at > 0 and at + len(ZH_CAST) < len(text) and text[at + len(ZH_CAST)] in _COLONS:
        head, cast = text[:at].strip(), text[at + len(ZH_CAST) + 1 :].strip()
    heading = parse_chinese(head)
    if heading is None:
        return None
    return ChineseLine(LineKind.SCENE, head, heading=heading, cast=tuple(names(cast)))


def read_line(line: str, known: Collection[str] = ()) -> list[ChineseLine]:
    """What ``line`` is, as one or more lines (two speakers on one line make two).

    ``known``: names already met (bios, cast lines, earlier cues), which lets a second speaker
    be found after a sentence without a gap.
    """
    text = normalise(line)
    if not text:
        return [ChineseLine(LineKind.BLANK)]
    if len(text) > MAX_LINE:
        return [ChineseLine(LineKind.TEXT, text)]
    if m := ZH_EPISODE_LINE.match(text):
        number = chinese_number(m[1])
        if number is not None:
            return [ChineseLine(LineKind.EPISODE, m[2].strip(), number=number)]
    if m := ZH_TITLE_LINE.match(text):
        return [ChineseLine(LineKind.TITLE, (m["book"] or m["named"]).strip())]
    if m := ZH_WRITER_LINE.match(text):
        return [ChineseLine(LineKind.WRITER, m[1].strip(), cast=tuple(names(m[1])))]
    if (rest := _header(text, ZH_BIOS_HEADERS)) is not None:
        return [ChineseLine(LineKind.BIOS, rest)]
    if (rest := _header(text, ZH_OUTLINE_HEADERS)) is not None:
        return [ChineseLine(LineKind.OUTLINE, rest)]
    if m := ZH_CAST_LINE.match(text):
        return [ChineseLine(LineKind.CAST, m[1].strip(), cast=tuple(names(m[1])))]
    if (heading := _heading(text)) is not None:
        return [heading]
    if text[0] in ZH_ACTION_MARKS:
        return [ChineseLine(LineKind.ACTION, text[1:].strip())]
    if m := ZH_CAPTION_LINE.match(text):
        return [ChineseLine(LineKind.CAPTION, m[1].strip())]
    label, colon, words = _split_colon(text)
    if colon and label in ("字幕", "屏幕字幕", "画面字幕") and words:
        return [ChineseLine(LineKind.CAPTION, words)]
    inner = _bracketed(text)
    if inner is not None and (special := _bracket_line(inner)) is not None:
        return [special]
    if inner is None and (special := _bracket_line(text)) is not None and special.kind in (
        LineKind.FLASHBACK_START, LineKind.FLASHBACK_END,
    ):
        return [special]  # 闪回结束 without brackets
    if inner is None and (spoken := _dialogue(text, known)) is not None:
        return spoken
    return [ChineseLine(LineKind.TEXT, text)]


def _age(word: str) -> str:
    """``17`` / ``17岁`` / ``十七岁`` → the age as written without 岁; "" when ``word`` is none."""
    word = word.strip()
    bare = word
    for unit in _AGE_UNITS:
        if bare.endswith(unit):
            bare = bare[: -len(unit)]
            break
    if bare.isdigit() and 0 < len(bare) <= 3:
        return bare
    if bare != word and bare and chinese_number(bare) is not None:
        return bare
    return ""


def read_bio(line: str) -> Bio | None:
    """A bio line of the front matter: ``名字（17）：小传``, ``名字（17岁，高三学生）：小传``,
    ``名字，17岁，小传``, ``名字：17岁，小传`` or ``名字：小传``; None for anything else."""
    text = normalise(line)
    if not text or len(text) > MAX_LINE:
        return None
    cue = _cue(text)
    if cue is not None and cue.speaker:
        name = cue.speaker
        inside = [cue.extension] if cue.extension else []
        # The bracket after a bio's name holds the age and short facts, not a parenthetical.
        inside += names(cue.parenthetical.replace("，", "、"))
        body = text[cue.end :].strip()
    else:
        parts = [p.strip() for p in text.replace(",", "，").split("，", 1)]
        if len(parts) < 2 or not parts[0] or any(c in _NOT_IN_NAME for c in parts[0]):
            return None
        if len(parts[0]) > MAX_NAME:
            return None
        name, inside, body = parts[0], [], parts[1]
    age = ""
    facts: list[str] = []
    for item in inside:
        if not age and (found := _age(item)):
            age = found
        elif item:
            facts.append(item)
    if not age and body:
        # "女，17岁，高三学生": the age is among the first few facts of the bio.
        items = body.replace(",", "，").split("，")
        for i, item in enumerate(items[:3]):
            if found := _age(item):
                age = found
                body = "，".join(items[:i] + items[i + 1 :]).strip()
                break
    description = "，".join([*facts, body] if body else facts)
    return Bio(name, age, description)


__all__ = ["MAX_NAME", "Bio", "ChineseLine", "LineKind", "names", "normalise", "read_bio",
           "read_line"]
