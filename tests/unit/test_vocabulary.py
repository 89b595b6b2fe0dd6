"""The screenplay vocabulary: one table of words per layout, and everyone reading it agrees.

Fails when a layout's words diverge: a setting or time of day without a word, a heading the
parsers cannot read back, or the editor, the PDF/DOCX export and the Fountain/FDX writers and
readers printing or reading a scene heading differently.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from app.core.enums import ElementKind as K
from app.core.enums import ScriptLayout, Setting, TimeOfDay
from app.core.headings import (
    Heading,
    HeadingFields,
    chinese_episode_heading,
    parse_chinese,
    parse_hollywood,
    read_heading,
    render_chinese,
    render_heading,
    render_hollywood,
)
from app.core.vocabulary import (
    CAPTION_LINE,
    EXTENSION_CODES,
    FLASHBACK_END_LINE,
    FLASHBACK_START_LINE,
    HOLLYWOOD_WORDS,
    HW_SETTINGS,
    HW_TIMES,
    WORDS,
    ZH_CAPTION_LINE,
    ZH_EPISODE_LINE,
    ZH_FLASHBACK_END_LINE,
    ZH_FLASHBACK_START_LINE,
    ZH_SETTINGS,
    ZH_TIMES,
    ZH_WORDS,
    caption_line,
    chinese_number,
    chinese_numeral,
    extension_code,
    extension_words,
    flashback_marker,
    heading_words,
    parse_zh_line,
    zh_dialogue_line,
)

LAYOUTS = tuple(ScriptLayout)
COMBINATIONS = list(itertools.product(Setting, TimeOfDay))


# -- the table ----------------------------------------------------------------------------------


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_setting_and_time_has_a_word_in_both_layouts(layout: ScriptLayout) -> None:
    words = WORDS[layout]
    assert set(words.settings) == set(Setting)
    assert set(words.times) == set(TimeOfDay)
    assert all(words.settings.values()) and all(words.times.values())
    # the readers know every word the writers print, as the first of its variants
    readers = {ScriptLayout.ZH: (ZH_SETTINGS, ZH_TIMES), ScriptLayout.HOLLYWOOD: (HW_SETTINGS,
                                                                                HW_TIMES)}
    settings, times = readers[layout]
    assert {s: w[0] for s, w in settings.items()} == dict(words.settings)
    assert {t: w[0] for t, w in times.items()} == dict(words.times)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_words_of_a_layout_never_collide(layout: ScriptLayout) -> None:
    words = heading_words(layout)
    assert len(words) == len(set(words)) == len(Setting) + len(TimeOfDay)
    if layout is ScriptLayout.ZH:
        variants = [w for table in (ZH_SETTINGS, ZH_TIMES) for ws in table.values() for w in ws]
        assert len(variants) == len(set(variants))


@pytest.mark.parametrize("layout", LAYOUTS)
def test_marks_come_off_again(layout: ScriptLayout) -> None:
    words = WORDS[layout]
    for kind in words.marks:
        for text in ("景德镇", "Jingdezhen", "این آبی"):
            assert words.unmark(kind, words.mark(kind, text)) == text, (kind, text)


def test_zh_marks_wrap_and_unwrap() -> None:
    assert ZH_WORDS.mark(K.ACTION, "窑火") == "△窑火"
    assert ZH_WORDS.unmark(K.ACTION, "△窑火") == "窑火"
    assert ZH_WORDS.unmark(K.ACTION, "▲窑火") == "窑火"
    assert ZH_WORDS.unmark(K.CAPTION, "【字幕：景德镇】") == "景德镇"
    assert ZH_WORDS.unmark(K.CAPTION, "景德镇") == "景德镇"  # marks deleted by the writer
    assert HOLLYWOOD_WORDS.mark(K.CAPTION, "Jingdezhen") == 'SUPER: "Jingdezhen"'


def test_zh_dialogue_line_round_trips() -> None:
    line = zh_dialogue_line("梅", "OS", "低声", "这一窑，不能再坏了。")
    assert line == "梅（OS）：（低声）这一窑，不能再坏了。"
    parsed = parse_zh_line(line)
    assert (parsed.speaker, parsed.extension, parsed.parenthetical, parsed.text) == (
        "梅", "OS", "低声", "这一窑，不能再坏了。")
    assert parse_zh_line("礼萨:این آبی") .speaker == "礼萨"
    assert parse_zh_line("没有冒号的一句") is None


# -- headings: every combination, both layouts, through every parser -------------------------


@pytest.mark.parametrize(("setting", "time"), COMBINATIONS)
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("number", [None, "3-12"])
def test_a_heading_reads_back_as_its_fields(
    layout: ScriptLayout, setting: Setting, time: TimeOfDay, number: str | None
) -> None:
    location = "老窑" if layout is ScriptLayout.ZH else "THE OLD KILN"
    heading = Heading(setting.value, time.value, location, number)
    shown = render_heading(layout, heading)
    # the editor reads what it shows
    assert read_heading(layout, shown) == HeadingFields(setting, time, location, number)
    # the importers read what the exports and writers print
    if layout is ScriptLayout.ZH:
        parsed = parse_chinese(shown)
        assert parsed == Heading(setting.value, time.value, location, number, exact=True)
        assert shown == render_chinese(heading)
    else:
        printed = render_hollywood(heading)  # the number goes to the margins
        assert shown == " ".join(filter(None, (number, printed)))
        parsed = parse_hollywood(printed)
        assert parsed == Heading(setting.value, time.value, location, exact=True)


def test_headings_read_the_variants_real_scripts_use() -> None:
    assert parse_chinese("第十二场 内 夜 老街") == Heading("int", "night", "老街", "12", False)
    assert parse_chinese("1-1 白天 外 村口").time_of_day == "day"
    assert parse_hollywood("I/E CAR - DUSK").setting == "int_ext"
    assert read_heading(ScriptLayout.ZH, "1-1 日 外 老").location == "老"


# -- numbers, extensions, markers ----------------------------------------------------------------


def test_chinese_numerals_round_trip() -> None:
    for n in range(1, 10000):
        assert chinese_number(chinese_numeral(n)) == n, n
    assert chinese_numeral(12) == "十二" and chinese_numeral(105) == "一百零五"
    assert chinese_number("两百") == 200 and chinese_number("〇") == 0
    assert chinese_numeral(1001) == "一千零一" and chinese_number("一千零一") == 1001
    # the Chinese-text importer reads the episode header the export prints
    printed = chinese_episode_heading(86, "终章")
    assert printed == "第八十六集：终章"
    assert ZH_EPISODE_LINE.match(printed).groups() == ("八十六", "终章")
    assert chinese_episode_heading(1) == "第一集"


def test_every_extension_spelling_has_a_code_and_codes_are_spelled_back() -> None:
    for spelling, code in EXTENSION_CODES.items():
        assert extension_code(spelling) == code
        assert extension_code(spelling.lower()) == code
    assert extension_code("内心OS") == "VO"  # colloquial "inner OS" is a voice-over
    assert extension_code("FILTERED") == "FILTERED"
    assert extension_words(ScriptLayout.HOLLYWOOD, "VO, CONT'D") == " (V.O.) (CONT'D)"
    assert extension_words(ScriptLayout.ZH, "OS") == "（OS）"
    for code in set(EXTENSION_CODES.values()):
        spelled = extension_words(ScriptLayout.HOLLYWOOD, code).strip()[1:-1]
        assert extension_code(spelled) == code


@pytest.mark.parametrize("layout", LAYOUTS)
def test_interchange_markers_read_back(layout: ScriptLayout) -> None:
    zh = layout is ScriptLayout.ZH
    group = "zh" if zh else "en"
    caption = CAPTION_LINE.match(caption_line(layout, "景德镇"))
    assert caption is not None and caption[group] == "景德镇"
    start = FLASHBACK_START_LINE.match(flashback_marker(layout, K.FLASHBACK_START, ""))
    end = FLASHBACK_END_LINE.match(flashback_marker(layout, K.FLASHBACK_END, ""))
    assert start is not None and end is not None
    if zh:  # the Chinese-text importer reads them too
        assert ZH_CAPTION_LINE.match(caption_line(layout, "景德镇"))[1] == "景德镇"
        assert ZH_FLASHBACK_START_LINE.match(flashback_marker(layout, K.FLASHBACK_START, ""))
        assert ZH_FLASHBACK_END_LINE.match(flashback_marker(layout, K.FLASHBACK_END, ""))


# -- the editor, the export and the interchange formats agree -----------------------------------


def _project(layout: ScriptLayout, path: Path, elements: list[dict] | None = None) -> Path:
    """A project with one scene of every setting and time of day, in ``layout``'s language."""
    from app.formats import project_json
    from app.project.open_project import write_project

    zh = layout is ScriptLayout.ZH
    language, place, action = ("zh-Hans", "老窑", "窑火。") if zh else (
        "en", "The old kiln", "Fire.")
    scenes = [
        {"setting": s.value, "time_of_day": t.value, "location": "kiln",
         "elements": elements or [{"kind": "action", "text": action}]}
        for s, t in COMBINATIONS
    ]
    data = {
        "format": "kiln-project", "version": 1,
        "project": {"title": "Kiln", "layout": layout.value, "source_language": language},
        "characters": [{"key": "mei", "names": {language: "梅" if zh else "Mei"}}],
        "locations": [{"key": "kiln", "names": {language: place}}],
        "episodes": [{"number": 1, "title": "Opening", "scenes": scenes}],
    }
    write_project(path, project_json.populator(data))
    return path


