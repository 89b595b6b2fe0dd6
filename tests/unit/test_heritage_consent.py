"""The consent/access flag: a restricted entry linked in a project, its approval, the cover page."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from app.core.enums import AnnotationTarget
from app.features.heritage.labels import access_text
from app.features.heritage.library import Library
from app.features.heritage.linking import link_entry
from app.features.notes.consent import consent_items
from app.features.notes.review import ApprovalStatus, approve
from app.formats.document.options import ExportOptions
from app.formats.registry import export
from app.project.open_project import OpenProject

FIXTURE = Path(__file__).parents[1] / "data" / "heritage"
RESTRICTED = "unesco-00225-dragon-boat"  # the fixture marks it restricted


@pytest.fixture
def library(tmp_path: Path) -> Library:
    with Library.open(f"sqlite:///{tmp_path / 'lib.sqlite'}", seed=FIXTURE) as lib:
        yield lib


def _pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    return " ".join(out.split())


def _first_page(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


def test_access_text_names_the_level_and_note(library: Library) -> None:
    assert access_text(library.get(RESTRICTED)).startswith("Restricted: needs the bearers'")
    assert "do not depict the ritual" in access_text(library.get(RESTRICTED))
    assert access_text(library.get("cn-qinghua-porcelain")) == ""


def test_a_restricted_link_needs_an_approval_on_the_cover_page(
    sample_kiln: Path, library: Library, tmp_path: Path
) -> None:
    with OpenProject.open(sample_kiln, backup=False) as project:
        scene = project.scenes()[0]
        plain = export(project, ExportOptions(language="en"), tmp_path / "before.pdf")
        assert "Heritage consent" not in _pdf_text(plain)
        link_entry(project, "scene", scene.id, "cn-qinghua-porcelain", library)
        link_entry(project, "scene", scene.id, RESTRICTED, library)
        [item] = consent_items(project, language="en")
        assert (item.entry_id, item.level, item.needs_approval) == (RESTRICTED, "restricted", True)
        pdf = export(project, ExportOptions(language="en"), tmp_path / "restricted.pdf")
        cover = _first_page(pdf)
        assert "Heritage consent" in cover
        assert "Restricted, not approved: Dragon Boat festival." in cover
        assert "Do not shoot it until the bearers' approval is recorded." in cover

        approve(project, AnnotationTarget.HERITAGE_ITEM, RESTRICTED, "Agreed with the village.",
                author="Consultant")
        [item] = consent_items(project)
        assert item.status is ApprovalStatus.APPROVED and not item.needs_approval
        cover = _first_page(export(project, ExportOptions(language="en"),
                                   tmp_path / "approved.pdf"))
        assert "Restricted, approved by a consultant: Dragon Boat festival." in cover
        assert "not approved" not in cover


def test_the_flag_comes_from_the_current_library_when_given(
    sample_kiln: Path, library: Library
) -> None:
    with OpenProject.open(sample_kiln, backup=False) as project:
        scene = project.scenes()[0]
        link_entry(project, "scene", scene.id, "cn-qinghua-porcelain", library)
        assert consent_items(project) == []
        newer = dict(library.get("cn-qinghua-porcelain"),
                     access={"level": "consult", "note": "Ask the kiln masters."})
        [item] = consent_items(project, {"cn-qinghua-porcelain": newer})
        assert (item.level, item.note, item.needs_approval) == (
            "consult", "Ask the kiln masters.", False)
