"""Compare two versions of a script: scenes added, removed, moved and changed, line by line and
word by word.

The versions are snapshots (``app.features.drafts.snapshot``): two drafts, a draft and the file
as it is now, or two project files (a writer's copy and a studio's). Scenes are matched by id
(they keep it in every draft and copy of a project), and scenes left over on both sides by the
number they show; a scene whose part has the same digest on both sides is unchanged and is not
read at all. Moved scenes are the matched scenes outside the longest run kept in order, and any
scene now in another episode. Inside a changed scene lines are matched by id, then by their
words; a changed line carries its word-level differences (``app.core.word_diff``: Chinese by
character, Arabic, Persian and Latin by word).

``Comparison.to_json`` is the changes report's JSON (its shape is documented in docs/drafts.md).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any, Literal

from app.core.enums import ScriptLayout, Setting, TimeOfDay
from app.core.headings import Heading, render_chinese, render_hollywood
from app.core.word_diff import Segment, changed_spans, segments_json, word_diff
from app.features.drafts.snapshot import SceneEntry, ScenePart, Snapshot

logger = logging.getLogger(__name__)

Status = Literal["added", "removed", "changed"]
#: The fields of a line whose change makes it a changed line (its words, who says them, how).
_LINE_FIELDS = ("kind", "text", "speaker", "extension", "parenthetical")


@dataclass(frozen=True)
class LineChange:
    """One line (script paragraph) added, removed or changed inside a scene."""

    status: Status
    kind: str
    element_id: str | None
    line_id: str | None
    old: str | None
    new: str | None
    speaker_old: str = ""
    speaker_new: str = ""
    #: How the words changed: equal / delete / insert stretches (old words first).
    words: tuple[Segment, ...] = ()
    #: Which of the line's fields changed (``text``, ``speaker``, ``kind``…).
    fields: tuple[str, ...] = ()
    #: The line moved to another place in its scene.
    moved: bool = False
    #: A removed line: the id of the line of the newer version it stood after (None: first).
    follows: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"status": self.status, "kind": self.kind, "old": self.old,
                               "new": self.new}
        if self.line_id:
            out["line_id"] = self.line_id
        if self.element_id:
            out["id"] = self.element_id
        if self.speaker_old or self.speaker_new:
            out["speaker"] = {"old": self.speaker_old, "new": self.speaker_new}
        if self.status == "changed":
            out["fields"] = list(self.fields)
            out["words"] = segments_json(list(self.words))
        if self.moved:
            out["moved"] = True
        return out


@dataclass(frozen=True)
class SceneChange:
    """A scene that is new, gone, moved or changed between the two versions."""

    id: str
    #: The number the scene shows in the newer version (in the older one for a removed scene).
    number: str
    old_number: str | None
    episode: int | None
    old_episode: int | None
    heading: str
    old_heading: str
    added: bool = False
    removed: bool = False
    moved: bool = False
    lines: tuple[LineChange, ...] = ()

    @property
    def changed(self) -> bool:
        """Lines or the heading changed (a scene that exists in both versions)."""
        return not (self.added or self.removed) and bool(
            self.lines or self.heading != self.old_heading)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"scene": self.number, "id": self.id, "episode": self.episode,
                               "heading": self.heading}
        if self.old_number is not None and self.old_number != self.number:
            out["old_scene"] = self.old_number
        if self.removed:
            out["episode"], out["heading"] = self.old_episode, self.old_heading
        if self.changed and self.heading != self.old_heading:
            out["old_heading"] = self.old_heading
        if self.added or self.removed or self.changed:
            out["lines"] = [line.to_json() for line in self.lines]
        return out


@dataclass(frozen=True)
class EpisodeChange:
    """An episode added, removed or retitled."""

    status: Status
    number: int
    old_number: int | None
    title: str
    old_title: str

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"episode": self.number, "title": self.title}
        if self.status == "changed":
            out["old_title"] = self.old_title
        if self.old_number is not None and self.old_number != self.number:
            out["old_episode"] = self.old_number
        return out


@dataclass
class Comparison:
    """What changed from the older version (``old_label``) to the newer (``new_label``)."""

    old_label: str
    new_label: str
    scenes: list[SceneChange] = field(default_factory=list)
    #: What each side is, for JSON: ``{"draft": NAME}``, ``{"file": PATH}`` or ``{"now": true}``.
    old_source: dict[str, Any] = field(default_factory=dict)
    new_source: dict[str, Any] = field(default_factory=dict)
    episodes: list[EpisodeChange] = field(default_factory=list)
    #: Titles of the episodes of the newer version (removed ones: the older), by number.
    episode_titles: dict[int, str] = field(default_factory=dict)

    @property
    def added(self) -> list[SceneChange]:
        return [s for s in self.scenes if s.added]

    @property
    def removed(self) -> list[SceneChange]:
        return [s for s in self.scenes if s.removed]

    @property
    def moved(self) -> list[SceneChange]:
        return [s for s in self.scenes if s.moved]

    @property
    def changed(self) -> list[SceneChange]:
        return [s for s in self.scenes if s.changed]

    @property
    def empty(self) -> bool:
        return not self.scenes and not self.episodes

    def lines_changed(self) -> int:
        return sum(len(s.lines) for s in self.scenes)

    def by_episode(self) -> Iterator[tuple[int | None, list[SceneChange]]]:
        """The changed scenes grouped by episode (the newer number; removed: the older), in
        script order."""
        groups: dict[int | None, list[SceneChange]] = {}
        for scene in self.scenes:
            key = scene.old_episode if scene.removed else scene.episode
            groups.setdefault(key, []).append(scene)
        yield from groups.items()

    def to_json(self) -> dict[str, Any]:
        """The comparison as the changes report's JSON (docs/drafts.md)."""
        def episodes(status: Status) -> list[dict[str, Any]]:
            return [e.to_json() for e in self.episodes if e.status == status]

        return {
            "from": self.old_source or {"name": self.old_label},
            "to": self.new_source or {"name": self.new_label},
            "summary": {"added": len(self.added), "removed": len(self.removed),
                        "moved": len(self.moved), "changed": len(self.changed),
                        "lines": self.lines_changed()},
            "episodes": {"added": episodes("added"), "removed": episodes("removed"),
                         "changed": episodes("changed")},
            "scenes": {
                "added": [s.to_json() for s in self.added],
                "removed": [s.to_json() for s in self.removed],
                "moved": [{"scene": s.number, "id": s.id,
                           "from": {"episode": s.old_episode, "scene": s.old_number},
                           "to": {"episode": s.episode, "scene": s.number}}
                          for s in self.moved],
                "changed": [s.to_json() for s in self.changed],
            },
        }


