"""The Chinese line grammar (app.core.chinese_lines): one line in, its kind and fields out."""

from __future__ import annotations

import pytest

from app.core.chinese_lines import Bio, LineKind, read_bio, read_line

K = LineKind


def _one(line: str, known: tuple[str, ...] = ()) -> tuple:
    items = read_line(line, known)
    assert len(items) == 1, items
    it = items[0]
    return it.kind, it.text, it.speaker, it.extension, it.parenthetical


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("△一辆旧大巴在山路上颠簸。", (K.ACTION, "一辆旧大巴在山路上颠簸。", "", "", "")),
        ("▲他冷笑一声。", (K.ACTION, "他冷笑一声。", "", "", "")),
        ("村民：（方言）妹子，支教的？", (K.DIALOGUE, "妹子，支教的？", "村民", "", "方言")),
        ("沈星晴（冷笑）：你还记得我？", (K.DIALOGUE, "你还记得我？", "沈星晴", "", "冷笑")),
        ("沈星晴（OS）：这地方真远。", (K.DIALOGUE, "这地方真远。", "沈星晴", "OS", "")),
        ("沈星晴（内心OS）：不能回头。", (K.DIALOGUE, "不能回头。", "沈星晴", "VO", "")),
        ("沈星晴（VO）：（轻声）我回来了。", (K.DIALOGUE, "我回来了。", "沈星晴", "VO", "轻声")),
        ("沈星晴（OS）（冷笑）：哼。", (K.DIALOGUE, "哼。", "沈星晴", "OS", "冷笑")),
        ("沈星晴OS：十年了。", (K.DIALOGUE, "十年了。", "沈星晴", "OS", "")),
        ("沈星晴内心OS：冷静。", (K.DIALOGUE, "冷静。", "沈星晴", "VO", "")),
        ("VO：那一年，窑还在冒烟。", (K.DIALOGUE, "那一年，窑还在冒烟。", "", "VO", "")),
        ("画外音：那年夏天。", (K.DIALOGUE, "那年夏天。", "", "OS", "")),
        ("爷爷（画外音）：看火。", (K.DIALOGUE, "看火。", "爷爷", "OS", "")),
        ("【字幕：湖南 · 青石镇】", (K.CAPTION, "湖南 · 青石镇", "", "", "")),
        ("【切】", (K.TRANSITION, "切", "", "", "")),
        ("【黑屏】", (K.TRANSITION, "黑屏", "", "", "")),
        ("【闪回】", (K.FLASHBACK_START, "闪回", "", "", "")),
        ("【闪回结束】", (K.FLASHBACK_END, "闪回结束", "", "", "")),
        ("【闪入】", (K.FLASHBACK_START, "闪入", "", "", "")),
        ("【闪出】", (K.FLASHBACK_END, "闪出", "", "", "")),
        ("【特写：手里的瓷片】", (K.SHOT, "特写：手里的瓷片", "", "", "")),
        ("【远景】", (K.SHOT, "远景", "", "", "")),
        ("【一句不认识的话】", (K.TEXT, "【一句不认识的话】", "", "", "")),
        ("他说：明天见。", (K.TEXT, "他说：明天见。", "", "", "")),  # prose, not a cue
        ("时间：1402年", (K.TEXT, "时间：1402年", "", "", "")),  # a label, not a speaker
        ("这是一句普通的话。", (K.TEXT, "这是一句普通的话。", "", "", "")),
        ("第一集：手办风波", (K.EPISODE, "手办风波", "", "", "")),
        ("《青花约》", (K.TITLE, "青花约", "", "", "")),
        ("大纲：一个女孩回到家乡。", (K.OUTLINE, "一个女孩回到家乡。", "", "", "")),
        ("故事梗概", (K.OUTLINE, "", "", "", "")),
        ("人物小传：", (K.BIOS, "", "", "", "")),
        ("", (K.BLANK, "", "", "", "")),
    ],
)
def test_line_kinds(line: str, expected: tuple) -> None:
    assert _one(line) == expected


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        ("1-1 日 外 乡村公路/大巴车", ("ext", "day", "乡村公路/大巴车", "1-1", True)),
        ("1-1场 镇口石桥 日 外", ("ext", "day", "镇口石桥", "1-1", True)),
        ("2-3场 老窑 夜 内", ("int", "night", "老窑", "2-3", True)),
        ("第一场 外/日 校门口", ("ext", "day", "校门口", "1", True)),
        ("渡口茶铺，夜，内", ("int", "night", "渡口茶铺", None, True)),
        ("1-2 内 老宅", ("int", "day", "老宅", "1-2", False)),  # no time of day given
    ],
)
def test_scene_headings(line: str, fields: tuple) -> None:
    item = read_line(line)[0]
    assert item.kind is K.SCENE
    h = item.heading
    assert (h.setting, h.time_of_day, h.location, h.number, h.complete) == fields


def test_cast_on_the_heading_line() -> None:
    item = read_line("第一场 外/日 码头 人物：沈星晴、船老大")[0]
    assert item.kind is K.SCENE and item.text == "第一场 外/日 码头"
    assert item.cast == ("沈星晴", "船老大") and item.heading.location == "码头"


def test_two_speakers_on_one_line() -> None:
    gap = read_line("阿满：记得！  沈星晴：那就好。")
    assert [(i.speaker, i.text) for i in gap] == [("阿满", "记得！"), ("沈星晴", "那就好。")]
    # Without a gap, the second name must be one the script already knows.
    assert len(read_line("阿满：记得！沈星晴：那就好。")) == 1
    known = read_line("阿满：记得！沈星晴：那就好。", known=("沈星晴",))
    assert [(i.speaker, i.text) for i in known] == [("阿满", "记得！"), ("沈星晴", "那就好。")]


@pytest.mark.parametrize(
    ("line", "bio"),
    [
        ("林晚（24）：女主角，设计师。", Bio("林晚", "24", "女主角，设计师。")),
        ("林晚（24岁，设计师）：倔强。", Bio("林晚", "24", "设计师，倔强。")),
        ("林晚，24岁，设计师", Bio("林晚", "24", "设计师")),
        ("林晚：女，24岁，设计师", Bio("林晚", "24", "女，设计师")),
        ("林晚（女，二十四岁）：设计师", Bio("林晚", "二十四", "女，设计师")),
        ("林晚：设计师", Bio("林晚", "", "设计师")),
    ],
)
def test_bios(line: str, bio: Bio) -> None:
    assert read_bio(line) == bio


def test_not_a_bio() -> None:
    assert read_bio("随便一句话") is None
    assert read_bio("") is None


@pytest.mark.timeout(60)
def test_hostile_lines_neither_hang_nor_overflow() -> None:
    """Long runs of what the scanners look at: no backtracking (pytest-timeout), no recursion."""
    lines = [
        "（" * 3900 + "：", "甲：" + "。 乙" * 1300, "1-1" + " " * 3900 + "日",
        "【" + "切" * 3900, "名" * 3900 + "（17）：小传", "：" * 3900,
        "甲：" + "好。 乙：" * 780,  # 780 speakers on one line
    ]
    for line in lines:
        read_line(line)
        read_bio(line)
    assert len(read_line("甲：" + "好。 乙：" * 780)) == 781
