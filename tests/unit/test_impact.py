"""What a change means to each feature, read once from the changeset (``app.features.impact``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from app.core.enums import AnnotationStatus, AnnotationTarget, ElementKind, Role
from app.features.heritage.linking import LinkHeritage
from app.features.impact import Impact, impact_of
from app.features.notes import service
from app.features.rhythm.settings import SetRhythmSettings
from app.features.translations.lines import SetTranslations, TranslationEdit
from app.project.changes import ChangeRecorder
from app.project.commands import Command, Create, Move, Update
from app.project.open_project import OpenProject
from app.store import schema

PORCELAIN = {"id": "ich-test-porcelain", "names": {"en": "Blue-and-white porcelain"}}


@pytest.fixture
def project(sample_kiln: Path):  # noqa: ANN201
    with OpenProject.open(sample_kiln, backup=False, role=Role.WRITER) as opened:
        yield opened


def _run(project: OpenProject, command: object) -> Impact:
    return impact_of(project.run(command))  # type: ignore[arg-type]


def _line(project: OpenProject, kind: ElementKind = ElementKind.DIALOGUE):  # noqa: ANN202
    return next(e for s in project.scenes() for e in project.elements(s.id)
                if e.kind is kind and e.line_id)


def test_typing_in_a_line_is_words_only(project: OpenProject) -> None:
    line = _line(project)
    impact = _run(project, Update("element", line.id, {"text": line.text + "！"}, typing=True))
    script = impact.script
    assert script.elements == {line.id} and script.line_scenes == {line.scene_id}
    assert script.words_only and not script.outline and not impact.structure
    assert impact.board.timing and not impact.board.lanes
    assert impact.notes.typing and impact.notes.elements == {line.id}
    assert impact.translations.lines == {line.id} and not impact.translations.everything
    assert impact.glossary.frequencies and not impact.glossary.terms
    assert impact.heritage.rescan == {line.scene_id} and not impact.heritage.coverage


def test_an_action_line_is_no_translator_s_business(project: OpenProject) -> None:
    action = next(e for s in project.scenes() for e in project.elements(s.id)
                  if e.kind is ElementKind.ACTION)
    impact = _run(project, Update("element", action.id, {"text": action.text + "。"}))
    assert not impact.translations and impact.script.elements == {action.id}


def test_a_new_line_changes_the_structure(project: OpenProject) -> None:
    scene = project.scenes()[0]
    impact = _run(project, Create("element", {"scene_id": scene.id, "kind": "dialogue",
                                              "text": "新的一句。"}, position=0))
    assert impact.structure and impact.script.lines_added_or_removed
    assert not impact.script.words_only and not impact.notes.typing
    assert impact.translations.everything  # a translatable line came: every number moves


def test_a_scene_moved_to_another_episode(project: OpenProject) -> None:
    scene, last = project.scenes()[0], project.episodes()[-1]
    impact = _run(project, Move("scene", scene.id, 0, parent_id=last.id, keep_parent=False))
    assert scene.id in impact.script.moved_scenes and impact.script.outline
    assert impact.structure and impact.notes.scenes_moved and impact.board.lanes
    assert impact.heritage.coverage


def test_notes_replies_and_approvals(project: OpenProject) -> None:
    scene = project.scenes()[0]
    note_id = service.add_note(project, AnnotationTarget.SCENE, scene.id, "Check.",
                               author="Writer")
    heard: list[Impact] = []
    stop = project.history.subscribe(lambda changes: heard.append(impact_of(changes)))
    try:
        service.reply(project, note_id, "Checked.", author="Noura", role=Role.CONSULTANT)
        service.set_status(project, note_id, AnnotationStatus.RESOLVED)
    finally:
        stop()
    reply, resolve = heard
    assert reply.notes.notes == {note_id} and reply.notes.review  # the reply names its note
    assert not reply.board.lanes  # replies are no badge
    assert resolve.notes.notes == {note_id} and resolve.board.lanes  # a note's status: badges
    assert not resolve.script and not resolve.translations


def test_translations_per_language(project: OpenProject) -> None:
    line = _line(project)
    impact = _run(project, SetTranslations([TranslationEdit(line.id, "ar", "نص")]))
    assert impact.translations.translated == {"ar": {line.id}}
    assert impact.translations.lines_for("ar") == {line.id}
    assert impact.translations.lines_for("fa") == frozenset()
    assert not impact.script and not impact.notes


def test_a_link_and_a_character(project: OpenProject) -> None:
    beat = project.beats()[0]
    impact = _run(project, LinkHeritage("beat", beat.id, PORCELAIN))
    assert impact.heritage.coverage and impact.board.lanes and impact.glossary.terms
    assert not impact.heritage.rescan
    character = project.characters()[0]
    impact = _run(project, Update("character", character.id, {"description": "new"}))
    assert impact.script.names and impact.script.outline
    assert impact.translations.everything and impact.glossary.address_forms


def test_the_rhythm_settings_cards_and_typing(project: OpenProject) -> None:
    settings = _run(project, SetRhythmSettings(speech_rates={"zh": 5.0}))
    assert settings.rhythm.settings and settings.rhythm.report and not settings.rhythm.timing
    title = _run(project, _Retitle("新剧名"))
    assert not title.rhythm.settings and not title.rhythm  # the project row, not its rhythm
    card = project.beats()[0]
    cards = _run(project, Update("beat", card.id, {"cliffhanger_type": "threat"}))
    assert cards.rhythm.report and not cards.rhythm.settings
    line = _line(project)
    typing = _run(project, Update("element", line.id, {"text": line.text + "。"}, typing=True))
    assert typing.rhythm.timing and not typing.rhythm.report and not typing.rhythm.settings


@dataclass
class _Retitle(Command):
    """A change of the project row that leaves its rhythm settings alone."""

    title: str

    def apply(self, rec: ChangeRecorder) -> None:
        rec.update(rec.session.scalars(select(schema.Project)).one(), title=self.title)
