"""Words and numbers of an export in the EXPORT's language, not the interface's.

Labels are looked up in the gettext catalog of the target language (English when there is no
catalog yet); dates and numbers are formatted with Babel, in the digits the locale uses by
default (Persian uses ۰–۹, for example).
"""

from __future__ import annotations

import datetime as dt
import gettext
import logging
from collections.abc import Callable
from dataclasses import dataclass

from app.core import i18n
from app.core.direction import is_rtl

logger = logging.getLogger(__name__)

_DIGITS = {"arabext": "۰۱۲۳۴۵۶۷۸۹", "arab": "٠١٢٣٤٥٦٧٨٩"}


def _babel_locale(language: str) -> str:
    return language.replace("-", "_")


@dataclass(frozen=True)
class ExportText:
    """Translation and formatting for one export language."""

    language: str
    gettext: Callable[[str], str]
    digit_table: str

    def digits(self, value: int | str) -> str:
        """``value`` with its ASCII digits in the locale's own digits."""
        text = str(value)
        if not self.digit_table:
            return text
        return text.translate(str.maketrans("0123456789", self.digit_table))

    def date(self, day: dt.date) -> str:
        """A long, locale-formatted date (Babel), in the locale's digits."""
        from babel.dates import format_date

        try:
            text = format_date(day, "long", locale=_babel_locale(self.language))
        except ValueError:
            text = format_date(day, "long", locale="en")
        return self.digits(text)

    def language_name(self, tag: str) -> str:
        """The name of the language ``tag`` (BCP-47) in this export's language ("Arabic",
        "عربی", "阿拉伯语"); the tag itself when Babel does not know it."""
        from babel import Locale, UnknownLocaleError

        try:
            name = Locale.parse(_babel_locale(tag)).get_display_name(_babel_locale(self.language))
        except (ValueError, UnknownLocaleError):
            name = None
        return name or tag

    @property
    def rtl(self) -> bool:
        return is_rtl(self.language)


def export_text(language: str) -> ExportText:
    """The ``ExportText`` of ``language`` (BCP-47)."""
    locale = _babel_locale(language)
    translation = gettext.translation(
        i18n.DOMAIN, i18n.CATALOG_DIR, languages=[locale, locale.split("_")[0]], fallback=True
    )
    table = ""
    try:
        from babel import Locale

        table = _DIGITS.get(Locale.parse(locale).default_numbering_system, "")
    except (ValueError, LookupError):
        logger.info("no locale data for %s", language)
    return ExportText(language, translation.gettext, table)


def _(message: str) -> str:
    """Mark an export label for extraction; it is translated later by ``ExportText.gettext``."""
    return message
