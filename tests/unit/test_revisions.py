"""Production revisions: locked scene numbers (3-2A, 3-3 OMITTED), revision colours, and revised
shooting scripts — `*` beside exactly the changed lines (read back from the PDF with positions),
the colour and date in the page header, changed pages only, DOCX and FDX revision marks."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from docx import Document as Docx

from app.core.enums import Role, ScriptLayout
from app.core.revisions import colour_by_slug, revision_colour
from app.core.scene_numbers import inserted_number, sort_key
from app.features.drafts import store
from app.features.drafts.revision import is_locked, lock_scene_numbers, omitted
from app.formats.document.options import ExportOptions
from app.formats.fdx.reader import REVISIONS_KEY
from app.formats.registry import ExportError, export, import_script
from app.project.commands import CommandError, Create, Delete, Move, Update
from app.project.open_project import OpenProject, new_project

WHITE_DAY, BLUE_DAY = dt.date(2025, 3, 1), dt.date(2025, 3, 10)
LONG = ("暴雨夜，停电的作坊里只亮着一盏应急灯，修了一半的坯架上还搭着抹布，窗外的雨一阵紧过一阵，"
        "林青禾把爷爷留下的账本一页页翻过去，每一页都写满了欠款和日期，最后一页夹着一张旧照片。")


@pytest.fixture
def project(sample_kiln: Path):
    with OpenProject.open(sample_kiln, backup=False, role=Role.WRITER) as opened:
        yield opened


def _numbers(project: OpenProject, episode: int = 0) -> list[str]:
    ep = project.episodes()[episode].id
    return [s.number for s in project.scenes(ep)]


# -- numbers and colours --------------------------------------------------------------------


def test_numbers_sort_and_insert_as_a_production_expects() -> None:
    assert sorted(["3-2", "3-A1", "3-1B", "3-1", "3-1A", "3-10", "3-1AA"], key=sort_key) == [
        "3-A1", "3-1", "3-1A", "3-1AA", "3-1B", "3-2", "3-10"]
    taken = {"3-1", "3-2", "3-3"}
    assert inserted_number("3-2", "3-3", taken, "x") == "3-2A"
    assert inserted_number("3-2", "3-3", taken | {"3-2A"}, "x") == "3-2B"
    assert inserted_number("3-2A", "3-2B", {"3-2A", "3-2B"}, "x") == "3-2AA"
    assert inserted_number(None, "3-1", taken, "x") == "3-A1"
    assert inserted_number("3-3", None, taken, "x") == "3-4"
    assert inserted_number("3-3", None, taken | {"3-4"}, "x") == "3-3A"  # 3-4 was omitted
    assert inserted_number("12", "13", {"12", "13"}, "x") == "12A"  # a feature's numbers


def test_revision_colours_follow_the_industry_order() -> None:
    names = [revision_colour(i).label(str) for i in range(11)]
    assert names == ["White", "Blue", "Pink", "Yellow", "Green", "Goldenrod", "Buff", "Salmon",
                     "Cherry", "Second Blue", "Second Pink"]
    assert revision_colour(17).label(str) == "Third Blue"
    assert colour_by_slug("second-blue") == revision_colour(9)


def test_locked_numbers_survive_inserts_deletes_and_moves(project: OpenProject) -> None:
    assert _numbers(project) == ["1-1", "1-2", "1-3", "1-4", "1-5"]
    lock_scene_numbers(project)
    assert is_locked(project) and project.history.undo_label == "Lock scene numbers"
    episode = project.episodes()[0].id
    project.run(Create("scene", {"episode_id": episode}, position=2))  # between 1-2 and 1-3
    assert _numbers(project) == ["1-1", "1-2", "1-2A", "1-3", "1-4", "1-5"]
    project.run(Create("scene", {"episode_id": episode}, position=3))  # between 1-2A and 1-3
    assert _numbers(project) == ["1-1", "1-2", "1-2A", "1-2B", "1-3", "1-4", "1-5"]
    project.run(Create("scene", {"episode_id": episode}, position=0))
    assert _numbers(project)[0] == "1-A1"
    third = next(s for s in project.scenes(episode) if s.number == "1-3")
    project.run(Delete("scene", third.id))
    assert "1-3" not in _numbers(project)
    assert [(o.number, o.episode_id) for o in omitted(project)] == [("1-3", episode)]
    project.run(Create("scene", {"episode_id": episode}))  # after 1-5, at the end
    assert _numbers(project)[-1] == "1-6"
    last = project.scenes(episode)[-1]
    project.run(Move("scene", last.id, 1))  # a scene keeps its number wherever it goes
    assert _numbers(project)[:3] == ["1-A1", "1-6", "1-1"]
    project.run(Create("scene", {"episode_id": episode}, position=5))  # 1-2A and 1-2B
    assert _numbers(project)[4:7] == ["1-2A", "1-2AA", "1-2B"]
    # undo brings the deleted scene back with its number, and takes it out of the omitted
    for _ in range(4):
        project.undo()
    assert "1-3" in _numbers(project) and omitted(project) == []
    with pytest.raises(CommandError, match="locked already"):
        lock_scene_numbers(project)


def test_a_deleted_number_is_never_handed_out_again(project: OpenProject) -> None:
    lock_scene_numbers(project)
    episode = project.episodes()[0].id
    project.run(Create("scene", {"episode_id": episode}, position=2))
    added = next(s for s in project.scenes(episode) if s.number == "1-2A")
    project.run(Delete("scene", added.id))
    project.run(Create("scene", {"episode_id": episode}, position=2))
    assert _numbers(project)[2] == "1-2B"  # 1-2A stays OMITTED
    assert [o.number for o in omitted(project)] == ["1-2A"]


# -- revised shooting scripts ----------------------------------------------------------------


def _words(pdf: Path) -> list[list[tuple[float, float, float, str]]]:
    """Each page's words as (x, y, right edge, text), read from the PDF with their positions."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = []
    for page in html.split("<page ")[1:]:
        pages.append([(float(a), float(b), float(c), t) for a, b, c, t in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
            page)])
    return pages


