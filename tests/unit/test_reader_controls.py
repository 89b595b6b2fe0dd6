"""Issue #24, item 9: control characters got through. NUL and ESC after the first 64 KB of an
input reached the project; the FDX export was then invalid XML and ``export --format docx
--notes`` crashed; ESC sequences from a file's name were printed raw to the terminal.

At every reader boundary: a NUL means the file is not text (refused); other control characters
are removed and the line named in a warning; bidi embeddings, overrides and isolates are kept in
the script's words (closed at the end of each) and removed from names and titles; project JSON,
being strict, refuses them with their place. The command line escapes what the file said.
"""

from __future__ import annotations

import io
import json
import sqlite3
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from app.cli.main import run
from app.core.controls import CONTROLS, balanced, for_terminal, label
from app.formats import project_json
from app.formats.common import ImportFailed
from app.formats.project_json import ProjectJsonError
from app.formats.registry import import_script, script_bytes
from app.project.open_project import OpenProject, write_project
from tests.conftest import DATA
from tests.support import attacks

RLO, PDF, LRI, PDI = "\u202e", "\u202c", "\u2066", "\u2069"


def _texts(kiln: Path) -> list[str]:
    """Every text stored in the project file, in every table."""
    found: list[str] = []
    with sqlite3.connect(kiln) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            for row in db.execute(f'SELECT * FROM "{table}"'):  # noqa: S608 - our own tables
                found += [v for v in row if isinstance(v, str)]
    return found


