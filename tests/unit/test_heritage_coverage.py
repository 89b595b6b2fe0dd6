"""Coverage (links and detected terms per episode), links to several lines in one step,
rescanning chosen scenes, and a damaged library file on the command line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from app.cli import main as cli
from app.core.paths import user_data_dir
from app.features.heritage.coverage import coverage, entry_name
from app.features.heritage.detect import Detector, phrase_tables
from app.features.heritage.errors import DamagedLibrary
from app.features.heritage.library import Library
from app.features.heritage.linking import link_entry, linked_entries
from app.features.heritage.scan import detect_project
from app.project.commands import CommandError
from app.project.open_project import OpenProject

FIXTURE = Path(__file__).parents[1] / "data" / "heritage"
JDZ = "cn-jingdezhen-handmade-porcelain"
QH = "cn-qinghua-porcelain"


@pytest.fixture(scope="module")
def detector() -> Detector:
    entries = []
    for path in sorted(FIXTURE.glob("*.json")):
        entries += json.loads(path.read_text(encoding="utf-8"))["entries"]
    return Detector(phrase_tables(entries))


@pytest.fixture
def library(tmp_path: Path) -> Library:
    with Library.open(f"sqlite:///{tmp_path / 'lib.sqlite'}", seed=FIXTURE) as lib:
        yield lib


def test_coverage_counts_links_and_terms_per_episode(
    sample_kiln: Path, detector: Detector, library: Library
) -> None:
    with OpenProject.open(sample_kiln, backup=False) as project:
        found = detect_project(project, detector)
        detected = sum(1 for s in found for m in s.matches if JDZ in m.match.entry_ids)
        assert detected > 0
        empty = coverage(project)
        assert empty.cells == {} and len(empty.episodes) == len(project.episodes())
        cover = coverage(project, found)
        assert sum(c.detected for (e, _ep), c in cover.cells.items() if e == JDZ) == detected
        assert all(c.linked == 0 for c in cover.cells.values())

        episodes = project.episodes()
        last = episodes[-1]
        scene = project.scenes(last.id)[-1]
        beat = next(b for b in project.beats() if b.episode_id == episodes[0].id)
        element = next(e for e in project.elements(scene.id) if e.text)
        link_entry(project, "scene", scene.id, QH, library)
        link_entry(project, "beat", beat.id, QH, library)
        link_entry(project, "element", element.id, QH, library)
        cover = coverage(project, found)
        assert cover.cell(QH, last.id).linked == 2  # the scene and a line in it
        assert cover.cell(QH, last.id).first_scene == scene.id
        assert cover.cell(QH, episodes[0].id).linked == 1  # the beat
        first_scene = cover.cell(QH, episodes[0].id).first_scene
        assert first_scene in {s.id for s in project.scenes(episodes[0].id)}
        # linked items come first in an episode's chips
        assert cover.per_episode()[episodes[0].id][0] == QH


def test_rescanning_chosen_scenes_returns_them_even_when_empty(
    sample_kiln: Path, detector: Detector
) -> None:
    with OpenProject.open(sample_kiln, backup=False) as project:
        everything = {s.scene_id: s for s in detect_project(project, detector)}
        with_terms = next(iter(everything))
        without = next(s.id for s in project.scenes() if s.id not in everything)
        again = detect_project(project, detector, {with_terms, without})
        assert {s.scene_id for s in again} == {with_terms, without}
        by_id = {s.scene_id: s for s in again}
        assert by_id[with_terms].matches == everything[with_terms].matches
        assert by_id[without].matches == []


def test_one_step_links_several_lines_and_refuses_only_when_all_are_linked(
    sample_kiln: Path, library: Library
) -> None:
    with OpenProject.open(sample_kiln, backup=False) as project:
        scene = project.scenes()[0]
        lines = [e.id for e in project.elements(scene.id)][:3]
        link_entry(project, "element", lines[0], JDZ, library)
        link_entry(project, "element", lines[0], JDZ, library, [("element", x) for x in lines[1:]])
        assert sorted(t for k, t, e in linked_entries(project) if e == JDZ) == sorted(lines)
        with pytest.raises(CommandError, match="already linked"):
            link_entry(project, "element", lines[1], JDZ, library, [("element", lines[2])])
        project.undo()  # the two added by one step go together
        assert [t for k, t, e in linked_entries(project) if e == JDZ] == [lines[0]]


def test_entry_names_follow_the_interface_language(library: Library) -> None:
    entry = library.get(JDZ)
    assert entry_name(entry, "zh_Hans") == entry["names"]["zh-Hans"]
    assert entry_name(entry, "en") == entry["names"]["en"]
    assert entry_name(entry, "fa") == entry["names"].get("fa", entry["names"]["en"])
    assert entry_name(None, "en", "x") == "x"


def _damage(path: Path) -> None:
    with open(path, "r+b") as handle:
        handle.seek(len(path.read_bytes()) // 2)
        handle.write(b"\xff" * 4096)


def test_a_damaged_library_is_one_sentence_on_the_command_line() -> None:
    Library.open().close()
    path = user_data_dir() / "heritage.sqlite"
    _damage(path)
    damaged = path.read_bytes()
    out, err = io.StringIO(), io.StringIO()
    assert cli.run(["heritage", "search", "青花"], out, err) != 0
    message = err.getvalue().strip()
    assert str(path) in message and "damaged" in message and "bundled seed" in message
    assert "Traceback" not in message and len(message.splitlines()) == 1
    assert path.read_bytes() == damaged  # a failed open changes nothing


def test_rebuild_keeps_the_damaged_file_and_starts_from_the_seed() -> None:
    Library.open().close()
    path = user_data_dir() / "heritage.sqlite"
    _damage(path)
    damaged = path.read_bytes()
    with pytest.raises(DamagedLibrary) as caught:
        Library.open()
    assert caught.value.path == path
    library, kept = Library.rebuild()
    with library:
        assert kept.read_bytes() == damaged and kept.parent == path.parent
        assert len(library) > 100 and library.search("青花")
