"""The screenplay vocabulary: every fixed word of each script layout, in one table.

The words on a script page — 第N集, 日/夜, 内/外, 人物, △, 【字幕：…】, 【闪回】 and OS/VO in the
Chinese layout; INT., EXT., DAY, NIGHT, SUPER, FLASHBACK, V.O., CONT'D in the Hollywood one —
belong to the script's conventions, not to the interface. A Chinese shooting script says 夜 内
whether the writer's menus are in English or Persian, and a crew reads INT./EXT. in a Hollywood
script whatever the interface language is. So they are data here, deliberately not wrapped in
``_()``.

The editor, the PDF/DOCX exports and the Fountain, FDX and Chinese-text readers and writers take
their words from this module (scene and episode headings through ``app.core.headings``, which
is built on it), so what the writer sees, what is printed and what is exchanged agree;
``tests/unit/test_vocabulary.py`` fails when a layout's words drift apart. The patterns below
are the reading side of the same words: the variants real scripts use (``第一场``, ``画外音``,
``BEGIN FLASHBACK``) are accepted, and the canonical form is written.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass

from app.core.enums import ElementKind, ScriptLayout, Setting, TimeOfDay

logger = logging.getLogger(__name__)

K = ElementKind

# -- the Chinese layout's words -----------------------------------------------------------------

ZH_BRACKETS = ("【", "】")  # around captions and flashback markers
ZH_CAPTION = "字幕"
ZH_FLASHBACK_START = "闪回"
ZH_FLASHBACK_END = "闪回结束"
ZH_NOTE = "注"
ZH_CAST = "人物"
ZH_ACTION_MARK = "△"
#: Marks that open an action line: ``△`` is written, ``▲`` is read too.
ZH_ACTION_MARKS = (ZH_ACTION_MARK, "▲")
ZH_COLON = "："
ZH_PARENS = ("（", "）")
ZH_LYRIC = ("♪", "♪")
#: ``第{number}集``: the episode header (``第一集：手办风波``) and ``第{number}场`` (a scene).
ZH_EPISODE = ("第", "集")
ZH_SCENE = ("第", "场")

#: Words that name the time of day in a Chinese heading, the first of each the one written.
ZH_TIMES: Mapping[TimeOfDay, tuple[str, ...]] = {
    TimeOfDay.DAY: ("日", "白天", "昼"),
    TimeOfDay.NIGHT: ("夜", "晚", "夜晚", "晚上"),
    TimeOfDay.DAWN: ("晨", "清晨", "早", "早晨", "黎明"),
    TimeOfDay.DUSK: ("昏", "黄昏", "傍晚"),
}
ZH_SETTINGS: Mapping[Setting, tuple[str, ...]] = {
    Setting.INT: ("内",),
    Setting.EXT: ("外",),
    Setting.INT_EXT: ("内外",),
}

#: Chinese numerals as headings write numbers (第十二集, 第一百零五场).
ZH_DIGITS = "零一二三四五六七八九"
ZH_NUMERALS = "零〇一二三四五六七八九十百千两"
#: The value of each unit numeral.
ZH_UNITS = {"十": 10, "百": 100, "千": 1000}

# -- the Hollywood layout's words ---------------------------------------------------------------

#: The time words of a Hollywood heading: the first is what Kiln writes, the others are read
#: (a production office's day/night split: morning and afternoon are day, evening is dusk).
HW_TIMES: Mapping[TimeOfDay, tuple[str, ...]] = {
    TimeOfDay.DAY: ("DAY", "DAYTIME", "MORNING", "NOON", "MIDDAY", "AFTERNOON"),
    TimeOfDay.NIGHT: ("NIGHT", "NIGHTTIME", "MIDNIGHT"),
    TimeOfDay.DAWN: ("DAWN", "DAYBREAK", "SUNRISE"),
    TimeOfDay.DUSK: ("DUSK", "SUNSET", "TWILIGHT", "EVENING"),
}
HW_SETTINGS: Mapping[Setting, tuple[str, ...]] = {
    Setting.INT: ("INT.",),
    Setting.EXT: ("EXT.",),
    Setting.INT_EXT: ("INT./EXT.",),
}
#: How a Hollywood scene heading may begin (``INT.``, ``EXT``, ``INT./EXT.``, ``I/E``, ``EST.``).
HW_HEADING_PREFIX = (
    r"INT\.?\s*/\s*EXT\.?|EXT\.?\s*/\s*INT\.?|I\s*/\s*E\.?|INT\.|EXT\.|EST\.|INT\s|EXT\s|EST\s"
)
HW_SUPER = "SUPER:"
HW_FLASHBACK_START = "FLASHBACK:"
HW_FLASHBACK_END = "END FLASHBACK."
HW_NOTE = "NOTE:"

# -- both layouts, as a page shows them ---------------------------------------------------------


@dataclass(frozen=True)
class LayoutWords:
    """The fixed words of one script layout, as the editor and the printed page show them."""

    settings: Mapping[Setting, str]
    times: Mapping[TimeOfDay, str]
    episode_line: str  # the editor's episode line: format with number, title
    cast: str  # format with names; "" when the layout has no cast line
    name_separator: str
    #: what the page writes before and after an element's own words, per kind
    marks: Mapping[ElementKind, tuple[str, str]]
    extension: str  # one extension after a cue: format with extension

    def mark(self, kind: ElementKind | None, text: str) -> str:
        """``text`` between the marks of ``kind`` (``△窑火``, ``【字幕：景德镇】``)."""
        start, end = self.marks.get(kind, ("", "")) if kind is not None else ("", "")
        return f"{start}{text}{end}"

    def unmark(self, kind: ElementKind | None, shown: str) -> str:
        """The element's own words from ``shown``, without the marks of ``kind``.

        Marks the writer deleted are not required: ``景德镇`` stays ``景德镇``.
        """
        text = shown.strip()
        if kind is None:
            return text
        start, end = self.marks.get(kind, ("", ""))
        if start and text.startswith(start.strip()):
            text = text[len(start.strip()):]
        elif kind is K.ACTION and text[:1] in ZH_ACTION_MARKS:
            text = text[1:]
        if end and text.endswith(end):
            text = text[: -len(end)]
        return text.strip()


def _bracketed(word: str) -> str:
    return f"{ZH_BRACKETS[0]}{word}{ZH_BRACKETS[1]}"


ZH_WORDS = LayoutWords(
    settings={setting: words[0] for setting, words in ZH_SETTINGS.items()},
    times={time: words[0] for time, words in ZH_TIMES.items()},
    episode_line=ZH_EPISODE[0] + "{number}" + ZH_EPISODE[1] + " {title}",
    cast=ZH_CAST + ZH_COLON + "{names}",
    name_separator="、",
    marks={
        K.ACTION: (ZH_ACTION_MARK, ""),
        K.CAPTION: (ZH_BRACKETS[0] + ZH_CAPTION + ZH_COLON, ZH_BRACKETS[1]),
        K.PARENTHETICAL: ZH_PARENS,
        K.NOTE: ("〔" + ZH_NOTE + ZH_COLON, "〕"),
        K.CHARACTER: ("", ZH_COLON),
        K.FLASHBACK_START: (_bracketed(ZH_FLASHBACK_START), ""),
        K.FLASHBACK_END: (_bracketed(ZH_FLASHBACK_END), ""),
    },
    extension=ZH_PARENS[0] + "{extension}" + ZH_PARENS[1],
)

HOLLYWOOD_WORDS = LayoutWords(
    settings={setting: words[0] for setting, words in HW_SETTINGS.items()},
    times={time: words[0] for time, words in HW_TIMES.items()},
    episode_line="EPISODE {number}: {title}",
    cast="",  # Hollywood pages carry no cast line
    name_separator=", ",
    marks={
        K.CAPTION: (HW_SUPER + ' "', '"'),
        K.PARENTHETICAL: ("(", ")"),
        K.NOTE: ("[" + HW_NOTE + " ", "]"),
        K.FLASHBACK_START: (HW_FLASHBACK_START + " ", ""),
        K.FLASHBACK_END: (HW_FLASHBACK_END, ""),
    },
    extension=" ({extension})",
)

WORDS: dict[ScriptLayout, LayoutWords] = {
    ScriptLayout.ZH: ZH_WORDS,
    ScriptLayout.HOLLYWOOD: HOLLYWOOD_WORDS,
}


def heading_words(layout: ScriptLayout) -> list[str]:
    """The words a scene heading of ``layout`` is made of (for the heading completer)."""
    words = WORDS[layout]
    return list(words.times.values()) + list(words.settings.values())


def flashback_marker(layout: ScriptLayout, kind: ElementKind, text: str) -> str:
    """A flashback marker as printed and exchanged: ``【闪回】`` / ``【回忆开始】`` in the Chinese
    layout (the element's words inside the brackets), ``FLASHBACK:`` in the Hollywood one.

    The editor still shows the element's words after its mark (``【闪回】闪回``); which of the
    two the page should show is a product decision left open.
    """
    start = kind is K.FLASHBACK_START
    if layout is ScriptLayout.ZH:
        return _bracketed(text or (ZH_FLASHBACK_START if start else ZH_FLASHBACK_END))
    return text or (HW_FLASHBACK_START if start else HW_FLASHBACK_END)


def caption_line(layout: ScriptLayout, text: str) -> str:
    """A caption as Fountain and FDX carry it: ``【字幕：…】`` or ``SUPER: …``."""
    if layout is ScriptLayout.ZH:
        return ZH_WORDS.mark(K.CAPTION, text)
    return f"{HW_SUPER} {text}"


#: How captions begin, in either layout (a Fountain action starting so must be forced).
CAPTION_STARTS = (HW_SUPER, ZH_BRACKETS[0] + ZH_CAPTION)

# -- numbers ------------------------------------------------------------------------------------


def chinese_number(text: str) -> int | None:
    """The value of ``十二`` / ``一百零五`` / ``12``; None when it is not a number."""
    if text.isdigit():
        return int(text)
    digits = {ch: i for i, ch in enumerate(ZH_DIGITS)}
    digits.update({"〇": 0, "两": 2})
    total, current = 0, 0
    for ch in text:
        if ch in digits:
            current = digits[ch]
        elif ch in ZH_UNITS:
            total += (current or 1) * ZH_UNITS[ch]
            current = 0
        else:
            return None
    return total + current


def chinese_numeral(n: int) -> str:
    """``n`` (1–9999) in Chinese numerals, as episodes are numbered: 12 → 十二, 105 → 一百零五."""
    if not 0 < n < 10000:
        return str(n)
    out = ""
    zero = False
    units = sorted(ZH_UNITS.items(), key=lambda item: -item[1]) + [("", 1)]
    for unit, value in units:
        digit = n // value % 10
        if digit:
            if zero and out:
                out += ZH_DIGITS[0]
            ten = unit == "十" and not out and digit == 1  # 十二, not 一十二
            out += ("" if ten else ZH_DIGITS[digit]) + unit
            zero = False
        elif out:
            zero = True
    return out


# -- cue extensions -----------------------------------------------------------------------------

#: Every spelling of a cue extension Kiln reads -> the code it stores (``内心OS`` is a voice-over).
EXTENSION_CODES: Mapping[str, str] = {
    "OS": "OS", "O.S.": "OS", "画外音": "OS", "画外": "OS",
    "VO": "VO", "V.O.": "VO", "内心OS": "VO", "内心": "VO", "内心独白": "VO", "旁白": "VO",
    "O.C.": "OC",
    "CONT'D": "CONT'D", "CONT’D": "CONT'D", "CONT.": "CONT'D",
}  # fmt: skip
#: How a Hollywood script spells each code (the Chinese layout writes the code itself).
HW_EXTENSIONS: Mapping[str, str] = {"VO": "V.O.", "OS": "O.S.", "OC": "O.C."}


def extension_code(word: str) -> str:
    """Kiln's code for one extension as written (``V.O.`` → ``VO``; unknown words stay)."""
    word = word.strip()
    return EXTENSION_CODES.get(word.upper(), EXTENSION_CODES.get(word, word))


def extension_codes(words: list[str]) -> str:
    """``["V.O.", "CONT'D"]`` → ``VO, CONT'D`` (the stored form of a cue's extensions)."""
    return ", ".join(extension_code(word) for word in words)


_OPEN_BRACKETS, _CLOSE_BRACKETS = "(（", ")）"
_BRACKETS = _OPEN_BRACKETS + _CLOSE_BRACKETS


def split_cue(cue: str) -> tuple[str, list[str]]:
    """``MEI (V.O.) (CONT'D)`` → ``("MEI", ["V.O.", "CONT'D"])``: a cue's name and the
    extensions after it, in either bracket (a cue that is all brackets keeps them as its name).

    Scanned from the end by hand, once: any cue, however long, costs one pass."""
    found: list[str] = []
    end = len(cue.rstrip())
    while end > 0 and cue[end - 1] in _CLOSE_BRACKETS:
        start = end - 2
        while start >= 0 and cue[start] not in _BRACKETS:
            start -= 1
        if start < 0 or cue[start] not in _OPEN_BRACKETS:
            break
        before = start
        while before > 0 and cue[before - 1].isspace():
            before -= 1
        if before == 0:
            break  # nothing before the bracket: it is the name
        found.append(cue[start + 1 : end - 1].strip())
        end = before
    found.reverse()
    return cue[:end].strip(), found


def extension_words(layout: ScriptLayout, extension: str) -> str:
    """A stored extension (``VO, CONT'D``) as it follows a cue: ``（VO）（CONT'D）`` or
    `` (V.O.) (CONT'D)``."""
    words = WORDS[layout]
    codes = [w.strip() for w in extension.split(",") if w.strip()]
    if layout is ScriptLayout.HOLLYWOOD:
        codes = [HW_EXTENSIONS.get(code, code) for code in codes]
    return "".join(words.extension.format(extension=code) for code in codes)


# -- the Chinese dialogue line ------------------------------------------------------------------


@dataclass(frozen=True)
class DialogueLine:
    """The fields of a dialogue element read back from a ``角色：（括号）台词`` line."""

    speaker: str
    extension: str
    parenthetical: str
    text: str


_ZH_DIALOGUE = re.compile(
    r"^(?P<speaker>[^：:（(]{1,24}?)\s*+(?:[（(](?P<ext>[^）)]{1,16})[）)])?\s*+[：:]"
    r"\s*+(?:[（(](?P<paren>[^）)]*)[）)])?(?P<text>.*)$",
    re.S,
)


def zh_dialogue_line(speaker: str, extension: str, parenthetical: str, text: str) -> str:
    """``梅（OS）：（低声）这一窑`` — how the Chinese layout writes one spoken line."""
    cue = speaker + (ZH_WORDS.extension.format(extension=extension) if extension else "")
    aside = ZH_WORDS.mark(K.PARENTHETICAL, parenthetical) if parenthetical else ""
    return f"{cue}{ZH_COLON}{aside}{text}" if cue else f"{aside}{text}"


def parse_zh_line(line: str) -> DialogueLine | None:
    """Split a ``角色：（括号）台词`` line; None while the writer has not typed the colon yet."""
    match = _ZH_DIALOGUE.match(line)
    if match is None:
        return None
    return DialogueLine(
        speaker=match["speaker"].strip(),
        extension=(match["ext"] or "").strip(),
        parenthetical=(match["paren"] or "").strip(),
        text=match["text"].strip(),
    )


# -- reading the words back: patterns of the importers ------------------------------------------

#: ``第十二集：标题`` (number, title) — an episode header in a Chinese script.
ZH_EPISODE_LINE = re.compile(
    rf"^{ZH_EPISODE[0]}\s*([{ZH_NUMERALS}\d]+)\s*{ZH_EPISODE[1]}\s*+[：:、.．]?\s*+(.*)$"
)
#: ``第一场`` / ``场 3`` / ``1-1`` / ``3、`` before a Chinese scene heading's words.
ZH_SCENE_NUMBER = re.compile(
    rf"^(?:{ZH_SCENE[0]}(?P<zh>[{ZH_NUMERALS}\d]+){ZH_SCENE[1]}"
    rf"|(?:{ZH_SCENE[1]}\s*)?(?P<num>\d+(?:\s*[-－—–]\s*\d+)?)(?:{ZH_SCENE[1]})?)"
    r"(?:\s*[、.．:：]\s*|\s+)"
)
#: Lines that mark a text as a Chinese script (an episode header, an action, a cast line).
ZH_SCRIPT_MARKERS = re.compile(
    rf"^[^\S\n]*+(?:{ZH_EPISODE[0]}[{ZH_NUMERALS}\d]+{ZH_EPISODE[1]}|{ZH_ACTION_MARK}|{ZH_CAST}[：:])",
    re.MULTILINE,
)
ZH_TITLE_LINE = re.compile(
    r"^(?:《(?P<book>[^》]+)》|(?:剧名|片名|标题)\s*+[：:]\s*+(?P<named>.+))$"
)
#: Front-matter headers of a Chinese script: the outline (→ the logline) and the character
#: bios (``名字（17）：…`` lines → characters with age and description).
ZH_OUTLINE_HEADERS = (
    "大纲", "故事大纲", "剧情大纲", "故事梗概", "剧情梗概", "梗概", "剧情简介", "故事简介", "简介",
    "一句话梗概", "一句话简介", "一句话故事",
)  # fmt: skip
ZH_BIOS_HEADERS = (
    "人物小传", "角色小传", "人物介绍", "角色介绍", "人物设定", "角色设定", "人物简介", "主要人物",
    "人物表",
)  # fmt: skip
#: 【…】 words that are transitions (``【切】``) and shots (``【特写：瓷片】``).
ZH_TRANSITIONS = (
    "切", "切至", "切到", "切回", "转场", "黑场", "黑屏", "淡入", "淡出", "叠化", "闪白", "闪黑",
    "渐隐", "渐显", "硬切",
)  # fmt: skip
ZH_SHOTS = (
    "特写", "大特写", "近景", "中景", "中近景", "远景", "全景", "空镜", "镜头", "俯拍",
    "仰拍", "航拍", "慢镜头", "主观镜头", "推镜", "拉镜", "跟拍", "升格",
)  # fmt: skip
#: Flashback markers inside 【】 (``【闪回】`` … ``【闪回结束】``; ``【闪入】``/``【闪出】`` too).
ZH_FLASHBACK_STARTS = ("闪回", "闪回开始", "回忆", "回忆开始", "闪入")
ZH_FLASHBACK_ENDS = ("闪回结束", "回忆结束", "闪回完", "闪出", "闪回毕")
#: A speaker written as one of these is an unnamed voice (``VO：台词``, ``画外音：台词``).
ZH_VOICE_SPEAKERS = ("VO", "OS", "V.O.", "O.S.", "画外音", "画外", "内心OS", "内心独白")
#: Words before a colon that label a line rather than name a speaker (``时间：``, ``音效：``).
ZH_LINE_LABELS = (
    "时间", "地点", "场景", "人物", "道具", "服装", "化妆", "画面", "音效", "音乐", "配乐", "BGM",
    "备注", "注", "镜头", "提示",
)  # fmt: skip
#: Extensions glued to a name without brackets (``沈星晴OS：``), longest first.
ZH_GLUED_EXTENSIONS = ("内心独白", "内心OS", "画外音", "V.O.", "O.S.", "OS", "VO")
ZH_WRITER_LINE = re.compile(r"^(?:编剧|作者)\s*+[：:]\s*+(.+)$")
ZH_CAST_LINE = re.compile(rf"^(?:{ZH_CAST}|出场{ZH_CAST}|登场{ZH_CAST})\s*+[：:]\s*+(.*)$")
#: A Chinese script's caption, flashback start and end, as writers type them
#: (``[字幕:…]``, ``（回忆）``, ``闪回完``).
ZH_CAPTION_LINE = re.compile(
    rf"^[【\[]\s*+(?:{ZH_CAPTION}|画面{ZH_CAPTION}|屏幕{ZH_CAPTION})\s*+[：:](.*)[】\]]$"
)
ZH_FLASHBACK_START_LINE = re.compile(
    r"^[【\[（(]?\s*(闪回(?:开始)?|回忆(?:开始)?|闪入)\s*[】\]）)]?$"
)
ZH_FLASHBACK_END_LINE = re.compile(
    r"^[【\[（(]?\s*((?:闪回|回忆)结束|闪回完|闪回毕|闪出)\s*[】\]）)]?$"
)
#: Captions and flashback markers inside Fountain and FDX action paragraphs, in either layout
#: (groups ``zh`` and ``en`` hold the words).
CAPTION_LINE = re.compile(
    rf"^(?:【{ZH_CAPTION}[：:]\s*+(?P<zh>.*)】|{HW_SUPER}\s*+(?P<en>.*))$", re.DOTALL
)
FLASHBACK_START_LINE = re.compile(
    rf"^(?:【(?P<zh>{ZH_FLASHBACK_START}(?!结束)[^】]*)】|(?P<en>(?:BEGIN )?FLASHBACK[:.]?))$"
)
FLASHBACK_END_LINE = re.compile(
    rf"^(?:【(?P<zh>{ZH_FLASHBACK_END}[^】]*)】|(?P<en>END (?:OF )?FLASHBACK[:.]?))$"
)

# -- interchange --------------------------------------------------------------------------------

#: The title of an episode that has none, as Fountain sections and FDX acts carry it.
EPISODE_TITLE = "Episode {number}"
#: Title-page lines that introduce the writers (FDX title pages).
CREDIT_LINES = ("by", "written by", "screenplay by", "编剧")
CREDIT = "Written by"
