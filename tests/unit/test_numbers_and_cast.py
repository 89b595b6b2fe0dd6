"""Scene numbers, cast lines and the title page travel through Fountain and Final Draft (#17).

Every heading Kiln writes carries the number the shooting script prints; reading it back locks
only a number that differs from the one the scene's place gives. A scene's cast is written
where each format can hold it (``人物：A、B`` under a Chinese Fountain heading, a
``[[CAST: …]]`` note under a Hollywood one, a Final Draft ``Cast List``) and read back. The FDX
title page carries every field Kiln has.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree as ET

from app.formats import project_json
from app.formats.fdx.reader import flatten, import_fdx
from app.formats.fountain.reader import import_fountain, parse_fountain
from app.formats.registry import import_script
from app.formats.script_source import gather
from app.project.open_project import OpenProject, write_project
from tests.unit.interchange_helpers import DATA, annotations, export, to_kiln

SCREENPLAY = DATA / "the_library_freak_out.fountain"


def _scenes(path: Path) -> list[tuple[str | None, list[str]]]:
    """(locked number, cast names) of every scene in order."""
    with OpenProject.open(path, read_only=True, backup=False) as project:
        script = gather(project)
        names = {c.id: c.name(script.info.source_language) for c in project.characters()}
    return [(sc.locked_number, [names[c] for c in sc.record.cast])
            for ep in script.episodes for sc in ep.scenes]


def _printed(path: Path) -> list[str]:
    with OpenProject.open(path, read_only=True, backup=False) as project:
        return [sc.number for ep in gather(project).episodes for sc in ep.scenes]


def test_the_sample_keeps_its_numbers_and_cast_through_fountain(
    tmp_path: Path, sample_kiln: Path
) -> None:
    text = export(sample_kiln, "fountain").decode("utf-8")
    before = _scenes(sample_kiln)
    assert sum(bool(cast) for _, cast in before) >= 20
    # 人物：林青禾、沈墨 right under 1-1's heading, as a Chinese script writes it
    assert re.search(r"^\.1-1 夜 内 林家老作坊\n\n人物：林青禾、沈墨\n", text, re.MULTILINE)
    source = tmp_path / "sample.fountain"
    source.write_text(text, encoding="utf-8")
    data, report = import_fountain(source)
    assert not report
    back = to_kiln(data, tmp_path / "back.kiln", source)
    assert _scenes(back) == before
    assert _printed(back) == _printed(sample_kiln)
    assert not any("人物" in body for _, body in annotations(back))


def test_the_sample_keeps_its_numbers_and_cast_through_final_draft(
    tmp_path: Path, sample_kiln: Path
) -> None:
    raw = export(sample_kiln, "fdx")
    units = flatten(ET.fromstring(raw).find("Content"))
    headings = [u for u in units if u.type == "Scene Heading"]
    assert [u.number for u in headings] == _printed(sample_kiln)
    first = units.index(headings[0])
    assert (units[first + 1].type, units[first + 1].text) == ("Cast List", "林青禾、沈墨")
    source = tmp_path / "sample.fdx"
    source.write_bytes(raw)
    data, report = import_fdx(source)
    assert not report
    back = to_kiln(data, tmp_path / "back.kiln", source)
    assert _scenes(back) == _scenes(sample_kiln)
    assert export(back, "fdx") == raw


def test_a_hollywood_cast_is_a_note_under_the_heading(tmp_path: Path) -> None:
    data, _ = parse_fountain("INT. KILN - NIGHT\n\n[[CAST: LIN, OLD SHEN]]\n\nLIN waits.\n\n"
                             "LIN\nIt is late.\n", Path("cast.fountain"))
    scene = data["episodes"][0]["scenes"][0]
    keys = {c["key"]: c["names"]["en"] for c in data["characters"]}
    assert [keys[k] for k in scene["cast"]] == ["LIN", "OLD SHEN"]
    assert data["notes"] == []  # the cast note is the cast, not an annotation
    kiln = to_kiln(data, tmp_path / "cast.kiln")
    text = export(kiln, "fountain").decode("utf-8")
    assert "INT. KILN - NIGHT #1#\n\n[[CAST: LIN, OLD SHEN]]\n\nLIN waits." in text
    # a Final Draft Cast List under the heading, read back as the cast
    fdx = tmp_path / "cast.fdx"
    fdx.write_bytes(export(kiln, "fdx"))
    assert b'<Paragraph Type="Cast List">' in fdx.read_bytes()
    back = to_kiln(import_fdx(fdx)[0], tmp_path / "back.kiln", fdx)
    assert _scenes(back) == _scenes(kiln) == [(None, ["LIN", "OLD SHEN"])]


def test_a_cast_list_elsewhere_stays_a_paragraph() -> None:
    data, _ = import_fdx(DATA / "all_elements.fdx")
    scenes = [sc for ep in data["episodes"] for sc in ep["scenes"]]
    assert not any(sc.get("cast") for sc in scenes)
    kept = [el for sc in scenes for el in sc["elements"]
            if (el.get("attrs") or {}).get("fdx_type") == "Cast List"]
    assert [el["text"] for el in kept] == ["LIN, SHIRIN, MAHIN"]


def test_a_real_screenplay_is_numbered_from_its_first_heading(tmp_path: Path) -> None:
    kiln = tmp_path / "freak.kiln"
    import_script(SCREENPLAY, kiln)
    # "> FADE IN:" before the first heading is kept in a scene of its own, which a film does
    # not number: the three headings are 1, 2, 3 in the script, Fountain and FDX alike
    assert _printed(kiln) == ["", "1", "2", "3"]
    text = export(kiln, "fountain").decode("utf-8")
    assert re.findall(r"^(.*) #(\d+)#$", text, re.MULTILINE) == [
        ("EXT. LIBRARY--DAY", "1"), ("INT. LIBRARY--DAY", "2"), ("EXT. LIBRARY--DAY", "3")]
    units = flatten(ET.fromstring(export(kiln, "fdx")).find("Content"))
    assert [u.number for u in units if u.type == "Scene Heading"] == ["1", "2", "3"]
    assert not any(number for number, _ in _scenes(kiln))


FIELDS = {
    "format": project_json.FORMAT,
    "version": project_json.VERSION,
    "project": {
        "title": "The Blue Road",
        "source_language": "en",
        "layout": "hollywood",
        "authors": ["Test Writer", "Second Writer"],
        "logline": "A potter keeps a promise made forty years ago.",
        "draft": "Second draft",
        "registration_number": "WGA 123456",
        "title_page": {
            "credit": "Screenplay by",
            "source": "Based on a story by Kiln's tests",
            "draft_date": "23 November 2026",
            "contact": "Kiln Test Studio\ntest@example.org",
            "copyright": "(c) 2026 Kiln contributors",
            "notes": "For the tests only",
        },
    },
    "episodes": [{"number": 1, "title": "", "scenes": [
        {"setting": "int", "time_of_day": "night", "location": "kiln",
         "elements": [{"kind": "action", "text": "The kiln glows."}]}]}],
    "locations": [{"key": "kiln", "names": {"en": "KILN"}}],
}


def test_the_final_draft_title_page_carries_every_field(tmp_path: Path) -> None:
    kiln = tmp_path / "fields.kiln"
    write_project(kiln, project_json.populator(FIELDS, "fields.json"))
    raw = export(kiln, "fdx")
    page = [(p.get("Alignment"), "".join(t.text or "" for t in p.findall("Text")))
            for p in ET.fromstring(raw).findall("TitlePage/Content/Paragraph")]
    assert page == [
        ("Center", "The Blue Road"),
        ("Center", "Screenplay by"),
        ("Center", "Test Writer\nSecond Writer"),
        ("Center", "Source: Based on a story by Kiln's tests"),
        ("Center", "Logline: A potter keeps a promise made forty years ago."),
        ("Left", "Contact: Kiln Test Studio\ntest@example.org"),
        ("Left", "Copyright: (c) 2026 Kiln contributors"),
        ("Left", "Notes: For the tests only"),
        ("Left", "Registration: WGA 123456"),
        ("Right", "Draft: Second draft"),
        ("Right", "Draft date: 23 November 2026"),
    ]
    source = tmp_path / "fields.fdx"
    source.write_bytes(raw)
    data, report = import_fdx(source)
    assert not report
    project = data["project"]
    for key in ("title", "authors", "logline", "draft", "registration_number"):
        assert project[key] == FIELDS["project"][key], key
    assert project["title_page"] == FIELDS["project"]["title_page"]
    # and Fountain's title page keeps them too (the logline as Kiln's own Logline: key)
    text = export(kiln, "fountain").decode("utf-8")
    assert "Logline: A potter keeps a promise made forty years ago." in text
    fountain = tmp_path / "fields.fountain"
    fountain.write_text(text, encoding="utf-8")
    again = import_fountain(fountain)[0]["project"]
    for key in ("title", "authors", "logline", "draft", "registration_number"):
        assert again[key] == FIELDS["project"][key], key
    assert {k: v for k, v in again["title_page"].items() if not k.startswith("_")} == (
        FIELDS["project"]["title_page"])


def test_unlabelled_final_draft_title_lines_stay_notes() -> None:
    data, _ = import_fdx(DATA / "fd_full.fdx")
    assert data["project"]["title_page"]["notes"] == "Kiln Test Studio"
