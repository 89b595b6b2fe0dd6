"""Named drafts: saved inside the .kiln, listed, read back exactly, restored in one undo step,
deleted with the parts no other draft needs; compare finds exactly the changes made."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from app.core.enums import Role
from app.core.word_diff import changed_spans, tokens, word_diff
from app.features.drafts import store
from app.features.drafts.compare import compare
from app.features.drafts.restore import restore_draft
from app.features.drafts.revision import is_locked, lock_scene_numbers
from app.project import outbox
from app.project.changes import Changeset
from app.project.commands import CommandError, Create, Delete, Move, Update
from app.project.open_project import OpenProject

ARABIC_OLD = "هذا الإبريق من الخزف الأزرق القديم"
ARABIC_NEW = "هذا الإبريق من الخزف الأبيض القديم"


@pytest.fixture
def project(sample_kiln: Path):
    with OpenProject.open(sample_kiln, backup=False, role=Role.WRITER) as opened:
        yield opened


def _digests(project: OpenProject) -> list[tuple[str, str, int, str]]:
    now = store.current_snapshot(project)
    return [(s.id, s.episode_id, s.position, s.digest) for s in now.scenes]


def test_a_draft_reads_back_as_the_script_it_kept(project: OpenProject) -> None:
    before = store.current_snapshot(project)
    info = store.save_draft(project, "第一稿", note="before the rewrite", author="Lin")
    assert (info.name, info.note, info.author, info.issued) == ("第一稿", "before the rewrite",
                                                                "Lin", "")
    assert (info.episodes, info.scenes) == (6, len(project.scenes()))
    kept = store.draft_snapshot(project, "第一稿")
    assert [(s.id, s.episode_id, s.position, s.digest) for s in kept.scenes] == [
        (s.id, s.episode_id, s.position, s.digest) for s in before.scenes]
    for mine, theirs in zip(kept.scenes, before.scenes, strict=True):
        assert kept.part(mine) == before.part(theirs)  # every line, field for field
    assert kept.project == before.project and kept.episodes == before.episodes
    assert kept.characters == before.characters and kept.locations == before.locations
    assert [d.name for d in store.drafts(project)] == ["第一稿"]


def test_saving_a_draft_is_no_edit_of_the_script(project: OpenProject) -> None:
    project.run(Update("episode", project.episodes()[0].id, {"title": "改名"}))
    project.history.write_local(lambda s: outbox.write_link(
        s, server="postgresql:///studio", project_id="p", project_name="p", member="lin"))
    heard: list[Changeset] = []
    stop = project.history.subscribe(heard.append)
    store.save_draft(project, "A")
    stop()
    assert heard == []  # nothing announced, so nothing for the window or the sync
    assert project.history.undo_label == "Edit episode"  # not an undo step
    assert outbox.entries(project.file.sessions) == []
    with pytest.raises(CommandError, match="unknown table"):
        Changeset.from_json({"changes": [{"table": "draft", "id": "x", "before": None,
                                          "after": {}}]})


def test_unchanged_parts_are_stored_once(project: OpenProject) -> None:
    store.save_draft(project, "A")
    chunks = project.count(store.DraftChunk)
    store.save_draft(project, "B")  # nothing changed: only a new manifest
    assert project.count(store.DraftChunk) == chunks
    scene = project.scenes()[3]
    element = project.elements(scene.id)[1]
    project.run(Update("element", element.id, {"text": element.text + "！"}))
    store.save_draft(project, "C")
    # one scene part and its episode's list of scenes are new
    assert project.count(store.DraftChunk) == chunks + 2


def test_names_are_checked(project: OpenProject) -> None:
    store.save_draft(project, "  Blue   pages ")
    assert store.drafts(project)[0].name == "Blue pages"
    for name, message in (("", "needs a name"), ("Blue pages", "already a draft"),
                          ("x" * 121, "at most 120")):
        with pytest.raises(store.DraftError, match=message):
            store.save_draft(project, name)
    with pytest.raises(store.DraftError, match="“Blue pages”"):
        store.draft_snapshot(project, "Pink pages")


def test_only_a_writer_with_a_writable_file_changes_drafts(sample_kiln: Path) -> None:
    with OpenProject.open(sample_kiln, backup=False, role=Role.CONSULTANT) as project:
        with pytest.raises(store.DraftError, match="Only a writer"):
            store.save_draft(project, "A")
    with OpenProject.open(sample_kiln, read_only=True, role=Role.WRITER) as project:
        with pytest.raises(store.DraftError, match="read-only"):
            store.save_draft(project, "A")


def test_restore_is_one_undo_step_and_is_kept_as_a_new_draft(project: OpenProject) -> None:
    store.save_draft(project, "First")
    first = _digests(project)
    scenes = project.scenes()
    element = project.elements(scenes[0].id)[2]
    project.run(Update("element", element.id, {"text": "完全不同的一句。"}))
    project.run(Delete("element", project.elements(scenes[0].id)[3].id))
    project.run(Create("scene", {"episode_id": scenes[0].episode_id}, position=1))
    project.run(Move("scene", scenes[2].id, 0))
    project.run(Delete("scene", scenes[6].id))
    edited = _digests(project)
    parked = sum(1 for b in project.beats() if b.episode_id is None)
    last = project.episodes()[-1]
    cards = sum(1 for b in project.beats() if b.episode_id == last.id)
    project.run(Delete("episode", last.id))
    edited_more = _digests(project)

    changes, saved = restore_draft(project, "First")
    assert saved is not None and saved.name == "First (restored)"
    assert saved.note == "Restored from “First”."
    assert _digests(project) == first  # the script is the draft again, ids and all
    assert project.history.undo_label == "Restore draft “First”"
    project.undo()
    assert _digests(project) == edited_more
    project.redo()
    assert _digests(project) == first
    assert edited != first
    # the restored episode's cards were lost by the Delete above, not by the restore; a restore
    # that removes an episode moves its cards to the parking lot instead
    store.save_draft(project, "Six episodes")
    project.run(Create("episode", {"title": "七"}))
    seventh = project.episodes()[-1].id
    project.run(Create("beat", {"episode_id": seventh, "title": "新卡"}))
    restore_draft(project, "Six episodes", save_as="")
    assert len(project.episodes()) == 6
    assert sum(1 for b in project.beats() if b.episode_id is None) == parked + 1
    assert cards > 0
    assert [d.name for d in store.drafts(project)] == ["First", "First (restored)",
                                                       "Six episodes"]
    again, none = restore_draft(project, "Six episodes")
    assert none is None and not again.net()  # already that draft: no step, no new draft


def test_delete_removes_the_parts_no_other_draft_uses(project: OpenProject, sample_kiln: Path
                                                      ) -> None:
    store.save_draft(project, "A")
    base = project.count(store.DraftChunk)
    element = project.elements(project.scenes()[0].id)[1]
    project.run(Update("element", element.id, {"text": "新的"}))
    store.save_draft(project, "B")
    assert project.count(store.DraftChunk) == base + 2
    store.delete_draft(project, "B")
    assert project.count(store.DraftChunk) == base
    assert [d.name for d in store.drafts(project)] == ["A"]
    store.draft_snapshot(project, "A").load(s.digest for s in
                                            store.draft_snapshot(project, "A").scenes)
    store.delete_draft(project, "A")
    assert project.count(store.DraftChunk) == 0
    project.close()
    with sqlite3.connect(sample_kiln) as conn:
        assert conn.execute("SELECT count(*) FROM draft").fetchone() == (0,)


# -- compare ---------------------------------------------------------------------------------


def test_compare_finds_exactly_the_changes_made(project: OpenProject) -> None:
    scenes = project.scenes()
    arabic_scene = scenes[1]
    arabic = project.elements(arabic_scene.id)[2]
    project.run(Update("element", arabic.id, {"text": ARABIC_OLD, "language": "ar"}))
    chinese_scene = scenes[3]
    chinese = project.elements(chinese_scene.id)[1]
    project.run(Update("element", chinese.id, {"text": "林青禾拿起青花瓷碗。"}))
    store.save_draft(project, "Before")
    # 1. a word inside the Arabic line; 2. a line of Chinese; 3. a new line; 4. a removed line
    project.run(Update("element", arabic.id, {"text": ARABIC_NEW}))
    project.run(Update("element", chinese.id, {"text": "林青禾放下青花瓷碗。"}))
    project.run(Create("element", {"scene_id": chinese_scene.id, "kind": "action",
                                   "text": "窗外下起了雪。"}, position=0))
    gone = project.elements(chinese_scene.id)[-1]
    project.run(Delete("element", gone.id))
    # 5. a scene moved to another place; 6. a new scene; 7. a removed scene
    moved = scenes[8]
    project.run(Move("scene", moved.id, 0))
    project.run(Create("scene", {"episode_id": scenes[10].episode_id}))
    added = next(s for s in project.scenes() if s.id not in {x.id for x in scenes})
    removed = scenes[12]
    project.run(Delete("scene", removed.id))

    result = compare(store.draft_snapshot(project, "Before"), store.current_snapshot(project),
                     "Before")
    assert [s.id for s in result.added] == [added.id]
    assert [s.id for s in result.removed] == [removed.id]
    assert [s.id for s in result.moved] == [moved.id]
    assert {s.id for s in result.changed} == {arabic_scene.id, chinese_scene.id}
    by_scene = {s.id: s for s in result.changed}
    (arabic_line,) = by_scene[arabic_scene.id].lines
    assert (arabic_line.status, arabic_line.fields) == ("changed", ("text",))
    assert arabic_line.words == (("equal", "هذا الإبريق من الخزف "), ("delete", "الأزرق"),
                                 ("insert", "الأبيض"), ("equal", " القديم"))
    lines = by_scene[chinese_scene.id].lines
    assert [(line.status, line.new or line.old) for line in lines] == [
        ("added", "窗外下起了雪。"),
        ("changed", "林青禾放下青花瓷碗。"),
        ("removed", gone.text),
    ]
    assert lines[1].words == (("equal", "林青禾"), ("delete", "拿起"), ("insert", "放下"),
                              ("equal", "青花瓷碗。"))
    data = result.to_json()
    assert data["from"] == {"name": "Before"}
    assert data["summary"] == {"added": 1, "removed": 1, "moved": 1, "changed": 2,
                               "lines": len(result.added[0].lines) + len(
                                   result.removed[0].lines) + 4}
    changed = {c["id"]: c for c in data["scenes"]["changed"]}
    assert changed[arabic_scene.id]["lines"][0]["words"][1] == {"op": "delete",
                                                                "text": "الأزرق"}
    assert data["scenes"]["moved"][0]["from"]["scene"] == moved.number
    json.dumps(data, ensure_ascii=False)  # plain JSON


def test_compare_of_identical_versions_is_empty(project: OpenProject) -> None:
    store.save_draft(project, "A")
    result = compare(store.draft_snapshot(project, "A"), store.current_snapshot(project))
    assert result.empty and result.to_json()["summary"]["lines"] == 0
    # renumbering alone (a scene inserted before others) changes no scene's words
    project.run(Create("scene", {"episode_id": project.episodes()[0].id}, position=0))
    result = compare(store.draft_snapshot(project, "A"), store.current_snapshot(project))
    assert len(result.added) == 1 and not result.changed and not result.moved


def test_words_are_compared_by_character_in_chinese_and_by_word_elsewhere() -> None:
    assert tokens("沈墨：你好！") == ["沈", "墨", "：", "你", "好", "！"]
    assert tokens("مرحبا بالعالم") == ["مرحبا", " ", "بالعالم"]
    assert tokens("زیبایی‌ها") == ["زیبایی‌ها"]  # the zero-width non-joiner stays inside
    assert tokens("Kiln's kiln") == ["Kiln", "'", "s", " ", "kiln"]
    assert word_diff("他拿起碗", "他放下碗") == [("equal", "他"), ("delete", "拿起"),
                                               ("insert", "放下"), ("equal", "碗")]
    assert word_diff("the blue vase", "the white vase") == [
        ("equal", "the "), ("delete", "blue"), ("insert", "white"), ("equal", " vase")]
    assert changed_spans("a b c", "a c") == [(2, 2)]
    assert changed_spans("a c", "a b c") == [(2, 4)]
    assert changed_spans("same", "same") == []


def test_an_older_file_gains_drafts_and_revisions(tmp_path: Path) -> None:
    path = tmp_path / "old.kiln"
    shutil.copy(Path(__file__).parents[1] / "data" / "project-v1.kiln", path)
    with OpenProject.open(path, backup=False, role=Role.WRITER) as project:
        assert project.info().revision == {} and store.drafts(project) == []
        store.save_draft(project, "v1")
        lock_scene_numbers(project)
        assert is_locked(project)
        result = compare(store.draft_snapshot(project, "v1"), store.current_snapshot(project))
        assert result.empty  # locking changes numbers' standing, not words
