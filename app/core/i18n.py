"""Translation of user-visible text (gettext catalogs built with Babel) and locale formats.

``_`` and ``ngettext`` look strings up in the catalog of the current interface language;
``set_language`` switches it. Catalogs live in ``i18n/<locale>/LC_MESSAGES/kiln.mo`` and are
compiled from the ``.po`` files by ``make i18n`` (and by setup and packaging). Which way a
language runs is ``app.core.direction.is_rtl``.

``format_number``, ``format_date`` and ``format_duration`` write numbers, dates and lengths of
time the way the interface language does (Babel's CLDR data), in the digits its locale uses by
default: Persian gets ۰–۹; Arabic without a region gets Latin digits, as CLDR says. Babel is
imported on first use, so start-up does not pay for it.
"""

from __future__ import annotations

import datetime as dt
import gettext
import locale as _locale
import logging
import os
from functools import lru_cache
from pathlib import Path

logger = logging.getLogger(__name__)

DOMAIN = "kiln"
CATALOG_DIR = Path(__file__).resolve().parents[2] / "i18n"  # app/core/i18n.py -> the root

#: Interface languages Kiln ships catalogs for (gettext locale names).
LANGUAGES = ("en", "zh_Hans", "ar", "fa", "pt_BR")

#: Each interface language in its own words, for the language chooser.
LANGUAGE_NAMES = {
    "en": "English",
    "zh_Hans": "中文（简体）",
    "ar": "العربية",
    "fa": "فارسی",
    "pt_BR": "Português (Brasil)",
}

#: Digits of the numbering systems CLDR names as some locales' default.
_NATIVE_DIGITS = {"arab": "٠١٢٣٤٥٦٧٨٩", "arabext": "۰۱۲۳۴۵۶۷۸۹"}

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def _gettext_locale(language: str) -> str:
    """Map a BCP-47 tag (``zh-Hans``, ``pt-BR``) to a gettext locale name (``zh_Hans``)."""
    return language.replace("-", "_")


def set_language(language: str) -> None:
    """Use the catalog for ``language``; unknown languages fall back to English."""
    global _translations, _language
    locale = match_language(language) or _gettext_locale(language)
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


def match_language(tag: str) -> str | None:
    """The interface language (one of ``LANGUAGES``) that serves a locale tag, or None.

    ``zh_CN.UTF-8``, ``zh-Hans-CN`` and ``zh_TW`` give ``zh_Hans`` (the one Chinese catalog);
    any Portuguese gives ``pt_BR``; ``fa_IR`` gives ``fa``; ``de_DE`` and ``C`` give None.
    """
    tag = _gettext_locale(tag.strip()).split(".")[0].split("@")[0]
    if not tag or tag in ("C", "POSIX"):
        return None
    for language in LANGUAGES:
        if tag.lower() == language.lower():
            return language
    base = tag.split("_")[0].lower()
    return {"zh": "zh_Hans", "pt": "pt_BR", "en": "en", "ar": "ar", "fa": "fa"}.get(base)


def system_language() -> str:
    """The interface language the system locale asks for (English when Kiln has none of it)."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if name == "LANGUAGE":  # a list in order of preference, as GNU gettext reads it
            found = next((m for m in map(match_language, value.split(":")) if m), None)
            if found:
                return found
        elif value:
            return match_language(value) or "en"  # the first one set decides, as in POSIX
    try:
        tag = _locale.getlocale(_locale.LC_CTYPE)[0] or ""
    except ValueError:
        tag = ""
    return match_language(tag) or "en"


def _(message: str) -> str:
    """Translate ``message`` into the interface language."""
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message whose form depends on the count ``n``."""
    return _translations.ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    """Mark ``message`` for extraction without translating it yet."""
    return message


def pgettext(context: str, message: str) -> str:
    """Translate ``message`` in ``context``, for one English word with two meanings ("Idea" as a
    card's kind and as its status)."""
    return _translations.pgettext(context, message)


# -- locale formats ------------------------------------------------------------------------


def _babel_locale(language: str | None):  # noqa: ANN202 - babel.Locale, imported lazily
    from babel import Locale, UnknownLocaleError

    name = _gettext_locale(language or _language)
    try:
        return Locale.parse(name)
    except (ValueError, UnknownLocaleError):
        logger.info("no locale data for %s; formatting in English", name)
        return Locale.parse("en")


def native_digits(text: str, language: str | None = None) -> str:
    """``text`` with ASCII digits written in the digits ``language`` uses by default."""
    digits = _NATIVE_DIGITS.get(_babel_locale(language).default_numbering_system, "")
    return text.translate(str.maketrans("0123456789", digits)) if digits else text


