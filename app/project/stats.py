"""Counts and estimated seconds of a project (``kiln stats``, the window's totals).

One implementation for every caller: ``project_stats`` reads the few columns it needs with plain
SQL on a sqlite3 connection. ``OpenProject.stats`` hands it the connection of its ORM session;
``read_stats`` opens the file itself through ``app.store.reading`` (the same checks as opening a
project, without SQLAlchemy), so ``kiln stats`` starts in a fraction of the time.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections import Counter, defaultdict
from pathlib import Path

from app.core.enums import ElementKind
from app.core.records import EpisodeStats, ProjectStats
from app.core.timing import RateBook, Rates, element_seconds
from app.store.reading import read_only_connection

logger = logging.getLogger(__name__)


def read_stats(path: Path | str) -> ProjectStats:
    """The stats of the project file ``path``, read-only; raises ``ProjectFileError`` with a
    message for the user, as ``OpenProject.open(path, read_only=True)`` does."""
    with read_only_connection(path) as conn:
        return project_stats(conn)


def _json(value: str | None) -> object:
    """A JSON column's value as the ORM reads it (NULL is None)."""
    return None if value is None else json.loads(value)


def project_stats(conn: sqlite3.Connection) -> ProjectStats:
    """Counts and estimated seconds per episode and in total, read through ``conn`` (the caller
    holds a read transaction, so every query sees the same file)."""
    title, rhythm, logline = conn.execute("SELECT title, rhythm, logline FROM project").fetchone()
    settings = _json(rhythm)
    rates = RateBook(settings.get("speech_rates") if isinstance(settings, dict) else None)
    characters = conn.execute("SELECT count(*) FROM character").fetchone()[0] or 0
    scene_episode = dict(conn.execute("SELECT id, episode_id FROM scene").fetchall())
    scenes_per = Counter(scene_episode.values())
    beats_per: Counter[str | None] = Counter()
    beat_secs: defaultdict[str | None, int] = defaultdict(int)
    for ep_id, secs in conn.execute("SELECT episode_id, estimated_seconds FROM beat"):
        beats_per[ep_id] += 1
        beat_secs[ep_id] += secs or 0
    lines: Counter[str] = Counter()
    seconds: defaultdict[str, float] = defaultdict(float)
    by_language: dict[str | None, Rates] = {}
    dialogue = ElementKind.DIALOGUE.value
    # Every element's text, in one fetch: the hot loop of the whole command.
    for scene_id, kind, text, lang in conn.execute(
        "SELECT scene_id, kind, text, language FROM element"
    ).fetchall():
        ep_id = scene_episode[scene_id]
        if kind == dialogue:
            lines[ep_id] += 1
        lang_rates = by_language.get(lang)
        if lang_rates is None:
            lang_rates = by_language[lang] = rates(lang)
        seconds[ep_id] += element_seconds(kind, text, lang_rates)
    episodes = tuple(
        EpisodeStats(
            number=number,
            title=ep_title,
            scenes=scenes_per[ep_id],
            beats=beats_per[ep_id],
            dialogue_lines=lines[ep_id],
            estimated_seconds=round(seconds[ep_id], 1),
            beat_seconds=beat_secs[ep_id],
            target_seconds=target,
        )
        for ep_id, number, ep_title, target in conn.execute(
            "SELECT id, number, title, target_seconds FROM episode ORDER BY number"
        ).fetchall()
    )
    return ProjectStats(
        title=title or "",
        episodes=episodes,
        parked_beats=beats_per[None],
        logline=logline or "",
        characters=characters,
    )
