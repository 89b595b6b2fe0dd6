"""Preferences: saved atomically in the user data folder, unknown settings kept, bad files
ignored with a warning rather than stopping Kiln."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.store.preferences import Preferences, load_preferences, preferences_path, save_preferences


def test_no_file_gives_the_defaults() -> None:
    assert load_preferences() == Preferences(language=None)
    assert not preferences_path().exists()


def test_a_choice_round_trips_and_other_settings_survive(_private_data_dir: Path) -> None:
    path = preferences_path()
    assert path.parent == _private_data_dir
    path.write_text(json.dumps({"language": "en", "theme": "dark"}), encoding="utf-8")
    loaded = load_preferences()
    assert loaded.language == "en" and loaded.other == {"theme": "dark"}
    save_preferences(Preferences(language="fa", other=loaded.other))
    assert json.loads(path.read_text(encoding="utf-8")) == {"language": "fa", "theme": "dark"}
    assert load_preferences().language == "fa"
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary left behind


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '{"language": "tlh"}',
                                     '{"language": 5}'])
def test_an_unreadable_file_or_unknown_language_is_ignored(
    content: str, caplog: pytest.LogCaptureFixture
) -> None:
    preferences_path().write_text(content, encoding="utf-8")
    assert load_preferences().language is None
    assert "preferences" in caplog.text or "interface language" in caplog.text


def test_saving_an_unknown_language_is_refused_and_the_file_is_unchanged() -> None:
    save_preferences(Preferences(language="ar"))
    before = preferences_path().read_bytes()
    with pytest.raises(ValueError, match="unknown interface language"):
        save_preferences(Preferences(language="tlh"))
    assert preferences_path().read_bytes() == before


def test_a_file_that_cannot_be_replaced_raises_and_leaves_nothing_behind() -> None:
    path = preferences_path()
    path.mkdir()  # something in the way that even root cannot replace with a file
    with pytest.raises(OSError):
        save_preferences(Preferences(language="fa"))
    assert [p.name for p in path.parent.iterdir()] == [path.name] and path.is_dir()
    assert load_preferences().language is None  # and reading it is only a warning
