"""The audit trail: the studio's changeset log, read back as who changed what, when, from which
machine, and grouped by the scene each change belongs to.

The log holds what the database really wrote (the capture trigger), under the login that sent
it, so it is the trail itself, not a report a client made up.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, text

from app.core.i18n import N_, _
from app.features.studio.merge import BOOKKEEPING, same
from app.project.open_project import OpenProject

logger = logging.getLogger(__name__)

_THINGS = {
    "project": N_("the project"), "episode": N_("an episode"), "beat": N_("a card"),
    "character": N_("a character"), "address_form": N_("a form of address"),
    "location": N_("a location"), "scene": N_("the scene"), "element": N_("a line"),
    "heritage_link": N_("a heritage link"), "heritage_snapshot": N_("a heritage entry copy"),
    "glossary_term": N_("a glossary term"), "glossary_rendering": N_("a glossary rendering"),
    "annotation": N_("a note"), "annotation_reply": N_("a reply"),
    "line_translation": N_("a translation"),
}


@dataclass(frozen=True)
class RowEdit:
    """One row one changeset wrote."""

    table: str
    row_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    @property
    def fields(self) -> list[str]:
        """The columns that changed (for an update)."""
        if self.before is None or self.after is None:
            return []
        return sorted(k for k, v in self.after.items()
                      if k not in BOOKKEEPING and not same(self.before.get(k), v))

    def describe(self) -> str:
        thing = _(_THINGS.get(self.table, self.table))
        if self.before is None:
            return _("added {thing}").format(thing=thing)
        if self.after is None:
            return _("deleted {thing}").format(thing=thing)
        if not self.fields:
            return _("kept {thing}").format(thing=thing)
        return _("changed {thing} ({fields})").format(thing=thing, fields=", ".join(self.fields))


@dataclass(frozen=True)
class LogEntry:
    """One changeset of the log."""

    seq: int
    author: str
    machine: str
    at: datetime
    made_at: datetime | None
    edits: tuple[RowEdit, ...]


def read_log(conn: Connection, project_id: str, since: int = 0,
             limit: int | None = None) -> list[LogEntry]:
    """The project's changesets after ``since``, oldest first (at most ``limit``, the newest)."""
    headers = conn.execute(
        text("SELECT seq, author, machine, at, made_at FROM studio.changeset "
             "WHERE project_id = :p AND seq > :s ORDER BY seq DESC"
             + (" LIMIT :n" if limit else "")),
        {"p": project_id, "s": since, "n": limit},
    ).all()
    if not headers:
        return []
    low = min(h.seq for h in headers)
    edits: dict[int, list[RowEdit]] = defaultdict(list)
    for seq, table, row_id, before, after in conn.execute(
        text("SELECT r.seq, r.tbl, r.row_id, r.before, r.after FROM studio.row_change r "
             "JOIN studio.changeset c ON c.seq = r.seq WHERE c.project_id = :p AND r.seq >= :s "
             "ORDER BY r.ord"),
        {"p": project_id, "s": low},
    ):
        edits[seq].append(RowEdit(table, row_id, before, after))
    return [LogEntry(h.seq, h.author, h.machine, h.at, h.made_at, tuple(edits[h.seq]))
            for h in reversed(headers)]


@dataclass
class SceneLog:
    """The changes that touched one scene (``scene_id`` None: the series as a whole)."""

    scene_id: str | None
    label: str
    entries: list[tuple[LogEntry, list[RowEdit]]] = field(default_factory=list)


def by_scene(project: OpenProject, log: list[LogEntry]) -> list[SceneLog]:
    """``log`` grouped by scene, in script order, the series-wide changes last."""
    scenes = project.scenes()
    labels = {s.id: f"{s.number} · {s.location_name}".strip(" ·") for s in scenes}
    order = {s.id: i for i, s in enumerate(scenes)}
    element_scene, note_scene, note_of_reply = _places(project)
    for entry in log:  # rows gone since: their scenes come from the log's own states
        for edit in entry.edits:
            state = edit.after or edit.before or {}
            if edit.table == "element" and state.get("scene_id"):
                element_scene.setdefault(edit.row_id, state["scene_id"])

    def scene_of(edit: RowEdit) -> str | None:
        state = edit.after or edit.before or {}
        if edit.table == "scene":
            return edit.row_id
        if edit.table == "element":
            return state.get("scene_id")
        if edit.table == "line_translation":
            return element_scene.get(state.get("element_id", ""))
        if edit.table == "annotation":
            return _note_scene(state, element_scene) or note_scene.get(edit.row_id)
        if edit.table == "annotation_reply":
            return note_scene.get(note_of_reply.get(edit.row_id, state.get("annotation_id", "")))
        if edit.table == "heritage_link" and state.get("target_type") in ("scene", "element"):
            target = state.get("target_id", "")
            return target if state["target_type"] == "scene" else element_scene.get(target)
        return None

    groups: dict[str | None, SceneLog] = {}
    for entry in log:
        per: dict[str | None, list[RowEdit]] = defaultdict(list)
        for edit in entry.edits:
            per[scene_of(edit)].append(edit)
        for scene_id, edits in per.items():
            if scene_id not in groups:
                label = (labels.get(scene_id) or _("a deleted scene")) if scene_id else _(
                    "The series")
                groups[scene_id] = SceneLog(scene_id, label)
            groups[scene_id].entries.append((entry, edits))
    return sorted(groups.values(),
                  key=lambda g: (g.scene_id is None, order.get(g.scene_id or "", len(order))))


def _note_scene(state: dict[str, Any], element_scene: dict[str, str]) -> str | None:
    if state.get("target_type") == "scene":
        return state.get("target_id")
    if state.get("target_type") == "text":
        anchor = state.get("anchor") or {}
        return element_scene.get(anchor.get("element_id") or state.get("target_id", ""))
    return None


def _places(project: OpenProject) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Which scene each line and note is in now, and which note each reply answers."""
    with project.file.engine.connect() as conn:
        element_scene = dict(conn.execute(text("SELECT id, scene_id FROM element")).all())
        note_scene = {}
        for note_id, target_type, target_id, anchor in conn.execute(
            text("SELECT id, target_type, target_id, anchor FROM annotation")
        ):
            state = {"target_type": target_type, "target_id": target_id,
                     "anchor": _json(anchor)}
            found = _note_scene(state, element_scene)
            if found:
                note_scene[note_id] = found
        note_of_reply = dict(conn.execute(text("SELECT id, annotation_id FROM annotation_reply"))
                             .all())
    return element_scene, note_scene, note_of_reply


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value
