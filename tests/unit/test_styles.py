"""Inline styles of an element: the model, the runs renderers ask for, and edits that move them."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.styles import (
    BOLD,
    ITALIC,
    UNDERLINE,
    Run,
    follow_edit,
    normalise,
    spans_from_runs,
    styled_runs,
    styles_of,
    to_attrs,
)
from app.formats.fountain import emphasis
from app.project.commands import Create, Update
from app.project.open_project import OpenProject


def test_runs_cut_the_text_where_styles_change() -> None:
    attrs = {"styles": [[0, 5, BOLD], [3, 9, ITALIC], [12, 15, UNDERLINE]]}
    runs = styled_runs("Lin walks up the hill", attrs)
    assert runs == [
        Run("Lin", frozenset({BOLD})),
        Run(" w", frozenset({BOLD, ITALIC})),
        Run("alks", frozenset({ITALIC})),
        Run(" up", frozenset()),
        Run(" th", frozenset({UNDERLINE})),
        Run("e hill", frozenset()),
    ]
    assert "".join(r.text for r in runs) == "Lin walks up the hill"
    assert runs[1].bold and runs[1].italic and not runs[1].underline


def test_unstyled_and_empty_texts() -> None:
    assert styled_runs("plain", {}) == [Run("plain")]
    assert styled_runs("plain", None) == [Run("plain")]
    assert styled_runs("", {"styles": [[0, 3, BOLD]]}) == []


def test_bad_ranges_are_dropped_or_clipped_never_raised() -> None:
    spans = [[2, 1, BOLD], [0, 99, ITALIC], ["x", 2, BOLD], [1, 2, "blink"], None, [0, 1]]
    assert normalise(spans, 4) == [(0, 4, ITALIC)]
    assert styles_of("abcd", {"styles": "not a list"}) == []


def test_overlapping_ranges_of_one_style_merge() -> None:
    assert normalise([[0, 3, BOLD], [2, 6, BOLD], [6, 8, BOLD]], 10) == [(0, 8, BOLD)]


def test_runs_from_final_draft_like_pieces() -> None:
    text, spans = spans_from_runs([("The ", []), ("kiln", ["bold", "italic"]), (" glows", [])])
    assert text == "The kiln glows"
    assert spans == [(4, 8, BOLD), (4, 8, ITALIC)]


def test_edits_move_ranges_with_their_words() -> None:
    spans = [[4, 8, BOLD]]  # "kiln"
    assert follow_edit(spans, "The kiln glows", "Oh, the kiln glows") == [(8, 12, BOLD)]
    assert follow_edit(spans, "The kiln glows", "The old kiln glows") == [(8, 12, BOLD)]
    # typing inside the styled word takes its style; typing right after it does not
    assert follow_edit(spans, "The kiln glows", "The kilns glows") == [(4, 8, BOLD)]
    assert follow_edit(spans, "The kiln glows", "The kiXln glows") == [(4, 9, BOLD)]
    assert follow_edit(spans, "The kiln glows", "The glows") == []


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="ab 青花", max_size=20),
    st.text(alphabet="ab 青花", max_size=20),
    st.lists(st.tuples(st.integers(0, 20), st.integers(0, 20), st.sampled_from([BOLD, ITALIC])),
             max_size=4),
)
def test_edited_ranges_always_fit_the_new_text(old: str, new: str, raw: list) -> None:
    for start, end, _style in follow_edit(raw, old, new):
        assert 0 <= start < end <= len(new)


def test_a_text_edit_in_a_project_moves_the_styles_and_undo_restores_them(
    mini_kiln: Path,
) -> None:
    with OpenProject.open(mini_kiln, backup=False) as project:
        scene = project.scenes()[0]
        make = Create("element", {"scene_id": scene.id, "kind": "action", "text": "The kiln glows",
                                  "attrs": {"styles": [[4, 8, BOLD]],
                                            "boneyard": [{"at": 8, "text": " cut "}]}})
        project.run(make)
        line = make.created_id
        project.run(Update("element", line, {"text": "Oh, the kiln glows"}))
        moved = next(e for e in project.elements(scene.id) if e.id == line)
        assert moved.attrs["styles"] == [[8, 12, BOLD]]
        assert moved.attrs["boneyard"] == [{"at": 12, "text": " cut "}]
        assert [r.text for r in styled_runs(moved.text, moved.attrs) if r.bold] == ["kiln"]
        project.undo()
        back = next(e for e in project.elements(scene.id) if e.id == line)
        assert back.text == "The kiln glows" and back.attrs["styles"] == [[4, 8, BOLD]]


def test_styled_runs_and_emphasis_stay_linear_on_thousands_of_ranges() -> None:
    """Found while measuring #24: alternating bold / bold italic / italic ranges made
    ``styled_runs`` quadratic and ``emphasis.render`` try every range against the whole text.
    The runs are still exact; the emphasis that cannot be written is dropped, the words kept."""
    text = "ab" * 3000
    cycle = [(BOLD,), (BOLD, ITALIC), (ITALIC,)]
    spans = [(n, n + 1, style) for n in range(len(text)) for style in cycle[n % 3]]
    runs = styled_runs(text, {"styles": to_attrs(spans)})
    assert "".join(r.text for r in runs) == text and len(runs) == len(text)
    assert [sorted(r.styles) for r in runs[:3]] == [["bold"], ["bold", "italic"], ["italic"]]
    written = emphasis.render(text, spans)
    assert emphasis.strip(written) == text
