"""A project's series-rhythm and fit settings, stored in ``project.rhythm`` (schema 4).

The stored value is plain JSON::

    {"preset": "chinese-platform",
     "rules": {"hook_within_seconds": 5, "lines": [20, 40]},      # changes to the preset
     "speech_rates": {"zh": 4.2, "en": 2.6},                      # app.core.timing
     "fit": {"ar": {"cps": 15}, "dub_ratio": 1.2}}                # app.features.rhythm.fit

``project_settings`` resolves it (preset values, then the project's changes); a value someone
broke by hand is skipped with a warning, so a view never fails on it. ``SetRhythmSettings``
checks new values and writes them as one undoable edit.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from app.core.i18n import _
from app.core.timing import SPEECH_LANGUAGES, SPEECH_RANGE, RateBook, base_language
from app.features.rhythm.fit import FIT_FIELDS, FitLimits, fit_limits
from app.features.rhythm.presets import (
    DEFAULT_PRESET,
    PresetError,
    RhythmRules,
    preset,
    presets,
    rules_from,
)
from app.project.changes import ChangeRecorder
from app.project.commands import Command
from app.project.open_project import OpenProject
from app.store import schema

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RhythmSettings:
    """Everything the rhythm and fit checks of one project use."""

    preset: str = DEFAULT_PRESET
    rules: RhythmRules = field(default_factory=RhythmRules)
    rates: RateBook = field(default_factory=RateBook)
    #: The project's own rule values (what differs from the preset).
    changed_rules: Mapping[str, Any] = field(default_factory=dict)
    fit: Mapping[str, Any] = field(default_factory=dict)

    def limits(self, language: str) -> FitLimits:
        """The subtitle and dub limits of ``language`` for this project."""
        return fit_limits(language, self.fit)


def resolve(stored: Mapping[str, Any] | None, preset_name: str | None = None) -> RhythmSettings:
    """The settings ``stored`` in a project (``preset_name`` overrides its preset)."""
    stored = stored if isinstance(stored, Mapping) else {}
    name = preset_name or str(stored.get("preset") or DEFAULT_PRESET)
    if preset_name is None and name not in presets():
        logger.warning("unknown rhythm preset %r in the project; using %s", name, DEFAULT_PRESET)
        name = DEFAULT_PRESET
    rules = preset(name).rules
    changed = stored.get("rules") if isinstance(stored.get("rules"), Mapping) else {}
    kept: dict[str, Any] = {}
    for key, value in changed.items():
        try:
            rules = rules_from({key: value}, rules, "project")
            kept[key] = value
        except PresetError as exc:
            logger.warning("skipping a stored rhythm rule: %s", exc)
    speech = stored.get("speech_rates") if isinstance(stored.get("speech_rates"), Mapping) else {}
    fit = stored.get("fit") if isinstance(stored.get("fit"), Mapping) else {}
    return RhythmSettings(name, rules, RateBook(speech), kept, dict(fit))


def project_settings(project: OpenProject, preset_name: str | None = None) -> RhythmSettings:
    """The rhythm settings of ``project`` (``preset_name``: check against another preset)."""
    return resolve(project.info().rhythm, preset_name)


def check_speech_rates(rates: Mapping[str, Any]) -> dict[str, float]:
    """``rates`` checked: known languages, numbers within ``SPEECH_RANGE``."""
    out = {}
    for lang, value in rates.items():
        key = base_language(lang)
        if key not in SPEECH_LANGUAGES:
            raise PresetError(_("{lang} has no speech rate; use one of: {langs}.").format(
                lang=lang, langs=", ".join(SPEECH_LANGUAGES)))
        if isinstance(value, bool) or not isinstance(value, int | float) \
                or not SPEECH_RANGE[0] <= value <= SPEECH_RANGE[1]:
            raise PresetError(_("The speech rate of {lang} must be a number from {low} to "
                                "{high}.").format(lang=key, low=SPEECH_RANGE[0],
                                                  high=SPEECH_RANGE[1]))
        out[key] = float(value)
    return out


def check_fit(fit: Mapping[str, Any]) -> dict[str, Any]:
    """``fit`` limits checked: ``{lang: {cps, chars_per_line, lines}, "dub_ratio": x}``."""
    out: dict[str, Any] = {}
    for key, value in fit.items():
        if key == "dub_ratio":
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                raise PresetError(_("The dub length ratio must be a number above 0."))
            out[key] = float(value)
            continue
        if not isinstance(value, Mapping) or set(value) - set(FIT_FIELDS):
            raise PresetError(_("The subtitle limits of {lang} may set only: {fields}.").format(
                lang=key, fields=", ".join(FIT_FIELDS)))
        for name, number in value.items():
            if isinstance(number, bool) or not isinstance(number, int | float) or number <= 0:
                raise PresetError(_("{name} of {lang} must be a number above 0.").format(
                    name=name, lang=key))
        out[key] = {name: float(n) if name == "cps" else int(n) for name, n in value.items()}
    return out


@dataclass
class SetRhythmSettings(Command):
    """Replace parts of the project's rhythm settings (one undoable edit).

    Each of ``preset``, ``rules``, ``speech_rates`` and ``fit`` left None keeps its value; a
    dict given replaces that part whole (an empty one goes back to the preset's values)."""

    preset: str | None = None
    rules: dict[str, Any] | None = None
    speech_rates: dict[str, Any] | None = None
    fit: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        self.label = _("Change series rhythm settings")
        if self.preset is not None:
            preset(self.preset)  # raises for an unknown one
        if self.rules is not None:
            rules_from(self.rules, RhythmRules(), _("Series rhythm settings"))
        if self.speech_rates is not None:
            self.speech_rates = check_speech_rates(self.speech_rates)
        if self.fit is not None:
            self.fit = check_fit(self.fit)

    def apply(self, rec: ChangeRecorder) -> None:
        row = rec.session.scalars(select(schema.Project)).one()
        value = dict(row.rhythm or {})
        for key in ("preset", "rules", "speech_rates", "fit"):
            new = getattr(self, key)
            if new is not None:
                value[key] = new
        rec.update(row, rhythm=value)
