"""Every rhythm rule on a fixture series built to break exactly that rule, and the sample's
report (the one written out in docs/rhythm.md)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.features.rhythm.report import Rule, rhythm_report
from app.features.rhythm.settings import project_settings
from app.project.open_project import OpenProject
from tests.support.rhythm_fixtures import NINE, scene, series, write


def findings(tmp_path: Path, data: dict[str, Any],
             name: str = "s.kiln") -> list[tuple[Rule, int | None]]:
    with OpenProject.open(write(data, tmp_path / name), backup=False) as project:
        return [(f.rule, f.episode) for f in rhythm_report(project).findings]


def test_the_fixture_series_keeps_every_rule(tmp_path: Path) -> None:
    assert findings(tmp_path, series()) == []


def _late_hook(d: dict) -> None:
    ep = d["episodes"][0]
    ep["beats"].insert(0, {"key": "e1-open", "kind": "conflict", "title": "open"})
    ep["scenes"].insert(0, scene("e1-open", lines=0, action=2))  # 4 s before the hook
    ep["target_seconds"] = 10


def _lines(d: dict) -> None:
    ep = d["episodes"][2]
    ep["scenes"][0]["elements"] += [{"kind": "action", "text": NINE}] * 4  # 7 lines, 14 s
    ep["target_seconds"] = 14


def _scenes(d: dict) -> None:
    d["episodes"][2]["scenes"] += [scene(None, lines=0, action=0)] * 2  # 3 scenes, no time


def _no_climax(d: dict) -> None:
    d["episodes"][1]["beats"][1]["kind"] = "conflict"


BREAKS: list[tuple[Rule, int | None, Callable[[dict], None]]] = [
    (Rule.NO_HOOK, 1, lambda d: d["episodes"][0]["beats"][0].update(kind="setup")),
    (Rule.LATE_HOOK, 1, _late_hook),
    (Rule.NO_CLIFFHANGER, 3, lambda d: d["episodes"][2]["beats"][-1].update(kind="reveal")),
    (Rule.UNTYPED_CLIFFHANGER, 3,
     lambda d: d["episodes"][2]["beats"][-1].update(cliffhanger_type="")),
    (Rule.SCENES, 3, _scenes),
    (Rule.LINES, 3, _lines),
    (Rule.VOICE_OVER, 1, lambda d: d["episodes"][0].update(
        scenes=[scene("e1-hook", extension="VO")])),
    (Rule.LENGTH, 2, lambda d: d["episodes"][1].update(target_seconds=60)),
    (Rule.OPEN_SETUP, 1, lambda d: d["episodes"][0]["beats"][0].pop("paid_off_by")),
    (Rule.LATE_PAYOFF, 1, lambda d: d["episodes"][0]["beats"][0].update(paid_off_by="e3-hook")),
    (Rule.NO_MINI_CLIMAX, 3, _no_climax),
    (Rule.NO_PAYWALL, None, lambda d: d["episodes"][1].update(paywall=False)),
    (Rule.PAYWALL_RANGE, 1, lambda d: (d["episodes"][1].update(paywall=False),
                                       d["episodes"][0].update(paywall=True))),
    (Rule.WEAK_PAYWALL, 2, lambda d: d["episodes"][1]["beats"][-1].update(
        cliffhanger_type="question")),
]


def test_every_rule_has_a_fixture_that_breaks_it() -> None:
    assert {rule for rule, _n, _change in BREAKS} == set(Rule)


@pytest.mark.parametrize(("rule", "episode", "change"), BREAKS, ids=[b[0].value for b in BREAKS])
def test_each_fixture_breaks_exactly_one_rule(tmp_path: Path, rule: Rule, episode: int | None,
                                              change: Callable[[dict], None]) -> None:
    data = series()
    change(data)
    assert findings(tmp_path, data) == [(rule, episode)]


def test_a_rule_set_to_zero_is_off(tmp_path: Path) -> None:
    data = series()
    data["episodes"][0]["scenes"] = [scene("e1-hook", extension="OS")]
    data["project"]["rhythm"]["rules"]["max_voice_over_lines"] = 0
    assert findings(tmp_path, data) == []


def test_hook_start_without_scenes_comes_from_the_planned_cards(tmp_path: Path) -> None:
    data = series()
    ep = data["episodes"][0]
    ep["scenes"] = []  # no script yet: the cards' planned seconds place the hook
    ep["beats"].insert(0, {"key": "e1-open", "kind": "conflict", "title": "open",
                           "estimated_seconds": 5})
    got = findings(tmp_path, data)
    assert got == [(Rule.LATE_HOOK, 1)]
    ep["beats"][0]["estimated_seconds"] = 2
    assert findings(tmp_path, data, "again.kiln") == []


def test_another_preset_is_checked_on_request(tmp_path: Path) -> None:
    path = write(series(), tmp_path / "s.kiln")
    with OpenProject.open(path, backup=False) as project:
        settings = project_settings(project, "chinese-platform")
        report = rhythm_report(project, settings)
    assert report.preset == "chinese-platform"
    # the project's own rule values still apply on top of the other preset
    assert report.rules.lines == (2, 6)


SAMPLE_FINDINGS = [
    (Rule.SCENES, 1), (Rule.LENGTH, 1), (Rule.SCENES, 2), (Rule.SCENES, 3), (Rule.SCENES, 4),
    (Rule.SCENES, 5), (Rule.SCENES, 6),
    (Rule.LATE_PAYOFF, 1), (Rule.NO_MINI_CLIMAX, 3), (Rule.OPEN_SETUP, 6),
]


def test_the_sample_projects_report_is_the_one_in_the_docs(sample_kiln: Path) -> None:
    with OpenProject.open(sample_kiln, backup=False) as project:
        report = rhythm_report(project)
    assert [(f.rule, f.episode) for f in report.findings] == SAMPLE_FINDINGS
    rows = [(e.number, e.scenes, e.lines, e.voice_over_lines, round(e.seconds, 1),
             e.hook_start, e.cliffhanger_type, e.climax, e.paywall) for e in report.episodes]
    assert rows == [
        (1, 5, 31, 3, 104.5, 0.0, "threat", False, False),
        (2, 4, 29, 2, 101.5, 0.0, "reveal", False, False),
        (3, 5, 30, 1, 98.6, 0.0, "reversal", False, True),
        (4, 5, 28, 4, 91.9, 0.0, "threat", False, False),
        (5, 5, 24, 1, 81.9, 0.0, "question", False, False),
        (6, 5, 27, 5, 95.4, 0.0, "question", True, False),
    ]
    docs = (Path(__file__).resolve().parents[2] / "docs" / "rhythm.md").read_text("utf-8")
    for e in report.episodes:  # the table in the docs shows these same figures
        assert f"| {e.number} | {e.scenes} | {e.lines} |" in docs
