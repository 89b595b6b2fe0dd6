"""What every script importer shares: reading a file safely, the report, and the project builder.

Importers turn a foreign script into Kiln's project JSON (docs/project-json.md) with a
``ScriptBuilder`` and write it through ``project_json.populator`` and ``write_project``, so
there is one validated path into a ``.kiln`` file: atomic, and nothing is written on failure.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.i18n import _
from app.core.records import is_feature, printed_scene_numbers, scene_number
from app.formats import project_json
from app.formats.project_json import ProjectJsonError
from app.project.open_project import write_project

logger = logging.getLogger(__name__)

#: Scripts larger than this are refused before they are read (a feature film is ~200 KB).
MAX_BYTES = 20 * 1024 * 1024

DEFAULT_TARGETS = ("en", "ar", "fa", "pt-BR")

#: An import reports at most this many lines one by one (a wrong file would flood the screen).
MAX_PROBLEMS = 500

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


class ImportFailed(ProjectJsonError):
    """A script could not be imported at all; the message names the file and what to do."""


@dataclass(frozen=True)
class Problem:
    """One line an importer could not place where it stood, and where it went instead."""

    line: int
    text: str
    reason: str
    #: Where the line was kept ("" when it was left out).
    kept: str = ""

    def __str__(self) -> str:
        if self.kept:
            return _("line {line}: {reason} (kept {kept}): {text}").format(
                line=self.line, reason=self.reason, kept=self.kept, text=self.text
            )
        return _("line {line}: {reason}: {text}").format(
            line=self.line, reason=self.reason, text=self.text
        )


@dataclass
class ImportReport:
    """The lines an importer skipped or could not place, in file order."""

    problems: list[Problem] = field(default_factory=list)
    #: Problems beyond ``MAX_PROBLEMS``, counted but not kept.
    more: int = 0
    #: The encoding a text file was read in ("" for XML and Word files).
    encoding: str = ""

    def add(self, line: int, text: str, reason: str, kept: str = "") -> None:
        """Report ``text`` at ``line``: why it was not placed, and where it was ``kept``."""
        if len(self.problems) >= MAX_PROBLEMS:
            self.more += 1
            return
        self.problems.append(Problem(line, text[:400].strip()[:120], reason, kept))

    def lines(self) -> list[str]:
        """The problems as lines for the user, with a count of any left out."""
        out = [str(p) for p in self.problems]
        if self.more:
            out.append(_("… and {n} more lines.").format(n=self.more))
        return out

    def __bool__(self) -> bool:
        return bool(self.problems)


def read_limited(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of ``path``; refuses missing, oversized and unreadable files with one message."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > limit:
            raise ImportFailed(
                _(
                    "{path} is {size} MB, more than the {limit} MB Kiln imports; "
                    "split the script or check that this is the right file."
                ).format(path=path, size=size // (1024 * 1024), limit=limit // (1024 * 1024))
            )
        return path.read_bytes()
    except OSError as exc:
        raise ImportFailed(
            _("{path} could not be read ({detail}).").format(path=path, detail=exc.strerror or exc)
        ) from exc


def has_cjk(text: str, share: float = 0.2) -> bool:
    """Whether Chinese characters make up at least ``share`` of the letters of ``text``."""
    letters = sum(1 for ch in text[:20000] if ch.isalpha())
    return letters > 0 and len(_CJK.findall(text[:20000])) / letters >= share


def _slug(prefix: str, n: int) -> str:
    return f"{prefix}{n}"


class ScriptBuilder:
    """Builds a ``kiln-project`` dict scene by scene while an importer walks its source."""

    def __init__(self, title: str, source_language: str, layout: str) -> None:
        self.project: dict[str, Any] = {
            "title": title or _("Imported script"),
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

    # -- structure ------------------------------------------------------------------------

    def episode(self, title: str = "", number: int | None = None) -> dict[str, Any]:
        """Start a new episode; scenes and elements that follow belong to it."""
        used = {e["number"] for e in self.episodes}
        if number is None or number in used or number < 1:
            number = max(used, default=0) + 1
        ep: dict[str, Any] = {"number": number, "title": title, "scenes": []}
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
        if not self.episodes:
            self.episode()
        sc: dict[str, Any] = {"setting": setting, "time_of_day": time_of_day, "elements": []}
        if location:
            sc["location"] = self.location(location)
        if number:
            sc["number"] = number
        self.episodes[-1]["scenes"].append(sc)
        self.scene = sc
        return sc

    def element(self, kind: str, text: str = "", **extra: Any) -> dict[str, Any]:
        """Add an element to the current scene (a heading-less scene is opened if needed)."""
        if self.scene is None:
            self.scene_start()
            # An empty heading element marks a scene the source did not head (prologue text).
            self.scene["elements"].append({"kind": "scene_heading", "text": ""})
        el: dict[str, Any] = {"kind": kind, "text": text}
        for key, value in extra.items():
            if value not in (None, "", False, {}):
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
        name = name.strip()
        if name not in self.characters:
            self.characters[name] = _slug("c", len(self.characters) + 1)
        key = self.characters[name]
        details = self.character_details.setdefault(key, {})
        for field_name, value in (("age", age), ("description", description)):
            if value.strip() and not details.get(field_name):
                details[field_name] = value.strip()
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
        name = name.strip()
        if name not in self.locations:
            self.locations[name] = _slug("l", len(self.locations) + 1)
        return self.locations[name]

    def note(
        self, element: dict[str, Any], body: str, *, quote: str = "", start: int | None = None,
        **fields: Any,
    ) -> None:
        """Attach a note (an annotation) to ``element``, on ``quote`` at ``start`` when given
        (an empty quote at ``start`` marks a place: the end of the line, its start)."""
        if "key" not in element:
            self._element_keys += 1
            element["key"] = _slug("e", self._element_keys)
        note: dict[str, Any] = {
            "element": element["key"], "quote": quote, "role": "writer", "body": body.strip(),
        }
        if start is not None:
            note["start"] = start
        note.update({k: v for k, v in fields.items() if v})
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
        if self.title_page:
            project["title_page"] = dict(self.title_page)
        episodes = self.episodes or [{"number": 1, "title": "", "scenes": []}]
        return {
            "format": project_json.FORMAT,
            "version": project_json.VERSION,
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


def write_imported(data: dict[str, Any], out_path: Path, source: Path) -> None:
    """Validate ``data`` and write it as a new project at ``out_path`` (nothing on failure)."""
    write_project(out_path, project_json.populator(data, source.name))
