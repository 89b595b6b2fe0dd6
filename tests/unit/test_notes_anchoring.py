"""Re-anchoring a note's words after edits: fixed cases and hypothesis properties (no database)."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.anchors import Anchor, relocate

LINE = "爷爷说：苏麻离青烧出黑斑，那是它的脾气。"
ARABIC = "يا أستاذ شن، أريد الزوج كاملاً، لا قطعة واحدة."


def _on(text: str, quote: str, nth: int = 0) -> Anchor:
    start = -1
    for _ in range(nth + 1):
        start = text.index(quote, start + 1)
    return Anchor.on("e1", text, start, start + len(quote))


def test_an_anchor_keeps_position_quote_and_context() -> None:
    a = _on(LINE, "苏麻离青")
    assert (a.start, a.end, a.quote) == (4, 8, "苏麻离青")
    assert a.prefix == "爷爷说：" and a.suffix.startswith("烧出黑斑")
    assert Anchor.from_json(a.to_json()) == a


def test_edits_before_inside_the_line_and_after_move_the_note_with_its_words() -> None:
    a = _on(LINE, "苏麻离青")
    before = "老" + LINE
    moved = relocate(a, before, LINE)
    assert before[moved.start : moved.end] == "苏麻离青" and moved.start == 5
    after = LINE + "对吧？"
    same = relocate(a, after, LINE)
    assert (same.start, same.end, same.quote) == (a.start, a.end, a.quote)
    arabic = _on(ARABIC, "أريد الزوج كاملاً")
    edited = "أهلاً! " + ARABIC
    moved = relocate(arabic, edited, ARABIC)
    assert edited[moved.start : moved.end] == "أريد الزوج كاملاً"
    assert not moved.orphan and not moved.fuzzy


def test_of_two_equal_quotes_the_one_where_the_note_was_is_chosen() -> None:
    text = "蓝。苏麻离青，又是苏麻离青。"
    second = _on(text, "苏麻离青", nth=1)
    # Without the old text only the quote and its context can tell them apart.
    shifted = "好" + text
    found = relocate(second, shifted)
    assert found.start == second.start + 1
    # With the old text the position is mapped through the edit.
    assert relocate(second, shifted, text).start == second.start + 1


def test_a_word_changed_inside_the_range_reanchors_fuzzily() -> None:
    a = _on(LINE, "烧出黑斑，那是它的脾气")
    edited = LINE.replace("它的脾气", "他的脾气")
    moved = relocate(a, edited, LINE)
    assert moved.fuzzy and not moved.orphan
    assert edited[moved.start : moved.end] == "烧出黑斑，那是他的脾气"


def test_words_that_are_gone_make_an_orphan_that_keeps_its_quote() -> None:
    a = _on(LINE, "苏麻离青")
    gone = LINE.replace("苏麻离青", "")
    orphan = relocate(a, gone, LINE)
    assert orphan.orphan and orphan.quote == "苏麻离青" and orphan.prefix == a.prefix
    # An orphan stays one, even if the words come back later (undo restores the real anchor).
    assert relocate(orphan, LINE, gone) == orphan


def test_a_short_quote_never_drifts_onto_other_words() -> None:
    a = _on("成了！", "成了")
    assert relocate(a, "成！", "成了！").orphan


# -- properties -------------------------------------------------------------------------------

FILLER = "abc xyz,.!0123"  # never in a quote, so a quote can only survive where it was
QUOTE_CHARS = "青花瓷器苏麻离黑斑أريدالزوجكاملا"


@dataclass
class Edit:
    kind: str  # "insert" or "delete"
    at: float
    length: int
    text: str


edits = st.lists(
    st.builds(
        Edit,
        kind=st.sampled_from(["insert", "delete"]),
        at=st.floats(0, 1),
        length=st.integers(0, 6),
        text=st.text(alphabet=FILLER, min_size=1, max_size=6),
    ),
    max_size=8,
)


def _apply(text: str, edit: Edit) -> tuple[str, int, int, int]:
    """The new text and the replaced stretch (start, old end, inserted length)."""
    p = round(edit.at * len(text))
    if edit.kind == "insert":
        return text[:p] + edit.text + text[p:], p, p, len(edit.text)
    q = min(len(text), p + edit.length)
    return text[:p] + text[q:], p, q, 0


@settings(max_examples=300, deadline=None)
@given(
    pre=st.text(alphabet=FILLER, max_size=12),
    quote=st.text(alphabet=QUOTE_CHARS, min_size=1, max_size=8),
    post=st.text(alphabet=FILLER, max_size=12),
    with_old=st.booleans(),
    steps=edits,
)
def test_notes_follow_their_words_or_become_orphans(
    pre: str, quote: str, post: str, with_old: bool, steps: list[Edit]
) -> None:
    text = pre + quote + post
    anchor = Anchor.on("e1", text, len(pre), len(pre) + len(quote))
    start, end, intact = anchor.start, anchor.end, True
    for edit in steps:
        new, p, q, added = _apply(text, edit)
        if intact and new != text:
            if q <= start:
                start, end = start + added - (q - p), end + added - (q - p)
            elif p >= end:
                pass
            else:
                intact = False
        anchor = relocate(anchor, new, text if with_old else None)
        text = new
        # Never lost: always a valid anchor, or an orphan that keeps a quote.
        assert 0 <= anchor.start <= anchor.end
        if anchor.orphan:
            assert anchor.quote
            continue
        assert anchor.end <= len(text)
        assert text[anchor.start : anchor.end] == anchor.quote
        if intact:
            # The words are still where they were: the note is on them, at that very place.
            assert anchor.quote == quote and (anchor.start, anchor.end) == (start, end)
            assert not anchor.fuzzy
        elif quote not in text:
            assert anchor.fuzzy  # only a close match of what survived may keep the note


@settings(max_examples=200, deadline=None)
@given(
    pre=st.text(alphabet=FILLER, max_size=12),
    quote=st.text(alphabet=QUOTE_CHARS, min_size=1, max_size=8),
    post=st.text(alphabet=FILLER, max_size=12),
    cut_before=st.integers(0, 12),
    cut_after=st.integers(0, 12),
    replacement=st.text(alphabet=FILLER, max_size=5),
)
def test_a_note_whose_words_were_all_removed_is_an_orphan(
    pre: str, quote: str, post: str, cut_before: int, cut_after: int, replacement: str
) -> None:
    text = pre + quote + post
    anchor = Anchor.on("e1", text, len(pre), len(pre) + len(quote))
    p = max(0, len(pre) - cut_before)
    q = min(len(text), len(pre) + len(quote) + cut_after)
    new = text[:p] + replacement + text[q:]
    for old in (text, None):
        moved = relocate(anchor, new, old)
        assert moved.orphan and moved.quote == quote
