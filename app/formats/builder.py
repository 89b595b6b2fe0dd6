"""The project builder every script importer fills: a ``kiln-project`` dict, scene by scene.

It keeps the reader's ``Budget`` (``app.formats.budgets``): every element, scene, episode, note,
character and location it makes is counted, so a file holding too many is refused while it is
read, not after. Names and titles pass through ``app.core.controls.label`` (no control
characters, no bidi formatting that would reorder the lines Kiln prints them in); the words of
the script keep their bidi formatting, closed at the end of each field (``balanced``). What it
changed is reported.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from app.core.controls import BIDI_FORMATTING, CONTROL_CLASS, balanced, code_points, label
from app.core.i18n import _
from app.core.records import is_feature, printed_scene_numbers, scene_number
from app.formats import project_rows
from app.formats.budgets import Budget
from app.formats.common import ImportReport

logger = logging.getLogger(__name__)

DEFAULT_TARGETS = ("en", "ar", "fa", "pt-BR")
_UNSAFE = frozenset(CONTROL_CLASS) | frozenset(BIDI_FORMATTING)


def _slug(prefix: str, n: int) -> str:
    return f"{prefix}{n}"


class ScriptBuilder:
    """Builds a ``kiln-project`` dict scene by scene while an importer walks its source.

    ``source`` names the file in refusals; ``report`` receives what was changed on the way in.
    """

    def __init__(self, title: str, source_language: str, layout: str, *,
                 source: Path | None = None, report: ImportReport | None = None) -> None:
        self.report = report if report is not None else ImportReport()
        self.budget = Budget(source if source is not None else Path(title or "script"))
        self._labels: dict[str, str] = {}
        self.project: dict[str, Any] = {
            "title": self.label(title) or _("Imported script"),
            "source_language": source_language,
            "target_languages": [t for t in DEFAULT_TARGETS if t != source_language] or ["en"],
            "layout": layout,
        }
        self.title_page: dict[str, Any] = {}
        self.characters: dict[str, str] = {}  # name -> key
        #: Age and description of characters, by key (character lists and bios).
        self.character_details: dict[str, dict[str, str]] = {}
        self.locations: dict[str, str] = {}  # name -> key
        self.episodes: list[dict[str, Any]] = []
        self.notes: list[dict[str, Any]] = []
        self.scene: dict[str, Any] | None = None
        self._element_keys = 0
        self._episode_numbers: set[int] = set()
        self._last_episode_number = 0

    # -- text -----------------------------------------------------------------------------

    def label(self, text: str) -> str:
        """A name or title without control characters and bidi formatting (reported once)."""
        if text in self._labels:
            return self._labels[text]
        clean = label(text) if any(ch in _UNSAFE for ch in text) else text
        if clean != text:
            removed = code_points("".join(ch for ch in text if ch not in clean))
            self.report.add(0, clean, _("invisible control or bidi formatting characters were "
                                        "removed from this name or title ({chars})")
                            .format(chars=removed))
        if len(self._labels) < 100_000:
            self._labels[text] = clean
        return clean

    def words(self, text: str) -> str:
        """Words of the script: embeddings, overrides and isolates left open are closed."""
        closed = balanced(text)
        if closed != text:
            self.report.add(0, text, _("a bidi embedding, override or isolate was left open; "
                                       "it was closed at the end of the text"))
        return closed

    # -- structure ------------------------------------------------------------------------

    def episode(self, title: str = "", number: int | None = None) -> dict[str, Any]:
        """Start a new episode; scenes and elements that follow belong to it."""
        self.budget.take("episodes")
        used = self._episode_numbers
        if number is None or number in used or number < 1:
            number = self._last_episode_number + 1
        ep: dict[str, Any] = {"number": number, "title": self.label(title), "scenes": []}
        used.add(number)
        self._last_episode_number = max(self._last_episode_number, number)
        self.episodes.append(ep)
        self.scene = None
        return ep

    def scene_start(
        self,
        setting: str = "int",
        time_of_day: str = "day",
        location: str = "",
        number: str | None = None,
    ) -> dict[str, Any]:
        """Start a new scene in the current episode."""
        self.budget.take("scenes")
        if not self.episodes:
            self.episode()
        sc: dict[str, Any] = {"setting": setting, "time_of_day": time_of_day, "elements": []}
        if location:
            sc["location"] = self.location(location)
        if number:
            sc["number"] = self.label(number)
        self.episodes[-1]["scenes"].append(sc)
        self.scene = sc
        return sc

    def element(self, kind: str, text: str = "", **extra: Any) -> dict[str, Any]:
        """Add an element to the current scene (a heading-less scene is opened if needed)."""
        self.budget.take("elements")
        if self.scene is None:
            self.scene_start()
            # An empty heading element marks a scene the source did not head (prologue text).
            self.scene["elements"].append({"kind": "scene_heading", "text": ""})
        el: dict[str, Any] = {"kind": kind, "text": self.words(text)}
        for key, value in extra.items():
            if value not in (None, "", False, {}):
                if key == "parenthetical" and isinstance(value, str):
                    value = self.words(value)
                elif key == "extension" and isinstance(value, str):
                    value = self.label(value)
                el[key] = value
        self.scene["elements"].append(el)
        return el

    def last_element(self) -> dict[str, Any] | None:
        if self.scene is None or not self.scene["elements"]:
            return None
        return self.scene["elements"][-1]

    # -- references -----------------------------------------------------------------------

    def character(self, name: str, *, age: str = "", description: str = "") -> str:
        """The key of the character called ``name`` (created on first use); ``age`` and
        ``description`` fill what is still empty."""
        name = self.label(name).strip()
        if name not in self.characters:
            self.budget.take("characters")
            self.characters[name] = _slug("c", len(self.characters) + 1)
        key = self.characters[name]
        details = self.character_details.setdefault(key, {})
        for field_name, value in (("age", self.label(age)), ("description", description)):
            if value.strip() and not details.get(field_name):
                details[field_name] = self.words(value.strip())
        return key

    def expected_number(self) -> str:
        """The number the next scene gets from its place (``2-3``)."""
        episode = self.episodes[-1]["number"] if self.episodes else 1
        scenes = len(self.episodes[-1]["scenes"]) if self.episodes else 0
        return scene_number(episode, scenes)

    def number_if_unexpected(self, number: str | None) -> str | None:
        """``number`` when it differs from the one the next scene gets anyway (to lock it)."""
        return None if not number or number == self.expected_number() else number

    def location(self, name: str) -> str:
        """The key of the location called ``name`` (created on first use)."""
        name = self.label(name).strip()
        if name not in self.locations:
            self.budget.take("locations")
            self.locations[name] = _slug("l", len(self.locations) + 1)
        return self.locations[name]

    def note(
        self, element: dict[str, Any], body: str, *, quote: str = "", start: int | None = None,
        **fields: Any,
    ) -> None:
        """Attach a note (an annotation) to ``element``, on ``quote`` at ``start`` when given
        (an empty quote at ``start`` marks a place: the end of the line, its start)."""
        self.budget.take("notes")
        if "key" not in element:
            self._element_keys += 1
            element["key"] = _slug("e", self._element_keys)
        note: dict[str, Any] = {
            "element": element["key"], "quote": quote, "role": "writer",
            "body": self.words(body.strip()),
        }
        if start is not None:
            note["start"] = start
        for key, value in fields.items():
            if value:
                note[key] = self.label(value) if key == "author" else value
        self.notes.append(note)

    # -- result ---------------------------------------------------------------------------

    def settle_numbers(self) -> None:
        """Unlock every scene number that is the one the shooting script prints for the scene's
        place anyway (``1-2`` in a series, ``2`` in a feature): Kiln's own exports write every
        scene's number, so reading them back locks nothing new; a number that differs (``1A``,
        a renumbered script) stays locked."""
        feature = is_feature(self.project["layout"], [ep["title"] for ep in self.episodes])
        for ep in self.episodes:
            scenes = ep["scenes"]
            headed = [not _headless(sc) for sc in scenes]
            for sc, printed in zip(scenes, printed_scene_numbers(feature, ep["number"], headed),
                                   strict=True):
                if sc.get("number") == printed:
                    del sc["number"]

    def element_count(self) -> int:
        return sum(len(sc["elements"]) for ep in self.episodes for sc in ep["scenes"])

    def to_dict(self) -> dict[str, Any]:
        """The finished project JSON dict."""
        self.settle_numbers()
        lang = self.project["source_language"]
        project = dict(self.project)
        project["title"] = self.label(project["title"]) or _("Imported script")
        for key in ("draft", "registration_number"):
            if isinstance(project.get(key), str):
                project[key] = self.label(project[key])
        if isinstance(project.get("authors"), list):
            project["authors"] = [self.label(a) if isinstance(a, str) else a
                                  for a in project["authors"]]
        if isinstance(project.get("logline"), str):
            project["logline"] = self.words(project["logline"])
        if self.title_page:
            project["title_page"] = {
                self.label(k): self.words(v) if isinstance(v, str) else v
                for k, v in self.title_page.items()
            }
        episodes = self.episodes or [{"number": 1, "title": "", "scenes": []}]
        return {
            "format": project_rows.FORMAT,
            "version": project_rows.VERSION,
            "project": project,
            "characters": [
                {"key": k, "names": {lang: n}, **self.character_details.get(k, {})}
                for n, k in self.characters.items()
            ],
            "locations": [{"key": k, "names": {lang: n}} for n, k in self.locations.items()],
            "episodes": episodes,
            "notes": self.notes,
        }


def _headless(scene: dict[str, Any]) -> bool:
    """A scene the source did not head (it starts with an empty heading element)."""
    first = scene["elements"][0] if scene["elements"] else {}
    return first.get("kind") == "scene_heading" and not first.get("text")


__all__ = ["DEFAULT_TARGETS", "ScriptBuilder"]
