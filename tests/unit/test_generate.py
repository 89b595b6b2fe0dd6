"""The large-project generator and the benchmark report, at a tiny scale."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app.core.enums import BeatKind, ElementKind
from app.core.records import ElementRecord
from app.project.open_project import OpenProject
from app.store.errors import ProjectFileError
from tests.bench import bench_scaling, run
from tests.bench.generate import generate, parked_beat_count

ROOT = Path(__file__).resolve().parents[2]
EPISODES, SCENES, BEATS = 3, 5, 4


def make(path: Path, seed: int = 1) -> Path:
    generate(path, episodes=EPISODES, scenes_per_episode=SCENES, beats_per_episode=BEATS, seed=seed)
    return path


def all_elements(project: OpenProject) -> list[ElementRecord]:
    return [el for scene in project.scenes() for el in project.elements(scene.id)]


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make(tmp_path_factory.mktemp("gen") / "small.kiln")


def test_counts_match_the_parameters(small: Path) -> None:
    with OpenProject.open(small, read_only=True) as project:
        stats = project.stats()
        episodes = project.episodes()
    assert [e.number for e in stats.episodes] == [1, 2, 3]
    assert all(e.scenes == SCENES for e in stats.episodes)
    assert all(e.beats == BEATS for e in stats.episodes)
    assert stats.parked_beats == parked_beat_count(EPISODES) > 0
    assert stats.beats == EPISODES * BEATS + stats.parked_beats
    assert stats.dialogue_lines > 0
    assert all(60 <= e.target_seconds <= 120 for e in episodes)
    assert sum(e.paywall for e in episodes) == 1
    assert all(e.hook and e.cliffhanger for e in episodes)


def test_every_line_has_its_own_id_in_order(small: Path) -> None:
    with OpenProject.open(small, read_only=True) as project:
        elements = all_elements(project)
    dialogue = [el for el in elements if el.kind is ElementKind.DIALOGUE]
    assert dialogue and all(el.line_id for el in dialogue)
    assert all(el.speaker_id and el.speaker for el in dialogue)
    numbered = [el.line_id for el in elements if el.kind.has_line_id]
    assert len(set(numbered)) == len(numbered)
    assert numbered == sorted(numbered)  # handed out in script order, L00001 first
    assert numbered[0] == "L00001"
    starts = sum(el.kind is ElementKind.FLASHBACK_START for el in elements)
    ends = sum(el.kind is ElementKind.FLASHBACK_END for el in elements)
    assert starts == ends


def test_each_episode_opens_on_a_hook_and_ends_on_a_cliffhanger(small: Path) -> None:
    with OpenProject.open(small, read_only=True) as project:
        beats = project.beats()
        episodes = project.episodes()
    for episode in episodes:
        lane = sorted((b for b in beats if b.episode_id == episode.id), key=lambda b: b.position)
        assert lane[0].kind is BeatKind.HOOK
        assert lane[-1].kind is BeatKind.CLIFFHANGER
    parked = [b for b in beats if b.episode_id is None]
    assert len(parked) == parked_beat_count(EPISODES)


def test_lines_come_in_persian_and_arabic_too(small: Path) -> None:
    with OpenProject.open(small, read_only=True) as project:
        languages = {el.language for el in all_elements(project) if el.kind is ElementKind.DIALOGUE}
    assert {"fa", "ar", None} <= languages


def test_scenes_are_placed_and_cast(small: Path) -> None:
    with OpenProject.open(small, read_only=True) as project:
        scenes = project.scenes()
        characters = {c.id for c in project.characters()}
        beats = {b.id for b in project.beats()}
    assert [s.number for s in scenes[:2]] == ["1-1", "1-2"]
    assert all(s.location_name and s.beat_id in beats for s in scenes)
    assert all(s.cast and set(s.cast) <= characters for s in scenes)
    assert len(characters) >= 10


def test_the_same_seed_gives_the_same_project(small: Path, tmp_path: Path) -> None:
    again = make(tmp_path / "again.kiln")
    other = make(tmp_path / "other.kiln", seed=2)
    with (
        OpenProject.open(small, read_only=True) as a,
        OpenProject.open(again, read_only=True) as b,
        OpenProject.open(other, read_only=True) as c,
    ):
        assert a.stats() == b.stats()
        assert [e.text for e in all_elements(a)] == [e.text for e in all_elements(b)]
        assert [e.text for e in all_elements(a)] != [e.text for e in all_elements(c)]


def test_an_existing_file_is_refused_without_overwrite(small: Path) -> None:
    before = small.read_bytes()
    with pytest.raises(ProjectFileError, match="already exists"):
        make(small)
    assert small.read_bytes() == before


def test_the_command_line_refuses_bad_arguments(tmp_path: Path) -> None:
    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "tests.bench.generate", *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )

    bad = cli("--episodes", "0", "--out", str(tmp_path / "x.kiln"))
    assert bad.returncode != 0
    assert "--episodes" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.kiln").exists()
    ok = cli("--episodes", "1", "--scenes-per-episode", "2", "--out", str(tmp_path / "y.kiln"))
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("Wrote ")
    again = cli("--episodes", "1", "--out", str(tmp_path / "y.kiln"))
    assert again.returncode != 0 and "--force" in again.stderr


def test_the_benchmark_suite_writes_a_report(tmp_path: Path) -> None:
    out = tmp_path / "b.md"
    results = run.run_suite(episodes=2, rounds=2, out=out, cache_dir=tmp_path / "cache")
    report = out.read_text(encoding="utf-8")
    names = [run.ROW_OPEN, run.ROW_OPEN_BACKUP, run.ROW_OPEN_FIRST, run.ROW_STATS,
             run.ROW_CLI_STATS, run.ROW_CLI_STATS_FIRST, run.ROW_VERSION, run.ROW_BARE_PYTHON,
             run.ROW_VERSION_ABOVE]
    names.append(run.row_generate(2))
    assert [m.name for m in results] == names
    version, bare, above = results[6:9]
    assert len(version.samples) == len(bare.samples) == len(above.samples) >= 20
    assert above.samples == [k - b for k, b in zip(version.samples, bare.samples, strict=True)]
    assert above.budget == run.VERSION_BUDGET and results[4].budget == run.CLI_STATS_BUDGET
    assert len(results[2].samples) == len(results[5].samples) == 2  # the first-open rows
    rows = [line for line in report.splitlines() if line.startswith("| ")]
    for name in names:
        row = next(line for line in rows if line.startswith(f"| {name} |"))
        assert row.rstrip(" |").split("|")[-1].strip() in {"pass", "miss", "—"}
    assert "Generated by `make bench`; do not edit by hand." in report
    assert "fewer than 20 rounds" in report


def test_the_scaling_table_marks_a_superlinear_row() -> None:
    """The growth exponent fits time ∝ episodes^k; a row growing faster than linear is marked."""
    assert bench_scaling.exponent({25: 1.0, 400: 16.0}) == pytest.approx(1.0)
    assert bench_scaling.exponent({25: 1.0, 400: 64.0}) == pytest.approx(1.5)
    figures = {
        "open": {25: [0.1], 400: [1.6]},  # linear
        "stats": {25: [0.1], 400: [6.4]},  # k = 1.5
        "errors": {"rss": "no Xvfb"},
    }
    rows = {line.split("|")[1].strip(): line for line in bench_scaling.table(figures)[2:]}
    assert rows["Open (checks, episodes, scenes)"].endswith("| 1.00 | linear or better |")
    assert rows["Stats"].endswith("| 1.50 | superlinear |")
    assert "no Xvfb" in rows["Peak RSS, window with every panel"]
