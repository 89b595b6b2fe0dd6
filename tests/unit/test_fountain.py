"""Fountain import and export: every element kind, round-trip stability, encodings, bad input."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from app.cli.main import run
from app.core.headings import parse_hollywood
from app.formats.common import ImportFailed
from app.formats.fountain.reader import import_fountain, parse_fountain
from tests.unit.interchange_helpers import DATA, annotations, elements, export, script, to_kiln

ALL = DATA / "all_elements.fountain"
ZH = DATA / "chinese.fountain"
REAL = DATA / "the_library_freak_out.fountain"  # public domain, see tests/data/interchange


def _scenes(data: dict) -> list[dict]:
    return [sc for ep in data["episodes"] for sc in ep["scenes"]]


def _els(data: dict) -> list[dict]:
    return [el for sc in _scenes(data) for el in sc["elements"]]


def test_every_element_kind_is_read() -> None:
    data, report = import_fountain(ALL)
    project = data["project"]
    assert project["title"] == "The Blue Road"
    assert project["authors"] == ["Test Writer"]
    assert project["layout"] == "hollywood" and project["source_language"] == "en"
    # Level-1 sections are episodes.
    assert [ep["title"] for ep in data["episodes"]] == ["Episode One: The Letter", "Episode Two"]
    scenes = _scenes(data)
    workshop = scenes[1]
    assert (workshop["setting"], workshop["time_of_day"], workshop["number"]) == (
        "int", "night", "1-1",
    )  # fmt: skip
    assert workshop["summary"] == "Lin finds the letter hidden in the kiln."
    # Text before the first heading lives in a heading-less scene.
    assert scenes[0]["elements"][0] == {"kind": "scene_heading", "text": ""}
    assert scenes[0]["elements"][1]["text"] == "FADE IN:"
    els = _els(data)
    kinds = {el["kind"] for el in els}
    assert kinds >= {
        "action", "dialogue", "transition", "caption", "lyric", "section", "page_break",
        "flashback_start", "flashback_end", "scene_heading",
    }  # fmt: skip
    chars = {c["key"]: c["names"]["en"] for c in data["characters"]}
    dialogue = [el for el in els if el["kind"] == "dialogue"]
    first, second = dialogue[0], dialogue[1]
    assert (chars[first["speaker"]], first["parenthetical"], first["text"]) == (
        "LIN", "quietly", "This batch cannot crack.",
    )  # fmt: skip
    assert second["parenthetical"] == "beat" and second["attrs"] == {"same_cue": True}
    assert dialogue[2]["extension"] == "VO"
    assert dialogue[3]["dual"] is True
    assert chars[dialogue[4]["speaker"]] == "McCLANE" and dialogue[4]["extension"] == "CONT'D"
    assert dialogue[5]["extension"] == "OS"
    forced = next(el for el in els if el["text"].startswith("THE LETTER"))
    assert forced["kind"] == "action"
    assert {"kind": "caption", "text": "Jingdezhen, 1402"} in els
    transitions = [el["text"] for el in els if el["kind"] == "transition"]
    assert transitions == ["CUT TO:", "SMASH CUT TO:"]
    lyric = next(el for el in els if el["kind"] == "lyric")
    assert lyric["text"] == "Over the sea the cobalt came\nBlue as a far-off sky"
    centered = next(el for el in els if el.get("attrs", {}).get("centered"))
    assert centered["text"] == "THE END OF THE SONG"
    section = next(el for el in els if el["kind"] == "section")
    assert section["attrs"] == {"section_level": 2} and section["text"] == "Act Two"
    # A forced heading the fields cannot express keeps its words.
    assert {"kind": "scene_heading", "text": "SNIPER SCOPE POV"} in [
        {"kind": el["kind"], "text": el["text"]} for el in els
    ]
    assert {"kind": "scene_heading", "text": "EXT. HILLSIDE - MORNING"} in els
    # Emphasis becomes style ranges of plain text.
    walk = next(el for el in els if el["text"].startswith("Lin walks"))
    assert walk["text"] == "Lin walks slowly up the steep path."
    assert walk["attrs"]["styles"] == [[10, 16, "italic"], [24, 29, "bold"], [30, 34, "underline"]]
    # Notes: one inline (on the words before it), one standalone (after the line before it).
    notes = {n["body"]: n for n in data["notes"]}
    assert sorted(notes) == [
        "A standalone note after the transition.",
        "Check the kiln type with the consultant.",
    ]
    assert notes["Check the kiln type with the consultant."]["quote"] == "floor."
    assert notes["A standalone note after the transition."]["quote"] == ""
    # Boneyard is kept (never printed) after the element it followed; nothing is reported.
    sniper = next(el for el in els if el["text"] == "SNIPER SCOPE POV")
    assert sniper["attrs"]["boneyard"] == [
        {"place": "after", "text": " An old version of this scene\nthat we cut. "}
    ]
    assert not report


def test_notes_land_on_their_lines_in_the_project(tmp_path: Path) -> None:
    data, _ = import_fountain(ALL)
    kiln = to_kiln(data, tmp_path / "a.kiln", ALL)
    assert annotations(kiln) == [
        ("SMASH CUT TO:", "A standalone note after the transition."),
        (
            "The kiln glows. LIN (30s) sweeps ash from the floor.",
            "Check the kiln type with the consultant.",
        ),
    ]


def test_title_page_fields_are_kept(tmp_path: Path) -> None:
    data, _ = import_fountain(ALL)
    kiln = to_kiln(data, tmp_path / "a.kiln", ALL)
    page = script(kiln).title_page
    assert page["contact"] == "Kiln Test Studio\ntest@example.org"
    assert page["draft_date"] == "23 November 2026" and page["credit"] == "Written by"
    text = export(kiln, "fountain").decode("utf-8")
    assert "Contact:\n    Kiln Test Studio\n    test@example.org" in text
    assert "Draft date: 23 November 2026" in text


@pytest.mark.parametrize("fixture", [ALL, ZH, REAL])
def test_fountain_round_trip_is_stable_after_the_first_pass(tmp_path: Path, fixture: Path) -> None:
    data, _ = import_fountain(fixture)
    first = export(to_kiln(data, tmp_path / "1.kiln", fixture), "fountain")
    again = tmp_path / "again.fountain"
    again.write_bytes(first)
    data2, report = import_fountain(again)
    assert not report
    kiln2 = to_kiln(data2, tmp_path / "2.kiln", again)
    assert export(kiln2, "fountain") == first
    assert elements(kiln2) == elements(tmp_path / "1.kiln")
    assert annotations(kiln2) == annotations(tmp_path / "1.kiln")


def test_crlf_and_lf_read_the_same() -> None:
    text = ALL.read_text(encoding="utf-8")
    lf, _ = parse_fountain(text, ALL)
    crlf, _ = parse_fountain(text.replace("\n", "\r\n"), ALL)
    assert lf == crlf


def test_chinese_fountain_with_full_width_punctuation() -> None:
    data, report = import_fountain(ZH)
    assert not report
    assert data["project"]["layout"] == "zh" and data["project"]["source_language"] == "zh-Hans"
    chars = {c["key"]: c["names"]["zh-Hans"] for c in data["characters"]}
    els = _els(data)
    first = next(el for el in els if el["kind"] == "dialogue")
    assert chars[first["speaker"]] == "沈星晴"
    assert (first["extension"], first["parenthetical"]) == ("OS", "低声")
    assert els[0] == {"kind": "action", "text": "窑火映红了墙。"}  # △ is layout, not text
    assert {"kind": "caption", "text": "景德镇 · 1402年"} in els
    assert {"kind": "flashback_start", "text": "闪回"} in els
    assert {"kind": "flashback_end", "text": "闪回结束"} in els
    assert {"kind": "transition", "text": "切至："} in els
    scenes = _scenes(data)
    assert (scenes[0]["setting"], scenes[0]["time_of_day"]) == ("int", "night")
    assert (scenes[1]["setting"], scenes[1]["time_of_day"], scenes[1]["number"]) == (
        "ext", "day", "2",
    )  # fmt: skip
    assert els[-1]["dual"] is True
    assert data["notes"][0]["body"] == "请顾问确认拉坯工艺。"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030", "utf-16"])
def test_chinese_fountain_in_other_encodings(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "zh.fountain"
    path.write_bytes(ZH.read_text(encoding="utf-8").encode(encoding))
    assert import_fountain(path)[0]["episodes"] == import_fountain(ZH)[0]["episodes"]


def _cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(argv, out, err)
    return code, out.getvalue(), err.getvalue()


def test_cli_import_writes_a_project_and_says_the_encoding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "blue.kiln"
    code, out, _ = _cli(["import", str(ALL), "--out", str(target)])
    assert code == 0 and target.exists()
    assert "blue.kiln" in out and "UTF-8" in out
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (os.urandom(4096) + b"\x00\x01\x02", "not a text file"),
        ("Ceci est un café très fort.\n".encode("cp1252") * 5, "not in an encoding"),
        ("シーン１\n".encode("shift_jis") * 5, "not in an encoding"),
    ],
)
def test_bad_input_gives_one_message_and_no_project(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    source = tmp_path / "bad.fountain"
    source.write_bytes(content)
    target = tmp_path / "bad.kiln"
    with pytest.raises(ImportFailed, match=expected):
        import_fountain(source)
    code, _, err = _cli(["import", str(source), "--out", str(target)])
    assert code == 1 and not target.exists()
    assert err.count("\n") == 1 and expected in err


def test_a_50_mb_file_is_refused_before_reading(tmp_path: Path) -> None:
    source = tmp_path / "huge.fountain"
    with source.open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    target = tmp_path / "huge.kiln"
    code, _, err = _cli(["import", str(source), "--out", str(target)])
    assert code == 1 and not target.exists()
    assert "50 MB" in err and err.count("\n") == 1


def test_export_command_writes_fountain(tmp_path: Path, sample_kiln: Path) -> None:
    target = tmp_path / "sample.fountain"
    code, _, err = _cli(["export", str(sample_kiln), "--format", "fountain", "--out", str(target)])
    assert code == 0, err
    text = target.read_text(encoding="utf-8")
    assert text.startswith("Title: 青花约")
    data, _ = import_fountain(target)
    assert len(data["episodes"]) == 6


def test_a_real_screenplay_reads_cleanly(tmp_path: Path) -> None:
    data, report = import_fountain(REAL)
    assert not report
    assert data["project"]["title"] == "THE LIBRARY FREAK-OUT"
    assert data["project"]["authors"] == ["Richard Alexander Hall"]
    kiln = to_kiln(data, tmp_path / "real.kiln", REAL)
    els = elements(kiln)
    speakers = {s for k, _, s in els if k == "dialogue"}
    assert {"CHALF", "NAR", "YOR", "CHARYA", "THRAIN", "PATRONS THREE AND FOUR"} <= speakers
    assert sum(k == "dialogue" for k, _, _ in els) == 51
    assert ("transition", "FADE IN:", "") in els and ("transition", "FADE OUT:", "") in els
    assert ("action", "THE END", "") in els
    sung = next(t for k, t, s in els if k == "dialogue" and t.startswith("Neema"))
    assert sung.count("\n") == 3


@pytest.mark.parametrize(
    ("line", "fields", "exact"),
    [
        ("INT. HOUSE - NIGHT", ("int", "night", "HOUSE"), True),
        ("EXT. LIBRARY--DAY", ("ext", "day", "LIBRARY"), False),
        ("INT./EXT. CAR - DUSK", ("int_ext", "dusk", "CAR"), True),
        ("I/E BUS - DAWN", ("int_ext", "dawn", "BUS"), False),
        ("int. kitchen - day", ("int", "day", "kitchen"), False),
        ("EXT. ROAD", ("ext", "day", "ROAD"), False),
    ],
)
def test_hollywood_headings(line: str, fields: tuple, exact: bool) -> None:
    h = parse_hollywood(line)
    assert (h.setting, h.time_of_day, h.location) == fields
    assert h.exact is exact


@pytest.mark.parametrize(
    ("line", "fields", "complete"),
    [
        # the time word inside a longer time part
        ("INT. WILL'S BEDROOM - NIGHT (1973)", ("night", "WILL'S BEDROOM"), True),
        ("INT. HOUSE - LATER THAT NIGHT", ("night", "HOUSE"), True),
        ("EXT. PIER - DAWN, 1402", ("dawn", "PIER"), True),
        ("INT. HOUSE - NIGHT - CONTINUOUS", ("night", "HOUSE"), True),
        ("EXT. HILLSIDE - MORNING", ("day", "HILLSIDE"), True),
        ("EXT. ROOF - SUNSET", ("dusk", "ROOF"), True),
        # no time word: the field keeps its default, complete says there was none
        ("EXT. ALLEY - CONTINUOUS", ("day", "ALLEY"), False),
        ("INT. HOUSE - MOMENTS LATER", ("day", "HOUSE"), False),
        ("INT. HOUSE - LATER", ("day", "HOUSE"), False),
    ],
)
def test_a_time_word_inside_a_longer_time_part(line: str, fields: tuple, complete: bool) -> None:
    h = parse_hollywood(line)
    assert (h.time_of_day, h.location) == fields
    assert h.complete is complete and h.exact is False  # the heading is kept as written


def test_a_heading_with_a_year_keeps_its_words_and_its_night(tmp_path: Path) -> None:
    data, _ = parse_fountain("INT. WILL'S BEDROOM - NIGHT (1973)\n\nWill sleeps.\n\n"
                             "EXT. ALLEY - CONTINUOUS\n\nRain.", Path("t.fountain"))
    scenes = data["episodes"][0]["scenes"]
    assert [sc["time_of_day"] for sc in scenes] == ["night", "day"]
    assert [sc["elements"][0]["text"] for sc in scenes] == [
        "INT. WILL'S BEDROOM - NIGHT (1973)", "EXT. ALLEY - CONTINUOUS"]


def test_the_sample_project_survives_fountain(tmp_path: Path, sample_kiln: Path) -> None:
    first = tmp_path / "sample.fountain"
    first.write_bytes(export(sample_kiln, "fountain"))
    data, report = import_fountain(first)
    assert not report
    back = to_kiln(data, tmp_path / "back.kiln", first)

    def shots_as_action(path: Path) -> list[tuple[str, str, str]]:
        # Fountain has no shot element: shots come back as action.
        return [("action" if k == "shot" else k, t, s) for k, t, s in elements(path)]

    assert shots_as_action(back) == shots_as_action(sample_kiln)
    assert [b for _, b in annotations(back)] == [b for _, b in annotations(sample_kiln)]
    again = tmp_path / "again.fountain"
    again.write_bytes(export(back, "fountain"))
    data2, _ = import_fountain(again)
    assert export(to_kiln(data2, tmp_path / "again.kiln", again), "fountain") == again.read_bytes()