def _marked_lines(pdf: Path, right: bool = True) -> list[tuple[int, str]]:
    """(page, the text of the line) of every line with a ``*`` in its outer margin."""
    found = []
    for number, words in enumerate(_words(pdf), start=1):
        width = max((w[2] for w in words), default=0)
        for x, y, x2, text in words:
            in_margin = x > 595 - 60 if right else x2 < 60
            if text == "*" and in_margin:
                line = sorted((w for w in words if abs(w[1] - y) < 3 and w[3] != "*"),
                              key=lambda w: w[0])
                found.append((number, "".join(w[3] for w in line)))
        del width
    return found


def _revise(project: OpenProject, tmp_path: Path) -> dict[str, str]:
    """Issue the script (White), then make the changes a Blue revision shows."""
    scene = project.scenes()[0]
    action = project.elements(scene.id)[1]
    project.run(Update("element", action.id, {"text": LONG}))
    export(project, ExportOptions(format="pdf", issue=True, date=WHITE_DAY),
           tmp_path / "white.pdf")
    white = store.drafts(project)[0]
    assert (white.issued, white.issued_on, is_locked(project)) == ("white", "2025-03-01", True)
    # a word near the end of the long line: only its last printed line changes
    project.run(Update("element", action.id, {"text": LONG.replace("旧照片", "新照片")}))
    elements = project.elements(scene.id)
    removed = elements[4]
    after_removed = elements[5]
    project.run(Delete("element", removed.id))
    project.run(Create("scene", {"episode_id": scene.episode_id}, position=2))
    added = next(s for s in project.scenes() if s.number == "1-2A")
    project.run(Create("element", {"scene_id": added.id, "kind": "action",
                                   "text": "新的一场：作坊后院。"}))
    gone = next(s for s in project.scenes() if s.number == "1-4")
    project.run(Delete("scene", gone.id))
    return {"white": white.name, "after_removed": after_removed.text}


def test_a_revised_pdf_marks_exactly_the_changed_lines(project: OpenProject, tmp_path: Path
                                                       ) -> None:
    facts = _revise(project, tmp_path)
    pdf = tmp_path / "blue.pdf"
    export(project, ExportOptions(format="pdf", revision=facts["white"], date=BLUE_DAY), pdf)
    marked = _marked_lines(pdf)
    texts = [text for _page, text in marked]
    # the long line is printed on several lines: only the one with the new word is marked
    long_lines = [t for t in texts if "照片" in t]
    assert len(long_lines) == 1 and "新照片" in long_lines[0]
    assert not any("暴雨夜" in t for t in texts)  # its first printed line did not change
    assert any(facts["after_removed"][:6] in t for t in texts)  # where a line was taken out
    assert any(t.startswith("1-2A") for t in texts)  # the new scene's heading
    assert "新的一场：作坊后院。" in "".join(texts).replace("△", "")
    print("TEXTS", texts)
    # the deleted scene keeps its number, OMITTED in the script's own language
    assert any(t.startswith("1-4") and "此场删除" in t for t in texts)
    assert len(marked) == 5
    # the header of every page after the title page names the colour and date
    pages = _words(pdf)
    for words in pages[1:]:
        head = " ".join(w[3] for w in sorted(words, key=lambda w: w[0]) if w[1] < 60)
        assert "蓝色修订" in head and "2025" in head  # in the script's language
    assert not any("蓝色修订" in w[3] and w[1] < 60 for w in pages[0])  # not on the title page
    # nothing is marked in the White issue itself
    assert _marked_lines(tmp_path / "white.pdf") == []


