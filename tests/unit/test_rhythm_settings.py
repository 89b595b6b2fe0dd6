"""Rhythm presets (TOML data), a project's rhythm settings and speech rates, and the schema-4
migration that gives old files a home for them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.core.timing import DEFAULT_RATES, RateBook, rates_for, speech_rates, speech_seconds
from app.features.rhythm.presets import (
    PRESET_DIR,
    PresetError,
    RhythmRules,
    preset,
    presets,
    read_preset,
)
from app.features.rhythm.settings import SetRhythmSettings, project_settings, resolve
from app.project.commands import Update
from app.project.open_project import OpenProject
from app.store.schema import SCHEMA_VERSION
from tests.conftest import DATA


def test_the_shipped_presets_read_and_name_their_sources() -> None:
    assert set(presets()) == {"chinese-platform", "reelshort-style", "custom"}
    china = preset("chinese-platform").rules
    assert (china.hook_within_seconds, china.scenes, china.lines,
            china.max_voice_over_lines) == (3, (1, 3), (22, 38), 6)
    assert (china.payoff_within_episodes, china.mini_climax_every,
            china.paywall_episodes) == (2, 3, (8, 16))
    for path in PRESET_DIR.glob("*.toml"):
        text = path.read_text("utf-8")
        assert "Source" in text or "source" in text, path
    assert preset("reelshort-style").rules.lines == (0, 0)  # no public figure: off


@pytest.mark.parametrize(("body", "words"), [
    ("[episode]\nscenes = [3, 1]\n", "ends before it starts"),
    ("[episode]\nhook_within_seconds = -1\n", "hook_within_seconds"),
    ("[series]\nstrong_cliffhangers = ['boom']\n", "strong_cliffhangers"),
    ("[series]\nbeats = 3\n", "not a rhythm rule"),
    ("[episode\n", "Cannot read the rhythm preset"),
])
def test_a_bad_preset_names_the_file_and_the_problem(tmp_path: Path, body: str,
                                                     words: str) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(PresetError, match=words) as caught:
        read_preset(path)
    assert "mine.toml" in str(caught.value)


def test_project_values_change_the_preset_and_bad_stored_values_are_skipped() -> None:
    settings = resolve({"preset": "custom", "rules": {"lines": [10, 20], "scenes": "many"}})
    assert settings.rules.lines == (10, 20)
    assert settings.rules.scenes == RhythmRules().scenes  # the broken value is skipped
    assert resolve({"preset": "gone"}).preset == "chinese-platform"


def test_speech_rates_per_language() -> None:
    assert rates_for(None) is DEFAULT_RATES
    book = RateBook({"en": 2.0, "pt": 3.5, "fa": 2.0, "zh": 9, "xx": 1, "ar": 99})
    assert book.speech["ar"] == 2.5  # out of range: the default stays
    text = "one two three four"
    assert speech_seconds(text, book("en")) == pytest.approx(2.0)
    assert speech_seconds(text, book("pt-BR")) == pytest.approx(4 / 3.5)
    assert speech_seconds("یک دو سه چهار", book("fa")) == pytest.approx(2.0)
    assert speech_seconds("一二三四五六七八九", book("zh-Hans")) == pytest.approx(1.0)
    assert speech_rates({"en": True})["en"] == 2.75  # a boolean is no rate


def test_a_projects_speech_rates_change_every_estimate(sample_kiln: Path) -> None:
    with OpenProject.open(sample_kiln, backup=False) as project:
        before = project.stats().estimated_seconds
        project.run(SetRhythmSettings(speech_rates={"zh": 9.0}))
        assert project.stats().estimated_seconds < before * 0.75
        assert project_settings(project).rates.speech["zh"] == 9.0
        project.undo()
        assert project.stats().estimated_seconds == pytest.approx(before)


def test_settings_are_checked_before_they_are_written(sample_kiln: Path) -> None:
    for bad in (dict(preset="nope"), dict(rules={"lines": [5]}),
                dict(speech_rates={"xx": 3}), dict(speech_rates={"en": 0}),
                dict(fit={"ar": {"speed": 3}}), dict(fit={"dub_ratio": -1})):
        with pytest.raises(PresetError):
            SetRhythmSettings(**bad)


def test_old_files_gain_the_rhythm_columns(tmp_path: Path) -> None:
    path = tmp_path / "old.kiln"
    shutil.copy(DATA / "project-v1.kiln", path)
    with OpenProject.open(path, backup=False) as project:
        assert project.file.schema_version == SCHEMA_VERSION >= 4
        assert project.info().rhythm == {}
        beat = project.beats()[0]
        assert (beat.cliffhanger_type, beat.setup_question, beat.paid_off_by) == ("", "", None)
        other = project.beats()[1]
        project.run(Update("beat", beat.id, {"cliffhanger_type": "threat",
                                             "setup_question": "Who?",
                                             "paid_off_by": other.id}))
        project.run(SetRhythmSettings(preset="reelshort-style"))
        assert project_settings(project).preset == "reelshort-style"
        again = next(b for b in project.beats() if b.id == beat.id)
        assert (again.cliffhanger_type, again.paid_off_by) == ("threat", other.id)
