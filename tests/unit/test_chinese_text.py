"""Chinese plain-text and DOCX scripts: the layout, its variants, encodings and bad input."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from app.cli.main import run
from app.core.headings import parse_chinese
from app.formats.chinese_text import import_chinese_text, import_docx, parse_chinese_lines
from app.formats.common import ImportFailed
from tests.unit.interchange_helpers import DATA, elements

TXT = DATA / "zh_layout.txt"


def test_layout_and_variants_are_read() -> None:
    data, report = import_chinese_text(TXT)
    assert data["project"]["title"] == "青花约"
    assert data["project"]["authors"] == ["测试编剧"]
    assert [(p.line, p.text) for p in report.problems] == [(3, "这一行不属于任何场景。")]
    eps = data["episodes"]
    assert [(e["number"], e["title"]) for e in eps] == [(1, "手办风波"), (2, "来信")]
    chars = {c["key"]: c["names"]["zh-Hans"] for c in data["characters"]}
    locs = {c["key"]: c["names"]["zh-Hans"] for c in data["locations"]}
    s1 = eps[0]["scenes"][0]
    assert (s1["setting"], s1["time_of_day"], locs[s1["location"]]) == (
        "ext", "day", "乡村公路/大巴车",
    )  # fmt: skip
    assert [chars[c] for c in s1["cast"]] == ["沈星晴", "村民"]
    els = s1["elements"]
    assert els[0] == {"kind": "action", "text": "一辆旧大巴在山路上颠簸。"}
    assert els[1]["parenthetical"] == "操着方言" and chars[els[1]["speaker"]] == "村民"
    assert els[2]["extension"] == "OS" and els[2]["text"] == "这地方真远。"
    assert els[3]["extension"] == "VO"  # 内心OS is a voice-over
    assert els[4] == {"kind": "caption", "text": "湖南 · 青石镇"}
    assert [e["kind"] for e in els[5:8]] == ["flashback_start", "action", "flashback_end"]
    assert els[8] == {"kind": "action", "text": "窗外下起了雨。"}
    s2, s3, s4 = eps[1]["scenes"]
    assert (s2["setting"], s2["time_of_day"], locs[s2["location"]]) == ("ext", "day", "校门口")
    assert s2["elements"][0]["extension"] == "VO" and s2["elements"][0]["parenthetical"] == "轻声"
    assert (s3["setting"], s3["time_of_day"], locs[s3["location"]]) == ("int", "night", "学校走廊")
    assert (s4["setting"], s4["time_of_day"], locs[s4["location"]]) == ("int", "night", "卧室")


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        ("1-1 日 外 乡村公路/大巴车", ("ext", "day", "乡村公路/大巴车", None)),
        ("2-3 夜 内 卧室", ("int", "night", "卧室", "2-3")),
        ("第一场 外/日 校门口", ("ext", "day", "校门口", "1")),
        ("第十二场 内 夜 老街", ("int", "night", "老街", "12")),
        ("地点，日，内", ("int", "day", "地点", None)),
        ("3、夜 内 卧室", ("int", "night", "卧室", "3")),
        ("5 外 黄昏 江边", ("ext", "dusk", "江边", "5")),
    ],
)
def test_scene_heading_variants(line: str, fields: tuple) -> None:
    h = parse_chinese(line)
    assert h is not None
    setting, time, location, number = fields
    assert (h.setting, h.time_of_day, h.location) == (setting, time, location)
    if number is not None:
        assert h.number == number


@pytest.mark.parametrize("line", ["他在屋内等着。", "沈星晴：日子还长。", "△夜色很深。"])
def test_ordinary_lines_are_not_headings(line: str) -> None:
    assert parse_chinese(line) is None


def test_scene_numbers_that_differ_from_the_position_are_kept(tmp_path: Path) -> None:
    lines = ["第一集", "1-1 日 内 客厅", "△甲。", "1-5 夜 外 院子", "△乙。"]
    data, _ = parse_chinese_lines(lines, tmp_path / "x.txt")
    scenes = data["episodes"][0]["scenes"]
    assert "number" not in scenes[0] and scenes[1]["number"] == "1-5"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le"])
def test_encodings(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "script.txt"
    text = TXT.read_text(encoding="utf-8")
    if encoding == "utf-16-le":  # no BOM: found by the zero bytes
        path.write_bytes(text.encode("utf-16-le"))
    else:
        path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    data, report = import_chinese_text(path)
    reference, _ = import_chinese_text(TXT)
    assert data["episodes"] == reference["episodes"]
    assert [p.line for p in report.problems] == [3]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "第一集\n1-1 日 内 客厅\n".encode("big5", errors="ignore") + "Ça été".encode("cp1252"),
            "not in an encoding",
        ),
        (bytes(range(256)) * 40, "not a text file"),
    ],
)
def test_wrong_encoding_and_junk(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ImportFailed, match=expected):
        import_chinese_text(path)


def test_forced_wrong_encoding_is_one_message(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes(TXT.read_text(encoding="utf-8").encode("gb18030"))
    target = tmp_path / "x.kiln"
    err = io.StringIO()
    code = run(["import", str(path), "--out", str(target), "--format", "zh-text",
                "--encoding", "utf-8"], io.StringIO(), err)  # fmt: skip
    assert code == 1 and not target.exists()
    assert "UTF-8" in err.getvalue() and err.getvalue().count("\n") == 1


def test_docx_reads_the_same_layout(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    for line in TXT.read_text(encoding="utf-8").split("\n"):
        document.add_paragraph(line)
    path = tmp_path / "script.docx"
    document.save(str(path))
    data, report = import_docx(path)
    reference, _ = import_chinese_text(TXT)
    assert data["episodes"] == reference["episodes"]
    assert [p.line for p in report.problems] == [3]


def test_a_damaged_docx_is_one_message(tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ImportFailed, match="not a Word"):
        import_docx(path)


def test_cli_guesses_the_chinese_layout_and_writes_the_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "zh.kiln"
    assert run(["import", str(TXT), "--out", str(target)]) == 0
    assert "line 3" in capsys.readouterr().err
    kinds = [k for k, _, _ in elements(target)]
    assert kinds.count("dialogue") == 5 and kinds.count("caption") == 1


def test_nothing_usable_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("只是一些文字，\n没有场景。\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match="no scene"):
        import_chinese_text(path)
