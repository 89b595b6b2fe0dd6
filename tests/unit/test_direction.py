"""Text direction: the one language list, the letter ranges, and the text helpers (no Qt)."""

from __future__ import annotations

import unicodedata

import pytest

from app.core import direction
from app.core.direction import (
    BIDI_CONTROLS,
    FIRST_STRONG_ISOLATE,
    POP_DIRECTIONAL_ISOLATE,
    RTL_LANGUAGES,
    dominant_rtl,
    first_strong_rtl,
    has_rtl,
    is_rtl,
    is_rtl_letter,
    isolate,
    paragraph_rtl,
    rtl_stretches,
    strip_controls,
    strip_isolates,
)

LTR_LANGUAGES = ("en", "zh", "zh_Hans", "pt", "pt_BR", "fr", "ru", "ja", "tr", "hi", "ku", "ms")


def test_right_to_left_languages() -> None:
    assert is_rtl("ar") and is_rtl("fa") and is_rtl("fa-IR")
    assert not is_rtl("zh_Hans") and not is_rtl("pt-BR") and not is_rtl("en")


@pytest.mark.parametrize("tag", ["fa", "fa-IR", "fa_IR", "FA", "ar-EG", "he", "ur-PK", "ckb",
                                 "ps", "sd", "ug", "yi", "dv", "fa_IR.UTF-8", "pa-Arab"])
def test_rtl_tags(tag: str) -> None:
    assert is_rtl(tag)


@pytest.mark.parametrize("tag", ["en", "zh-Hans", "zh_Hans", "pt-BR", "de_DE", "", None,
                                 "sd-Deva", "ar-Latn", "farsi"])
def test_ltr_tags(tag: str | None) -> None:
    assert not is_rtl(tag)
    assert direction.direction(tag) == "ltr"


def test_direction_names_it_as_html_does() -> None:
    assert direction.direction("fa") == "rtl"
    assert direction.direction("pt-BR") == "ltr"


def test_babel_agrees_with_the_list() -> None:
    """Kiln's list is checked against CLDR here, so Babel never runs on the hot path."""
    from babel import Locale, UnknownLocaleError

    known = []
    for language in sorted(RTL_LANGUAGES) + list(LTR_LANGUAGES) + [
        "sd_Deva", "pa_Arab", "uz_Arab", "ms_Arab", "az_Arab", "ks_Deva",
    ]:
        try:
            babel = Locale.parse(language).text_direction == "rtl"
        except (ValueError, UnknownLocaleError):
            continue
        known.append(language)
        assert is_rtl(language) == babel, language
    assert set(RTL_LANGUAGES) <= set(known)  # Babel knows every language on the list


def test_rtl_letters_cover_every_right_to_left_character() -> None:
    for code in range(0x110000):
        char = chr(code)
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL") and char not in BIDI_CONTROLS:
            assert is_rtl_letter(char), hex(code)
        if kind in ("L", "EN", "WS", "B", "S"):
            assert not is_rtl_letter(char), hex(code)


def test_hyphens_digits_and_joiners_are_not_rtl_letters() -> None:
    assert not has_rtl("1-1 INT. KILN - NIGHT")
    assert not has_rtl("۱۴۰۲ ٢٠٢٥")  # Persian and Arabic-Indic digits are weak
    assert not has_rtl("\u200c\u200d")
    assert has_rtl("梅：این") and has_rtl("שלום") and has_rtl("ﻻ")  # presentation form too


def test_first_strong_character_decides() -> None:
    assert first_strong_rtl("۱۴۰۲ رضا")  # digits are weak; the first letter decides
    assert first_strong_rtl("«این» آبی")
    assert first_strong_rtl("123 مرحبا")
    assert not first_strong_rtl("Reza گفت")
    assert not first_strong_rtl("梅：این")
    assert not first_strong_rtl("- ۱۴۰۲ -")
    assert first_strong_rtl("- ۱۴۰۲ -", True)  # no strong letter: the default
    assert first_strong_rtl("شهریور ۱۴۰۲")


