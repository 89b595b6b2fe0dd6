"""Laptops that edit offline and sync with one studio server converge to the same project, row
for row; conflicts become notes and nothing is lost (a real PostgreSQL server, real files)."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from app.core.enums import AnnotationKind, AnnotationTarget, ElementKind, Role
from app.features.notes import service as notes
from app.features.studio import conflicts
from app.features.studio.address import parse
from app.features.studio.notify import Watcher
from app.features.studio.sync import Studio
from app.features.translations.lines import SetTranslations, TranslationEdit, translation_rows
from app.project import outbox
from app.project.commands import Create, Delete, Update
from app.project.open_project import OpenProject
from app.store import schema
from tests.support.studio import StudioFixture

LOCAL = ("kiln_meta", "sync_link", "sync_outbox")


def rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every project table (not the file's own bookkeeping), in a stable order."""
    with sqlite3.connect(path) as conn:
        tables = [
            r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "ORDER BY name")
            if r[0] not in LOCAL
        ]
        return {t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr)
                for t in tables}


def sync(path: Path, role: Role = Role.WRITER) -> None:
    with OpenProject.open(path, backup=False, role=role) as project:
        Studio(project).sync()


def lines(project: OpenProject) -> list[tuple[str, str, str]]:
    """(scene id, element id, text) of every dialogue and action line."""
    found = []
    for scene in project.scenes():
        for e in project.elements(scene.id):
            if e.kind in (ElementKind.DIALOGUE, ElementKind.ACTION):
                found.append((scene.id, e.id, e.text))
    return found


def test_publish_then_clone_gives_the_same_project_row_for_row(studio: StudioFixture) -> None:
    admin = studio.publish_sample()
    copy = studio.clone("amira")
    assert rows(copy) == rows(admin)
    with OpenProject.open(copy, backup=False) as project:
        link = outbox.read_link(project.file.sessions)
        assert link is not None and link.member == studio.login("amira")
        assert "secret" not in link.server  # no password in the file
        assert link.last_seen > 0


def conflict_notes(project: OpenProject) -> list[notes.NoteRecord]:
    return notes.notes(project, notes.NoteFilter(kind=AnnotationKind.SYNC_CONFLICT))


@pytest.mark.parametrize("order", ["amira first", "bo first"])
def test_four_laptops_edit_offline_sync_in_either_order_and_converge(
    studio: StudioFixture, order: str
) -> None:
    """Script text, cards, notes and translations, edited offline on two writers', a
    consultant's and a translator's laptops: after syncing, every copy holds the same rows;
    the text that lost each conflict is a note, and nothing is lost."""
    studio.publish_sample()
    a, b = studio.clone("amira"), studio.clone("bo")
    consultant, translator = studio.clone("leila"), studio.clone("tariq")
    with OpenProject.open(a, backup=False) as project:
        (scene, same_line, _t1), (_s2, a_line, _t2) = lines(project)[:2]
        spoken = [e for s in project.scenes() for e in project.elements(s.id) if e.line_id]
        last_scene = project.scenes()[-1]
        doomed = next(e for e in project.elements(last_scene.id) if e.kind is ElementKind.DIALOGUE)
        beats = project.beats()
        project.run(Update("element", same_line, {"text": "阿米拉的版本"}))
        project.run(Update("element", a_line, {"text": "只有阿米拉改了这行"}))
        project.run(Create("element", {"scene_id": scene, "kind": "dialogue", "text": "新台词甲"},
                           position=0))
        project.run(Create("beat", {"episode_id": None, "title": "阿米拉的卡片"}))
        project.run(Delete("scene", last_scene.id))
        project.run(SetTranslations([TranslationEdit(spoken[0].id, "ar", "نص أميرة")]))
    with OpenProject.open(b, backup=False) as project:
        project.run(Update("element", same_line, {"text": "博的版本"}))
        project.run(Create("element", {"scene_id": scene, "kind": "dialogue", "text": "新台词乙"},
                           position=1))
        project.run(Update("beat", beats[0].id, {"summary": "博改的摘要"}))
        project.run(Update("element", doomed.id, {"text": "博救了这一行"}))
    with OpenProject.open(consultant, backup=False, role=Role.CONSULTANT) as project:
        notes.add_text_note(project, a_line, 0, 2, "顾问的笔记", author="Leila",
                            role=Role.CONSULTANT)
    with OpenProject.open(translator, backup=False, role=Role.TRANSLATOR) as project:
        project.run(SetTranslations([TranslationEdit(spoken[0].id, "ar", "نص طارق"),
                                     TranslationEdit(spoken[1].id, "ar", "سطر ثان")]))

    writers = (a, b) if order == "amira first" else (b, a)
    everyone = [(writers[0], Role.WRITER), (consultant, Role.CONSULTANT),
                (translator, Role.TRANSLATOR), (writers[1], Role.WRITER)]
    for _round in range(2):
        for path, role in everyone:
            sync(path, role)
    assert rows(a) == rows(b) == rows(consultant) == rows(translator)

    with OpenProject.open(a, backup=False) as project:
        texts = {t for _s, _e, t in lines(project)}
        conflicts = conflict_notes(project)
        bodies = {n.body for n in conflicts}
        winner, loser = ("阿米拉的版本", "博的版本") if order == "amira first" else (
            "博的版本", "阿米拉的版本")
        assert winner in texts and loser not in texts
        note = next(n for n in conflicts if n.body == loser)
        assert note.target_type is AnnotationTarget.TEXT and note.target_id == same_line
        assert note.author == studio.login("bo" if order == "amira first" else "amira")
        assert {"只有阿米拉改了这行", "新台词甲", "新台词乙", "博救了这一行"} <= texts
        assert "阿米拉的卡片" in {x.title for x in project.beats()}
        assert "博改的摘要" in {x.summary for x in project.beats()}
        line_ids = [e.line_id for s in project.scenes() for e in project.elements(s.id)
                    if e.line_id]
        assert len(line_ids) == len(set(line_ids))
        # The scene Amira deleted had Bo's edit: it is there with his line, and flagged.
        assert last_scene.id in {s.id for s in project.scenes()}
        assert "博救了这一行" in {e.text for e in project.elements(last_scene.id)}
        flagged = [n for n in conflicts if n.target_id == doomed.id]
        assert flagged and all(n.status.value == "open" for n in flagged)
        assert "顾问的笔记" in {n.body for n in notes.notes(project)}
        # Two Arabic translations of one line: one stays, the other is a note on the line.
        arabic = {r.element_id: r.text for r in translation_rows(project, "ar") if r.text}
        assert arabic[spoken[1].id] == "سطر ثان"
        kept = arabic[spoken[0].id]
        assert kept in ("نص أميرة", "نص طارق")
        assert ({"نص أميرة", "نص طارق"} - {kept}) <= bodies
        with project.file.session() as s:
            assert s.query(schema.LineTranslation).filter_by(element_id=spoken[0].id,
                                                              language="ar").count() == 1


