"""Small fixture series for the rhythm and fit tests, as project JSON built in code.

``series()`` is three episodes that keep every rule of ``RULES`` (checked by a test); each rule
test changes one thing of it to break exactly one rule. Every spoken line has nine Chinese
characters (2 s at 4.5 characters a second), so each episode lasts 6 s, its target.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from app.formats import project_json
from app.project.open_project import write_project

NINE = "一二三四五六七八九"  # 2 s of speech
#: The preset values the fixture series is checked against (the "custom" preset, changed).
RULES: dict[str, Any] = {
    "hook_within_seconds": 3, "scenes": [1, 2], "lines": [2, 6], "max_voice_over_lines": 1,
    "target_tolerance": 0.15, "payoff_within_episodes": 1, "mini_climax_every": 3,
    "paywall_episodes": [2, 3], "strong_cliffhangers": ["reversal", "threat", "reveal"],
}


def scene(beat: str | None, lines: int = 2, *, action: int = 1,
          extension: str = "") -> dict[str, Any]:
    """A scene of ``action`` action lines and ``lines`` dialogue lines of 2 s each."""
    elements: list[dict[str, Any]] = [{"kind": "action", "text": NINE} for _ in range(action)]
    elements += [{"kind": "dialogue", "speaker": "qing", "text": NINE, "extension": extension}
                 for _ in range(lines)]
    return {"beat": beat, "location": "yard", "cast": ["qing"], "elements": elements}


def episode(n: int, *, paywall: bool = False, climax: bool = False,
            cliffhanger: str = "reversal") -> dict[str, Any]:
    """Episode ``n``: a hook card (its scene), maybe a climax card, a typed cliffhanger card."""
    beats = [{"key": f"e{n}-hook", "kind": "hook", "title": "hook", "estimated_seconds": 2}]
    if climax:
        beats.append({"key": f"e{n}-climax", "kind": "climax", "title": "climax",
                      "estimated_seconds": 2})
    beats.append({"key": f"e{n}-cliff", "kind": "cliffhanger", "title": "cliffhanger",
                  "estimated_seconds": 2, "cliffhanger_type": cliffhanger})
    return {"number": n, "title": f"E{n}", "target_seconds": 6, "paywall": paywall,
            "beats": beats, "scenes": [scene(f"e{n}-hook")]}


def series() -> dict[str, Any]:
    """The fixture series that keeps every rule (a fresh copy each call)."""
    data = {
        "format": "kiln-project", "version": 1,
        "project": {"title": "Rhythm", "source_language": "zh-Hans",
                    "target_languages": ["en", "ar"],
                    "rhythm": {"preset": "custom", "rules": copy.deepcopy(RULES)}},
        "characters": [{"key": "qing", "names": {"zh-Hans": "青禾", "en": "Qinghe"}}],
        "locations": [{"key": "yard", "names": {"zh-Hans": "院子"}}],
        "episodes": [episode(1), episode(2, paywall=True, climax=True), episode(3)],
    }
    # episode 1's hook raises a question episode 2's hook answers
    data["episodes"][0]["beats"][0]["setup_question"] = "谁来了？"
    data["episodes"][0]["beats"][0]["paid_off_by"] = "e2-hook"
    return data


def write(data: dict[str, Any], path: Path) -> Path:
    """``data`` written as a .kiln project at ``path``."""
    write_project(path, project_json.populator(data, "fixture"))
    return path