def test_changed_pages_only_keeps_the_title_and_the_marked_pages(project: OpenProject,
                                                                 tmp_path: Path) -> None:
    facts = _revise(project, tmp_path)
    full, pages_only = tmp_path / "full.pdf", tmp_path / "pages.pdf"
    export(project, ExportOptions(format="pdf", revision=facts["white"], date=BLUE_DAY), full)
    export(project, ExportOptions(format="pdf", revision=facts["white"], date=BLUE_DAY,
                                  changed_pages_only=True), pages_only)
    marked_pages = sorted({page for page, _t in _marked_lines(full)})
    kept = _words(pages_only)
    assert len(kept) == 1 + len(marked_pages) < len(_words(full))
    assert all(any(w[3] == "*" for w in words) for words in kept[1:])
    assert _marked_lines(pages_only) and len(_marked_lines(pages_only)) == len(
        _marked_lines(full))
    with pytest.raises(ExportError, match="shooting script PDF"):
        export(project, ExportOptions(format="docx", revision=facts["white"],
                                      changed_pages_only=True), tmp_path / "x.docx")
    with pytest.raises(ExportError, match="--revision"):
        export(project, ExportOptions(format="pdf", changed_pages_only=True), tmp_path / "y.pdf")
    assert not (tmp_path / "x.docx").exists() and not (tmp_path / "y.pdf").exists()


def test_a_late_changed_page_reads_as_in_the_whole_script(project: OpenProject,
                                                          tmp_path: Path) -> None:
    """The pages before a late change are drawn on a canvas that is thrown away, with the same
    words the kept page uses: the kept page must read exactly as in the whole script (the text
    a page writes is reused only within one PDF, whose fonts know its glyphs)."""
    export(project, ExportOptions(format="pdf", issue=True, date=WHITE_DAY),
           tmp_path / "white.pdf")
    white = store.drafts(project)[0]
    last = project.scenes()[-1]
    line = next(e for e in project.elements(last.id) if e.kind == "dialogue")
    project.run(Update("element", line.id, {"text": line.text + "（改）"}))
    full, pages_only = tmp_path / "full.pdf", tmp_path / "pages.pdf"
    export(project, ExportOptions(format="pdf", revision=white.name, date=BLUE_DAY), full)
    export(project, ExportOptions(format="pdf", revision=white.name, date=BLUE_DAY,
                                  changed_pages_only=True), pages_only)
    every, kept = _words(full), _words(pages_only)
    marked = sorted({page for page, _t in _marked_lines(full)})
    assert marked and marked[0] > 3  # thrown-away pages come before the kept one
    assert len(kept) == 1 + len(marked)
    for page, words in zip([1, *marked], kept, strict=True):
        assert [w[3] for w in words] == [w[3] for w in every[page - 1]], page


def test_the_next_issue_is_blue_and_marks_since_it(project: OpenProject, tmp_path: Path) -> None:
    facts = _revise(project, tmp_path)
    export(project, ExportOptions(format="pdf", revision=facts["white"], issue=True,
                                  date=BLUE_DAY), tmp_path / "blue.pdf")
    issued = store.issued_drafts(project)
    assert [(d.issued, d.issued_on) for d in issued] == [("white", "2025-03-01"),
                                                          ("blue", "2025-03-10")]
    assert store.next_colour(project).label(str) == "Pink"
    assert store.colour_after(project, issued[1].name).label(str) == "Pink"
    export(project, ExportOptions(format="pdf", revision=issued[1].name), tmp_path / "p.pdf")
    assert _marked_lines(tmp_path / "p.pdf") == []  # nothing changed since Blue


