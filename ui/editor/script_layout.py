"""Turn scenes and their elements into the paragraphs of a script page, in the project's layout.

The words on the page (日/夜, 内/外, 人物, △, 【字幕】… and INT., DAY, SUPER…) are the script's
conventions, not the interface's: they come from ``app.core.vocabulary``, the table the exports
and the interchange formats read too, and scene headings from ``app.core.headings``.

This module is Qt-free: it decides *what* each paragraph says and which way it runs;
``ui.editor.script_view`` decides how it looks.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum

from app.core.direction import first_strong_rtl, isolate, paragraph_rtl
from app.core.enums import ElementKind, ScriptLayout
from app.core.headings import Heading, render_heading
from app.core.records import ElementRecord, EpisodeRecord, SceneRecord
from app.core.vocabulary import (
    HOLLYWOOD_WORDS,
    WORDS,
    ZH_WORDS,
    LayoutWords,
    zh_dialogue_line,
)

logger = logging.getLogger(__name__)


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


#: The role of each element kind's paragraph on the page.
ROLES: dict[ElementKind, Role] = {
    ElementKind.SCENE_HEADING: Role.SCENE_HEADING, ElementKind.ACTION: Role.ACTION,
    ElementKind.CHARACTER: Role.CUE, ElementKind.PARENTHETICAL: Role.PARENTHETICAL,
    ElementKind.DIALOGUE: Role.DIALOGUE, ElementKind.TRANSITION: Role.TRANSITION,
    ElementKind.SHOT: Role.SHOT, ElementKind.CAPTION: Role.CAPTION,
    ElementKind.FLASHBACK_START: Role.FLASHBACK, ElementKind.FLASHBACK_END: Role.FLASHBACK,
    ElementKind.NOTE: Role.NOTE,
}


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the rendered script; ``rtl`` sets its own base direction."""

    text: str
    role: Role
    rtl: bool = False


def episode_heading(layout: ScriptLayout, episode: EpisodeRecord) -> str:
    """``第1集 开窑`` or ``EPISODE 1: THE KILN`` (title as written)."""
    return WORDS[layout].episode_line.format(number=episode.number, title=episode.title).strip()


def scene_heading(layout: ScriptLayout, scene: SceneRecord) -> str:
    """``1-1 夜 内 老窑`` or ``1-1 INT. THE OLD KILN - NIGHT`` (a Hollywood place in capitals)."""
    place = scene.location_name.upper() if layout is ScriptLayout.HOLLYWOOD else scene.location_name
    return render_heading(layout, Heading(scene.setting, scene.time_of_day, place, scene.number))


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
        prefix = zh_dialogue_line(
            _speaker(element, names), element.extension, element.parenthetical, "")
        rtl = paragraph_rtl(text, element.language)
        if rtl and prefix:
            # Isolate the name and aside, so their closing brackets and colon stay with them
            # instead of drifting to the far side of a right-to-left line.
            prefix = isolate(prefix)
        return [Paragraph(prefix + text, Role.DIALOGUE, rtl)]
    if kind in (ElementKind.ACTION, ElementKind.CHARACTER, ElementKind.PARENTHETICAL):
        return [_own(words.mark(kind, text), ROLES[kind], element)]
    return _common(words, element)


def _hollywood(element: ElementRecord, names: Mapping[str, str]) -> list[Paragraph]:
    words = HOLLYWOOD_WORDS
    kind, text = element.kind, element.text
    if kind is ElementKind.DIALOGUE:
        result = []
        speaker = _speaker(element, names).upper()
        if element.extension:
            speaker += words.extension.format(extension=element.extension)
        if speaker:
            result.append(Paragraph(speaker, Role.CUE, first_strong_rtl(speaker)))
        if element.parenthetical:
            aside = element.parenthetical
            result.append(Paragraph(words.mark(ElementKind.PARENTHETICAL, aside),
                                    Role.PARENTHETICAL, paragraph_rtl(aside, element.language)))
        result.append(_own(text, Role.DIALOGUE, element))
        return result
    if kind is ElementKind.ACTION:
        return [_own(text, Role.ACTION, element)]
    if kind is ElementKind.CHARACTER:
        return [_own(text.upper(), Role.CUE, element)]
    if kind is ElementKind.PARENTHETICAL:
        return [_own(words.mark(kind, text), Role.PARENTHETICAL, element)]
    if kind is ElementKind.TRANSITION:
        return [_own(text.upper(), Role.TRANSITION, element)]
    return _common(words, element)


def _common(words: LayoutWords, element: ElementRecord) -> list[Paragraph]:
    """Kinds both layouts write the same way, each with its own words."""
    kind, text = element.kind, element.text
    if kind in (ElementKind.CAPTION, ElementKind.NOTE):
        return [_own(words.mark(kind, text), ROLES[kind], element)]
    if kind is ElementKind.FLASHBACK_START:
        marker = f"{words.mark(kind, '').strip()} {text}".strip()
        return [Paragraph(marker, Role.FLASHBACK, first_strong_rtl(marker))]
    if kind is ElementKind.FLASHBACK_END:
        return [Paragraph(words.mark(kind, ""), Role.FLASHBACK, False)]
    if kind is ElementKind.SHOT:
        return [_own(text, Role.SHOT, element)]
    if kind is ElementKind.TRANSITION:
        return [_own(text, Role.TRANSITION, element)]
    if kind is ElementKind.SCENE_HEADING:
        return [_own(text, Role.SCENE_HEADING, element)]
    return [_own(text, Role.ACTION, element)]
