"""Edit ▸ Preferences…: the interface language, each language listed in its own name.

Choosing another language switches at once: Kiln's catalog, Qt's catalog, Qt's locale and the
layout direction change (Arabic and Persian mirror the window), then the main window is rebuilt
in the new language with the same project still open — its lock, undo history, selection, docks
and the window's geometry are kept. While another dialog of the window is open (an export
running, a note being written), the choice is saved and applies from the next start.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
)

from app.core.direction import is_rtl
from app.core.i18n import (
    LANGUAGE_NAMES,
    LANGUAGES,
    _,
    current_language,
    set_language,
    system_language,
)
from app.store.preferences import Preferences, load_preferences, preferences_path, save_preferences
from ui import dialogs
from ui.qt_translations import apply_interface_language

if TYPE_CHECKING:
    from ui.window.main_window import MainWindow

logger = logging.getLogger(__name__)

#: Windows rebuilt by a language switch; nothing else holds a reference to them.
_rebuilt_windows: set[MainWindow] = set()


class PreferencesDialog(QDialog):
    """The interface language (more settings join this dialog as they come)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.main_window = window
        self.rebuilt_window: MainWindow | None = None  # the window in the new language
        self.preferences = load_preferences()
        self.setWindowTitle(_("Preferences"))
        self.setObjectName("preferencesDialog")

        self.language_combo = QComboBox()
        self.language_combo.setObjectName("languageCombo")
        system = LANGUAGE_NAMES[system_language()]
        self.language_combo.addItem(_("System language ({language})").format(language=system),
                                    None)
        for language in LANGUAGES:
            self.language_combo.addItem(LANGUAGE_NAMES[language], language)
        self.language_combo.setCurrentIndex(
            max(0, self.language_combo.findData(self.preferences.language)))
        form = QFormLayout()
        form.addRow(_("Interface language:"), self.language_combo)
        note = QLabel(_("The window changes to the new language at once; the open project "
                        "stays open."))
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(dialogs.ok_cancel_buttons(self))

    def chosen(self) -> Preferences:
        """The preferences as the dialog shows them."""
        return replace(self.preferences, language=self.language_combo.currentData())

    def accept(self) -> None:
        """Save the preferences; switch the window's language when it changed."""
        preferences = self.chosen()
        try:
            save_preferences(preferences)
        except OSError as exc:
            logger.warning("preferences not saved: %s", exc)
            dialogs.show_error(self, _("Cannot save the preferences"), _(
                "{path} could not be written ({error}). Check that its folder can be written "
                "to, then try again.").format(path=preferences_path(), error=exc.strerror or exc))
            return
        super().accept()
        language = preferences.language or system_language()
        if language != current_language():
            self.rebuilt_window = switch_language(self.main_window, language)


def switch_language(window: MainWindow, language: str) -> MainWindow | None:
    """Speak ``language`` now: the window is rebuilt in it and returned.

    None when a dialog of the window is still open (rebuilding would throw it away): the
    choice, already saved, then applies from the next start, and a message says so.
    """
    busy = [d for d in window.findChildren(QDialog) if d.isVisible()]
    if busy:
        logger.info("language switch to %s deferred: %d dialog(s) open", language, len(busy))
        box = QMessageBox(QMessageBox.Icon.Information, _("Preferences"), _(
            "Kiln will use {language} from its next start (another dialog of the window is "
            "still open).").format(language=LANGUAGE_NAMES.get(language, language)),
            QMessageBox.StandardButton.Ok, window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return None
    mirrored = is_rtl(language) != window.isRightToLeft()
    set_language(language)
    application = QApplication.instance()
    if application is not None:
        apply_interface_language(application, language)
    logger.info("interface language is now %s", language)
    return rebuild_window(window, keep_docks=not mirrored)


def rebuild_window(window: MainWindow, *, keep_docks: bool = True) -> MainWindow:
    """A new main window in the current language, showing what ``window`` showed; ``window``
    closes. The open project moves over without being closed (lock and undo history kept).
    ``keep_docks`` puts the docks where they were (not when the window has just mirrored)."""
    geometry, state = window.saveGeometry(), window.saveState()
    features = window.features
    heritage = features.heritage_action.isChecked()
    translations = features.translations_action.isChecked()
    selected = window._selected
    project = window.release_project()

    rebuilt = type(window)()
    rebuilt.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _rebuilt_windows.add(rebuilt)
    rebuilt.destroyed.connect(lambda _obj=None, w=rebuilt: _rebuilt_windows.discard(w))
    rebuilt.restoreGeometry(geometry)
    rebuilt.features.notes_shown = features.notes_shown
    if project is not None:
        rebuilt.show_project(project, selected)
    rebuilt.features.translations_action.setChecked(translations)
    rebuilt.features.heritage_action.setChecked(heritage)
    if keep_docks:
        rebuilt.restoreState(state)
    if window.isVisible():
        rebuilt.show()
    window.close()
    window.deleteLater()
    _rebuilt_windows.discard(window)
    return rebuilt
