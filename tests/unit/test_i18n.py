"""Interface language choice and locale formats: numbers, dates and durations as each of Kiln's
languages writes them, in its own digits."""

from __future__ import annotations

import datetime as dt

import pytest

from app.core import i18n


@pytest.mark.parametrize(("tag", "language"), [
    ("zh_CN.UTF-8", "zh_Hans"), ("zh-Hans-CN", "zh_Hans"), ("zh_TW", "zh_Hans"),
    ("pt_PT", "pt_BR"), ("pt-BR", "pt_BR"), ("fa_IR.UTF-8", "fa"), ("ar_EG", "ar"),
    ("en_GB.UTF-8@euro", "en"), ("AR", "ar"), ("de_DE", None), ("C", None), ("", None),
])
def test_locale_tags_map_to_the_interface_languages(tag: str, language: str | None) -> None:
    assert i18n.match_language(tag) == language


def test_the_system_language_comes_from_the_posix_variables(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "fa_IR.UTF-8")
    assert i18n.system_language() == "fa"
    monkeypatch.setenv("LC_ALL", "de_DE.UTF-8")  # set first, and Kiln does not speak it
    assert i18n.system_language() == "en"
    monkeypatch.setenv("LANGUAGE", "sv:zh_CN:en")
    assert i18n.system_language() == "zh_Hans"


def test_set_language_accepts_bcp47_and_falls_back_to_english() -> None:
    try:
        i18n.set_language("tlh")  # no catalog: English, never an error
        assert i18n.current_language() == "en"
        assert i18n._("Open…") == "Open…"
    finally:
        i18n.set_language("en")


@pytest.mark.parametrize(("language", "number", "decimals", "text"), [
    ("en", 1234.5, None, "1,234.5"),
    ("pt_BR", 1234.5, None, "1.234,5"),
    ("fa", 1234.5, None, "۱٬۲۳۴٫۵"),
    ("ar", 1234.5, None, "1,234.5"),  # CLDR: Arabic without a region writes Latin digits
    ("ar_EG", 1234.5, None, "١٬٢٣٤٫٥"),
    ("zh_Hans", 1234.5, None, "1,234.5"),
    ("en", 6, 1, "6.0"),
    ("fa", 5.96, 1, "۶٫۰"),
    ("pt_BR", 1234567.891, 2, "1.234.567,89"),
])
def test_numbers_in_the_locales_digits_and_separators(
    language: str, number: float, decimals: int | None, text: str
) -> None:
    assert i18n.format_number(number, decimals, language=language) == text


def test_dates() -> None:
    day = dt.date(2026, 3, 5)
    assert i18n.format_date(day, language="en") == "Mar 5, 2026"
    assert i18n.format_date(day, "long", language="zh_Hans") == "2026年3月5日"
    assert i18n.format_date(day, "long", language="fa") == "۵ مارس ۲۰۲۶"
    assert i18n.format_date(day, "long", language="pt_BR") == "5 de março de 2026"
    assert i18n.format_date(dt.datetime(2026, 3, 5, 23, 59), language="en") == "Mar 5, 2026"


@pytest.mark.parametrize(("language", "seconds", "text"), [
    ("en", 95, "1 min 35 sec"),
    ("en", 1, "1 sec"),
    ("en", 0, "0 sec"),
    ("en", 120, "2 min"),
    ("en", 3725, "1 hr 2 min"),
    ("en", 89.6, "1 min 30 sec"),
    ("zh_Hans", 95, "1分钟35秒"),
    ("fa", 95, "۱ دقیقه ۳۵ ثانیه"),
    ("ar", 95, "1 د 35 ث"),
    ("pt_BR", 95, "1 min 35 s"),
    ("pt_BR", 3600, "1 h"),  # Babel's own format_unit says "1 horas" here
])
def test_durations(language: str, seconds: float, text: str) -> None:
    assert i18n.format_duration(seconds, language) == text


def test_a_negative_duration_has_a_minus_and_formats_follow_the_interface_language(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert i18n.format_duration(-61, "en") == "-1 min 1 sec"
    assert i18n.format_number(12) == "12"
    monkeypatch.setattr(i18n, "_language", "fa")  # as set_language("fa") leaves it
    assert i18n.format_number(12) == "۱۲"
    assert i18n.format_duration(75) == "۱ دقیقه ۱۵ ثانیه"