def test_paragraph_direction_by_language_or_first_strong_letter() -> None:
    assert paragraph_rtl("این آبی از کاشان")
    assert paragraph_rtl("Reza", "fa")
    assert paragraph_rtl("۱۴۰۲ رضا")
    assert not paragraph_rtl("Reza گفت")
    assert not paragraph_rtl("梅：این")
    assert paragraph_rtl("梅：این", "fa")
    assert not paragraph_rtl("Hello مرحبا")
    assert not paragraph_rtl("۱۴۰۲")


def test_dominant_direction_counts_words() -> None:
    # Persian with digits
    assert dominant_rtl("در سال ۱۴۰۲ به کاشان رفتیم", False)
    # Arabic with a Latin name
    assert dominant_rtl("قال Reza Karimi إن الأزرق جاء من كاشان", False)
    assert dominant_rtl("رضا گفت: Kashan", False)
    # mixed lines: the majority of words wins, each Han character a word of its own
    assert not dominant_rtl("林青禾说：کاشان آبی", False)
    assert not dominant_rtl("The word «کاشانی» means from Kashan", False)
    assert dominant_rtl("کاشانی یعنی اهل Kashan", False)
    # a zero-width non-joiner keeps می‌خواهم one word: one each is a tie, which is not RTL
    assert not dominant_rtl("می\u200cخواهم Reza", False)
    assert dominant_rtl("می\u200cخواهم بروم Reza", False)
    # no letters: the default
    assert dominant_rtl("۱۴۰۲ - 12", True)
    assert not dominant_rtl("۱۴۰۲ - 12", False)
    assert not dominant_rtl("well-known", True)


def test_isolates_wrap_and_come_off() -> None:
    text = isolate("1-2 夜 内 老窑")
    assert text == f"{FIRST_STRONG_ISOLATE}1-2 夜 内 老窑{POP_DIRECTIONAL_ISOLATE}"
    assert isolate("") == ""
    assert strip_isolates(text) == "1-2 夜 内 老窑"
    assert strip_controls("\u202bسلام\u202c \u2067x\u2069\u200f") == "سلام x"
    assert {"\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f"} <= BIDI_CONTROLS


def test_a_stretch_takes_in_a_latin_word_but_not_the_paragraph_around_it() -> None:
    def stretches(text: str) -> list[str]:
        return [text[a:b] for a, b in rtl_stretches(text)]

    # a Latin word inside an Arabic sentence is the sentence's, and so is its full stop
    assert stretches("Ask: أرسل لي الصور على WhatsApp قبل الساعة 10.") == [
        "أرسل لي الصور على WhatsApp قبل الساعة 10."]
    # an English note quoting Persian words: each quote is a stretch of its own, and the
    # English words between them stay in the paragraph's order
    note = ("«مادرجون» (madar-jun) is the warm way to address a grandmother; keep it rather "
            "than «مادربزرگ». Note the plural (ببینید in ep. 3) against تو.")
    assert stretches(note) == ["مادرجون", "مادربزرگ", "ببینید", "تو"]
    assert stretches("Gulf Arabic (e.g. «أبا الزوج كامل، مب وحدة بس») or English") == [
        "أبا الزوج كامل، مب وحدة بس"]


def test_a_closing_quote_after_a_quoted_word_stays_outside_its_stretch() -> None:
    text = "叫孙女“دخترم”（我的女儿）或“عزیزم”，用亲昵的单数“تو”。"
    assert [text[a:b] for a, b in rtl_stretches(text)] == ["دخترم", "عزیزم", "تو"]


def test_quoted_letters_and_words_in_an_english_note_are_stretches_of_their_own() -> None:
    def stretches(text: str) -> list[str]:
        return [text[a:b] for a, b in rtl_stretches(text)]

    assert stretches("Use letterforms (ک and ی not Arabic ك and ي).") == ["ک", "ی", "ك", "ي"]
    assert stretches("a bare «سومالي» / «سومالی»: Arabic viewers") == ["سومالي", "سومالی"]
    assert stretches("قال (بصوت عال) مرحبا.") == ["قال (بصوت عال) مرحبا."]