def test_hollywood_marks_the_cue_or_the_words_that_changed(tmp_path: Path) -> None:
    path = tmp_path / "feature.kiln"
    new_project(path, title="Kiln", layout=ScriptLayout.HOLLYWOOD, source_language="en",
                episodes=1)
    with OpenProject.open(path, backup=False, role=Role.WRITER) as project:
        episode = project.episodes()[0].id
        project.run(Create("character", {"names": {"en": "LIN"}}))
        project.run(Create("character", {"names": {"en": "SHIRIN"}}))
        lin, shirin = (c.id for c in project.characters())
        project.run(Create("scene", {"episode_id": episode}))
        scene = project.scenes()[0].id
        for kind, text, who in (("action", "The kiln glows.", None),
                                ("dialogue", "The cobalt came by sea.", lin),
                                ("dialogue", "My grandfather kept it for forty years.", shirin)):
            project.run(Create("element", {"scene_id": scene, "kind": kind, "text": text,
                                           "speaker_id": who}))
        store.save_draft(project, "Spec")
        first, second = project.elements(scene)[1:]
        project.run(Update("element", first.id, {"text": "The cobalt came by caravan."}))
        project.run(Update("element", second.id, {"speaker_id": lin, "speaker": ""}))
        pdf = tmp_path / "rev.pdf"
        export(project, ExportOptions(format="pdf", revision="Spec"), pdf)
    marked = [text for _p, text in _marked_lines(pdf)]
    assert marked == ["Thecobaltcamebycaravan.", "LIN"]


def test_a_right_to_left_script_is_marked_in_the_left_margin(tmp_path: Path) -> None:
    path = tmp_path / "ar.kiln"
    new_project(path, title="الخزف", source_language="ar", episodes=1)
    with OpenProject.open(path, backup=False, role=Role.WRITER) as project:
        episode = project.episodes()[0].id
        project.run(Create("scene", {"episode_id": episode}))
        scene = project.scenes()[0].id
        project.run(Create("element", {"scene_id": scene, "kind": "action",
                                       "text": "الفرن يتوهج في الليل", "language": "ar"}))
        store.save_draft(project, "A")
        line = project.elements(scene)[0]
        project.run(Update("element", line.id, {"text": "الفرن يتوهج في الفجر"}))
        pdf = tmp_path / "ar.pdf"
        export(project, ExportOptions(format="pdf", revision="A"), pdf)
    assert _marked_lines(pdf, right=True) == []
    assert len(_marked_lines(pdf, right=False)) == 1


def test_docx_and_fdx_keep_the_revision(project: OpenProject, tmp_path: Path) -> None:
    facts = _revise(project, tmp_path)
    docx = tmp_path / "blue.docx"
    export(project, ExportOptions(format="docx", revision=facts["white"], date=BLUE_DAY), docx)
    read = Docx(str(docx))
    marked = [p.text for p in read.paragraphs if p.text.endswith("\t*")]
    assert any("新照片" in t for t in marked) and any(t.startswith("1-2A") for t in marked)
    header = "".join(p.text for section in read.sections for p in section.header.paragraphs)
    assert "蓝色修订" in header
    fdx = tmp_path / "blue.fdx"
    export(project, ExportOptions(format="fdx", revision=facts["white"], date=BLUE_DAY), fdx)
    root = ET.parse(fdx).getroot()
    sets = root.find("Revisions")
    assert sets is not None and sets.get("ActiveSet") == "0"
    (blue,) = sets.findall("Revision")
    assert (blue.get("Name"), blue.get("Mark"), blue.get("Color")) == (
        "蓝色修订", "*", "#A8A8CCCCFFFF")  # named in the script's language
    revised = [t.text for t in root.iter("Text") if t.get("RevisionID") == "0"]
    assert "新" in "".join(revised) and "新的一场：作坊后院。" in revised
    assert all(len(t or "") < 40 for t in revised)  # the changed stretch, not the whole line
    with zipfile.ZipFile(docx) as z:
        assert any("蓝色修订" in z.read(n).decode() for n in z.namelist()
                   if n.startswith("word/header"))
    # Final Draft reads its marks back: Kiln's own reader keeps them for the next export
    back = tmp_path / "back.kiln"
    import_script(fdx, back)
    with OpenProject.open(back, backup=False) as again:
        kept = again.info().title_page[REVISIONS_KEY]
        assert [s["Name"] for s in kept["sets"]] == ["蓝色修订"]
        marked = [e for s in again.scenes() for e in again.elements(s.id)
                  if (e.attrs or {}).get("revisions")]
        assert any(e.text == "新的一场：作坊后院。" for e in marked)
