"""Rhythm presets: the rule values of a platform's writing guide, read from TOML data.

Each preset is a file ``resources/presets/rhythm/NAME.toml`` (read with ``tomllib``) with an
``[episode]`` table (opening hook, scene and line counts, VO/OS lines, target tolerance) and a
``[series]`` table (payoff distance, mini-climax interval, paywall range, strong cliffhangers).
A range ``[0, 0]`` or a value 0 switches a rule off. The sources of the shipped values are
comments in the files and are listed in docs/rhythm.md.
"""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from app.core.errors import UserError
from app.core.i18n import _
from app.features.rhythm.preset_names import PRESET_DIR

logger = logging.getLogger(__name__)

DEFAULT_PRESET = "chinese-platform"
CUSTOM = "custom"
#: The kinds of cliffhanger a writer can give a cliffhanger card.
CLIFFHANGER_TYPES = ("reversal", "threat", "reveal", "question")


class PresetError(UserError):
    """A rhythm preset or a rule value cannot be used; the message says which and why."""


@dataclass(frozen=True)
class RhythmRules:
    """The values every rhythm rule is checked against (0 or ``(0, 0)``: rule off)."""

    hook_within_seconds: float = 3.0
    scenes: tuple[int, int] = (1, 3)
    lines: tuple[int, int] = (22, 38)
    max_voice_over_lines: int = 6
    target_tolerance: float = 0.15
    payoff_within_episodes: int = 2
    mini_climax_every: int = 3
    paywall_episodes: tuple[int, int] = (8, 16)
    strong_cliffhangers: tuple[str, ...] = ("reversal", "threat", "reveal")

    def as_dict(self) -> dict[str, Any]:
        """The values as plain JSON data (ranges as lists)."""
        return {f.name: list(v) if isinstance(v := getattr(self, f.name), tuple) else v
                for f in fields(self)}


RULE_NAMES = tuple(f.name for f in fields(RhythmRules))
_RANGES = ("scenes", "lines", "paywall_episodes")
_INTS = ("max_voice_over_lines", "payoff_within_episodes", "mini_climax_every")
_FLOATS = ("hook_within_seconds", "target_tolerance")


@dataclass(frozen=True)
class Preset:
    """One preset file: its name (the file's stem), label and rule values."""

    name: str
    label: str
    rules: RhythmRules
    path: Path | None = None


def _number(value: Any, name: str, where: str, *, integer: bool) -> float:
    ok = isinstance(value, int) if integer else isinstance(value, int | float)
    if not ok or isinstance(value, bool) or value < 0:
        kind = _("a whole number of 0 or more") if integer else _("a number of 0 or more")
        raise PresetError(_("{where}: {name} must be {kind}; correct it.").format(
            where=where, name=name, kind=kind))
    return value


def rules_from(values: Mapping[str, Any], base: RhythmRules, where: str) -> RhythmRules:
    """``base`` with the values of ``values`` (rule name -> value) checked and applied."""
    changes: dict[str, Any] = {}
    for name, value in values.items():
        if name not in RULE_NAMES:
            raise PresetError(_("{where}: {name} is not a rhythm rule; use one of: {names}.")
                              .format(where=where, name=name, names=", ".join(RULE_NAMES)))
        if name in _RANGES:
            if not (isinstance(value, list | tuple) and len(value) == 2):
                raise PresetError(_("{where}: {name} must be a range such as [1, 3]; correct "
                                    "it.").format(where=where, name=name))
            low, high = (int(_number(v, name, where, integer=True)) for v in value)
            if high < low:
                raise PresetError(_("{where}: the range {name} ends before it starts; correct "
                                    "it.").format(where=where, name=name))
            changes[name] = (low, high)
        elif name in _INTS:
            changes[name] = int(_number(value, name, where, integer=True))
        elif name in _FLOATS:
            changes[name] = float(_number(value, name, where, integer=False))
        else:  # strong_cliffhangers
            kinds = tuple(value) if isinstance(value, list | tuple) else ()
            if not kinds or any(k not in CLIFFHANGER_TYPES for k in kinds):
                raise PresetError(_("{where}: strong_cliffhangers must list kinds among: "
                                    "{kinds}.").format(where=where,
                                                       kinds=", ".join(CLIFFHANGER_TYPES)))
            changes[name] = kinds
    return replace(base, **changes)


def read_preset(path: Path) -> Preset:
    """The preset in ``path``; a ``PresetError`` names the file and the problem."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PresetError(_("Cannot read the rhythm preset {path}: {reason}; fix or remove the "
                            "file.").format(path=path, reason=exc)) from exc
    values: dict[str, Any] = {}
    for table in ("episode", "series"):
        part = data.get(table, {})
        if not isinstance(part, dict):
            raise PresetError(_("{where}: [{table}] must be a table; correct it.").format(
                where=path, table=table))
        values.update(part)
    rules = rules_from(values, RhythmRules(), str(path))
    return Preset(path.stem, str(data.get("label") or path.stem), rules, path)


def presets(folder: Path = PRESET_DIR) -> dict[str, Preset]:
    """Every preset shipped in ``folder``, by name (read once)."""
    found = {p.stem: read_preset(p) for p in sorted(folder.glob("*.toml"))}
    logger.info("rhythm presets: %s", ", ".join(found))
    return found


def preset(name: str) -> Preset:
    """The preset ``name``; a ``PresetError`` lists the names there are."""
    known = presets()
    if name not in known:
        raise PresetError(_("{name} is not a rhythm preset; use one of: {names}.").format(
            name=name, names=", ".join(known)))
    return known[name]


def preset_label(name: str) -> str:
    """The preset's name in the interface language."""
    labels = {"chinese-platform": _("Chinese platform"), "reelshort-style": _("ReelShort-style"),
              CUSTOM: _("Custom")}
    return labels.get(name) or presets().get(name, Preset(name, name, RhythmRules())).label


def cliffhanger_label(kind: str) -> str:
    """A cliffhanger kind in the interface language ("" for none)."""
    return {"reversal": _("reversal"), "threat": _("threat"), "reveal": _("reveal"),
            "question": _("question")}.get(kind, kind)