def test_an_open_copy_hears_that_something_new_is_there(studio: StudioFixture) -> None:
    """LISTEN/NOTIFY: a watcher on Bo's laptop hears Amira's changeset when it commits."""
    studio.publish_sample()
    a, b = studio.clone("amira"), studio.clone("bo")
    with OpenProject.open(b, backup=False) as project:
        link = outbox.read_link(project.file.sessions)
    heard: list[tuple[int, str]] = []
    got = threading.Event()

    def on_change(seq: int, author: str) -> None:
        heard.append((seq, author))
        got.set()

    watcher = Watcher(parse(link.server), link.project_id, on_change)
    watcher.start()
    try:
        assert watcher.listening.wait(20)
        with OpenProject.open(a, backup=False) as project:
            project.run(Update("episode", project.episodes()[0].id, {"title": "新消息"}))
            Studio(project).sync()
        assert got.wait(20)
    finally:
        watcher.stop()
    assert heard and heard[0][1] == studio.login("amira")
    with OpenProject.open(b, backup=False) as project:
        status = Studio(project).status()
        assert status.behind and status.behind >= 1
        Studio(project).sync()
        assert project.episodes()[0].title == "新消息"
        assert Studio(project).status().behind == 0


def test_a_conflict_is_resolved_by_taking_the_other_text_and_that_syncs(
    studio: StudioFixture,
) -> None:
    studio.publish_sample()
    a, b = studio.clone("amira"), studio.clone("bo")
    for path, typed in ((a, "甲稿"), (b, "乙稿")):
        with OpenProject.open(path, backup=False) as project:
            _scene, line, _text = lines(project)[0]
            project.run(Update("element", line, {"text": typed}))
    for path in (a, b, a):
        sync(path)
    with OpenProject.open(a, backup=False) as project:
        (found,) = conflicts.open_conflicts(project)
        assert (found.other_text, found.current, found.field, found.what) == (
            "乙稿", "甲稿", "text", "edit")
        assert found.by == studio.login("bo") and found.kept_by == studio.login("amira")
        assert found.can_take
        conflicts.resolve(project, found.note_id, take=True)
        assert lines(project)[0][2] == "乙稿"
        assert conflicts.open_conflicts(project) == []
        project.undo()  # one undoable step
        assert lines(project)[0][2] == "甲稿" and len(conflicts.open_conflicts(project)) == 1
        project.redo()
        Studio(project).sync()
    sync(b)
    assert rows(a) == rows(b)
    with OpenProject.open(b, backup=False) as project:
        assert lines(project)[0][2] == "乙稿" and conflicts.open_conflicts(project) == []
