"""Turn scenes and their elements into the paragraphs of a script page, in the project's layout.

The words printed on a script page — 日/夜, 内/外, 人物, △, 【字幕】, 【闪回】 in the Chinese
layout; INT., EXT., DAY, NIGHT, SUPER, FLASHBACK in the Hollywood one — belong to the *script's*
conventions, not to the interface. A Chinese shooting script says 夜 内 whether the writer's
menus are in English or Persian, and a crew reads INT./EXT. in a Hollywood script whatever the
interface language is. So they live here as data tables, deliberately not wrapped in ``_()``.

This module is Qt-free: it decides *what* each paragraph says and which way it runs;
``ui.editor.script_view`` decides how it looks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum

from app.core.direction import first_strong_rtl, isolate, paragraph_rtl
from app.core.enums import ElementKind, ScriptLayout, Setting, TimeOfDay
from app.core.records import ElementRecord, EpisodeRecord, SceneRecord


class Role(Enum):
    """What a paragraph is on the page; the view styles each role."""

    EPISODE_HEADING = "episode_heading"
    SCENE_HEADING = "scene_heading"
    CAST = "cast"
    ACTION = "action"
    CUE = "cue"
    PARENTHETICAL = "parenthetical"
    DIALOGUE = "dialogue"
    TRANSITION = "transition"
    SHOT = "shot"
    CAPTION = "caption"
    FLASHBACK = "flashback"
    NOTE = "note"


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the rendered script; ``rtl`` sets its own base direction."""

    text: str
    role: Role
    rtl: bool = False


@dataclass(frozen=True)
class LayoutWords:
    """The fixed words of one script layout."""

    settings: Mapping[Setting, str]
    times: Mapping[TimeOfDay, str]
    episode: str  # format with number, title
    cast: str  # format with names
    name_separator: str
    action_mark: str
    caption: str  # format with text
    flashback_start: str
    flashback_end: str
    note: str  # format with text


ZH_WORDS = LayoutWords(
    settings={Setting.INT: "内", Setting.EXT: "外", Setting.INT_EXT: "内外"},
    times={TimeOfDay.DAY: "日", TimeOfDay.NIGHT: "夜", TimeOfDay.DAWN: "晨",
           TimeOfDay.DUSK: "昏"},
    episode="第{number}集 {title}",
    cast="人物：{names}",
    name_separator="、",
    action_mark="△",
    caption="【字幕：{text}】",
    flashback_start="【闪回】",
    flashback_end="【闪回结束】",
    note="〔注：{text}〕",
)

HOLLYWOOD_WORDS = LayoutWords(
    settings={Setting.INT: "INT.", Setting.EXT: "EXT.", Setting.INT_EXT: "INT./EXT."},
    times={TimeOfDay.DAY: "DAY", TimeOfDay.NIGHT: "NIGHT", TimeOfDay.DAWN: "DAWN",
           TimeOfDay.DUSK: "DUSK"},
    episode="EPISODE {number}: {title}",
    cast="",  # Hollywood pages carry no cast line
    name_separator=", ",
    action_mark="",
    caption='SUPER: "{text}"',
    flashback_start="FLASHBACK:",
    flashback_end="END FLASHBACK.",
    note="[NOTE: {text}]",
)

WORDS: dict[ScriptLayout, LayoutWords] = {
    ScriptLayout.ZH: ZH_WORDS,
    ScriptLayout.HOLLYWOOD: HOLLYWOOD_WORDS,
}


def episode_heading(layout: ScriptLayout, episode: EpisodeRecord) -> str:
    """``第1集 开窑`` or ``EPISODE 1: THE KILN`` (title as written)."""
    return WORDS[layout].episode.format(number=episode.number, title=episode.title).strip()


def scene_heading(layout: ScriptLayout, scene: SceneRecord) -> str:
    """``1-1 夜 内 老窑`` or ``1-1 INT. THE OLD KILN - NIGHT``."""
    words = WORDS[layout]
    setting = words.settings[scene.setting]
    time = words.times[scene.time_of_day]
    if layout is ScriptLayout.HOLLYWOOD:
        place = scene.location_name.upper()
        return f"{scene.number} {setting} {place} - {time}".replace("  ", " ")
    return " ".join(part for part in (scene.number, time, setting, scene.location_name) if part)


