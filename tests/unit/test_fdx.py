"""Final Draft FDX import and export: paragraph types, dual dialogue, numbers, notes, safety."""

from __future__ import annotations

import io
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from app.cli.main import run
from app.formats.common import ImportFailed
from app.formats.fdx.reader import flatten, import_fdx
from tests.unit.interchange_helpers import DATA, annotations, elements, export, to_kiln

FDX = DATA / "all_elements.fdx"


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
    assert els[0]["text"] == "The kiln glows. Lin sweeps *slowly*."
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
