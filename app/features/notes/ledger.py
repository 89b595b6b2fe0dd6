"""The approval ledger: the exact words each heritage-moment approval approved.

Every approval note (approve, request changes, reopen; ``app.features.notes.review``) records in
its stored anchor the words of the moment it was given on (``WORDS_KEY``): for a card of kind
heritage moment, its title and summary and every line of the scenes linked to it; for a heritage
library entry, every line, scene (all its lines) and card the script links it from. An approval
whose words are no longer the script's is not an approval any more: the review shows the moment
as needing review, with what changed word by word (``app.core.word_diff``), until a consultant
looks again. Edits to other words change nothing. The notes themselves are never deleted, so
the ledger is also the history: who decided, when, on which words.

Pure reads of the project's rows; nothing here writes.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.enums import AnnotationTarget
from app.core.word_diff import Segment, word_diff
from app.store import schema

logger = logging.getLogger(__name__)

#: The key of an approval note's stored anchor that holds the words it was given on:
#: ``[[key, text], …]`` with keys ``element:<id>``, ``beat:<id>:title``, ``beat:<id>:summary``.
WORDS_KEY = "words"

Words = list[tuple[str, str]]
Target = tuple[str, str]


@dataclass(frozen=True)
class WordChange:
    """One piece of a moment's words that changed since its approval (a line, a card's title
    or summary): ``old`` None for words added since, ``new`` None for words taken out."""

    key: str
    old: str | None
    new: str | None
    line_id: str = ""

    @property
    def segments(self) -> list[Segment]:
        """The word-level differences (deleted words first)."""
        return word_diff(self.old or "", self.new or "")

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"key": self.key, "old": self.old, "new": self.new,
                               "words": [{"op": op, "text": t} for op, t in self.segments]}
        if self.line_id:
            out["line_id"] = self.line_id
        return out


def recorded_words(anchor: dict[str, Any] | None) -> Words | None:
    """The words an approval note recorded (None: it predates the ledger or recorded none)."""
    value = (anchor or {}).get(WORDS_KEY)
    if not isinstance(value, list):
        return None
    out: Words = []
    for item in value:
        if isinstance(item, list | tuple) and len(item) == 2:
            out.append((str(item[0]), str(item[1])))
    return out


def as_anchor(words: Words) -> list[list[str]]:
    """``words`` as a stored anchor keeps them (JSON)."""
    return [[key, text] for key, text in words]


def moment_words(s: Session, targets: Iterable[Target]) -> dict[Target, Words]:
    """The words each heritage moment covers now, by (target type, id), in script order."""
    wanted = list(dict.fromkeys(targets))
    out: dict[Target, Words] = {}
    for target_type, target_id in wanted:
        if target_type == AnnotationTarget.BEAT.value:
            out[(target_type, target_id)] = _beat_words(s, target_id)
        elif target_type == AnnotationTarget.HERITAGE_ITEM.value:
            out[(target_type, target_id)] = _entry_words(s, target_id)
        else:
            out[(target_type, target_id)] = []
    return out


def _scene_words(s: Session, scene_ids: list[str]) -> Words:
    if not scene_ids:
        return []
    order = {sid: n for n, sid in enumerate(scene_ids)}
    rows = s.execute(select(schema.Element.id, schema.Element.scene_id, schema.Element.text)
                     .where(schema.Element.scene_id.in_(scene_ids))).all()
    positions = dict(s.execute(select(schema.Element.id, schema.Element.position)
                               .where(schema.Element.scene_id.in_(scene_ids))).all())
    rows.sort(key=lambda r: (order[r[1]], positions.get(r[0], 0)))
    return [(f"element:{i}", text or "") for i, _sid, text in rows]


def _scenes_of_beat(s: Session, beat_id: str) -> list[str]:
    rows = s.execute(
        select(schema.Scene.id)
        .join(schema.Episode, schema.Episode.id == schema.Scene.episode_id)
        .where(schema.Scene.beat_id == beat_id)
        .order_by(schema.Episode.number, schema.Scene.position)).all()
    return [r[0] for r in rows]


def _beat_words(s: Session, beat_id: str) -> Words:
    beat = s.get(schema.Beat, beat_id)
    if beat is None:
        return []
    words: Words = [(f"beat:{beat_id}:title", beat.title or ""),
                    (f"beat:{beat_id}:summary", beat.summary or "")]
    return words + _scene_words(s, _scenes_of_beat(s, beat_id))


def _entry_words(s: Session, entry_id: str) -> Words:
    links = s.execute(select(schema.HeritageLink.target_type, schema.HeritageLink.target_id)
                      .where(schema.HeritageLink.entry_id == entry_id)
                      .order_by(schema.HeritageLink.created_at)).all()
    words: Words = []
    for target_type, target_id in links:
        if target_type == "element":
            element = s.get(schema.Element, target_id)
            if element is not None:
                words.append((f"element:{target_id}", element.text or ""))
        elif target_type == "scene":
            words += _scene_words(s, [target_id])
        elif target_type == "beat":
            words += _beat_words(s, target_id)
    return list(dict.fromkeys(words))  # a line linked twice counts once


def changes(recorded: Words, current: Words, line_ids: dict[str, str] | None = None
            ) -> list[WordChange]:
    """What differs between the words an approval recorded and the words now, in the order of
    the words now (words taken out where they were)."""
    before = dict(recorded)
    after = dict(current)
    line_ids = line_ids or {}
    out: list[WordChange] = []
    taken_out = [k for k, _t in recorded if k not in after]
    for key, text in current:
        if key not in before:
            out.append(WordChange(key, None, text, line_ids.get(key, "")))
        elif before[key] != text:
            out.append(WordChange(key, before[key], text, line_ids.get(key, "")))
    out += [WordChange(k, before[k], None, line_ids.get(k, "")) for k in taken_out]
    return out


def line_ids(s: Session, keys: Iterable[str]) -> dict[str, str]:
    """The stable line ids (``L00012``) of the ``element:`` keys that have one."""
    ids = [k.split(":", 1)[1] for k in keys if k.startswith("element:")]
    if not ids:
        return {}
    rows = s.execute(select(schema.Element.id, schema.Element.line_id)
                     .where(schema.Element.id.in_(ids))).all()
    return {f"element:{i}": line for i, line in rows if line}
