"""Series Rhythm ▸ Settings…: this project's rule values, speech rates and subtitle limits.

The values start from the project's (its preset with its changes); on OK, what differs from the
preset and from the default rates and limits is stored as one undoable edit
(``SetRhythmSettings``), so a project that changes nothing follows its preset as it evolves.
"""

from __future__ import annotations

import logging

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import _
from app.core.timing import DEFAULT_SPEECH, SPEECH_LANGUAGES, SPEECH_RANGE
from app.features.rhythm.fit import fit_limits
from app.features.rhythm.presets import preset, preset_label
from app.features.rhythm.settings import SetRhythmSettings, project_settings
from app.project.errors import USER_ERRORS
from app.project.open_project import OpenProject
from ui import dialogs

logger = logging.getLogger(__name__)


def _spin(value: float, low: float, high: float, *, decimals: int = 0,
          step: float = 1) -> QSpinBox | QDoubleSpinBox:
    box: QSpinBox | QDoubleSpinBox = QDoubleSpinBox() if decimals else QSpinBox()
    if isinstance(box, QDoubleSpinBox):
        box.setDecimals(decimals)
    box.setRange(low, high)  # type: ignore[arg-type]
    box.setSingleStep(step)  # type: ignore[arg-type]
    box.setValue(value)  # type: ignore[arg-type]
    return box


def _pair(low: QSpinBox, high: QSpinBox) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(low)
    layout.addWidget(high)
    return row


class RhythmSettingsDialog(QDialog):
    """The rhythm settings of one project; OK writes them as one undoable edit."""

    def __init__(self, project: OpenProject, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Series rhythm settings"))
        self.setObjectName("rhythmSettings")
        self.project = project
        settings = project_settings(project)
        self.preset_name = settings.preset
        r = settings.rules
        self.hook = _spin(r.hook_within_seconds, 0, 60, decimals=1, step=0.5)
        self.scenes = (_spin(r.scenes[0], 0, 50), _spin(r.scenes[1], 0, 50))
        self.lines = (_spin(r.lines[0], 0, 500), _spin(r.lines[1], 0, 500))
        self.voice_over = _spin(r.max_voice_over_lines, 0, 200)
        self.tolerance = _spin(r.target_tolerance * 100, 0, 100)
        self.payoff = _spin(r.payoff_within_episodes, 0, 100)
        self.climax = _spin(r.mini_climax_every, 0, 100)
        self.paywall = (_spin(r.paywall_episodes[0], 0, 1000),
                        _spin(r.paywall_episodes[1], 0, 1000))
        rules = QGroupBox(_("Rules of the preset {preset} (0 switches a rule off)").format(
            preset=preset_label(settings.preset)))
        form = QFormLayout(rules)
        form.addRow(_("Hook within the first (s)"), self.hook)
        form.addRow(_("Scenes per episode (from, to)"), _pair(*self.scenes))
        form.addRow(_("Script lines per episode (from, to)"), _pair(*self.lines))
        form.addRow(_("VO/OS lines per episode, at most"), self.voice_over)
        form.addRow(_("Seconds may miss the target by (%)"), self.tolerance)
        form.addRow(_("Pay a setup off within (episodes)"), self.payoff)
        form.addRow(_("A climax card every (episodes)"), self.climax)
        form.addRow(_("Paywall after episode (from, to)"), _pair(*self.paywall))

        speech = QGroupBox(_("Speech rates (Chinese: characters a second; others: words a "
                             "second)"))
        speech_form = QFormLayout(speech)
        self.rates = {}
        for lang in SPEECH_LANGUAGES:
            self.rates[lang] = _spin(settings.rates.speech[lang], SPEECH_RANGE[0],
                                     SPEECH_RANGE[1], decimals=2, step=0.05)
            speech_form.addRow(lang, self.rates[lang])

        fit = QGroupBox(_("Subtitles: characters a second and characters a line"))
        fit_form = QFormLayout(fit)
        self.limits = {}
        for lang in project.info().target_languages:
            limits = settings.limits(lang)
            cps = _spin(limits.cps, 1, 60, decimals=1, step=0.5)
            cpl = _spin(limits.chars_per_line, 4, 200)
            self.limits[lang] = (cps, cpl)
            fit_form.addRow(lang, _pair(cps, cpl))
        self.dub = _spin(settings.limits("").dub_ratio, 0.5, 3, decimals=2, step=0.05)
        fit_form.addRow(_("Dub length ratio, at most"), self.dub)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for part in (rules, speech, fit):
            layout.addWidget(part)
        layout.addWidget(buttons)

    def values(self) -> SetRhythmSettings:
        """The edit OK would make: only what differs from the preset and the defaults."""
        base = preset(self.preset_name).rules.as_dict()
        chosen = {
            "hook_within_seconds": float(self.hook.value()),
            "scenes": [self.scenes[0].value(), self.scenes[1].value()],
            "lines": [self.lines[0].value(), self.lines[1].value()],
            "max_voice_over_lines": self.voice_over.value(),
            "target_tolerance": round(self.tolerance.value() / 100, 4),
            "payoff_within_episodes": self.payoff.value(),
            "mini_climax_every": self.climax.value(),
            "paywall_episodes": [self.paywall[0].value(), self.paywall[1].value()],
        }
        rules = {k: v for k, v in chosen.items() if v != base[k]}
        speech = {lang: round(box.value(), 2) for lang, box in self.rates.items()
                  if abs(box.value() - DEFAULT_SPEECH[lang]) > 1e-9}
        fit: dict[str, object] = {}
        for lang, (cps, cpl) in self.limits.items():
            default = fit_limits(lang)
            own = {}
            if abs(cps.value() - default.cps) > 1e-9:
                own["cps"] = round(cps.value(), 1)
            if cpl.value() != default.chars_per_line:
                own["chars_per_line"] = cpl.value()
            if own:
                fit[lang] = own
        if abs(self.dub.value() - fit_limits("").dub_ratio) > 1e-9:
            fit["dub_ratio"] = round(self.dub.value(), 2)
        return SetRhythmSettings(rules=rules, speech_rates=speech, fit=fit)

    def save(self) -> None:
        """OK: write the settings (one undoable edit); a refused value leaves it open."""
        try:
            self.project.run(self.values())
        except USER_ERRORS as exc:
            dialogs.show_error(self, _("Settings not saved"), str(exc))
            return
        self.accept()