def format_number(value: float | int, decimals: int | None = None,
                  language: str | None = None) -> str:
    """``value`` with the locale's separators and digits (``decimals`` fixed places, if given).

    ``format_number(1234.5, language="fa")`` is ``۱٬۲۳۴٫۵``; ``decimals=1`` keeps ``6.0``.
    """
    if isinstance(value, int) and decimals is None:
        return _format_int(value, language or _language)  # cached: boards paint many counts
    import copy

    from babel.numbers import format_decimal

    locale = _babel_locale(language)
    if decimals is None:
        text = format_decimal(value, locale=locale, numbering_system="default")
    else:
        pattern = copy.copy(locale.decimal_formats[None])
        pattern.frac_prec = (decimals, decimals)
        text = pattern.apply(value, locale, numbering_system="default")
    return native_digits(text, str(locale))


@lru_cache(maxsize=4096)
def _format_int(value: int, language: str) -> str:
    from babel.numbers import format_decimal

    locale = _babel_locale(language)
    return native_digits(format_decimal(value, locale=locale, numbering_system="default"),
                         str(locale))


def format_date(day: dt.date | dt.datetime, length: str = "medium",
                language: str | None = None) -> str:
    """A date (``short``, ``medium``, ``long`` or ``full``) as the locale writes it."""
    from babel.dates import format_date as babel_format_date

    locale = _babel_locale(language)
    return native_digits(babel_format_date(day, length, locale=locale), str(locale))


def format_clock(moment: dt.time | dt.datetime, language: str | None = None) -> str:
    """A time of day as the locale writes it, short (``10:42``, ``۱۰:۴۲``, ``上午10:42``)."""
    from babel.dates import format_time as babel_format_time

    locale = _babel_locale(language)
    return native_digits(babel_format_time(moment, "short", locale=locale), str(locale))


def format_duration(seconds: float, language: str | None = None) -> str:
    """A length of time in hours, minutes and seconds, with units the locale's plural rules
    pick: ``1 min 35 sec`` in English, ``1分钟35秒`` in Chinese, ``۱ دقیقه ۳۵ ثانیه`` in Persian.

    Rounded to the second; at an hour or more, to the minute. Negative lengths get a minus.
    """
    locale = _babel_locale(language)
    total = round(abs(seconds))
    if total >= 3600:
        total = round(total / 60) * 60
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    amounts = [(hours, "duration-hour"), (minutes, "duration-minute"), (secs, "duration-second")]
    parts = [_unit(amount, unit, locale) for amount, unit in amounts if amount]
    if not parts:
        parts = [_unit(0, "duration-second", locale)]
    text = parts[0]
    pattern = _unit_list_pattern(locale)
    for part in parts[1:]:
        text = pattern.format(text, part)
    if seconds < 0 and total:
        text = locale.number_symbols["latn"]["minusSign"] + text
    return native_digits(text, str(locale))


def _unit(amount: int, unit: str, locale) -> str:  # noqa: ANN001 - babel.Locale
    """``amount`` of ``unit`` in the locale's short unit pattern for the amount's plural form.

    Babel's own ``format_unit`` answers "1 horas" where a locale's data lists only the "other"
    form (pt); CLDR's rule is to use "other" then, which this does.
    """
    from babel.numbers import format_decimal

    patterns = locale._data["unit_patterns"][unit].get("short", {})
    pattern = patterns.get(locale.plural_form(amount)) or patterns["other"]
    return pattern.format(format_decimal(amount, locale=locale))


def _unit_list_pattern(locale) -> str:  # noqa: ANN001 - babel.Locale
    """How the locale joins "1 min" and "35 sec" (CLDR's unit list patterns for two items)."""
    patterns = locale.list_patterns
    for style in ("unit-narrow", "unit-short", "unit"):
        pattern = patterns.get(style, {}).get("2")
        if pattern:
            return pattern
    return "{0} {1}"


def join_sentences(sentences: list[str]) -> str:
    """Sentences one after another, spaced as the interface language spaces them (Chinese and
    Japanese put none after 。)."""
    text = ""
    for sentence in sentences:
        # translators: two sentences one after the other; keep or drop the space as your
        # language does
        text = _("{sentence} {next_sentence}").format(sentence=text, next_sentence=sentence) \
            if text else sentence
    return text


def format_list(items: list[str], language: str | None = None) -> str:
    """``items`` joined the way the locale writes a list ("a, b and c"; "a، b و c"; "a、b和c")."""
    from babel.lists import format_list as babel_format_list

    if not items:
        return ""
    return babel_format_list(items, locale=_babel_locale(language))
