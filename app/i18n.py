"""Translation of user-visible text (gettext catalogs built with Babel) and text direction.

``_`` and ``ngettext`` look strings up in the catalog of the current interface language;
``set_language`` switches it. Catalogs live in ``i18n/<locale>/LC_MESSAGES/kiln.mo`` and are
compiled from the ``.po`` files by ``make i18n`` (and by setup and packaging).
"""

from __future__ import annotations

import gettext
import logging
import os
from pathlib import Path

logger = logging.getLogger(__name__)

DOMAIN = "kiln"
CATALOG_DIR = Path(__file__).resolve().parent.parent / "i18n"

#: Interface languages Kiln ships catalogs for (gettext locale names).
LANGUAGES = ("en", "zh_Hans", "ar", "fa", "pt_BR")

_RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps", "ckb", "sd", "ug", "yi", "dv"})

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def _gettext_locale(language: str) -> str:
    """Map a BCP-47 tag (``zh-Hans``, ``pt-BR``) to a gettext locale name (``zh_Hans``)."""
    return language.replace("-", "_")


def set_language(language: str) -> None:
    """Use the catalog for ``language``; unknown languages fall back to English."""
    global _translations, _language
    locale = _gettext_locale(language)
    try:
        _translations = gettext.translation(DOMAIN, CATALOG_DIR, languages=[locale])
        _language = locale
    except OSError:
        if locale.split("_")[0] != "en":
            logger.info("no catalog for %s; using English", language)
        _translations = gettext.NullTranslations()
        _language = "en"


def current_language() -> str:
    """The gettext locale name of the interface language in use."""
    return _language


def language_from_environment() -> str:
    """The interface language asked for by ``KILN_LANG`` or the system locale."""
    for name in ("KILN_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value and value not in ("C", "POSIX"):
            return value.split(":")[0].split(".")[0]
    return "en"


def _(message: str) -> str:
    """Translate ``message`` into the interface language."""
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message whose form depends on the count ``n``."""
    return _translations.ngettext(singular, plural, n)


def is_rtl(language: str) -> bool:
    """True when ``language`` (BCP-47 or gettext form) is written right to left."""
    return _gettext_locale(language).split("_")[0].lower() in _RTL_LANGUAGES
