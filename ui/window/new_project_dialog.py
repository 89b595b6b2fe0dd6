"""File ▸ New…: title, script layout, source language and number of episodes of a new series.

The defaults are the studio preset's (``app.store.presets``), as on the command line
(``kiln new``); the file is asked for after OK (``ui.dialogs.ask_new_project_path``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.enums import ScriptLayout
from app.core.i18n import _
from app.store.presets import studio_defaults
from ui.dialogs import ok_cancel_buttons

logger = logging.getLogger(__name__)

#: Script languages offered for a new series (BCP-47), each named in its own words.
SOURCE_LANGUAGES = {
    "zh-Hans": "中文（简体）",
    "en": "English",
    "ar": "العربية",
    "fa": "فارسی",
    "pt-BR": "Português (Brasil)",
}
MAX_EPISODES = 1000


@dataclass(frozen=True)
class NewSeries:
    """What File ▸ New… asked."""

    title: str
    layout: ScriptLayout
    source_language: str
    episodes: int


class NewProjectDialog(QDialog):
    """Asks what a new series is; ``series()`` is the answer once accepted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("New project"))
        self.setObjectName("newProjectDialog")
        preset = studio_defaults()
        self.title = QLineEdit()
        self.title.setObjectName("newTitle")
        self.title.setPlaceholderText(_("The series' working title"))
        self.layout_box = QComboBox()
        self.layout_box.setObjectName("newLayout")
        self.layout_box.addItem(_("Chinese layout"), ScriptLayout.ZH.value)
        self.layout_box.addItem(_("Hollywood layout"), ScriptLayout.HOLLYWOOD.value)
        self.layout_box.setCurrentIndex(self.layout_box.findData(preset.layout.value))
        self.language = QComboBox()
        self.language.setObjectName("newLanguage")
        for tag, name in SOURCE_LANGUAGES.items():
            self.language.addItem(name, tag)
        if self.language.findData(preset.source_language) < 0:
            self.language.addItem(preset.source_language, preset.source_language)
        self.language.setCurrentIndex(self.language.findData(preset.source_language))
        self.episodes = QSpinBox()
        self.episodes.setObjectName("newEpisodes")
        self.episodes.setRange(1, MAX_EPISODES)
        self.episodes.setValue(1)
        form = QFormLayout()
        form.addRow(_("Title of the series:"), self.title)
        form.addRow(_("Script layout:"), self.layout_box)
        form.addRow(_("Language of the script:"), self.language)
        form.addRow(_("Episodes:"), self.episodes)
        self.buttons = ok_cancel_buttons(self)
        box = QVBoxLayout(self)
        box.addLayout(form)
        box.addWidget(self.buttons)
        self.title.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        self.buttons.button(self.buttons.StandardButton.Ok).setEnabled(
            bool(self.title.text().strip()))

    def series(self) -> NewSeries:
        """The series the fields describe."""
        return NewSeries(self.title.text().strip(), ScriptLayout(self.layout_box.currentData()),
                         str(self.language.currentData()), self.episodes.value())
