"""Lines as writers type them, read as the script they spell, and the commands that write them
(issue 16): headings start scenes, 第N集 episodes, 人物 the cast, 角色：台词 dialogue; paste reads
every line; each is one undo step."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.enums import ElementKind, ScriptLayout
from app.features.board.cards import MoveBeats, scenes_left_behind
from app.features.script.episodes import (
    AddEpisode,
    DeleteEpisode,
    MoveEpisode,
    RenameEpisode,
    episode_contents,
)
from app.features.script.scenes import (
    EditHeading,
    LineToCast,
    LineToEpisode,
    LineToScene,
    PasteLines,
    ReadLine,
)
from app.features.script.shorthand import read_heading_line, read_line
from app.project.commands import Create
from app.project.open_project import OpenProject

ZH, HW = ScriptLayout.ZH, ScriptLayout.HOLLYWOOD
K = ElementKind


@pytest.mark.parametrize(("line", "kind", "fields"), [
    ("林青禾：火候到了，开窑！", K.DIALOGUE,
     {"speaker": "林青禾", "extension": "", "parenthetical": "", "text": "火候到了，开窑！"}),
    ("林青禾（低声）：火候到了", K.DIALOGUE,
     {"speaker": "林青禾", "extension": "", "parenthetical": "低声", "text": "火候到了"}),
    ("林青禾：（低声）火候到了", K.DIALOGUE,
     {"speaker": "林青禾", "extension": "", "parenthetical": "低声", "text": "火候到了"}),
    ("沈墨（VO）：明早十点。", K.DIALOGUE,
     {"speaker": "沈墨", "extension": "VO", "parenthetical": "", "text": "明早十点。"}),
    ("沈墨（画外音）：谁？", K.DIALOGUE,
     {"speaker": "沈墨", "extension": "OS", "parenthetical": "", "text": "谁？"}),
    ("【字幕：景德镇】", K.CAPTION, {"text": "景德镇"}),
    ("△窑火映红了墙。", K.ACTION, {"text": "窑火映红了墙。"}),
    ("▲窑火映红了墙。", K.ACTION, {"text": "窑火映红了墙。"}),
])
def test_chinese_shorthand_reads_as_elements(line: str, kind: ElementKind, fields: dict) -> None:
    reading = read_line(ZH, line)
    assert reading is not None and reading.what == "element"
    assert (reading.kind, reading.fields) == (kind, fields)


def test_prose_with_a_colon_is_not_dialogue() -> None:
    assert read_line(ZH, "他终于明白了一件事，那就是：火候不能急。") is None
    assert read_line(ZH, "窑火映红了墙。") is None


def test_headings_episodes_and_cast_lines() -> None:
    heading = read_line(ZH, "2-6 夜 外 老街")
    assert heading is not None and heading.what == "heading"
    assert (heading.heading.setting, heading.heading.time_of_day, heading.heading.location) == (
        "ext", "night", "老街")
    assert read_heading_line(ZH, "第一场 外/日 校门口").location == "校门口"
    assert read_heading_line(HW, "EXT. OLD STREET - DAY").location == "OLD STREET"
    assert read_heading_line(HW, "INT./EXT. CAR - NIGHT").setting == "int_ext"
    assert read_heading_line(HW, "I/E CAR - NIGHT").setting == "int_ext"
    assert read_heading_line(HW, ".BACK ROOM").location == "BACK ROOM"
    assert read_heading_line(HW, "Mary walks in.") is None
    episode = read_line(ZH, "第三集：窑变")
    assert (episode.what, episode.number, episode.title) == ("episode", 3, "窑变")
    assert read_line(ZH, "人物：林青禾、希琳").names == ("林青禾", "希琳")
    transition = read_line(HW, "CUT TO:")
    assert (transition.kind, transition.fields) == (K.TRANSITION, {"text": "CUT TO:"})


@pytest.fixture
def project(mini_kiln: Path):
    with OpenProject.open(mini_kiln, backup=False) as opened:
        yield opened


def _element(project: OpenProject, scene_id: str, kind: str, text: str) -> str:
    create = Create("element", {"scene_id": scene_id, "kind": kind, "text": text})
    project.run(create)
    return create.created_id


def _texts(project: OpenProject, scene_id: str) -> list[str]:
    return [e.text for e in project.elements(scene_id)]


def test_a_heading_typed_mid_scene_starts_the_next_scene_with_what_follows(
    project: OpenProject,
) -> None:
    scene = project.scenes()[0]
    line = _element(project, scene.id, "action", "2-6 夜 外 老街")
    project.run(Create("element", {"scene_id": scene.id, "kind": "action", "text": "风起。"}))
    before = [(s.number, s.location_name) for s in project.scenes()]
    command = LineToScene(line, read_heading_line(ZH, "2-6 夜 外 老街"))
    project.run(command)
    scenes = project.scenes()
    new = next(s for s in scenes if s.id == command.created_id)
    assert (new.number, new.time_of_day.value, new.setting.value, new.location_name) == (
        "1-2", "night", "ext", "老街")
    assert _texts(project, new.id) == ["风起。"]
    assert "2-6 夜 外 老街" not in _texts(project, scene.id)
    assert [s.number for s in scenes] == ["1-1", "1-2", "1-3", "2-1"]
    project.undo()  # one step: scene, place and moved lines all come back
    assert [(s.number, s.location_name) for s in project.scenes()] == before
    assert _texts(project, scene.id)[-2:] == ["2-6 夜 外 老街", "风起。"]


def test_a_heading_typed_in_a_blank_scene_heads_it(project: OpenProject) -> None:
    episode = project.episodes()[1]
    blank = Create("scene", {"episode_id": episode.id})
    project.run(blank)
    line = _element(project, blank.created_id, "action", "EXT. OLD STREET - DAY")
    count = len(project.scenes())
    command = LineToScene(line, read_heading_line(HW, "EXT. OLD STREET - DAY"))
    project.run(command)
    assert command.created_id == blank.created_id and len(project.scenes()) == count
    scene = next(s for s in project.scenes() if s.id == blank.created_id)
    assert (scene.setting.value, scene.location_name) == ("ext", "OLD STREET")
    assert [e.kind for e in project.elements(scene.id)] == [K.ACTION]  # a line to type in


def test_an_episode_line_starts_an_episode(project: OpenProject) -> None:
    scene = project.scenes()[0]
    line = _element(project, scene.id, "action", "第二集：窑变")
    rest = _element(project, scene.id, "action", "天亮了。")
    command = LineToEpisode(line, "窑变")
    project.run(command)
    episodes = project.episodes()
    assert [(e.number, e.title) for e in episodes] == [(1, "开窑"), (2, "窑变"), (3, "来信")]
    assert [e.id for e in project.elements(command.created_id)] == [rest]
    moved = [s.number for s in project.scenes(episodes[1].id)]
    assert moved == ["2-1", "2-2"]  # the new first scene, then 1-2 moved along
    project.undo()
    assert [e.title for e in project.episodes()] == ["开窑", "来信"]


def test_a_cast_line_sets_the_cast_matching_aliases_and_creating_new_names(
    project: OpenProject,
) -> None:
    scene = project.scenes()[2]
    line = _element(project, scene.id, "action", "人物：Mei、老周")
    project.run(LineToCast(line, ("Mei", "老周")))
    cast = next(s for s in project.scenes() if s.id == scene.id).cast
    names = {c.id: c.names for c in project.characters()}
    assert names[cast[0]]["zh-Hans"] == "梅" and names[cast[1]] == {"zh-Hans": "老周"}
    assert line not in [e.id for e in project.elements(scene.id)]


def test_read_line_makes_dialogue_with_the_speaker_matched(project: OpenProject) -> None:
    scene = project.scenes()[2]
    line = _element(project, scene.id, "action", "礼萨（VO）：（低声）你好")
    project.run(ReadLine(line, read_line(ZH, "礼萨（VO）：（低声）你好")))
    element = next(e for e in project.elements(scene.id) if e.id == line)
    reza = next(c for c in project.characters() if c.names["zh-Hans"] == "礼萨")
    assert (element.kind, element.speaker_id, element.extension, element.parenthetical,
            element.text) == (K.DIALOGUE, reza.id, "VO", "低声", "你好")


def test_edit_heading_with_a_new_place_is_one_undo_step(project: OpenProject) -> None:
    scene = project.scenes()[0]
    places = len(project.locations())
    project.run(EditHeading(scene.id, {"time_of_day": "day"}, "新窑"))
    assert next(s for s in project.scenes() if s.id == scene.id).location_name == "新窑"
    assert len(project.locations()) == places + 1
    project.undo()
    assert len(project.locations()) == places
    assert next(s for s in project.scenes() if s.id == scene.id).location_name == "老窑"


def test_paste_reads_every_line_as_one_undo_step(project: OpenProject) -> None:
    scene = project.scenes()[2]
    anchor = project.elements(scene.id)[0].id
    pasted = ("梅：（低声）火候到了。\n△窑门开了。\n\n2-2 夜 外 老街\n【字幕：三年后】\n"
              "礼萨：走吧。\n")
    before = len(project.scenes())
    command = PasteLines(scene.id, anchor, ZH, pasted)
    project.run(command)
    elements = project.elements(scene.id)
    assert [(e.kind, e.text) for e in elements] == [
        (K.ACTION, "梅打开一封旧信。"), (K.DIALOGUE, "火候到了。"), (K.ACTION, "窑门开了。")]
    assert elements[1].parenthetical == "低声" and elements[1].speaker_id is not None
    new_scene = command.last[0]
    assert [(e.kind, e.text) for e in project.elements(new_scene)] == [
        (K.CAPTION, "三年后"), (K.DIALOGUE, "走吧。")]
    assert len(project.scenes()) == before + 1
    project.undo()
    assert len(project.scenes()) == before
    assert [e.text for e in project.elements(scene.id)] == ["梅打开一封旧信。"]


def test_episode_commands_are_one_undo_step_each(project: OpenProject) -> None:
    first, second = project.episodes()
    add = AddEpisode(2, "中间")
    project.run(add)
    assert [e.title for e in project.episodes()] == ["开窑", "中间", "来信"]
    assert len(project.scenes(add.created_id)) == 1  # a blank scene to type into
    project.undo()
    assert [e.title for e in project.episodes()] == ["开窑", "来信"]
    project.run(RenameEpisode(second.id, "  新信  "))
    assert project.episodes()[1].title == "新信"
    project.run(MoveEpisode(second.id, 1))
    assert [e.title for e in project.episodes()] == ["新信", "开窑"]
    assert [s.number for s in project.scenes()][:1] == ["1-1"]
    project.undo()
    assert [e.title for e in project.episodes()] == ["开窑", "新信"]
    assert episode_contents(project, first.id) == (2, 2)
    project.run(DeleteEpisode(first.id))
    assert [(e.number, e.title) for e in project.episodes()] == [(1, "新信")]
    project.undo()
    assert [e.title for e in project.episodes()] == ["开窑", "新信"]
    assert len(project.scenes(first.id)) == 2


def test_moving_a_card_can_take_its_scene_along(project: OpenProject) -> None:
    first, second = project.episodes()
    beat = next(b for b in project.beats() if b.title == "名字")
    assert scenes_left_behind(project, [beat.id], second.id) == 1
    project.run(MoveBeats([beat.id], second.id, 0, with_scenes=True))
    moved = [s for s in project.scenes() if s.beat_id == beat.id]
    assert [(s.episode_id, s.number) for s in moved] == [(second.id, "2-2")]
    project.undo()
    assert [s.episode_id for s in project.scenes() if s.beat_id == beat.id] == [first.id]


def test_typing_paste_and_import_read_chinese_lines_with_one_grammar(project: OpenProject) -> None:
    """The editor asks the importer's own grammar (app.core.chinese_lines): a platform
    variant the importer reads (a glued OS, ▲, two speakers on one line) reads the same typed."""
    from app.core.chinese_lines import LineKind
    from app.core.chinese_lines import read_line as import_reading

    line = "林青禾：走吧。　礼萨：好。"
    imported = [r for r in import_reading(line) if r.kind is LineKind.DIALOGUE]
    typed = read_line(ZH, line)
    assert typed is not None and typed.kind is K.DIALOGUE
    spoken = [typed.fields, *(extra.fields for extra in typed.more)]
    assert [(f["speaker"], f["text"]) for f in spoken] == [(r.speaker, r.text) for r in imported]
    assert len(spoken) == 2
    glued = read_line(ZH, "林青禾OS：火候到了")
    assert glued is not None and glued.fields["extension"] == "OS"
    marked = read_line(ZH, "▲窑门开了。")
    assert marked is not None and (marked.kind, marked.fields["text"]) == (K.ACTION, "窑门开了。")
    scene = project.scenes()[2]
    element = project.elements(scene.id)[0]
    project.run(ReadLine(element.id, typed))
    said = [(e.speaker, e.text) for e in project.elements(scene.id)]
    assert said[:2] == [("林青禾", "走吧。"), ("礼萨", "好。")]
