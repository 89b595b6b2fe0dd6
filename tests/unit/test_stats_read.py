"""``kiln stats`` reads with plain sqlite3 (``app.project.stats``, issue #19): the same numbers
as the ORM computed them, and the same checks and refusals as opening the project.

The reference below is the ORM-era ``OpenProject.stats`` (before the plain-SQL path), kept here
as an oracle: every count and every second must come out equal.
"""

from __future__ import annotations

import hashlib
import random
import shutil
import sqlite3
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.core.enums import ElementKind
from app.core.records import EpisodeStats, ProjectStats
from app.core.timing import RateBook, element_seconds
from app.features.rhythm.settings import SetRhythmSettings
from app.project.commands import Create
from app.project.open_project import OpenProject
from app.project.stats import read_stats
from app.store import schema
from app.store.errors import ProjectFileError
from tests.bench.generate import generate
from tests.conftest import DATA


def orm_stats(project: OpenProject) -> ProjectStats:
    """The ORM-era computation, query for query."""
    with project.file.session() as s:
        title, settings = s.execute(select(schema.Project.title, schema.Project.rhythm)).one()
        rates = RateBook((settings or {}).get("speech_rates"))
        logline = s.scalar(select(schema.Project.logline)) or ""
        characters = s.scalar(select(func.count()).select_from(schema.Character)) or 0
        scene_episode = dict(s.execute(select(schema.Scene.id, schema.Scene.episode_id)).all())
        scenes_per = Counter(scene_episode.values())
        beats_per: Counter[str | None] = Counter()
        beat_secs: defaultdict[str | None, int] = defaultdict(int)
        for ep_id, secs in s.execute(select(schema.Beat.episode_id,
                                            schema.Beat.estimated_seconds)):
            beats_per[ep_id] += 1
            beat_secs[ep_id] += secs or 0
        lines: Counter[str] = Counter()
        seconds: defaultdict[str, float] = defaultdict(float)
        for e in s.scalars(select(schema.Element)):
            ep_id = scene_episode[e.scene_id]
            if e.kind == ElementKind.DIALOGUE:
                lines[ep_id] += 1
            seconds[ep_id] += element_seconds(e.kind, e.text, rates(e.language))
        episodes = tuple(
            EpisodeStats(number=e.number, title=e.title, scenes=scenes_per[e.id],
                         beats=beats_per[e.id], dialogue_lines=lines[e.id],
                         estimated_seconds=round(seconds[e.id], 1),
                         beat_seconds=beat_secs[e.id], target_seconds=e.target_seconds)
            for e in s.scalars(select(schema.Episode).order_by(schema.Episode.number))
        )
        return ProjectStats(title=title or "", episodes=episodes, parked_beats=beats_per[None],
                            logline=logline, characters=characters)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def series(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated series: several languages, parked beats, captions, a project speech rate."""
    path = tmp_path_factory.mktemp("series") / "series.kiln"
    generate(path, episodes=4, scenes_per_episode=6, beats_per_episode=5, seed=3)
    with OpenProject.open(path, backup=False) as project:
        project.run(SetRhythmSettings(speech_rates={"zh": 5.5, "en": 3.0, "fa": 2.0}))
        scene = project.scenes()[0]
        for kind, text, lang in (("caption", "三天后", None), ("dialogue", "  ", "en"),
                                 ("lyric", "la la la", "pt-BR"), ("note", "一二三", None)):
            project.run(Create("element", {"scene_id": scene.id, "kind": kind, "text": text,
                                           "language": lang}))
    return path


def test_the_numbers_equal_the_orm_eras(series: Path, sample_kiln: Path, mini_kiln: Path) -> None:
    for path in (series, sample_kiln, mini_kiln):
        with OpenProject.open(path, read_only=True) as project:
            expected = orm_stats(project)
            assert project.stats() == expected
        assert read_stats(path) == expected
        assert read_stats(path) == expected  # again, with the inspection remembered
    assert read_stats(series).parked_beats > 0


def test_the_counts_equal_plain_sql(series: Path) -> None:
    stats = read_stats(series)
    conn = sqlite3.connect(series)
    try:
        per_episode = conn.execute(
            "SELECT e.number, count(DISTINCT s.id), (SELECT count(*) FROM beat b WHERE "
            "b.episode_id = e.id), (SELECT count(*) FROM element x JOIN scene y ON "
            "x.scene_id = y.id WHERE y.episode_id = e.id AND x.kind = 'dialogue') "
            "FROM episode e LEFT JOIN scene s ON s.episode_id = e.id GROUP BY e.id "
            "ORDER BY e.number").fetchall()
        parked = conn.execute("SELECT count(*) FROM beat WHERE episode_id IS NULL").fetchone()[0]
    finally:
        conn.close()
    assert [(e.number, e.scenes, e.beats, e.dialogue_lines) for e in stats.episodes] \
        == per_episode
    assert stats.parked_beats == parked


def test_an_open_project_counts_its_unsaved_session_edits(sample_kiln: Path) -> None:
    """``OpenProject.stats`` reads through its own session: an edit just made counts."""
    with OpenProject.open(sample_kiln, backup=False) as project:
        before = project.stats()
        scene = project.scenes()[0]
        project.run(Create("element", {"scene_id": scene.id, "kind": "dialogue",
                                       "text": "一二三四五六七八九"}))
        after = project.stats()
        assert after.dialogue_lines == before.dialogue_lines + 1
        assert after == orm_stats(project)


def test_an_older_file_is_read_through_an_upgraded_copy(tmp_path: Path) -> None:
    path = tmp_path / "v1.kiln"
    shutil.copy(DATA / "project-v1.kiln", path)
    before = sha(path)
    with OpenProject.open(path, read_only=True) as project:
        expected = project.stats()
    assert read_stats(path) == expected
    assert sha(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v1.kiln"]


def _refusal(opener: object, path: Path) -> tuple[type, str] | None:
    try:
        if opener is read_stats:
            read_stats(path)
        else:
            OpenProject.open(path, read_only=True).close()
    except ProjectFileError as exc:
        return type(exc), str(exc)
    return None


def _bad_files(tmp_path: Path, good: Path) -> list[Path]:
    files = {name: tmp_path / f"{name}.kiln" for name in (
        "missing", "empty", "text", "foreign", "newer", "seal", "header", "cut", "hot")}
    (tmp_path / "folder.kiln").mkdir()
    files["empty"].write_bytes(b"")
    files["text"].write_text("INT. KITCHEN - DAY\n", encoding="utf-8")
    conn = sqlite3.connect(files["foreign"])
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    for name, sql in (("newer", "UPDATE kiln_meta SET value = '99' WHERE key = 'schema_version'"),
                      ("seal", "UPDATE element SET text = text || 'x' WHERE rowid = "
                               "(SELECT min(rowid) FROM element)")):
        shutil.copy(good, files[name])
        conn = sqlite3.connect(files[name])
        conn.execute(sql)
        conn.commit()
        conn.close()
    data = good.read_bytes()
    files["header"].write_bytes(data[:18] + b"\x07" + data[19:])
    files["cut"].write_bytes(data[: len(data) // 2])
    # A save interrupted by a crash: the file and its hot journal, caught mid-transaction.
    shutil.copy(good, files["hot"])
    conn = sqlite3.connect(files["hot"], isolation_level=None)
    conn.execute("PRAGMA cache_size = 2")
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE element SET text = text || 'yyyyyyyyyyyyyyyyyyyyyyyy'")
    frozen = tmp_path / "hot-copy.kiln"
    shutil.copy(files["hot"], frozen)
    shutil.copy(files["hot"].with_name("hot.kiln-journal"), tmp_path / "hot-copy.kiln-journal")
    conn.execute("ROLLBACK")
    conn.close()
    files["hot"] = frozen
    return [*files.values(), tmp_path / "folder.kiln"]


def test_bad_files_are_refused_as_open_refuses_them(tmp_path: Path, sample_kiln: Path) -> None:
    """The same error, word for word, for every kind of bad file; nothing is written."""
    for path in _bad_files(tmp_path, sample_kiln):
        before = sorted((p.name, sha(p) if p.is_file() else "") for p in tmp_path.iterdir())
        refused = _refusal(read_stats, path)
        assert refused is not None, path
        assert refused == _refusal(OpenProject.open, path), path
        assert _refusal(read_stats, path) == refused  # the memo never lets it through
        after = sorted((p.name, sha(p) if p.is_file() else "") for p in tmp_path.iterdir())
        assert after == before, path


def test_flipped_bytes_meet_the_same_fate_either_way(tmp_path: Path, sample_kiln: Path) -> None:
    good = sample_kiln.read_bytes()
    expected = read_stats(sample_kiln)
    rng = random.Random(19)
    path = tmp_path / "flipped.kiln"
    for offset in [*rng.sample(range(len(good)), 12), 0, 18, 28, 56, 68]:
        damaged = bytearray(good)
        damaged[offset] ^= rng.choice([0x01, 0x20, 0x80, 0xFF])
        path.write_bytes(bytes(damaged))
        refused = _refusal(read_stats, path)
        assert refused == _refusal(OpenProject.open, path), offset
        if refused is None:
            assert read_stats(path) == expected, offset
        assert path.read_bytes() == bytes(damaged)
