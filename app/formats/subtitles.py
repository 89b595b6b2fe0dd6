"""Subtitle drafts (SRT and WebVTT) and the timed dialogue list of one language.

Every translatable line (dialogue, lyrics, captions) becomes one event at its place in the
estimated timeline (``app.features.rhythm.timeline``): its start and end within its episode.
Several episodes follow one another in one file, each starting where the one before ended (a
WebVTT ``NOTE`` names each episode); one episode starts at 00:00:00. The text is the line's
translation into the language — or the source itself when the language is the script's own;
lines not yet translated are left out of the drafts (their time stays empty) and counted.
Text is wrapped to the language's characters per line (``app.features.rhythm.fit``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from app.core.enums import ElementKind
from app.features.rhythm.fit import translations_of, wrap
from app.features.rhythm.report import is_voice_over
from app.features.rhythm.settings import RhythmSettings, project_settings
from app.features.rhythm.timeline import timelines
from app.project.open_project import OpenProject

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DialogueEvent:
    """One line of the dialogue list: where it sits in time and what is said or shown."""

    line_id: str
    episode: int
    start: float  # seconds from the start of its episode
    end: float
    offset: float  # seconds from the start of the file (episodes one after another)
    kind: ElementKind
    speaker: str
    source: str
    translation: str
    extension: str
    parenthetical: str

    @property
    def screen(self) -> str:
        """On- or off-screen, as a dialogue list says it (the studios' English words)."""
        if self.kind is ElementKind.CAPTION:
            return "on-screen text"
        if self.kind is ElementKind.LYRIC:
            return "song"
        if is_voice_over(self.extension):
            return "voice-over" if "VO" in self.extension else "off-screen"
        return "on-screen"


@dataclass
class DialogueList:
    """The events of one language, and each episode's estimated length."""

    language: str
    source_language: str
    events: list[DialogueEvent] = field(default_factory=list)
    #: episode number -> (offset in the file, estimated seconds)
    episodes: dict[int, tuple[float, float]] = field(default_factory=dict)

    @property
    def untranslated(self) -> int:
        return sum(1 for e in self.events if not e.translation.strip())


def dialogue_list(project: OpenProject, language: str, episodes: tuple[int, int] | None = None,
                  settings: RhythmSettings | None = None) -> DialogueList:
    """Every translatable line of ``episodes`` (all by default) timed, with its translation."""
    settings = settings or project_settings(project)
    source_language = project.info().source_language
    own = language == source_language or not language
    translated = {} if own else translations_of(project, language)
    result = DialogueList(language or source_language, source_language)
    offset = 0.0
    for timeline in timelines(project, settings.rates, episodes):
        number = timeline.episode.number
        result.episodes[number] = (offset, timeline.seconds)
        for el in timeline.elements:
            if not el.line_id or not el.kind.has_line_id:
                continue
            result.events.append(DialogueEvent(
                el.line_id, number, el.start, el.end, offset, el.kind, el.speaker, el.text,
                el.text if own else translated.get(el.element_id, ""), el.extension,
                el.parenthetical))
        offset += timeline.seconds
    return result


def timecode(seconds: float, separator: str = ",") -> str:
    """``HH:MM:SS,mmm`` (SRT) or with ``.`` (WebVTT) of ``seconds``."""
    millis = max(0, round(seconds * 1000))
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"


def _cues(dl: DialogueList, chars_per_line: int) -> list[tuple[DialogueEvent, float, float, str]]:
    cues = []
    for event in dl.events:
        text = event.translation.strip()
        if not text:
            continue
        lines = [line for line in wrap(text, chars_per_line) if line.strip()]
        cues.append((event, event.offset + event.start, event.offset + event.end,
                     "\n".join(lines)))
    return cues


def write_srt(dl: DialogueList, chars_per_line: int) -> str:
    """The events as a SubRip file (numbered cues, ``HH:MM:SS,mmm --> HH:MM:SS,mmm``)."""
    blocks = []
    for index, (_event, start, end, text) in enumerate(_cues(dl, chars_per_line), start=1):
        blocks.append(f"{index}\n{timecode(start)} --> {timecode(end)}\n{text}\n")
    return "\n".join(blocks)


def write_vtt(dl: DialogueList, chars_per_line: int) -> str:
    """The events as a WebVTT file; each cue is named by its line id, each episode by a NOTE."""
    parts = ["WEBVTT\n"]
    episode = None
    for event, start, end, text in _cues(dl, chars_per_line):
        if event.episode != episode:
            episode = event.episode
            parts.append(f"NOTE episode {episode}\n")
        # "-->" may not appear in a cue's text; "&" and "<" must be escaped.
        body = text.replace("&", "&amp;").replace("<", "&lt;").replace("-->", "→")
        parts.append(f"{event.line_id}\n{timecode(start, '.')} --> {timecode(end, '.')}\n"
                     f"{body}\n")
    return "\n".join(parts)
