"""Qt's own words in the interface language: standard buttons, file dialogs, context menus.

Qt ships its translations as ``qtbase_<locale>.qm`` in PySide6's translations folder
(``QLibraryInfo``'s ``TranslationsPath``; the packaged app keeps ar, fa, pt_BR and zh_CN).
``apply_interface_language`` installs the one for Kiln's interface language, makes Qt's
default locale match (spin boxes, dates) and mirrors the application for Arabic and Persian.
"""

from __future__ import annotations

import logging

from PySide6 import QtCore
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app.core.direction import is_rtl

logger = logging.getLogger(__name__)

#: Kiln's interface languages -> the name of Qt's catalog (None: Qt speaks English already).
QT_CATALOGS = {"en": None, "zh_Hans": "zh_CN", "ar": "ar", "fa": "fa", "pt_BR": "pt_BR"}

_installed: QTranslator | None = None


def qt_translations_dir() -> str:
    """The folder that holds Qt's ``qtbase_*.qm`` files."""
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


def installed_translator() -> QTranslator | None:
    """The qtbase translator Kiln installed, if any."""
    return _installed


def remove_qt_translator() -> None:
    """Take Kiln's qtbase translator out again (Qt speaks English)."""
    global _installed
    if _installed is not None:
        QCoreApplication.removeTranslator(_installed)
        _installed = None


def install_qt_translator(language: str) -> bool:
    """Install qtbase's catalog for ``language`` in place of the previous one.

    False (and Qt left in English) when Kiln's language has no Qt catalog or it is missing.
    """
    global _installed
    remove_qt_translator()
    name = QT_CATALOGS.get(language)
    if name is None:
        return False
    translator = QTranslator()
    if not translator.load(f"qtbase_{name}", qt_translations_dir()):
        logger.warning("Qt's catalog qtbase_%s is not in %s", name, qt_translations_dir())
        return False
    QCoreApplication.installTranslator(translator)
    _installed = translator  # a translator that is garbage-collected stops translating
    return True


def apply_interface_language(application: QCoreApplication, language: str) -> None:
    """Qt's catalog, Qt's default locale and the layout direction for ``language``.

    Widgets made afterwards follow; Kiln's own words follow ``app.core.i18n.set_language``, which
    the caller has already switched.
    """
    install_qt_translator(language)
    QLocale.setDefault(QLocale(language.replace("_", "-")))
    rtl = is_rtl(language)
    # QGuiApplication and up; only when the direction changes: naming any of ``Qt``'s enums
    # makes PySide6 build all of them (about 17 ms), which a window in a left-to-right
    # language then does after its first frame instead of before it.
    if hasattr(application, "setLayoutDirection") and application.isRightToLeft() != rtl:
        direction = QtCore.Qt.LayoutDirection
        application.setLayoutDirection(direction.RightToLeft if rtl else direction.LeftToRight)
