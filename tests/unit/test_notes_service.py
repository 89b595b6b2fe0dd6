"""The notes service on the sample project: adding, threads, filters, approval, consultant mode."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from app.core.enums import AnnotationKind, AnnotationStatus, AnnotationTarget, Role, Severity
from app.features.notes import review, service
from app.project.changes import ChangeRecorder
from app.project.commands import Command, CommandError, Create, Delete, Move, Update
from app.project.open_project import OpenProject
from app.store import schema
from app.store.profile import Profile, load_profile, profile_path, save_profile


def _element_with(project: OpenProject, words: str) -> tuple[str, int]:
    for scene in project.scenes():
        for element in project.elements(scene.id):
            at = element.text.find(words)
            if at >= 0:
                return element.id, at
    raise AssertionError(words)


def test_notes_on_every_kind_of_target_with_threads_and_filters(sample_kiln: Path) -> None:
    with OpenProject.open(sample_kiln, backup=False) as p:
        assert len(service.notes(p)) == 6
        line, at = _element_with(p, "苏麻离青")
        text_note = service.add_text_note(
            p, line, at, at + 4, "钴料名称", author="顾问·林", cultures=["zh-CN"],
            kind=AnnotationKind.ACCURACY, severity=Severity.MAJOR,
        )
        beat = p.beats()[0]
        scene = p.scenes()[0]
        with p.file.session() as s:
            term = s.scalars(select(schema.GlossaryTerm)).first().id
        on_beat = service.add_note(p, AnnotationTarget.BEAT, beat.id, "hook ok", author="Noura",
                                   cultures=["ar-AE"])
        on_scene = service.add_note(p, AnnotationTarget.SCENE, scene.id, "setting", author="Noura")
        on_term = service.add_note(p, AnnotationTarget.GLOSSARY_TERM, term, "term", author="P")
        on_entry = service.add_note(p, AnnotationTarget.HERITAGE_ITEM, "qinghua", "lib", author="P")
        assert len(service.notes(p)) == 11

        reply_id = service.reply(p, text_note, "已改", author="Writer", role=Role.WRITER)
        service.resolve(p, text_note)
        record = service.note(p, text_note)
        assert record.status is AnnotationStatus.RESOLVED
        assert [r.id for r in record.replies] == [reply_id] and record.replies[0].body == "已改"
        assert service.anchored_text(p, record) == "苏麻离青"
        service.reopen(p, text_note)
        assert service.note(p, text_note).status is AnnotationStatus.OPEN

        by = service.NoteFilter
        assert {n.id for n in service.notes(p, by(culture="ar-AE"))} >= {on_beat}
        assert [n.id for n in service.notes(p, by(severity=Severity.MAJOR, author="顾问·林"))] == [
            text_note]
        assert {n.id for n in service.notes(p, by(episode_id=scene.episode_id))} >= {on_scene}
        assert on_term in {n.id for n in service.notes(p, by(episode_id=None))}
        assert on_entry not in {n.id for n in service.notes(p, by(kind=AnnotationKind.APPROVAL))}
        assert not service.notes(p, by(status=AnnotationStatus.RESOLVED))
        everything = service.notes(p)
        assert service.anchored_texts(p, everything) == {
            n.id: service.anchored_text(p, n) for n in everything if n.anchor is not None}


def test_bad_notes_are_refused_with_a_message(sample_kiln: Path) -> None:
    with OpenProject.open(sample_kiln, backup=False) as p:
        line, at = _element_with(p, "苏麻离青")
        with pytest.raises(CommandError, match="Select some words"):
            service.add_text_note(p, line, at, at, "x", author="a")
        with pytest.raises(CommandError, match="some words"):
            service.add_text_note(p, line, at, at + 2, "  ", author="a")
        with pytest.raises(CommandError, match="no longer exists"):
            service.add_note(p, AnnotationTarget.BEAT, "nope", "x", author="a")
        with pytest.raises(CommandError, match="no longer exists"):
            service.reply(p, "nope", "x", author="a", role=Role.WRITER)


def test_heritage_approval_status_and_review_summary(sample_kiln: Path) -> None:
    with OpenProject.open(sample_kiln, backup=False) as p:
        moments = review.heritage_moments(p)
        assert moments and {m.status for m in moments} == {review.ApprovalStatus.UNREVIEWED}
        first, second = moments[0], moments[1]
        review.approve(p, first.target_type, first.target_id, "准确", author="顾问·林")
        asked = review.request_changes(p, second.target_type, second.target_id, "改", author="林")
        statuses = {m.target_id: m.status for m in review.heritage_moments(p)}
        assert statuses[first.target_id] is review.ApprovalStatus.APPROVED
        assert statuses[second.target_id] is review.ApprovalStatus.CHANGES_REQUESTED
        service.resolve(p, asked)
        statuses = {m.target_id: m.status for m in review.heritage_moments(p)}
        assert statuses[second.target_id] is review.ApprovalStatus.PENDING
        summary = review.review_summary(p)
        assert summary.approved == 1 and summary.orphans == 0
        assert summary.by_status[AnnotationStatus.OPEN] == 6
        assert summary.open_by_severity["major"] == 2


@dataclass
class _Sneaky(Command):
    """Claims to be a note, but also rewrites a line: the history must refuse it whole."""

    element_id: str
    kind: str = "annotation"

    def apply(self, rec: ChangeRecorder) -> None:
        rec.insert(schema.Annotation(target_type="scene", target_id="x", body="hi"))
        rec.update(rec.session.get(schema.Element, self.element_id), text="changed")


def test_consultant_mode_refuses_every_script_change_but_takes_notes(sample_kiln: Path) -> None:
    with OpenProject.open(sample_kiln, backup=False, role=Role.CONSULTANT) as p:
        line, at = _element_with(p, "苏麻离青")
        scene = p.scenes()[0]
        before = [e.text for e in p.elements(scene.id)]
        refused = [
            Update("element", line, {"text": "改掉"}),
            Create("scene", {"episode_id": scene.episode_id}),
            Delete("element", line),
            Move("scene", scene.id, 3),
            Update("episode", scene.episode_id, {"title": "x"}),
            Create("character", {"names": {"zh-Hans": "某"}}),
            Create("location", {"names": {"zh-Hans": "某地"}}),  # (the glossary is theirs too)
            _Sneaky(line),
        ]
        notes_before = p.count(schema.Annotation)
        for command in refused:
            with pytest.raises(CommandError, match="consultant mode"):
                p.run(command)
        assert [e.text for e in p.elements(scene.id)] == before
        assert p.count(schema.Annotation) == notes_before  # the sneaky one rolled back whole
        assert p.history.undo_label is None
        note_id = service.add_text_note(p, line, at, at + 4, "ok", author="Noura")
        service.reply(p, note_id, "thanks", author="Noura", role=Role.CONSULTANT)
        service.resolve(p, note_id)
        assert p.undo() is not None  # a consultant may undo their own note edits


def test_the_profile_is_saved_atomically_and_read_back(tmp_path: Path) -> None:
    assert load_profile() == Profile()
    save_profile(Profile(name="  نورة ", role=Role.CONSULTANT))
    assert load_profile() == Profile(name="نورة", role=Role.CONSULTANT)
    data = json.loads(profile_path().read_text(encoding="utf-8"))
    assert data == {"name": "نورة", "role": "consultant"}
    assert [f.name for f in profile_path().parent.iterdir() if "profile" in f.name] == [
        "profile.json"]  # no temporary file left behind
    profile_path().write_text('{"role": "boss"}', encoding="utf-8")
    assert load_profile() == Profile()