def scene_paragraphs(
    layout: ScriptLayout,
    scene: SceneRecord,
    elements: Iterable[ElementRecord],
    names: Mapping[str, str],
) -> list[Paragraph]:
    """The paragraphs of one scene; ``names`` maps character ids to display names."""
    words = WORDS[layout]
    heading = scene_heading(layout, scene)
    result = [Paragraph(heading, Role.SCENE_HEADING, first_strong_rtl(heading))]
    cast = [names[c] for c in scene.cast if names.get(c)]
    if cast and words.cast:
        line = words.cast.format(names=words.name_separator.join(cast))
        result.append(Paragraph(line, Role.CAST, first_strong_rtl(line)))
    for element in elements:
        result.extend(_element_paragraphs(layout, element, names))
    return result


def _speaker(element: ElementRecord, names: Mapping[str, str]) -> str:
    return (names.get(element.speaker_id or "") or element.speaker).strip()


def _element_paragraphs(
    layout: ScriptLayout, element: ElementRecord, names: Mapping[str, str]
) -> list[Paragraph]:
    if layout is ScriptLayout.HOLLYWOOD:
        return _hollywood(element, names)
    return _zh(element, names)


def _own(text: str, role: Role, element: ElementRecord) -> Paragraph:
    """A paragraph whose direction follows the element's own text and language."""
    return Paragraph(text, role, paragraph_rtl(element.text or text, element.language))


def _zh(element: ElementRecord, names: Mapping[str, str]) -> list[Paragraph]:
    words = ZH_WORDS
    kind, text = element.kind, element.text
    if kind is ElementKind.DIALOGUE:
        speaker = _speaker(element, names)
        if element.extension:
            speaker += f"（{element.extension}）"
        aside = f"（{element.parenthetical}）" if element.parenthetical else ""
        prefix = f"{speaker}：{aside}" if speaker else aside
        rtl = paragraph_rtl(text, element.language)
        if rtl and prefix:
            # Isolate the name and aside, so their closing brackets and colon stay with them
            # instead of drifting to the far side of a right-to-left line.
            prefix = isolate(prefix)
        return [Paragraph(prefix + text, Role.DIALOGUE, rtl)]
    if kind is ElementKind.ACTION:
        return [_own(words.action_mark + text, Role.ACTION, element)]
    if kind is ElementKind.CHARACTER:
        return [_own(f"{text}：", Role.CUE, element)]
    if kind is ElementKind.PARENTHETICAL:
        return [_own(f"（{text}）", Role.PARENTHETICAL, element)]
    return _common(words, element)


def _hollywood(element: ElementRecord, names: Mapping[str, str]) -> list[Paragraph]:
    words = HOLLYWOOD_WORDS
    kind, text = element.kind, element.text
    if kind is ElementKind.DIALOGUE:
        result = []
        speaker = _speaker(element, names).upper()
        if element.extension:
            speaker += f" ({element.extension})"
        if speaker:
            result.append(Paragraph(speaker, Role.CUE, first_strong_rtl(speaker)))
        if element.parenthetical:
            aside = element.parenthetical
            result.append(Paragraph(f"({aside})", Role.PARENTHETICAL,
                                    paragraph_rtl(aside, element.language)))
        result.append(_own(text, Role.DIALOGUE, element))
        return result
    if kind is ElementKind.ACTION:
        return [_own(text, Role.ACTION, element)]
    if kind is ElementKind.CHARACTER:
        return [_own(text.upper(), Role.CUE, element)]
    if kind is ElementKind.PARENTHETICAL:
        return [_own(f"({text})", Role.PARENTHETICAL, element)]
    if kind is ElementKind.TRANSITION:
        return [_own(text.upper(), Role.TRANSITION, element)]
    return _common(words, element)


def _common(words: LayoutWords, element: ElementRecord) -> list[Paragraph]:
    """Kinds both layouts write the same way, each with its own words."""
    kind, text = element.kind, element.text
    if kind is ElementKind.CAPTION:
        return [_own(words.caption.format(text=text), Role.CAPTION, element)]
    if kind is ElementKind.FLASHBACK_START:
        marker = f"{words.flashback_start} {text}".strip()
        return [Paragraph(marker, Role.FLASHBACK, first_strong_rtl(marker))]
    if kind is ElementKind.FLASHBACK_END:
        return [Paragraph(words.flashback_end, Role.FLASHBACK, False)]
    if kind is ElementKind.NOTE:
        return [_own(words.note.format(text=text), Role.NOTE, element)]
    if kind is ElementKind.SHOT:
        return [_own(text, Role.SHOT, element)]
    if kind is ElementKind.TRANSITION:
        return [_own(text, Role.TRANSITION, element)]
    if kind is ElementKind.SCENE_HEADING:
        return [_own(text, Role.SCENE_HEADING, element)]
    return [_own(text, Role.ACTION, element)]
