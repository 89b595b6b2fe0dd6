"""Edit ▸ Preferences…: the interface language, each language listed in its own name.

Choosing another language switches at once: Kiln's catalog, Qt's catalog, Qt's locale and the
layout direction change (Arabic and Persian mirror the window), then the main window is rebuilt
in the new language with the same project still open — its lock, undo history, selection, docks
and the window's geometry are kept (the window rebuilds itself: ``LanguageWindow.rebuilt``).
While another dialog of the window is open (an export running, a note being written), the choice
is saved and applies from the next start.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Protocol

from PySide6 import QtCore
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
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

logger = logging.getLogger(__name__)

MIN_WIDTH = 440  # pixels


class LanguageWindow(Protocol):
    """The window a language switch rebuilds (``ui.window.main_window.MainWindow``)."""

    def window(self) -> QWidget:
        """The window itself, as a widget (the dialog's parent)."""
        ...

    def isRightToLeft(self) -> bool: ...  # noqa: N802 - Qt

    def rebuilt(self, *, keep_docks: bool = True) -> QWidget:
        """A new window in the current language showing what this one showed (this one
        closes); ``keep_docks`` puts the docks where they were."""
        ...


class PreferencesDialog(QDialog):
    """The interface language (more settings join this dialog as they come)."""

    def __init__(self, window: LanguageWindow) -> None:
        super().__init__(window.window())
        self.main_window = window
        self.rebuilt_window: QWidget | None = None  # the window in the new language
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
        # Wide enough that no word is cut: Arabic button and combo texts were clipped at the
        # width Qt picked for the wrapped note (issue 16).
        self.setMinimumWidth(max(MIN_WIDTH, self.sizeHint().width()))

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


def switch_language(window: LanguageWindow, language: str) -> QWidget | None:
    """Speak ``language`` now: the window is rebuilt in it and returned.

    None when a dialog of the window is still open (rebuilding would throw it away): the
    choice, already saved, then applies from the next start, and a message says so.
    """
    busy = [d for d in window.window().findChildren(QDialog) if d.isVisible()]
    if busy:
        logger.info("language switch to %s deferred: %d dialog(s) open", language, len(busy))
        box = QMessageBox(QMessageBox.Icon.Information, _("Preferences"), _(
            "Kiln will use {language} from its next start (another dialog of the window is "
            "still open).").format(language=LANGUAGE_NAMES.get(language, language)),
            QMessageBox.StandardButton.Ok, window.window())
        box.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return None
    mirrored = is_rtl(language) != window.isRightToLeft()
    set_language(language)
    application = QApplication.instance()
    if application is not None:
        apply_interface_language(application, language)
    logger.info("interface language is now %s", language)
    return window.rebuilt(keep_docks=not mirrored)
