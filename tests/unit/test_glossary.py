"""The glossary service: gathered names, frequencies, undoable edits, roles, forms of address."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from app.core.enums import AnnotationTarget, Role
from app.features.glossary import address_forms
from app.features.glossary import terms as glossary
from app.features.notes import service as notes
from app.formats.project_json import ProjectJsonError, populator
from app.project.commands import CommandError, Update
from app.project.open_project import OpenProject, write_project
from app.store.project_file import open_project_file
from app.store.schema import SCHEMA_VERSION

DATA = Path(__file__).resolve().parents[1] / "data"
SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample" / "porcelain.kiln.json"


def _by_term(project: OpenProject) -> dict[str, glossary.GlossaryEntry]:
    return {e.term: e for e in glossary.entries(project)}


def test_frequency_rules() -> None:
    texts = ["青花瓷上的青花。", "Capoeira! capoeíra, not capoeiras.", "ياسمين و ياسمين", "شن مو"]
    counts = glossary.frequencies(
        texts,
        {
            "zh": ["青花"],
            "zh-forms": ["青花", "青花瓷"],  # overlapping forms of one key count once
            "pt": ["Capoeira"],
            "ar": ["یاسمین"],  # Persian yeh finds the Arabic-yeh spelling
            "short": ["شن"],  # whole words only: not inside another word
            "none": [],
        },
    )
    assert counts == {"zh": 2, "zh-forms": 2, "pt": 2, "ar": 2, "short": 1, "none": 0}


def test_entries_gather_names_and_merge_stored_terms(sample_kiln: Path) -> None:
    with OpenProject.open(sample_kiln, backup=False, role=Role.WRITER) as project:
        found = _by_term(project)
        lin = found["林青禾"]
        assert (lin.origin, lin.type, lin.term_id) == ("character", "character", None)
        assert lin.rendering("en") == glossary.Rendering("en", "Lin Qinghe")
        assert lin.rendering("en").status == glossary.SUGGESTED
        # aliases count too: 青禾 and 禾禾 are Lin; the count equals a direct scan
        texts = [e.text for s in project.scenes() for e in project.elements(s.id)]
        direct = sum(t.count("林青禾") + t.replace("林青禾", "").count("青禾") for t in texts)
        direct += sum(t.count("禾禾") for t in texts)
        assert lin.frequency == direct > 0
        assert found["窑房"].origin == "location"
        qinghua = found["青花"]
        assert qinghua.term_id and qinghua.rendering("en").status == "approved"
        assert qinghua.frequency == sum(t.count("青花") for t in texts)


def test_heritage_entries_bring_the_library_names(sample_kiln: Path) -> None:
    from app.features.heritage.library import Library
    from app.features.heritage.linking import link_entry

    with OpenProject.open(sample_kiln, backup=False, role=Role.WRITER) as project:
        scene = project.scenes()[0]
        library = Library.open()
        try:
            entry_id = library.search("景德镇手工制瓷技艺")[0].entry_id
            names = library.get(entry_id)["names"]
            link_entry(project, "scene", scene.id, entry_id, library)
        finally:
            library.close()
        e = next(x for x in glossary.entries(project) if x.origin == "heritage")
        assert e.key == f"heritage:{entry_id}" and e.term == names["zh-Hans"]
        assert e.rendering("en").text == names["en"]


def test_edits_are_undoable_and_store_gathered_names(sample_kiln: Path) -> None:
    with OpenProject.open(sample_kiln, backup=False, role=Role.WRITER) as project:
        shen = _by_term(project)["沈墨"]
        glossary.set_rendering(project, shen.key, "ar", text="شين مو", transliteration="Shěn Mò")
        stored = _by_term(project)["沈墨"]
        assert stored.term_id and stored.origin == "character"
        assert stored.rendering("ar") == glossary.Rendering(
            "ar", "شين مو", "Shěn Mò", "proposed", "", stored.rendering("ar").row_id
        )
        glossary.approve(project, stored.term_id, "ar")
        glossary.set_do_not_translate(project, stored.term_id, True)
        after = _by_term(project)["沈墨"]
        assert after.rendering("ar").status == "approved" and after.do_not_translate
        # a suggestion approved as it stands keeps its text
        glossary.approve(project, _by_term(project)["希琳"].key, "en")
        assert _by_term(project)["希琳"].rendering("en").text == "Shirin Kashani"
        for _step in range(4):
            project.undo()
        back = _by_term(project)["沈墨"]
        assert back.term_id is None and back.rendering("ar").text == "شن مو"
        project.redo()
        assert _by_term(project)["沈墨"].rendering("ar").text == "شين مو"


def test_bad_edits_are_refused(sample_kiln: Path) -> None:
    with OpenProject.open(sample_kiln, backup=False, role=Role.WRITER) as project:
        with pytest.raises(CommandError, match="already in the glossary"):
            glossary.add_term(project, "青花")
        with pytest.raises(CommandError, match="cannot be empty"):
            glossary.add_term(project, "  ")
        term = glossary.add_term(project, "梅瓶", type="object")
        with pytest.raises(CommandError, match="no rendering into fa"):
            glossary.approve(project, term, "fa")
        with pytest.raises(CommandError, match="not a rendering status"):
            glossary.set_rendering(project, term, "fa", status="final")
        assert _by_term(project)["梅瓶"].frequency > 0


def test_consultant_may_approve_and_note_but_not_edit_the_script(sample_kiln: Path) -> None:
    with OpenProject.open(sample_kiln, backup=False, role=Role.CONSULTANT) as project:
        key = _by_term(project)["苏麻离青"].key
        glossary.set_rendering(project, key, "fa", text="سومالی‌چینگ")
        glossary.approve(project, key, "fa")
        term_id = glossary.term_id(project, _by_term(project)["玛欣"].key)
        notes.add_note(project, AnnotationTarget.GLOSSARY_TERM, term_id, "مهین", author="P")
        assert _by_term(project)["苏麻离青"].rendering("fa").status == "approved"
        scene = project.scenes()[0]
        element = project.elements(scene.id)[0]
        with pytest.raises(CommandError, match="consultant mode"):
            project.run(Update("element", element.id, {"text": "x"}))
        with pytest.raises(CommandError, match="consultant mode"):
            address_forms.set_address_form(
                project, *[c.id for c in project.characters()[:2]], "formal"
            )


def test_address_forms_from_the_sample_and_edited(sample_kiln: Path) -> None:
    with OpenProject.open(sample_kiln, backup=False, role=Role.WRITER) as project:
        names = {c.id: c.name("zh-Hans") for c in project.characters()}
        pairs = {(names[a.speaker_id], names[a.addressee_id]): a.form
                 for a in address_forms.address_forms(project)}
        assert pairs[("沈墨", "林守窑")] == "honorific"  # the apprentice to his master
        assert pairs[("林青禾", "沈墨")] == "formal"
        ids = {v: k for k, v in names.items()}
        address_forms.set_address_form(project, ids["林青禾"], ids["沈墨"], "informal", "你")
        changed = [a for a in address_forms.address_forms(project)
                   if (a.speaker_id, a.addressee_id) == (ids["林青禾"], ids["沈墨"])]
        assert [(a.form, a.note) for a in changed] == [("informal", "你")]
        project.undo()
        with pytest.raises(CommandError, match="not a form of address"):
            address_forms.set_address_form(project, ids["林青禾"], ids["沈墨"], "rude")
        count = len(address_forms.address_forms(project))
        from app.project.commands import Delete

        project.run(Delete("character", ids["沈墨"]))  # his pairs go with him, undo brings back
        assert len(address_forms.address_forms(project)) == count - 6
        project.undo()
        assert len(address_forms.address_forms(project)) == count


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"speaker": "lin", "addressee": "nobody", "form": "formal"}, "nothing is called"),
        ({"speaker": "lin", "addressee": "shen", "form": "rude"}, "is not one of"),
        ({"speaker": "lin", "addressee": "lin", "form": "formal"}, "two characters"),
        ({"speaker": "lin", "addressee": "shen", "register": "x"}, "unknown key"),
    ],
)
def test_bad_address_forms_in_project_json(entry: dict, message: str) -> None:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["address_forms"] = [entry]
    with pytest.raises(ProjectJsonError, match=message) as info:
        populator(data, "x.json")
    assert "address_forms[0]" in str(info.value)


def _table_names(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def test_version_1_and_2_files_gain_the_formality_table(tmp_path: Path) -> None:
    from app.store import migrations

    v1 = tmp_path / "v1.kiln"
    shutil.copy(DATA / "project-v1.kiln", v1)
    v2 = tmp_path / "v2.kiln"
    shutil.copy(DATA / "project-v1.kiln", v2)
    open_project_file(v2, steps=migrations.STEPS, target_version=2, make_backup=False).close()
    assert "address_form" not in _table_names(v2)
    for path in (v1, v2):
        with OpenProject.open(path, backup=False, role=Role.WRITER) as project:
            assert project.file.schema_version == SCHEMA_VERSION >= 3
            a, b = project.characters()[:2]
            address_forms.set_address_form(project, a.id, b.id, "intimate", "note")
            assert [f.form for f in address_forms.address_forms(project)] == ["intimate"]


def test_sample_written_fresh_has_the_pairs(tmp_path: Path) -> None:
    out = tmp_path / "s.kiln"
    write_project(out, populator(json.loads(SAMPLE.read_text(encoding="utf-8"))))
    with sqlite3.connect(out) as conn:
        assert conn.execute("SELECT count(*) FROM address_form").fetchone()[0] >= 6
