"""Chinese scripts as they are really written: the front matter of a 短剧 script, the platform
variant, one-scene files, Windows Notepad encodings, and what an import says it did."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from app.cli.main import run
from app.formats.chinese_text import import_chinese_text, parse_chinese_lines
from app.formats.fdx.reader import import_fdx
from app.formats.registry import guess_format
from app.project.open_project import OpenProject
from tests.unit.interchange_helpers import DATA, elements, export, script, to_kiln

PREAMBLE = DATA / "zh_preamble.txt"
PLATFORM = DATA / "zh_platform.txt"
ONE_SCENE = DATA / "zh_one_scene.txt"


def _scenes(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [sc for ep in data["episodes"] for sc in ep["scenes"]]


def _cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(argv, out, err)
    return code, out.getvalue(), err.getvalue()


def test_the_front_matter_fills_title_logline_characters_and_episodes(tmp_path: Path) -> None:
    data, report = import_chinese_text(PREAMBLE)
    assert not report, report.lines()
    project = data["project"]
    assert project["title"] == "窑火传人"
    assert project["logline"].startswith("景德镇老窑厂的最后一位把桩师傅病倒")
    assert project["logline"].endswith("找回了祖辈的手艺。")
    people = {c["names"]["zh-Hans"]: (c.get("age"), c.get("description")) for c in
              data["characters"]}
    assert len(people) == 6
    assert people["林晚"] == ("24", "女主角，设计师，倔强，嘴硬心软。")
    assert people["林守义"][0] == "72"
    # a bio over two lines
    assert people["小满"] == ("12", "窑厂学徒的女儿，好奇心重，\n总跟在林晚身后。")
    assert [(e["number"], e["title"]) for e in data["episodes"]] == [(1, "回镇"), (2, "表哥")]
    assert len(_scenes(data)) == 5
    # Into a real project file, and out again on the command line.
    target = tmp_path / "yao.kiln"
    code, out, err = _cli(["import", str(PREAMBLE), "--out", str(target)])
    assert code == 0 and err == "" and "UTF-8" in out
    code, out, _ = _cli(["stats", str(target), "--json"])
    stats = json.loads(out)
    assert stats["characters"] == 6 and stats["totals"]["characters"] == 6
    assert stats["logline"] == project["logline"]
    assert stats["totals"]["scenes"] == 5
    ages = {c.name("zh-Hans"): c.age for c in _characters(target)}
    assert ages["赵总"] == "45"


def _characters(path: Path) -> list[Any]:
    with OpenProject.open(path, read_only=True, backup=False) as project:
        return project.characters()


def test_the_platform_variant(tmp_path: Path) -> None:
    data, report = import_chinese_text(PLATFORM)
    assert not report, report.lines()
    assert data["project"]["authors"] == ["测试编剧"]
    assert data["project"]["title_page"] == {"类型": "都市/非遗", "集数": "60集"}
    names = {c["key"]: c["names"]["zh-Hans"] for c in data["characters"]}
    places = {c["key"]: c["names"]["zh-Hans"] for c in data["locations"]}
    s1, s2, s3, s4 = _scenes(data)
    # 1-1场 地点 日 外: the number is not the place, and 1-1 is where the scene is anyway.
    assert (s1["setting"], s1["time_of_day"], places[s1["location"]]) == ("ext", "day", "镇口石桥")
    assert "number" not in s1 and "number" not in s2
    els = s1["elements"]
    assert els[0] == {"kind": "action", "text": "一辆旧大巴停在桥头，沈星晴提着箱子下车。"}  # ▲
    said = [(names.get(e.get("speaker"), ""), e.get("extension", ""), e.get("parenthetical", ""),
             e["text"]) for e in els if e["kind"] == "dialogue"]
    assert said == [
        ("阿满", "", "挥手", "星晴姐！"),
        ("沈星晴", "", "冷笑", "你还记得我？"),  # 角色（冷笑）： is a parenthetical
        ("沈星晴", "OS", "", "十年了，这里一点没变。"),  # 角色OS：
        ("", "VO", "", "那一年，镇上的窑还在冒烟。"),  # VO： an unnamed voice
        ("阿满", "", "", "记得！"),  # two speakers on one line
        ("沈星晴", "", "", "那就好。"),
    ]
    assert not {"VO", "画外音", "沈星晴OS"} & set(names.values())
    voice = next(e for e in s2["elements"] if e["text"] == "窑火要烧三天三夜。")
    assert voice.get("extension") == "OS" and "speaker" not in voice
    assert els[-1] == {"kind": "transition", "text": "切"}
    kinds = [(e["kind"], e["text"]) for e in s2["elements"]]
    assert kinds[1:] == [
        ("flashback_start", "闪回"),
        ("action", "年幼的沈星晴蹲在窑边看火。"),
        ("dialogue", "看火，要用心看。"),
        ("dialogue", "窑火要烧三天三夜。"),  # 画外音： an unnamed off-screen voice
        ("flashback_end", "闪出"),
        ("shot", "特写：一块带着指纹的青瓷片"),
        ("caption", "浙江 · 龙泉"),
    ]
    # 第一场 … 人物：… — the cast on the heading line; the cue's words on the next line.
    assert [names[c] for c in s3["cast"]] == ["沈星晴", "船老大"]
    assert s3["elements"] == [{"kind": "dialogue", "text": "这船只到对岸。",
                               "speaker": s3["cast"][1]}]
    assert (s4["setting"], s4["time_of_day"]) == ("int", "night")
    assert places[s4["location"]] == "渡口茶铺"


@pytest.mark.parametrize(
    ("name", "encoding"),
    [("zh_notepad_gb18030.txt", "GB18030"), ("zh_notepad_utf16.txt", "UTF-16LE with BOM")],
)
def test_notepad_files_read_like_utf8(tmp_path: Path, name: str, encoding: str) -> None:
    reference, _ = import_chinese_text(PLATFORM)
    data, report = import_chinese_text(DATA / name)
    assert data["episodes"] == reference["episodes"]
    assert data["characters"] == reference["characters"]
    assert report.encoding == encoding
    target = tmp_path / "n.kiln"
    code, out, _ = _cli(["import", str(DATA / name), "--out", str(target)])
    assert code == 0 and f"as {encoding}." in out


def test_a_one_scene_script_keeps_its_heading(tmp_path: Path) -> None:
    assert guess_format(ONE_SCENE) == "zh-text"
    target = tmp_path / "one.kiln"
    assert _cli(["import", str(ONE_SCENE), "--out", str(target)])[0] == 0
    s = script(target)
    (scene,) = [sc for ep in s.episodes for sc in ep.scenes]
    assert (scene.record.setting.value, scene.record.time_of_day.value) == ("int", "night")
    assert scene.record.location_name == "老宅书房" and scene.record.number == "1-1"
    assert [(k, t) for k, t, _ in elements(target)] == [
        ("action", "台灯下，林晚翻开爷爷的笔记。"), ("dialogue", "原来是这样烧的。"),
    ]  # fmt: skip


def test_a_heading_without_a_time_keeps_its_words() -> None:
    data, _ = parse_chinese_lines(["1-1 内 老宅", "△灯亮着。"], Path("x.txt"))
    scene = _scenes(data)[0]
    assert scene["elements"][0] == {"kind": "scene_heading", "text": "1-1 内 老宅"}


def test_fountain_export_numbers_every_chinese_heading(tmp_path: Path) -> None:
    data, _ = import_chinese_text(PREAMBLE)
    kiln = to_kiln(data, tmp_path / "yao.kiln", PREAMBLE)
    text = export(kiln, "fountain").decode("utf-8")
    headings = [line for line in text.split("\n") if line.startswith(".")]
    assert headings == [
        ".1-1 日 外 景德镇老街", ".1-2 日 内 老窑厂", ".1-3 夜 内 窑厂阁楼",
        ".2-1 日 外 窑厂门口", ".2-2 夜 内 林家客厅",
    ]  # fmt: skip
    assert "【特写：笔记上写着“看火不看表”】" in text


def test_lines_that_cannot_stay_where_they_are_say_where_they_went() -> None:
    lines = ["《片名》", "这是一段没有标签的说明。", "第一集", "△开场之前的画面。", "一句开场白。",
             "人物：张三", "1-1 日 内 客厅", "△甲。"]
    data, report = parse_chinese_lines(lines, Path("x.txt"))
    assert data["project"]["title_page"]["notes"] == "这是一段没有标签的说明。"
    found = [(p.line, p.kept) for p in report.problems]
    assert found == [
        (2, "in the title page's notes"),
        (5, "as action before the episode's first scene"),
        (6, "as the cast of the next scene"),
    ]
    assert "kept in the title page's notes" in report.lines()[0]
    first, second = _scenes(data)
    assert [e["text"] for e in first["elements"][1:]] == ["开场之前的画面。", "一句开场白。"]
    assert second["cast"] == [data["characters"][0]["key"]]


def test_chinese_scene_numbers_survive_final_draft_without_being_locked(tmp_path: Path) -> None:
    data, _ = import_chinese_text(PREAMBLE)
    kiln = to_kiln(data, tmp_path / "yao.kiln", PREAMBLE)
    fdx = tmp_path / "yao.fdx"
    fdx.write_bytes(export(kiln, "fdx"))
    back, report = import_fdx(fdx)
    assert not report
    assert [sc.get("number") for sc in _scenes(back)] == [None] * 5
    again = to_kiln(back, tmp_path / "again.kiln", fdx)
    numbers = [sc.record.number for ep in script(again).episodes for sc in ep.scenes]
    assert numbers == ["1-1", "1-2", "1-3", "2-1", "2-2"]