# -- comparing ------------------------------------------------------------------------------


class _Side:
    """One version, with what the comparison asks of it often."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.snap = snapshot
        self.numbers = snapshot.numbers()
        self.episodes = snapshot.episode_numbers()
        language = str(snapshot.project.get("source_language") or "zh-Hans")
        self.places = snapshot.location_names(language)
        self.speakers = snapshot.character_names(language)
        self.zh = snapshot.project.get("layout") != ScriptLayout.HOLLYWOOD.value
        self.by_id = {s.id: s for s in snapshot.scenes}

    def heading(self, entry: SceneEntry, part: ScenePart | None = None) -> str:
        scene = (part or self.snap.part(entry)).scene
        heading = Heading(_enum(Setting, scene.get("setting"), Setting.INT),
                          _enum(TimeOfDay, scene.get("time_of_day"), TimeOfDay.DAY),
                          self.places.get(scene.get("location_id") or "", ""),
                          self.numbers[entry.id])
        return render_chinese(heading) if self.zh else (
            f"{self.numbers[entry.id]} {render_hollywood(heading).upper()}")

    def speaker(self, row: dict[str, Any]) -> str:
        return self.speakers.get(row.get("speaker_id") or "", "") or str(row.get("speaker") or "")


def _enum(kind: Any, value: Any, default: Any) -> Any:
    try:
        return kind(value)
    except ValueError:
        return default


def compare(old: Snapshot, new: Snapshot, old_label: str = "", new_label: str = ""
            ) -> Comparison:
    """Everything that changed from ``old`` to ``new``."""
    a, b = _Side(old), _Side(new)
    pairs = _match_scenes(a, b)
    moved = _moved(a, b, pairs)
    result = Comparison(old_label, new_label)
    # read every part that will be needed in one go per side
    a.snap.load(a.by_id[i].digest for i, j in pairs.items()
                if a.by_id[i].digest != b.by_id[j].digest)
    b.snap.load(b.by_id[j].digest for i, j in pairs.items()
                if a.by_id[i].digest != b.by_id[j].digest)
    old_of = {j: i for i, j in pairs.items()}
    added = [s for s in b.snap.scenes if s.id not in old_of]
    removed = [s for s in a.snap.scenes if s.id not in pairs]
    a.snap.load(s.digest for s in removed)
    b.snap.load(s.digest for s in added)
    removed_after = _removed_places(a, removed, pairs)
    for entry in removed_after.get(None, []):
        result.scenes.append(_removed(a, entry))
    for entry in b.snap.scenes:
        if entry.id not in old_of:
            result.scenes.append(_added(b, entry))
        else:
            change = _matched(a, b, a.by_id[old_of[entry.id]], entry, entry.id in moved)
            if change is not None:
                result.scenes.append(change)
            for gone in removed_after.get(old_of[entry.id], []):
                result.scenes.append(_removed(a, gone))
    result.episodes = _episodes(old, new)
    result.episode_titles = {int(e["number"]): str(e.get("title") or "") for e in old.episodes}
    result.episode_titles |= {int(e["number"]): str(e.get("title") or "") for e in new.episodes}
    return result


def _match_scenes(a: _Side, b: _Side) -> dict[str, str]:
    """Old scene id -> new scene id: the same id, then the same number among the rest."""
    pairs = {i: i for i in a.by_id if i in b.by_id}
    left = {a.numbers[i]: i for i in a.by_id if i not in pairs}
    for j in b.by_id:
        if j in b.by_id and j not in pairs.values():
            i = left.pop(b.numbers[j], None)
            if i is not None and i not in pairs:
                pairs[i] = j
    return pairs


def _moved(a: _Side, b: _Side, pairs: dict[str, str]) -> set[str]:
    """New ids of matched scenes that moved: out of the longest run kept in order, or into
    another episode (by number)."""
    old_order = [s.id for s in a.snap.scenes if s.id in pairs]
    new_index = {s.id: n for n, s in enumerate(b.snap.scenes)}
    new_order = sorted(old_order, key=lambda i: new_index[pairs[i]])
    matcher = SequenceMatcher(None, old_order, new_order, autojunk=False)
    kept = {old_order[block.a + k] for block in matcher.get_matching_blocks()
            for k in range(block.size)}
    moved = set()
    for i, j in pairs.items():
        old_ep = a.episodes.get(a.by_id[i].episode_id)
        new_ep = b.episodes.get(b.by_id[j].episode_id)
        if i not in kept or old_ep != new_ep:
            moved.add(j)
    return moved


def _removed_places(a: _Side, removed: list[SceneEntry], pairs: dict[str, str]
                    ) -> dict[str | None, list[SceneEntry]]:
    """Removed scenes by the matched scene they followed in the old version (None: first)."""
    places: dict[str | None, list[SceneEntry]] = {}
    gone = {s.id for s in removed}
    last: str | None = None
    for entry in a.snap.scenes:
        if entry.id in gone:
            places.setdefault(last, []).append(entry)
        elif entry.id in pairs:
            last = entry.id
    return places


def _added(b: _Side, entry: SceneEntry) -> SceneChange:
    part = b.snap.part(entry)
    lines = tuple(_line("added", None, e, None, b) for e in part.elements)
    heading = b.heading(entry, part)
    return SceneChange(entry.id, b.numbers[entry.id], None, b.episodes.get(entry.episode_id),
                       None, heading, "", added=True, lines=lines)


def _removed(a: _Side, entry: SceneEntry) -> SceneChange:
    part = a.snap.part(entry)
    lines = tuple(_line("removed", e, None, a, None) for e in part.elements)
    heading = a.heading(entry, part)
    number = a.numbers[entry.id]
    return SceneChange(entry.id, number, number, None, a.episodes.get(entry.episode_id),
                       "", heading, removed=True, lines=lines)


def _matched(a: _Side, b: _Side, old: SceneEntry, new: SceneEntry, moved: bool
             ) -> SceneChange | None:
    same = old.digest == new.digest
    if same and not moved and a.numbers[old.id] == b.numbers[new.id]:
        return None
    number, old_number = b.numbers[new.id], a.numbers[old.id]
    if same:
        if not moved:
            return None  # renumbered only: the scene's words are the same
        heading = b.heading(new)
        return SceneChange(new.id, number, old_number, b.episodes.get(new.episode_id),
                           a.episodes.get(old.episode_id), heading, heading, moved=moved)
    old_part, new_part = a.snap.part(old), b.snap.part(new)
    lines = tuple(compare_lines(old_part.elements, new_part.elements, a, b))
    heading, old_heading = b.heading(new, new_part), a.heading(old, old_part)
    # the number alone differing is a renumbering, not a change of the heading's words
    if old_heading.replace(old_number, "", 1) == heading.replace(number, "", 1):
        old_heading = heading
    if not lines and heading == old_heading and not moved:
        return None
    return SceneChange(new.id, number, old_number, b.episodes.get(new.episode_id),
                       a.episodes.get(old.episode_id), heading, old_heading, moved=moved,
                       lines=lines)


def _view(row: dict[str, Any], side: _Side) -> tuple[str, ...]:
    return (str(row.get("kind") or ""), str(row.get("text") or ""), side.speaker(row),
            str(row.get("extension") or ""), str(row.get("parenthetical") or ""))


def _line(status: Status, old: dict[str, Any] | None, new: dict[str, Any] | None,
          a: _Side | None, b: _Side | None, moved: bool = False,
          follows: str | None = None) -> LineChange:
    row = new if new is not None else old
    assert row is not None
    old_text = None if old is None else str(old.get("text") or "")
    new_text = None if new is None else str(new.get("text") or "")
    if status == "added":
        words: tuple[Segment, ...] = (("insert", new_text or ""),) if new_text else ()
    elif status == "removed":
        words = (("delete", old_text or ""),) if old_text else ()
    else:
        words = tuple(word_diff(old_text or "", new_text or ""))
    fields: tuple[str, ...] = ()
    if status == "changed" and a is not None and b is not None and old and new:
        fields = tuple(name for name, x, y in zip(_LINE_FIELDS, _view(old, a), _view(new, b),
                                                  strict=True) if x != y)
    return LineChange(
        status, str(row.get("kind") or ""), str(row.get("id") or "") or None,
        row.get("line_id"), old_text, new_text,
        speaker_old=a.speaker(old) if a is not None and old is not None else "",
        speaker_new=b.speaker(new) if b is not None and new is not None else "",
        words=words, fields=fields, moved=moved, follows=follows)


def compare_lines(old: list[dict[str, Any]], new: list[dict[str, Any]], a: _Side, b: _Side
                  ) -> list[LineChange]:
    """The lines added, removed and changed from ``old`` to ``new`` (one scene's), in the
    newer order with removed lines where they were."""
    old_ids = [str(e.get("id")) for e in old]
    new_ids = [str(e.get("id")) for e in new]
    common = set(old_ids) & set(new_ids)
    pairs: dict[int, int] = {}  # new index -> old index
    old_at = {i: n for n, i in enumerate(old_ids)}
    for n, i in enumerate(new_ids):
        if i in common:
            pairs[n] = old_at[i]
    # lines left over on both sides (copies with other ids, a line typed again): pair those
    # whose words are mostly the same, in order
    rest_old = [n for n, i in enumerate(old_ids) if i not in common]
    rest_new = [n for n, i in enumerate(new_ids) if i not in common]
    if rest_old and rest_new:
        matcher = SequenceMatcher(None, [_view(old[n], a) for n in rest_old],
                                  [_view(new[n], b) for n in rest_new], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag in ("equal", "replace"):
                for k in range(min(i2 - i1, j2 - j1)):
                    m, n = rest_old[i1 + k], rest_new[j1 + k]
                    if tag == "equal" or _alike(old[m], new[n]):
                        pairs[n] = m
    kept_order = [pairs[n] for n in sorted(pairs)]
    matcher = SequenceMatcher(None, sorted(kept_order), kept_order, autojunk=False)
    in_place = {kept_order[blk.b + k] for blk in matcher.get_matching_blocks()
                for k in range(blk.size)}
    used_old = set(pairs.values())
    gone_after: dict[int | None, list[int]] = {}
    last: int | None = None
    for n in range(len(old)):
        if n not in used_old:
            gone_after.setdefault(last, []).append(n)
        else:
            last = n
    out = [_line("removed", old[n], None, a, None) for n in gone_after.get(None, [])]
    for n, row in enumerate(new):
        m = pairs.get(n)
        if m is None:
            out.append(_line("added", None, row, None, b))
            continue
        moved = m not in in_place
        if _view(old[m], a) != _view(row, b) or moved:
            out.append(_line("changed", old[m], row, a, b, moved))
        out.extend(_line("removed", old[k], None, a, None, follows=str(row.get("id")))
                   for k in gone_after.get(m, []))
    return out


def _alike(old: dict[str, Any], new: dict[str, Any]) -> bool:
    """Two lines of the same kind whose words are at least half the same."""
    if old.get("kind") != new.get("kind"):
        return False
    a, b = str(old.get("text") or ""), str(new.get("text") or "")
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.5


def _episodes(old: Snapshot, new: Snapshot) -> list[EpisodeChange]:
    a = {e["id"]: e for e in old.episodes}
    b = {e["id"]: e for e in new.episodes}
    out = []
    for i, e in b.items():
        if i not in a:
            out.append(EpisodeChange("added", int(e["number"]), None, e.get("title") or "", ""))
        elif (e.get("title") or "") != (a[i].get("title") or ""):
            out.append(EpisodeChange("changed", int(e["number"]), int(a[i]["number"]),
                                     e.get("title") or "", a[i].get("title") or ""))
    for i, e in a.items():
        if i not in b:
            out.append(EpisodeChange("removed", int(e["number"]), int(e["number"]), "",
                                     e.get("title") or ""))
    return out


# -- revision marks -------------------------------------------------------------------------


@dataclass
class RevisionMarks:
    """What a revised shooting script marks with ``*``: per line (element id) the changed
    fields and the changed stretches of its text, the scenes whose heading changed, and the
    lines that follow words deleted since the revision's draft."""

    lines: dict[str, tuple[tuple[str, ...], list[tuple[int, int]]]] = field(default_factory=dict)
    headings: set[str] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.lines or self.headings)