@pytest.mark.parametrize("layout", LAYOUTS)
def test_editor_export_and_interchange_print_the_same_headings(
    layout: ScriptLayout, tmp_path: Path
) -> None:
    from app.formats.document.model import Paragraph
    from app.formats.document.options import ExportOptions, never_cancel
    from app.formats.documents import build_document
    from app.formats.fdx.reader import import_fdx
    from app.formats.fountain.reader import parse_fountain
    from app.formats.registry import script_bytes
    from app.project.open_project import OpenProject
    from ui.editor.render import heading_para

    path = _project(layout, tmp_path / f"{layout.value}.kiln")
    with OpenProject.open(path, read_only=True, backup=False) as project:
        scenes = project.scenes()
        editor = [heading_para(layout, scene).text for scene in scenes]
        document = build_document(project, ExportOptions(), never_cancel)
        fountain = script_bytes("fountain", project).decode("utf-8")
        fdx = script_bytes("fdx", project)
    printed = [b for b in document.blocks if isinstance(b, Paragraph) and b.style == "scene"]
    assert len(printed) == len(scenes) == len(COMBINATIONS)
    for scene, shown, paragraph in zip(scenes, editor, printed, strict=True):
        fields = HeadingFields(scene.setting, scene.time_of_day, scene.location_name,
                               scene.number)
        if layout is ScriptLayout.ZH:
            assert shown == paragraph.text
        else:  # the page prints the number in both margins and sets the heading in capitals
            # (a heading built from the fields is set in capitals; one kept from the source
            # is printed as written)
            assert paragraph.text == paragraph.text.upper()
            assert paragraph.margin_marks[0] == paragraph.margin_marks[1]
            assert shown == f"{scene.number} {paragraph.text}".upper()
            fields = HeadingFields(scene.setting, scene.time_of_day,
                                   scene.location_name.upper(), scene.number)
        assert read_heading(layout, shown) == fields

    fdx_path = tmp_path / "script.fdx"
    fdx_path.write_bytes(fdx)
    for data in (parse_fountain(fountain, tmp_path / "script.fountain")[0],
                 import_fdx(fdx_path)[0]):
        read = [(sc["setting"], sc["time_of_day"]) for ep in data["episodes"]
                for sc in ep["scenes"]]
        assert read == [(s.setting.value, s.time_of_day.value) for s in scenes]
        assert data["project"]["layout"] == ("zh" if layout is ScriptLayout.ZH else "hollywood")