def _padded_fountain(tail: str) -> str:
    """A Fountain script whose first 200,000 characters are clean (beyond the part the old
    check looked at), then ``tail``."""
    line = "Mei lifts the lid of the kiln and looks in at the glaze.\n\n"
    return "Title: Kiln\n\nINT. KILN - NIGHT\n\n" + line * (200_000 // len(line) + 1) + tail


def test_esc_after_the_first_64_kb_is_removed_and_exports_work(tmp_path: Path) -> None:
    """ESC in a line, in a note and a name; C1 and U+FFFF too: removed, each line named; the
    FDX export is well-formed XML and ``export --format docx --notes`` succeeds."""
    source = tmp_path / "late.fountain"
    tail = ("MEI\x1b[31m\nThe glaze\x1b[2J is wrong. [[check\x1b]0;owned\x07 this]]\n\n"
            "Mei waits\x9b1m for dawn\uffff.\n")
    text = _padded_fountain(tail)
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "late.kiln"
    report = import_script(source, out)
    assert not any(CONTROLS.search(t) for t in _texts(out)), "a control character got in"
    warned = [p for p in report.problems if "control characters were removed" in p.reason]
    lines = text.split("\n")
    expected = {n for n, line in enumerate(lines, start=1) if CONTROLS.search(line)}
    assert len(expected) == 3 and min(expected) > 6000
    assert {p.line for p in warned} == expected, [(p.line, p.text) for p in warned]
    assert any("U+001B" in p.reason for p in warned) and any("U+009B" in p.reason
                                                            for p in warned)
    with OpenProject.open(out, read_only=True, backup=False) as project:
        ET.fromstring(script_bytes("fdx", project))  # well-formed: no ESC, no U+FFFF
    docx = tmp_path / "late.docx"
    assert run(["export", str(out), "--format", "docx", "--notes", "--out", str(docx)]) == 0
    assert zipfile.is_zipfile(docx)


@pytest.mark.parametrize("fmt, suffix", [("fountain", ".fountain"), ("zh-text", ".txt")])
def test_a_nul_anywhere_means_the_file_is_not_text(tmp_path: Path, fmt: str,
                                                   suffix: str) -> None:
    source = tmp_path / f"nul{suffix}"
    if fmt == "fountain":
        source.write_text(_padded_fountain("Mei\x00 sleeps.\n"), encoding="utf-8")
    else:
        body = "1-1 日 内 老窑\n" + "△窑火映红了墙。\n" * 20_000 + "梅：\x00这一窑。\n"
        source.write_text(body, encoding="utf-8")
    with pytest.raises(ImportFailed, match="not a text file"):
        import_script(source, tmp_path / "out.kiln", fmt)
    assert not (tmp_path / "out.kiln").exists()


def test_chinese_text_controls_are_removed_with_the_line(tmp_path: Path) -> None:
    source = tmp_path / "zh.txt"
    body = "1-1 日 内 老窑\n" + "△窑火映红了墙。\n" * 20_000 + "梅：这一窑\x1b[0m，不能再坏了。\n"
    source.write_text(body, encoding="utf-8")
    report = import_script(source, tmp_path / "zh.kiln", "zh-text")
    assert not any(CONTROLS.search(t) for t in _texts(tmp_path / "zh.kiln"))
    assert [(p.line, p.text) for p in report.problems if "U+001B" in p.reason] == [
        (20_002, "梅：这一窑[0m，不能再坏了。")]


def test_fdx_controls_xml_lets_through_are_removed(tmp_path: Path) -> None:
    """XML 1.0 refuses ESC, but lets DEL, the C1 range and a reference to CR through."""
    source = tmp_path / "c1.fdx"
    source.write_bytes(attacks.fdx_document(["Mei waits."]).replace(
        b"Mei waits.", b"Mei&#x9b;31m waits&#x7f;.&#13;").replace(
        b'Type="Action"', b'Type="Action" Number="1&#x85;"'))
    report = import_script(source, tmp_path / "c1.kiln", "fdx")
    assert not any(CONTROLS.search(t) for t in _texts(tmp_path / "c1.kiln"))
    assert any("U+009B" in p.reason for p in report.problems)


def test_docx_controls_are_removed(tmp_path: Path) -> None:
    source = tmp_path / "c1.docx"
    source.write_bytes(_docx(["1-1 日 内 老窑", "△窑火\u0085映红了墙\u009b。"]))
    report = import_script(source, tmp_path / "c1.kiln", "docx")
    assert not any(CONTROLS.search(t) for t in _texts(tmp_path / "c1.kiln"))
    assert [p.line for p in report.problems if "U+0085" in p.reason] == [2]


def _docx(lines: list[str]) -> bytes:
    path = io.BytesIO()
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("[Content_Types].xml", attacks.CONTENT_TYPES)
        package.writestr("_rels/.rels", attacks.PACKAGE_RELS)
        package.writestr("word/document.xml", attacks.document_xml(lines))
    return path.getvalue()


# -- the terminal ----------------------------------------------------------------------------


def test_warnings_escape_what_the_file_says(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """A file named with an ESC sequence, whose lines make warnings holding a bidi override:
    the terminal gets escapes, never the characters."""
    source = tmp_path / "\x1b[31mred\x1b[0m.txt"
    source.write_text("《窑火》\n这一行\u202e不认识\n1-1 日 内 老窑\n△窑火\x1b]0;title\x07。\n",
                      encoding="utf-8")
    assert run(["import", str(source), "--out", str(tmp_path / "x.kiln")]) == 0
    printed = capsys.readouterr()
    both = printed.out + printed.err
    assert "\x1b" not in both and "\u202e" not in both and "\x07" not in both
    assert "\\x1b[31mred" in printed.err and "\\u202e" in printed.err


def test_errors_escape_the_file_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "\x1b[2Jbinary\u202e.fountain"
    source.write_bytes(b"\x00\x01\x02binary" * 100 + b"!")  # odd: not UTF-16 either
    assert run(["import", str(source), "--out", str(tmp_path / "x.kiln")]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\u202e" not in err and "not a text file" in err


def test_for_terminal_escapes_controls_and_bidi_but_not_words() -> None:
    assert for_terminal("a\x1b[31mb\u202ec\u2028d\x85e") == "a\\x1b[31mb\\u202ec\\u2028d\\x85e"
    assert for_terminal("梅 مي\u200f\tx\ny") == "梅 مي\u200f\\x09x\\x0ay"
    assert for_terminal("a\nb", keep_newlines=True) == "a\nb"


# -- bidi formatting -------------------------------------------------------------------------


def test_bidi_formatting_is_kept_in_words_and_removed_from_names(tmp_path: Path) -> None:
    source = tmp_path / f"bidi{RLO}.fountain"
    source.write_text(
        f"Title: Kiln{RLO}gnp.exe\n\nINT. KILN{RLO} - NIGHT\n\nME{RLO}I\n"
        f"The word {RLO}reversed stays as written.\n\nREZA\nسلام {LRI}Mei{PDI} خوش آمدی\n",
        encoding="utf-8")
    out = tmp_path / "bidi.kiln"
    report = import_script(source, out)
    with OpenProject.open(out, read_only=True, backup=False) as project:
        info = project.info()
        names = [n for c in project.characters() for n in c.names.values()]
        lines = [e.text for sc in project.scenes() for e in project.elements(sc.id)]
    assert RLO not in info.title and info.title == "Kilngnp.exe"
    assert "MEI" in names and not any(RLO in n for n in names)
    assert f"The word {RLO}reversed stays as written.{PDF}" in lines  # kept, and closed
    assert f"سلام {LRI}Mei{PDI} خوش آمدی" in lines  # a closed isolate is left alone
    assert any("bidi" in p.reason for p in report.problems)


def test_balanced_closes_what_is_left_open() -> None:
    assert balanced("a\u202eb") == "a\u202eb\u202c"
    assert balanced("a\u2067b\u202ec") == "a\u2067b\u202ec\u202c\u2069"
    assert balanced("a\u2067b\u202ec\u2069d") == "a\u2067b\u202ec\u2069d"  # PDI closes both
    assert balanced("plain \u200f mark") == "plain \u200f mark"
    assert label("JA\u202eCK\u2066\x1b") == "JACK"


# -- project JSON, strict ----------------------------------------------------------------------


def _mini() -> dict:
    return json.loads((DATA / "mini.kiln.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "change, where",
    [
        (lambda d: d["episodes"][0]["scenes"][0]["elements"][0].update(text="a\x1bb"),
         "episodes[0].scenes[0].elements[0].text"),
        (lambda d: d["notes"][0].update(body="\x00"), "notes[0].body"),
        (lambda d: d["project"]["title_page"].update({"x\x07": "y"}) if "title_page"
         in d["project"] else d["project"].update(title_page={"x\x07": "y"}),
         "project.title_page.x"),
    ],
)
def test_project_json_refuses_control_characters_with_their_place(change, where: str) -> None:
    data = _mini()
    change(data)
    with pytest.raises(ProjectJsonError, match="control characters") as caught:
        project_json.populator(data, "mini.json")
    assert where in str(caught.value).replace("\x07", "")


def test_project_json_refuses_bidi_formatting_in_names(tmp_path: Path) -> None:
    data = _mini()
    data["characters"][0]["names"]["en"] = f"M{RLO}ei"
    with pytest.raises(ProjectJsonError, match=r"characters\[0\]\.names\.en: .*bidi"):
        project_json.populator(data, "mini.json")
    data = _mini()
    data["episodes"][0]["scenes"][0]["elements"][0]["text"] = f"a {RLO}b{PDF}"  # words: fine
    write_project(tmp_path / "ok.kiln", project_json.populator(data, "mini.json"))