def revision_marks(comparison: Comparison, new: Snapshot) -> RevisionMarks:
    """The marks of a shooting script revised since ``comparison``'s older version: new lines
    and scenes whole, changed lines where their words changed, and where lines were taken out,
    the line that now stands in their place (or the scene's heading when none does)."""
    marks = RevisionMarks()
    order = {s.id: s for s in new.scenes}

    def add(element_id: str, fields: tuple[str, ...], spans: list[tuple[int, int]]) -> None:
        had_fields, had_spans = marks.lines.get(element_id, ((), []))
        marks.lines[element_id] = ((*had_fields, *fields), [*had_spans, *spans])

    for scene in comparison.scenes:
        if scene.removed:
            continue
        if scene.added or scene.heading != scene.old_heading:
            marks.headings.add(scene.id)
        elements = [str(e.get("id")) for e in new.part(order[scene.id]).elements]
        for line in scene.lines:
            if line.status == "removed":
                _mark_removal(marks, scene.id, elements, line.follows, add)
            elif line.status == "added":
                assert line.element_id is not None
                add(line.element_id, ("new",), [(0, len(line.new or ""))])
            else:
                assert line.element_id is not None
                spans = changed_spans(line.old or "", line.new or "") if "text" in line.fields \
                    else []
                add(line.element_id, line.fields or (("moved",) if line.moved else ()), spans)
    return marks


def _mark_removal(marks: RevisionMarks, scene_id: str, elements: list[str],
                  follows: str | None, add: Any) -> None:
    """Words taken out are marked on the line that now stands where they were: the one after
    the line they followed (the first line, when they opened the scene), else the line they
    followed (they closed the scene), else the heading (the scene has no line left)."""
    at = 0 if follows is None else elements.index(follows) + 1 if follows in elements else None
    if at is not None and at < len(elements):
        add(elements[at], ("deleted_before",), [(0, 0)])
    elif elements:
        add(elements[-1], ("deleted_after",), [(1 << 30, 1 << 30)])
    else:
        marks.headings.add(scene_id)
