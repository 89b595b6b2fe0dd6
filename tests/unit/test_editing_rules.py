"""Tab/Enter kinds and completion (no Qt).

Direction is tested in ``test_direction``; the one-line Chinese dialogue and the layout's marks
in ``test_vocabulary``."""

from __future__ import annotations

from app.core.enums import ElementKind as K
from app.features.script.editing import completions, enter_kind, tab_kind


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


def test_completions_prefer_prefix_matches() -> None:
    names = ["梅", "梅姨", "礼萨", "Reza", "老梅"]
    assert completions("梅", names) == ["梅姨", "老梅"]
    assert completions("re", names) == ["Reza"]
    assert completions("", ["a", "bb"]) == ["a", "bb"]
