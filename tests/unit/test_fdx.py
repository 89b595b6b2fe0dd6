"""Final Draft FDX import and export: paragraph types, dual dialogue, numbers, notes, safety."""

from __future__ import annotations

import io
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from app.cli.main import run
from app.formats.common import ImportFailed
from app.formats.fdx.reader import flatten, import_fdx
from app.formats.fountain.reader import import_fountain
from tests.unit.interchange_helpers import DATA, annotations, elements, export, script, to_kiln

FDX = DATA / "all_elements.fdx"
FULL = DATA / "fd_full.fdx"


def _paragraphs(raw: bytes) -> list[tuple[str, str, str | None]]:
    """(type, text, scene number) of every paragraph, dual-dialogue blocks opened up."""
    root = ET.fromstring(raw)
    return [(u.type, u.plain, u.number) for u in flatten(root.find("Content"))]


def _notes(raw: bytes) -> list[str]:
    root = ET.fromstring(raw)
    return sorted("".join(root_text.itertext()).strip() for root_text in root.iter("ScriptNote"))


def test_paragraph_types_map_to_element_kinds() -> None:
    data, report = import_fdx(FDX)
    assert not report
    assert data["project"]["title"] == "The Blue Road"
    assert data["project"]["authors"] == ["Test Writer"]
    assert [ep["title"] for ep in data["episodes"]] == ["Episode One", "Episode Two"]
    scenes = [sc for ep in data["episodes"] for sc in ep["scenes"]]
    assert [sc.get("number") for sc in scenes] == ["1", "2A", "3"]
    assert scenes[0]["summary"] == "Lin finds the letter."
    assert (scenes[0]["setting"], scenes[0]["time_of_day"]) == ("int", "night")
    els = [el for sc in scenes for el in sc["elements"]]
    kinds = [el["kind"] for el in els]
    assert kinds == [
        "action", "dialogue", "dialogue", "dialogue", "dialogue", "caption", "transition",
        "shot", "lyric", "action", "action", "section", "page_break", "flashback_start",
        "action", "flashback_end", "dialogue",
    ]  # fmt: skip
    assert els[0]["text"] == "The kiln glows. Lin sweeps slowly."
    assert els[0]["attrs"] == {"styles": [[27, 33, "italic"]]}
    assert els[2]["attrs"] == {"same_cue": True} and els[2]["parenthetical"] == "beat"
    assert els[3]["extension"] == "VO" and "dual" not in els[3]
    assert els[4]["dual"] is True
    assert els[9]["attrs"] == {"centered": True}
    assert els[10]["attrs"] == {"fdx_type": "Cast List"}
    assert els[11]["attrs"]["fdx_type"] == "End of Act"
    assert els[-1]["extension"] == "OS"
    bodies = {n["body"]: n for n in data["notes"]}
    assert bodies["Is the kiln wood-fired?"]["quote"] == "kiln"
    assert bodies["Is the kiln wood-fired?"]["author"] == "Consultant"
    assert "Check the mine's name." in bodies


def test_fdx_round_trip_keeps_kinds_text_notes_and_numbers(tmp_path: Path) -> None:
    data, _ = import_fdx(FDX)
    kiln = to_kiln(data, tmp_path / "a.kiln", FDX)
    out = export(kiln, "fdx")
    assert _paragraphs(out) == _paragraphs(FDX.read_bytes())
    assert _notes(out) == _notes(FDX.read_bytes())
    again = tmp_path / "again.fdx"
    again.write_bytes(out)
    data2, report = import_fdx(again)
    assert not report
    kiln2 = to_kiln(data2, tmp_path / "b.kiln", again)
    assert elements(kiln2) == elements(kiln)
    assert annotations(kiln2) == annotations(kiln)
    assert export(kiln2, "fdx") == out


