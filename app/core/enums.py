"""The controlled vocabularies of a Kiln project, stored by their string values."""

from __future__ import annotations

from enum import StrEnum


class ScriptLayout(StrEnum):
    """How the script is laid out: Chinese (第N集, 1-1 日 外 …) or Hollywood (INT. … - DAY)."""

    ZH = "zh"
    HOLLYWOOD = "hollywood"


class Setting(StrEnum):
    """Interior / exterior of a scene (内 / 外)."""

    INT = "int"
    EXT = "ext"
    INT_EXT = "int_ext"


class TimeOfDay(StrEnum):
    """Time of day of a scene (日 / 夜 / 晨 / 昏)."""

    DAY = "day"
    NIGHT = "night"
    DAWN = "dawn"
    DUSK = "dusk"


class ElementKind(StrEnum):
    """The kind of one script paragraph."""

    SCENE_HEADING = "scene_heading"
    ACTION = "action"
    CHARACTER = "character"
    PARENTHETICAL = "parenthetical"
    DIALOGUE = "dialogue"
    TRANSITION = "transition"
    SHOT = "shot"
    CAPTION = "caption"
    FLASHBACK_START = "flashback_start"
    FLASHBACK_END = "flashback_end"
    NOTE = "note"
    LYRIC = "lyric"
    PAGE_BREAK = "page_break"
    SECTION = "section"
    SYNOPSIS = "synopsis"

    @property
    def has_line_id(self) -> bool:
        """Dialogue, sung lyrics and on-screen text get a stable line id for translators."""
        return self in (ElementKind.DIALOGUE, ElementKind.CAPTION, ElementKind.LYRIC)


class BeatKind(StrEnum):
    """What a beat card does in the episode; each kind has its own colour on the board."""

    HOOK = "hook"
    SETUP = "setup"
    CONFLICT = "conflict"
    REVERSAL = "reversal"
    REVEAL = "reveal"
    ROMANCE = "romance"
    HERITAGE_MOMENT = "heritage_moment"
    CLIMAX = "climax"
    CLIFFHANGER = "cliffhanger"
    IDEA = "idea"


class BeatStatus(StrEnum):
    """How far a beat has come."""

    IDEA = "idea"
    OUTLINED = "outlined"
    DRAFTED = "drafted"
    FINAL = "final"


class Role(StrEnum):
    """Who someone is in a production."""

    WRITER = "writer"
    CONSULTANT = "consultant"
    TRANSLATOR = "translator"


class AnnotationKind(StrEnum):
    """What a consultant's note is about."""

    CULTURAL_CONTEXT = "cultural_context"
    SENSITIVITY = "sensitivity"
    ACCURACY = "accuracy"
    TRANSLATION_NOTE = "translation_note"
    APPROVAL = "approval"
    #: Two copies changed the same text while apart: the note holds the text that was not kept.
    SYNC_CONFLICT = "sync_conflict"


class Severity(StrEnum):
    """How much a note matters."""

    INFO = "info"
    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"


class AnnotationStatus(StrEnum):
    """Where a note stands."""

    OPEN = "open"
    RESOLVED = "resolved"
    ACCEPTED = "accepted"


class AnnotationTarget(StrEnum):
    """What a note is attached to."""

    TEXT = "text"
    BEAT = "beat"
    SCENE = "scene"
    HERITAGE_ITEM = "heritage_item"
    GLOSSARY_TERM = "glossary_term"


class RenderingStatus(StrEnum):
    """Status of a glossary term's rendering in one language."""

    PROPOSED = "proposed"
    APPROVED = "approved"


class TranslationStatus(StrEnum):
    """Status of one line's translation."""

    DRAFT = "draft"
    TRANSLATED = "translated"
    REVIEWED = "reviewed"
    APPROVED = "approved"


#: How one character addresses another (the formality table of translator packets).
ADDRESS_FORMS: tuple[str, ...] = ("formal", "informal", "intimate", "honorific")
