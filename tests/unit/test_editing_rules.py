"""Tab/Enter kinds, the one-line Chinese dialogue and completion (no Qt).

Direction is tested in ``test_direction``."""

from __future__ import annotations

from app.core.enums import ElementKind as K
from app.features.script.editing import (
    completions,
    enter_kind,
    parse_zh_line,
    tab_kind,
    unwrap_zh,
    wrap_zh,
    zh_dialogue_line,
)


def test_enter_follows_the_professional_tools() -> None:
    assert enter_kind(K.SCENE_HEADING) is K.ACTION
    assert enter_kind(K.CHARACTER) is K.DIALOGUE
    assert enter_kind(K.PARENTHETICAL) is K.DIALOGUE
    assert enter_kind(K.DIALOGUE) is K.ACTION
    assert enter_kind(K.TRANSITION) is K.SCENE_HEADING


def test_tab_on_empty_paragraph_cycles_and_after_text_opens_a_cue() -> None:
    assert tab_kind(K.ACTION, empty=True) is K.CHARACTER
    assert tab_kind(K.CHARACTER, empty=True) is K.PARENTHETICAL
    assert tab_kind(K.CHARACTER, empty=True, backwards=True) is K.ACTION
    assert tab_kind(K.TRANSITION, empty=True) is K.ACTION
    assert tab_kind(K.DIALOGUE, empty=False) is K.CHARACTER
    assert tab_kind(K.ACTION, empty=False) is K.CHARACTER
    assert tab_kind(K.CAPTION, empty=True) is K.ACTION


def test_zh_dialogue_line_round_trips() -> None:
    line = zh_dialogue_line("梅", "OS", "低声", "这一窑，不能再坏了。")
    assert line == "梅（OS）：（低声）这一窑，不能再坏了。"
    parsed = parse_zh_line(line)
    assert (parsed.speaker, parsed.extension, parsed.parenthetical, parsed.text) == (
        "梅", "OS", "低声", "这一窑，不能再坏了。")
    assert parse_zh_line("礼萨:این آبی") .speaker == "礼萨"
    assert parse_zh_line("没有冒号的一句") is None


def test_zh_marks_wrap_and_unwrap() -> None:
    assert wrap_zh(K.ACTION, "窑火") == "△窑火"
    assert unwrap_zh(K.ACTION, "△窑火") == "窑火"
    assert unwrap_zh(K.CAPTION, "【字幕：景德镇】") == "景德镇"
    assert unwrap_zh(K.CAPTION, "景德镇") == "景德镇"  # marks deleted by the writer



def test_completions_prefer_prefix_matches() -> None:
    names = ["梅", "梅姨", "礼萨", "Reza", "老梅"]
    assert completions("梅", names) == ["梅姨", "老梅"]
    assert completions("re", names) == ["Reza"]
    assert completions("", ["a", "bb"]) == ["a", "bb"]