def test_sample_project_survives_fdx(tmp_path: Path, sample_kiln: Path) -> None:
    out = tmp_path / "sample.fdx"
    out.write_bytes(export(sample_kiln, "fdx"))
    data, report = import_fdx(out)
    assert not report
    kiln = to_kiln(data, tmp_path / "back.kiln", out)
    strip = [(k, t, s) for k, t, s in elements(sample_kiln) if k != "scene_heading"]
    assert [(k, t, s) for k, t, s in elements(kiln) if k != "scene_heading"] == strip
    assert [body for _, body in annotations(kiln)] == [b for _, b in annotations(sample_kiln)]


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<FinalDraft><Content><Paragraph Type="Action"><Text>&lol3;</Text></Paragraph></Content></FinalDraft>
"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY ext SYSTEM "file:///etc/passwd">]>
<FinalDraft><Content><Paragraph Type="Action"><Text>&ext;</Text></Paragraph></Content></FinalDraft>
"""


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (BOMB, "DTD or XML entities"),
        (EXTERNAL, "DTD or XML entities"),
        (
            BOMB.decode().replace('"1.0"?>', '"1.0" encoding="UTF-16"?>', 1).encode("utf-16"),
            "DTD or XML entities",
        ),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, "not a readable Final Draft file"),
        (b"<html><body>hello</body></html>", "not a Final Draft script"),
    ],
)
def test_unsafe_or_broken_xml_is_refused(tmp_path: Path, content: bytes, expected: str) -> None:
    source = tmp_path / "bad.fdx"
    source.write_bytes(content)
    with pytest.raises(ImportFailed, match=expected):
        import_fdx(source)
    target = tmp_path / "bad.kiln"
    err = io.StringIO()
    assert run(["import", str(source), "--out", str(target)], io.StringIO(), err) == 1
    assert not target.exists() and err.getvalue().count("\n") == 1


def test_cli_exports_fdx(tmp_path: Path, mini_kiln: Path) -> None:
    target = tmp_path / "mini.fdx"
    err = io.StringIO()
    code = run(["export", str(mini_kiln), "--format", "fdx", "--out", str(target)], io.StringIO(),
               err)  # fmt: skip
    assert code == 0, err.getvalue()
    types = [t for t, _, _ in _paragraphs(target.read_bytes())]
    assert types.count("Scene Heading") == 3 and "Dialogue" in types


def _view(raw: bytes) -> dict:
    """What Kiln models of an FDX file, read straight from the XML."""
    root = ET.fromstring(raw)
    content = root.find("Content")
    units = flatten(content)
    text = "".join(u.plain + "\n" for u in units)

    def styled(p: ET.Element) -> list[tuple[str, str, str]]:
        return [(t.text or "", t.get("Style") or "", t.get("RevisionID") or "")
                for t in p.findall("Text") if t.text]

    def merged(p: ET.Element) -> list[tuple[int, int, str, str]]:
        out, at = [], 0  # (start, end, style, revision), runs of equal look joined
        for piece, style, rev in styled(p):
            if out and out[-1][1] == at and out[-1][2:] == (style, rev):
                out[-1] = (out[-1][0], at + len(piece), style, rev)
            else:
                out.append((at, at + len(piece), style, rev))
            at += len(piece)
        return out

    paragraphs = [
        (p.get("Type"), "".join(t.text or "" for t in p.findall("Text")), p.get("Number"),
         merged(p))
        for p in content.iter("Paragraph") if p.get("Type")
    ]
    notes = sorted(
        (text[int(n.get("Range").split(",")[0]):int(n.get("Range").split(",")[1])],
         "".join(n.itertext()).strip(), n.get("WriterName") or "")
        for n in root.findall("ScriptNotes/ScriptNote")
    )
    return {
        "paragraphs": paragraphs,
        "summaries": [u.summary for u in units if u.type == "Scene Heading"],
        "notes": notes,
        "title_page": [styled(p) for p in root.findall("TitlePage/Content/Paragraph")],
        "characters": [c.text for c in root.findall("SmartType/Characters/Character")],
        "revisions": [dict(r.attrib) for r in root.findall("Revisions/Revision")],
        "active_set": (root.find("Revisions").attrib if root.find("Revisions") is not None
                       else {}),
    }


def test_a_final_draft_file_reads_in_full() -> None:
    data, report = import_fdx(FULL)
    assert not report
    project = data["project"]
    assert project["title"] == "THE BLUE ROAD" and project["authors"] == ["Test Writer"]
    assert project["title_page"]["title"] == "_**THE BLUE ROAD**_"  # bold, underlined
    assert [c["names"]["en"] for c in data["characters"]] == ["LIN", "MAHIN", "SHIRIN"]
    scenes = [sc for ep in data["episodes"] for sc in ep["scenes"]]
    # a feature: "1" is the first scene's own number (not locked; written back the same),
    # "1A" is not the second's (locked)
    assert [(sc.get("number"), sc["summary"]) for sc in scenes] == [
        (None, "Lin finds the letter in the kiln."), ("1A", "The harbour"),
    ]  # fmt: skip
    els = scenes[0]["elements"]
    assert els[0]["attrs"] == {"styles": [[9, 14, "bold"]], "revisions": [[14, 29, "1"]]}
    assert [(e["kind"], e["text"], e.get("attrs", {}).get("same_cue")) for e in els[1:5]] == [
        ("dialogue", "This batch cannot crack.", None),
        ("parenthetical", "beat", True),  # after the last line: no empty line of dialogue
        ("lyric", "Blue as a far-off sky", None),  # sung under MAHIN's cue
        ("dialogue", "That was my mother's song.", True),
    ]
    (note,) = data["notes"]
    assert (note["quote"], note["start"], note["author"]) == ("glows", 9, "Parisa")


def test_write_then_read_a_real_final_draft_file_keeps_what_kiln_models(tmp_path: Path) -> None:
    data, _ = import_fdx(FULL)
    kiln = to_kiln(data, tmp_path / "full.kiln", FULL)
    out = export(kiln, "fdx")
    original, written = _view(FULL.read_bytes()), _view(out)
    assert written["paragraphs"] == original["paragraphs"]
    assert written["notes"] == original["notes"]
    assert written["title_page"][0] == original["title_page"][0]  # THE BLUE ROAD, styled
    assert written["characters"] == original["characters"]
    assert written["revisions"] == original["revisions"]
    assert written["active_set"] == original["active_set"]
    assert written["summaries"] == ["Lin finds the letter in the kiln.", "The harbour"]
    again = tmp_path / "again.fdx"
    again.write_bytes(out)
    kiln2 = to_kiln(import_fdx(again)[0], tmp_path / "again.kiln", again)
    assert elements(kiln2) == elements(kiln)
    assert annotations(kiln2) == annotations(kiln)
    first, second = script(kiln), script(kiln2)
    assert [e.attrs for ep in second.episodes for sc in ep.scenes for e in sc.elements] == [
        e.attrs for ep in first.episodes for sc in ep.scenes for e in sc.elements
    ]
    assert second.title_page == first.title_page
    assert export(kiln2, "fdx") == out


def test_emphasis_travels_between_fountain_and_final_draft(tmp_path: Path) -> None:
    data, _ = import_fdx(FULL)
    kiln = to_kiln(data, tmp_path / "full.kiln", FULL)
    fountain = export(kiln, "fountain").decode("utf-8")
    assert "The kiln **glows** [[Wood or gas? Check the glaze.]] and ash falls." in fountain
    assert "This batch _cannot_ crack." in fountain
    assert "***THE SHIP*** sails at dawn." in fountain
    assert "(beat)" in fountain and "~Blue as a far-off sky" in fountain


def _joined(data: dict) -> list[tuple[str, str]]:
    """(kind, text) of every element, the lines under one cue joined as Fountain holds them."""
    out: list[tuple[str, str]] = []
    for ep in data["episodes"]:
        for sc in ep["scenes"]:
            for el in sc["elements"]:
                kind, text = el["kind"], el["text"]
                if kind == "scene_heading" and not text:
                    continue
                same = (el.get("attrs") or {}).get("same_cue") and not el.get("parenthetical")
                if kind == "dialogue" and same and out and out[-1][0] == "dialogue":
                    out[-1] = ("dialogue", f"{out[-1][1]}\n{text}")
                else:
                    out.append((kind, text))
    return out


def test_screenplain_final_draft_files_read_like_their_fountain(tmp_path: Path) -> None:
    """screenplain's expected FDX files (tests/data/peers) are real FDX from another tool."""
    peers = DATA.parent / "peers" / "screenplain"
    pairs = [(f, f.with_suffix(".fountain")) for f in sorted(peers.glob("*.fdx"))]
    assert len(pairs) >= 9
    for fdx, fountain in pairs:
        data, report = import_fdx(fdx)
        assert not report, fdx.name
        assert _joined(data) == _joined(import_fountain(fountain)[0]), fdx.name
