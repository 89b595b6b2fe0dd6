"""Duration estimates from script text."""

from __future__ import annotations

import pytest

from app.core.enums import ElementKind
from app.core.timing import element_seconds, reading_seconds, speech_seconds


def test_chinese_speech_rate() -> None:
    assert speech_seconds("一二三四五六七八九") == pytest.approx(2.0)  # 9 characters / 4.5
    assert speech_seconds("，。！？“”") == 0  # punctuation is not spoken


def test_mixed_scripts_are_counted_separately() -> None:
    text = "你好 Shirin, welcome به کاشان"
    assert speech_seconds(text) == pytest.approx(2 / 4.5 + 2 / 2.75 + 2 / 2.5)


def test_dialogue_minimum_and_other_kinds() -> None:
    assert element_seconds(ElementKind.DIALOGUE, "嗯") == 1.0
    assert element_seconds(ElementKind.ACTION, "嗯") == pytest.approx(1 / 4.5)
    assert element_seconds("transition", "切至：") == 0.0
    assert element_seconds("dialogue", "   ") == 0.0


def test_captions_use_reading_speed() -> None:
    assert reading_seconds("景德镇，一九七二年冬") == pytest.approx(9 / 9)
    assert element_seconds(ElementKind.CAPTION, "景德镇") == 1.5  # minimum on screen
    assert element_seconds(ElementKind.CAPTION, "كاشان") == 1.5
