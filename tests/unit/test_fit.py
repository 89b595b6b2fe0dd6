"""Subtitle and dub fit: counting as the timed-text guides do, wrapping, flags, estimates, and
the limits a project changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.enums import ElementKind
from app.core.timing import RateBook
from app.features.rhythm.fit import (
    LIMITS,
    FitProblem,
    fit_limits,
    line_fit,
    subtitle_chars,
    subtitle_lines,
    wrap,
)
from app.features.rhythm.fit_check import fit_report
from app.features.rhythm.settings import SetRhythmSettings
from app.features.translations.lines import SetTranslations, TranslationEdit, translation_rows
from app.project.open_project import OpenProject
from tests.support.rhythm_fixtures import series, write

RATES = RateBook()
#: Four long Arabic words: 1.6 s of speech, but 41 characters to read.
LONG_WORDS = "المستشفيات والمؤسسات الاستثنائية المتخصصة"


def test_characters_count_spaces_and_punctuation_not_vowel_signs() -> None:
    assert subtitle_chars("Hi, you!") == 8
    assert subtitle_chars("你好，世界。") == 6
    assert subtitle_chars("مَرْحَبًا") == 5  # the short-vowel marks are not characters
    assert subtitle_chars("one\ntwo") == 6  # a line break is not a character


def test_wrapping_at_spaces_and_anywhere_in_chinese() -> None:
    text = "The quick brown fox jumps over the lazy dog and runs far away"
    lines = wrap(text, 42)
    assert all(len(line) <= 42 for line in lines) and " ".join(lines) == text
    assert len(lines) == 2
    seventeen = "一二三四五六七八九十一二三四五六七"
    assert wrap(seventeen, 16) == [seventeen[:16], seventeen[16:]]
    assert subtitle_lines("x" * 100, 42) == 3  # a word longer than a line is cut


def test_default_limits_follow_the_guides() -> None:
    assert (LIMITS["zh"].cps, LIMITS["zh"].chars_per_line) == (9.0, 16)
    for lang in ("en", "pt", "ar", "fa"):
        assert (LIMITS[lang].cps, LIMITS[lang].chars_per_line, LIMITS[lang].lines) == (17, 42, 2)
    assert fit_limits("pt-BR") == LIMITS["pt"]
    changed = fit_limits("ar", {"ar": {"cps": 15}, "dub_ratio": 1.3})
    assert (changed.cps, changed.chars_per_line, changed.dub_ratio) == (15, 42, 1.3)


def fit(translation: str, language: str = "en", source: str = "一二三四五六七八九",
        seconds: float = 2.0):  # noqa: ANN201
    return line_fit("e", "L1", 1, ElementKind.DIALOGUE, "A", source, "zh-Hans", translation,
                    language, 0.0, seconds, fit_limits(language), RATES)


def test_a_short_line_fits() -> None:
    result = fit("Who are you?")  # 12 characters in 2 s, 3 words ≈ 1.1 s of 2 s of speech
    assert result.fits and result.cps == 6.0 and result.lines == 1
    assert result.dub_ratio == pytest.approx((3 / 2.75) / 2, abs=1e-3)


def test_too_fast_too_long_and_a_long_dub_are_flagged() -> None:
    fast = fit("You came back at last, after all these years!")  # 45 characters in 2 s
    assert FitProblem.READING_SPEED in fast.problems
    long_text = " ".join(["word"] * 30)  # 149 characters: four lines of 42
    assert FitProblem.LINE_LENGTH in fit(long_text, seconds=20).problems
    dub = fit("one two three four five six seven", seconds=20)  # 7 words: 2.5 s vs 2 s
    assert dub.problems == (FitProblem.DUB_LENGTH,) and dub.dub_ratio > 1.15


def test_chinese_target_uses_nine_characters_a_second() -> None:
    result = line_fit("e", "L1", 1, ElementKind.DIALOGUE, "A", "Who are you, and why now?",
                      "en", "你是谁？为什么现在才来？我等了你整整二十年。", "zh-Hans", 0, 2.0,
                      fit_limits("zh-Hans"), RATES)
    assert result.chars == 22 and result.lines == 2
    assert result.problems[0] is FitProblem.READING_SPEED


def test_an_untranslated_line_is_estimated_without_a_dub_ratio() -> None:
    result = fit("")
    assert result.estimated and result.dub_ratio is None
    # 2 s of speech in English: 2.75 words a second of 5.7 characters
    assert result.chars == round(2 * 2.75 * 5.7)


def test_fit_report_uses_translations_and_the_projects_limits(tmp_path: Path) -> None:
    path = write(series(), tmp_path / "s.kiln")
    with OpenProject.open(path, backup=False) as project:
        rows = translation_rows(project, "ar")
        project.run(SetTranslations([TranslationEdit(rows[0].element_id, "ar",
                                                     LONG_WORDS)]))
        report = fit_report(project, "ar")
        first = report.lines[0]
        assert not first.estimated and first.problems == (FitProblem.READING_SPEED,)
        assert [e.number for e in report.episodes] == [1, 2, 3]
        assert (report.episodes[0].translated, report.episodes[0].reading_speed) == (1, 1)
        assert first.chars == len(LONG_WORDS) and first.dub_ratio == pytest.approx(0.8)
        project.run(SetRhythmSettings(fit={"ar": {"cps": 30}}))
        assert fit_report(project, "ar").lines[0].problems == ()
        project.undo()
        assert fit_report(project, "ar").lines[0].problems == (FitProblem.READING_SPEED,)