def test_editor_and_export_mark_chinese_elements_alike(tmp_path: Path) -> None:
    from app.formats.document.model import Paragraph
    from app.formats.document.options import ExportOptions, never_cancel
    from app.formats.documents import build_document
    from app.project.open_project import OpenProject
    from ui.editor.render import element_paras

    elements = [
        {"kind": "action", "text": "窑火映红了墙。"},
        {"kind": "caption", "text": "景德镇"},
        {"kind": "note", "text": "此处待考"},
        {"kind": "dialogue", "speaker": "mei", "extension": "OS", "parenthetical": "低声",
         "text": "这一窑，不能再坏了。"},
    ]
    path = _project(ScriptLayout.ZH, tmp_path / "marks.kiln", elements)
    with OpenProject.open(path, read_only=True, backup=False) as project:
        scene = project.scenes()[0]
        names = {c.id: c.name("zh-Hans") for c in project.characters()}
        shown = [p.text for el in project.elements(scene.id)
                 for p in element_paras(ScriptLayout.ZH, el, names)]
        document = build_document(project, ExportOptions(episodes=(1, 1)), never_cancel)
    printed = [b.text for b in document.blocks if isinstance(b, Paragraph)]
    start = printed.index(shown[0])
    assert printed[start:start + len(shown)] == shown
    assert shown[2] == "〔注：此处待考〕" and shown[3] == "梅（OS）：（低声）这一窑，不能再坏了。"


def test_importers_read_extensions_from_the_one_table(tmp_path: Path) -> None:
    from app.formats.chinese_text import parse_chinese_lines
    from app.formats.fountain.reader import parse_fountain

    fountain, _ = parse_fountain("INT. KILN - NIGHT\n\nMEI (V.O.) (CONT'D)\nNot again.\n",
                                 tmp_path / "a.fountain")
    chinese, _ = parse_chinese_lines(["1-1 夜 内 老窑", "梅（内心OS）：不能再坏了。"],
                                     tmp_path / "a.txt")
    for data, code in ((fountain, "VO, CONT'D"), (chinese, "VO")):
        dialogue = [el for ep in data["episodes"] for sc in ep["scenes"]
                    for el in sc["elements"] if el["kind"] == "dialogue"]
        assert [el["extension"] for el in dialogue] == [code]
