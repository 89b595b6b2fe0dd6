"""Scene-level edits the script editor makes as the writer types, each one undo step.

- ``EditHeading``: a scene heading typed in place (time, setting, place, locked number); a new
  place name creates its location in the same step, so one Undo takes the whole edit back.
- ``LineToScene``: a paragraph that reads as a scene heading (``EXT. OLD STREET - DAY``,
  ``2-6 夜 外 老街``) starts a new scene after the current one, and what followed it moves in.
- ``LineToEpisode``: ``第三集：窑变`` starts a new episode after the current one.
- ``LineToCast``: ``人物：林青禾、希琳`` sets the scene's cast.
- ``ReadLine``: a finished line read as an element of another kind (``角色：台词``,
  ``【字幕：…】``).
- ``PasteLines``: pasted lines, read as the import reads them, inserted as elements and scenes.

What a line reads as is ``app.features.script.shorthand``'s answer; these commands only write
it. A *blank* scene (no place, the default time and setting) is one the writer has not headed
yet: the editor shows its heading empty, and the first heading typed in it heads it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.enums import ElementKind, ScriptLayout
from app.core.headings import Heading
from app.core.i18n import _
from app.core.records import SceneRecord
from app.features.script.shorthand import Reading, read_lines
from app.project.changes import ChangeRecorder
from app.project.commands import Command, Create, Delete
from app.store import schema

logger = logging.getLogger(__name__)

K = ElementKind


def is_blank(scene: SceneRecord) -> bool:
    """True for a scene nobody has headed yet (no place, interior, day, derived number)."""
    return (scene.location_id is None and scene.setting.value == "int"
            and scene.time_of_day.value == "day")


def _blank_row(scene: schema.Scene) -> bool:
    return (scene.location_id is None and scene.setting == "int" and scene.time_of_day == "day"
            and not scene.locked_number)


def find_location(session: Session, name: str) -> schema.Location | None:
    """The location called ``name`` in any language (case-insensitive), or None."""
    folded = name.strip().casefold()
    for location in session.scalars(select(schema.Location)):
        if any(str(n).casefold() == folded for n in (location.names or {}).values()):
            return location
    return None


def location_id(rec: ChangeRecorder, name: str, language: str) -> str | None:
    """The id of the location ``name``, created (named in ``language``) when there is none."""
    name = name.strip()
    if not name:
        return None
    found = find_location(rec.session, name)
    if found is not None:
        return found.id
    create = Create("location", {"names": {language: name}})
    create.apply(rec)
    return create.created_id


def find_character(session: Session, name: str) -> schema.Character | None:
    """The character called ``name`` by any of their names or aliases (case-insensitive)."""
    folded = name.strip().casefold()
    if not folded:
        return None
    for character in session.scalars(select(schema.Character)):
        names = list((character.names or {}).values())
        names += [a for aliases in (character.aliases or {}).values() for a in aliases]
        if any(str(n).casefold() == folded for n in names):
            return character
    return None


def character_id(rec: ChangeRecorder, name: str, language: str) -> str:
    """The id of the character ``name`` (matched by any name or alias), created if new."""
    found = find_character(rec.session, name)
    if found is not None:
        return found.id
    create = Create("character", {"names": {language: name.strip()}})
    create.apply(rec)
    assert create.created_id is not None
    return create.created_id


def _language(session: Session) -> str:
    return session.scalars(select(schema.Project.source_language)).first() or "zh-Hans"


def _heading_fields(rec: ChangeRecorder, heading: Heading) -> dict[str, Any]:
    return {"setting": heading.setting, "time_of_day": heading.time_of_day,
            "location_id": location_id(rec, heading.location, _language(rec.session))}


@dataclass
class EditHeading(Command):
    """The heading of ``scene_id`` as the writer typed it: ``fields`` (setting, time_of_day,
    locked_number) and, when ``place`` names another location, that one (created if new)."""

    scene_id: str
    fields: dict[str, Any]
    place: str | None = None

    def __post_init__(self) -> None:
        self.merge_key = f"scene:{self.scene_id}"

    @property
    def label(self) -> str:  # type: ignore[override]
        return _("Edit scene heading")

    def apply(self, rec: ChangeRecorder) -> None:
        scene = rec.session.get(schema.Scene, self.scene_id)
        if scene is None:
            return
        fields = dict(self.fields)
        if self.place is not None:
            fields["location_id"] = location_id(rec, self.place, _language(rec.session))
        rec.update(scene, **fields)


def _element(session: Session, element_id: str) -> schema.Element | None:
    return session.get(schema.Element, element_id)


def _elements(session: Session, scene_id: str) -> list[schema.Element]:
    return list(session.scalars(select(schema.Element).where(schema.Element.scene_id == scene_id)
                                .order_by(schema.Element.position)))


def _has_words(element: schema.Element) -> bool:
    return bool(element.text.strip() or element.speaker.strip() or element.parenthetical.strip())


def _split_at(session: Session, element_id: str) -> tuple[
        schema.Element, schema.Scene, list[schema.Element], list[schema.Element]] | None:
    """The paragraph ``element_id``, its scene, and the paragraphs before and after it."""
    element = _element(session, element_id)
    if element is None:
        return None
    scene = session.get(schema.Scene, element.scene_id)
    siblings = _elements(session, scene.id)
    return (element, scene, [e for e in siblings if e.position < element.position],
            [e for e in siblings if e.position > element.position])


def _move_elements(rec: ChangeRecorder, elements: list[schema.Element], scene_id: str,
                   start: int = 0) -> None:
    for offset, element in enumerate(elements):
        rec.update(element, scene_id=scene_id, position=start + offset)


@dataclass
class LineToScene(Command):
    """The paragraph ``element_id`` reads as ``heading``: it becomes a new scene after its own
    (or the heading of its own scene when that one is blank and nothing with words is before
    it), and the paragraphs after it move into that scene. ``created_id``: the scene headed."""

    element_id: str
    heading: Heading
    created_id: str | None = None
    keep_empty: bool = True  # leave an empty action to type into when nothing followed

    @property
    def label(self) -> str:  # type: ignore[override]
        return _("New scene")

    def apply(self, rec: ChangeRecorder) -> None:
        split = _split_at(rec.session, self.element_id)
        if split is None:
            return
        element, scene, before, after = split
        fields = _heading_fields(rec, self.heading)
        if _blank_row(scene) and not any(_has_words(e) for e in before):
            rec.update(scene, **fields)
            for gone in [*before, element]:
                Delete("element", gone.id).apply(rec)
            self.created_id = scene.id
        else:
            create = Create("scene", {"episode_id": scene.episode_id, "beat_id": scene.beat_id,
                                      **fields}, position=scene.position + 1)
            create.apply(rec)
            self.created_id = create.created_id
            _move_elements(rec, after, self.created_id)
            Delete("element", element.id).apply(rec)
        if self.keep_empty and not after:
            Create("element", {"scene_id": self.created_id, "kind": K.ACTION.value}).apply(rec)


@dataclass
class LineToEpisode(Command):
    """The paragraph ``element_id`` reads as an episode line (``第三集：窑变``): a new episode
    titled ``title`` after the current one, whose first scene (blank, to be headed) takes the
    paragraphs after it, or an empty action when none followed; the scenes after the current
    one move along into the new episode. ``created_id``: that first scene."""

    element_id: str
    title: str
    created_id: str | None = None
    episode_id: str | None = None

    @property
    def label(self) -> str:  # type: ignore[override]
        return _("New episode")

    def apply(self, rec: ChangeRecorder) -> None:
        session = rec.session
        split = _split_at(session, self.element_id)
        if split is None:
            return
        element, scene, _before, after = split
        episode = session.get(schema.Episode, scene.episode_id)
        later = list(session.scalars(select(schema.Scene).where(
            schema.Scene.episode_id == episode.id, schema.Scene.position > scene.position)
            .order_by(schema.Scene.position)))
        new_episode = Create("episode", {"title": self.title}, position=episode.number)
        new_episode.apply(rec)
        self.episode_id = new_episode.created_id
        first = Create("scene", {"episode_id": self.episode_id}, position=0)
        first.apply(rec)
        self.created_id = first.created_id
        _move_elements(rec, after, self.created_id)
        for index, moved in enumerate(later, start=1):
            rec.update(moved, episode_id=self.episode_id, position=index)
        Delete("element", element.id).apply(rec)
        if not after:
            Create("element", {"scene_id": self.created_id, "kind": K.ACTION.value}).apply(rec)


@dataclass
class LineToCast(Command):
    """The paragraph ``element_id`` reads as ``人物：A、B``: the scene's cast becomes those
    characters (matched by any name or alias, created when new); the paragraph goes, or with
    ``keep_line`` becomes an empty action to go on typing in."""

    element_id: str
    names: tuple[str, ...]
    keep_line: bool = False

    @property
    def label(self) -> str:  # type: ignore[override]
        return _("Set the cast")

    def apply(self, rec: ChangeRecorder) -> None:
        element = _element(rec.session, self.element_id)
        if element is None:
            return
        scene = rec.session.get(schema.Scene, element.scene_id)
        language = _language(rec.session)
        cast = []
        for name in self.names:
            found = character_id(rec, name, language)
            if found not in cast:
                cast.append(found)
        rec.update(scene, cast=cast)
        if self.keep_line:
            rec.update(element, text="", kind=K.ACTION.value)
        else:
            Delete("element", element.id).apply(rec)


def element_fields(rec: ChangeRecorder, reading: Reading) -> dict[str, Any]:
    """The element columns ``reading`` (an element) stands for, with its speaker matched by any
    name or alias (a new name becomes a character)."""
    assert reading.kind is not None
    fields: dict[str, Any] = {"kind": reading.kind.value, "text": "", "speaker": "",
                              "extension": "", "parenthetical": "", **reading.fields}
    if reading.kind is K.DIALOGUE and fields["speaker"]:
        fields["speaker_id"] = character_id(rec, fields["speaker"], _language(rec.session))
    return fields


@dataclass
class ReadLine(Command):
    """The paragraph ``element_id`` reads as another element (``角色：台词`` → dialogue,
    ``【字幕：…】`` → caption, ``CUT TO:`` → transition): it becomes that element."""

    element_id: str
    reading: Reading

    @property
    def label(self) -> str:  # type: ignore[override]
        return _("Edit {kind}").format(kind=_("script line"))

    def apply(self, rec: ChangeRecorder) -> None:
        element = _element(rec.session, self.element_id)
        if element is None:
            return
        rec.update(element, **element_fields(rec, self.reading))
        for offset, extra in enumerate(self.reading.more, start=1):  # a second speaker
            Create("element", {"scene_id": element.scene_id, **element_fields(rec, extra)},
                   position=element.position + offset).apply(rec)


@dataclass
class PasteLines(Command):
    """Pasted ``text`` read line by line (as a script's lines are read on import) and inserted
    after the paragraph ``element_id`` of scene ``scene_id`` (at the scene's top when None; an
    empty ``element_id`` paragraph is replaced): elements, and new scenes and episodes where a
    line heads one. ``last``: (scene id, element id or None) of the last paragraph written."""

    scene_id: str
    element_id: str | None
    layout: ScriptLayout
    text: str
    last: tuple[str, str | None] | None = None

    @property
    def label(self) -> str:  # type: ignore[override]
        return _("Paste")

    def apply(self, rec: ChangeRecorder) -> None:
        session = rec.session
        scene = session.get(schema.Scene, self.scene_id)
        if scene is None:
            return
        anchor = _element(session, self.element_id) if self.element_id else None
        position = anchor.position + 1 if anchor is not None else 0
        trailing = [e for e in _elements(session, scene.id) if e.position >= position]
        if anchor is not None and not _has_words(anchor):
            Delete("element", anchor.id).apply(rec)
            position -= 1
        scene_id, last_id = scene.id, None
        for line, reading in read_lines(self.layout, self.text):
            current = session.get(schema.Scene, scene_id)
            if reading is not None and reading.what == "heading":
                assert reading.heading is not None
                create = Create("scene", {"episode_id": current.episode_id,
                                          "beat_id": current.beat_id,
                                          **_heading_fields(rec, reading.heading)},
                                position=current.position + 1)
                create.apply(rec)
                scene_id, position, last_id = create.created_id, 0, None
            elif reading is not None and reading.what == "episode":
                episode = session.get(schema.Episode, current.episode_id)
                new_episode = Create("episode", {"title": reading.title},
                                     position=episode.number)
                new_episode.apply(rec)
                first = Create("scene", {"episode_id": new_episode.created_id})
                first.apply(rec)
                scene_id, position, last_id = first.created_id, 0, None
            elif reading is not None and reading.what == "cast":
                language = _language(session)
                rec.update(current, cast=[character_id(rec, n, language) for n in reading.names])
            else:
                if reading is None:
                    reading = Reading("element", K.ACTION, {"text": line})
                create = Create("element", {"scene_id": scene_id,
                                            **element_fields(rec, reading)}, position=position)
                create.apply(rec)
                position += 1
                last_id = create.created_id
        if scene_id != scene.id:  # what followed the caret follows the last pasted scene
            _move_elements(rec, trailing, scene_id, start=position)
        self.last = (scene_id, last_id)
