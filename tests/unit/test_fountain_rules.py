"""Fountain 1.1 rule by rule (fountain.io/syntax): what each construct reads as, and that it
comes back from Kiln's writer as written."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from app.features.notes import service
from app.formats.common import ImportFailed
from app.formats.fountain import emphasis
from app.formats.fountain.reader import parse_fountain
from app.project.open_project import OpenProject
from tests.unit.interchange_helpers import annotations, elements, export, to_kiln

SRC = Path("rules.fountain")


def _read(text: str) -> dict[str, Any]:
    return parse_fountain(text, SRC)[0]


def _els(text: str) -> list[dict[str, Any]]:
    data = _read(text)
    return [el for ep in data["episodes"] for sc in ep["scenes"] for el in sc["elements"]
            if not (el["kind"] == "scene_heading" and not el["text"])]


def _kinds(text: str) -> list[tuple[str, str]]:
    return [(el["kind"], el["text"]) for el in _els(text)]


def _round_trip(text: str, tmp_path: Path) -> str:
    """Fountain → .kiln → Fountain, checking a second pass changes nothing."""
    source = tmp_path / "in.fountain"
    source.write_text(text, encoding="utf-8")
    data, _ = parse_fountain(text, source)
    first = to_kiln(data, tmp_path / "a.kiln", source)
    out = export(first, "fountain").decode("utf-8")
    again = tmp_path / "again.fountain"
    again.write_text(out, encoding="utf-8")
    second = to_kiln(parse_fountain(out, again)[0], tmp_path / "b.kiln", again)
    assert elements(second) == elements(first)
    assert annotations(second) == annotations(first)
    return out


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


#: A scene number at the end of a heading line: Kiln writes the printed number on every one.
_NUMBER = re.compile(r" #([\w.\-]+)#$", re.MULTILINE)


# -- scene headings -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        (". NOT A HEADER", "action"),  # a dot, then a space: not forced
        ("...and then it happened.", "action"),
        (".SNIPER SCOPE POV", "scene_heading"),
        (".1-1 夜 内 工坊", "scene"),
        ("INT. HOUSE - DAY", "scene"),
        ("int. house - day", "scene_heading"),  # case aside; words kept as written
        ("EST. CITY - NIGHT", "scene_heading"),
        ("I/E CAR - DUSK", "scene_heading"),
        ("INTERIOR DESIGN IS HARD", "action"),  # INT not followed by a dot or space
        ("EXTRA! EXTRA!", "action"),
    ],
)
def test_scene_headings(line: str, kind: str) -> None:
    data = _read(f"Before.\n\n{line}\n\nAfter.")
    scenes = [sc for ep in data["episodes"] for sc in ep["scenes"]]
    first = [(el["kind"], el["text"]) for sc in scenes for el in sc["elements"] if el["text"]]
    if kind == "action":
        assert len(scenes) == 1 and (kind, line.strip()) in first
    elif kind == "scene":
        assert len(scenes) == 2 and all(el["kind"] != "scene_heading" or not el["text"]
                                        for el in scenes[1]["elements"])
    else:
        assert len(scenes) == 2 and scenes[1]["elements"][0]["kind"] == "scene_heading"


def test_scene_numbers_are_locked_only_when_they_differ_from_their_place() -> None:
    # a feature numbers its scenes 1, 2, 3: #1# is the first scene's own number, #1A# is not
    data = _read("INT. A - DAY #1#\n\nOne.\n\nINT. B - NIGHT #1A#\n\nTwo.\n\nEXT. C - DAY\n\nX.")
    scenes = data["episodes"][0]["scenes"]
    assert [sc.get("number") for sc in scenes] == [None, "1A", None]
    # in a series the printed number is episode-scene: 1-1 is the first scene's, 3 is not
    data = _read("# One\n\nINT. A - DAY #1-1#\n\nOne.\n\nINT. B - DAY #3#\n\nTwo.\n\n# Two\n\n"
                 "INT. C - DAY #2-1#\n\nThree.\n\nINT. D - DAY #2-3#\n\nFour.")
    numbers = [sc.get("number") for ep in data["episodes"] for sc in ep["scenes"]]
    assert numbers == [None, "3", None, "2-3"]


def test_every_heading_carries_the_printed_number_and_reading_it_locks_nothing(
    tmp_path: Path,
) -> None:
    text = ("> FADE IN:\n\nINT. A - DAY\n\nOne.\n\nINT. B - NIGHT #7#\n\nTwo.\n\n"
            ".SNIPER SCOPE POV\n\nThree.\n\nINT. WILL'S BEDROOM - NIGHT (1973)\n\nFour.")
    out = _round_trip(text, tmp_path)
    # the text before the first heading is no scene of the film: the first heading is 1
    assert _NUMBER.findall(out) == ["1", "7", "3", "4"]
    assert "INT. WILL'S BEDROOM - NIGHT (1973) #4#" in out
    scenes = _read(out)["episodes"][0]["scenes"]
    assert [sc.get("number") for sc in scenes] == [None, None, "7", None, None]


def test_a_heading_needs_an_empty_line_after_it() -> None:
    # The syntax page: a line in capitals with text under it is a character cue.
    assert _kinds("EXT. HOUSE - DAY\nJohn walks in.")[0][0] == "dialogue"


# -- action, centred, transitions ----------------------------------------------------------


def test_forced_action_and_kept_indentation() -> None:
    els = _els("!SCANNING THE ROOM\nHe sees nothing.\n\n    Four spaces in.\n\n\tA tab in.")
    assert els[0]["text"] == "SCANNING THE ROOM\nHe sees nothing."
    assert els[0]["attrs"]["forced"] is True
    assert [el["text"] for el in els[1:]] == ["    Four spaces in.", "\tA tab in."]


def test_centred_lines_and_emphasis() -> None:
    els = _els("> BRICK & STEEL <\n> FULL RETIRED <\n\n>**THE END**<")
    assert els[0]["text"] == "BRICK & STEEL\nFULL RETIRED" and els[0]["attrs"]["centered"]
    assert els[1]["text"] == "THE END" and els[1]["attrs"]["styles"] == [[0, 7, "bold"]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CUT TO:", ("transition", "CUT TO:")),
        ("\t\t\tCUT TO:", ("transition", "CUT TO:")),
        ("> Burn to White.", ("transition", "Burn to White.")),
        ("CUT TO: ", ("action", "CUT TO:")),  # a space after TO: breaks it (fountain.io tests)
        ("Cut to:", ("action", "Cut to:")),
    ],
)
def test_transitions(text: str, expected: tuple[str, str]) -> None:
    assert _kinds(f"Before.\n\n{text}\n\nAfter.")[1] == expected


# -- characters, dialogue, parentheticals, lyrics ------------------------------------------


def test_cues_extensions_forcing_and_dual() -> None:
    data = _read(
        "HANS (on the radio)\nWhat was it you said?\n\n@McCLANE\nYippie ki-yay!\n\n"
        "BRICK\nScrew retirement.\n\nSTEEL ^\nScrew retirement."
    )
    names = {c["key"]: c["names"]["en"] for c in data["characters"]}
    els = [el for sc in data["episodes"][0]["scenes"] for el in sc["elements"]
           if el["kind"] == "dialogue"]
    assert [(names[el["speaker"]], el.get("extension", "")) for el in els] == [
        ("HANS", "on the radio"), ("McCLANE", ""), ("BRICK", ""), ("STEEL", ""),
    ]  # fmt: skip
    assert els[1]["attrs"]["forced"] is True
    assert els[3]["dual"] is True and "dual" not in els[2]


def test_an_empty_line_after_a_cue_makes_it_action() -> None:
    assert _kinds("STEEL\n\nThe man's a myth!") == [
        ("action", "STEEL"), ("action", "The man's a myth!"),
    ]  # fmt: skip


def test_two_spaces_keep_an_empty_line_in_dialogue() -> None:
    els = _els("DEALER\nDealer gets a seven.\n  \nHit or stand sir?")
    assert [(el["kind"], el["text"]) for el in els] == [
        ("dialogue", "Dealer gets a seven.\n\nHit or stand sir?"),
    ]


def test_parentheticals_in_the_middle_and_at_the_end() -> None:
    els = _els("STEEL\n(beer raised)\nTo retirement.\n(pause)\nScrew it.\n(drinks)")
    assert [(el["kind"], el["text"], el.get("parenthetical", "")) for el in els] == [
        ("dialogue", "To retirement.", "beer raised"),
        ("dialogue", "Screw it.", "pause"),
        ("parenthetical", "drinks", ""),  # a trailing one: no empty line of dialogue
    ]
    assert els[1]["attrs"] == {"same_cue": True} and els[2]["attrs"] == {"same_cue": True}
    assert els[2]["speaker"] == els[0]["speaker"]


def test_lyrics_inside_dialogue_are_sung_lines() -> None:
    els = _els("WILLY\n~Come with me\n~and you'll be\nIn a world of pure imagination.")
    assert [(el["kind"], el["text"]) for el in els] == [
        ("lyric", "Come with me\nand you'll be"),
        ("dialogue", "In a world of pure imagination."),
    ]
    assert els[0]["speaker"] == els[1]["speaker"] and els[1]["attrs"] == {"same_cue": True}


def test_lyric_lines_do_not_swallow_the_action_between_them() -> None:
    assert _kinds("~Willy Wonka! Willy Wonka!\nThe crowd cheers.\n~The amazing chocolatier!") == [
        ("lyric", "Willy Wonka! Willy Wonka!"),
        ("action", "The crowd cheers."),
        ("lyric", "The amazing chocolatier!"),
    ]


# -- emphasis ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markup", "plain", "spans"),
    [
        ("*italics*", "italics", [(0, 7, "italic")]),
        ("**bold**", "bold", [(0, 4, "bold")]),
        ("***bold italics***", "bold italics", [(0, 12, "bold"), (0, 12, "italic")]),
        ("_underline_", "underline", [(0, 9, "underline")]),
        ("_Steel's face FILLS the *Leupold Mark 4* scope_.",
         "Steel's face FILLS the Leupold Mark 4 scope.",
         [(0, 43, "underline"), (23, 37, "italic")]),
        ("Steel enters the code: **\\*9765\\***", "Steel enters the code: *9765*",
         [(23, 29, "bold")]),
        ("He dialed *69 and then *23, and hung up.", "He dialed *69 and then *23, and hung up.",
         []),
        ("He dialed *69 and then 23*, and hung up.", "He dialed 69 and then 23, and hung up.",
         [(10, 24, "italic")]),
        ("*not\nacross lines*", "*not\nacross lines*", []),
    ],
)
def test_emphasis(markup: str, plain: str, spans: list) -> None:
    assert emphasis.parse(markup) == (plain, spans)
    assert emphasis.parse(emphasis.render(plain, spans)) == (plain, spans)


def test_emphasis_is_stored_as_styles_and_written_back(tmp_path: Path) -> None:
    text = "INT. POOL - DAY\n\nFrom *only* INCHES AWAY.  _Steel's face FILLS the scope_.\n"
    el = _els(text)[0]
    assert el["text"] == "From only INCHES AWAY.  Steel's face FILLS the scope."
    assert el["attrs"]["styles"] == [[5, 9, "italic"], [24, 52, "underline"]]
    out = _round_trip(text, tmp_path)
    assert "From *only* INCHES AWAY.  _Steel's face FILLS the scope_." in out


# -- notes, boneyard, sections, synopses, page breaks, title page ---------------------------


def test_notes_are_anchored_on_the_words_before_them(tmp_path: Path) -> None:
    text = ("INT. TRAILER - DAY\n\nThis is the home of DAN and JACK [[Or real names?]]. "
            "They drink.\n\n沈星晴：这一窑，[[顾问：确认工艺]]不能再坏了。\n\n"
            "[[A note on its own, after the line.]]\n\nMore.")
    data = _read(text)
    notes = {n["body"]: (n["quote"], n["start"]) for n in data["notes"]}
    assert notes["Or real names?"] == ("JACK", 28)
    assert notes["顾问：确认工艺"] == ("这一窑，", 4)
    last = next(el for el in _els(text) if el["text"].startswith("沈星晴"))
    assert notes["A note on its own, after the line."] == ("", len(last["text"]))
    out = _round_trip(text, tmp_path)
    assert "DAN and JACK [[Or real names?]]. They drink." in out
    assert "这一窑，[[顾问：确认工艺]]不能再坏了。" in out


def test_a_note_may_span_lines_but_not_an_empty_one() -> None:
    els = _els("Before [[multi\nline]]After\n\nThis is not [[\na note\n\nbecause\n]]")
    assert [el["text"] for el in els] == [
        "Before After", "This is not [[\na note", "because\n]]",
    ]


def test_boneyard_is_kept_and_never_printed(tmp_path: Path) -> None:
    text = ("INT. GARAGE - DAY\n\nThey get in the car /* a red car */ and go.\n\n/*\nBRICK\n"
            "This is everybody.\n*/\n\nThey speed off.")
    els = _els(text)
    assert [el["text"] for el in els] == ["They get in the car and go.", "They speed off."]
    assert els[0]["attrs"]["boneyard"] == [
        {"at": 20, "text": " a red car "},
        {"place": "after", "text": "\nBRICK\nThis is everybody.\n"},
    ]
    out = _round_trip(text, tmp_path)
    assert _NUMBER.findall(out) == ["1"]
    assert _squash(_NUMBER.sub("", out)).endswith(_squash(text))


def test_sections_synopses_and_page_breaks() -> None:
    data = _read("# ACT I\n\n## Meet Scott\n\nINT. FLAT - DAY\n\n= Scott wakes.\n\nHe yawns.\n\n"
                 "===\n\n= A stray synopsis.")
    assert data["episodes"][0]["title"] == "ACT I"
    scene = data["episodes"][0]["scenes"][-1]
    assert scene["summary"] == "Scott wakes."
    kinds = [(el["kind"], el["text"], el.get("attrs")) for sc in data["episodes"][0]["scenes"]
             for el in sc["elements"] if el["kind"] != "scene_heading"]
    assert kinds == [
        ("section", "Meet Scott", {"section_level": 2}),
        ("action", "He yawns.", None),
        ("page_break", "", None),
        ("synopsis", "A stray synopsis.", None),
    ]


def test_title_page_keys_in_any_case_with_multi_line_values(tmp_path: Path) -> None:
    text = ("title:\n    _**BRICK & STEEL**_\n    _**FULL RETIRED**_\nCREDIT: Written by\n"
            "authors: Stu Maschwitz\nDraft Date: 1/27/2012\nContact:\n\tNext Level\n\tSolvang\n\n"
            "EXT. PATIO - DAY\n\nA gorgeous day.")
    project = _read(text)["project"]
    assert project["title"] == "BRICK & STEEL FULL RETIRED"
    assert project["authors"] == ["Stu Maschwitz"]
    page = project["title_page"]
    assert page["title"] == "_**BRICK & STEEL**_\n_**FULL RETIRED**_"
    assert (page["credit"], page["draft_date"], page["contact"]) == (
        "Written by", "1/27/2012", "Next Level\nSolvang",
    )  # fmt: skip
    out = _round_trip(text, tmp_path)
    assert out.startswith("title:\n    _**BRICK & STEEL**_\n    _**FULL RETIRED**_\n"
                          "CREDIT: Written by\nauthors: Stu Maschwitz\nDraft Date: 1/27/2012\n")


def test_a_transition_on_the_first_line_is_not_a_title_page() -> None:
    data = _read("CUT TO:\n\nINT. BEDROOM\n\nThis is the bedroom.")
    assert "title_page" not in data["project"]
    assert _kinds("CUT TO:\n\nINT. BEDROOM\n\nThis is the bedroom.")[0] == ("transition", "CUT TO:")


def test_everything_at_once_round_trips(tmp_path: Path) -> None:
    text = Path(__file__).resolve().parent.parent.joinpath(
        "data", "interchange", "all_elements.fountain"
    ).read_text(encoding="utf-8")
    out = _round_trip(text, tmp_path)
    # the printed number on every heading; the file's own #1-1# (the scene is its episode's
    # second: FADE IN: before it is a scene of its own) is kept
    assert _NUMBER.findall(out) == ["1-1", "1-3", "1-4", "2-1", "2-2"]
    assert _squash(_NUMBER.sub("", out)) == _squash(_NUMBER.sub("", text))


@pytest.mark.timeout(120)
@pytest.mark.parametrize(
    "hostile",
    [
        "[[" * 100_000,
        "]]" * 100_000 + "[[",
        "/*" * 100_000,
        "*" * 200_000,
        "*a " * 70_000,
        "_a_" * 70_000 + "\n" + "**" * 50_000,
        "\\*" * 100_000,
        "Text [[n]] " * 70_000,  # more notes than there are marks
        "INT. " + "A" * 500_000,
        "@" + "B" * 500_000 + "\nline",
        ("BOB\n" + "(x)\n" * 30_000 + "~sung\n" * 30_000),
        "\U00100000\U000f0000" * 10_000 + "\n\nINT. HOUSE - DAY\n\nText.",
    ],
    ids=lambda s: repr(s[:12]),
)
def test_hostile_fountain_neither_hangs_nor_fails_badly(hostile: str) -> None:
    """Pathological input reads in linear time (pytest-timeout) and gives a project or one
    clear ImportFailed."""
    try:
        data, _report = parse_fountain(hostile, SRC)
    except ImportFailed:
        return
    assert data["format"] == "kiln-project"


def test_a_consultant_note_with_brackets_and_empty_lines_stays_one_note(tmp_path: Path) -> None:
    kiln = to_kiln(_read("INT. KILN - NIGHT\n\nThe glaze cracks."), tmp_path / "n.kiln")
    with OpenProject.open(kiln, backup=False) as project:
        line = project.elements(project.scenes()[0].id)[0]
        service.add_text_note(project, line.id, 4, 9, "Is it [[cobalt]]?\n\nAsk Reza.",
                              author="Mahin")
    out = export(kiln, "fountain").decode("utf-8")
    assert "The glaze [[Is it [ [cobalt] ]?\n  \nAsk Reza.]] cracks." in out
    assert "[[Is it [ [cobalt] ]?\n  \nAsk Reza.]]" in out
    data = parse_fountain(out, SRC)[0]
    assert [(n["quote"], n["body"]) for n in data["notes"]] == [
        ("glaze", "Is it [ [cobalt] ]?\n  \nAsk Reza."),
    ]
