"""A studio preset bundled into a build sets the defaults of new projects."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.enums import ScriptLayout
from app.project.open_project import OpenProject
from app.store.presets import StudioDefaults, studio_defaults

ROOT = Path(__file__).resolve().parents[2]


def test_no_preset_means_kiln_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KILN_STUDIO_DIR", str(tmp_path / "none"))
    assert studio_defaults() == StudioDefaults()


def test_broken_preset_is_ignored(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "defaults.json").write_text('{"layout": "vertical"}')
    monkeypatch.setenv("KILN_STUDIO_DIR", str(tmp_path))
    assert studio_defaults() == StudioDefaults()


def test_new_project_takes_the_preset(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    preset = tmp_path / "studio"
    preset.mkdir()
    (preset / "defaults.json").write_text(json.dumps({
        "layout": "hollywood", "source_language": "en", "target_languages": ["ar", "pt-BR"],
        "consultant_profile": {"name": "Parisa", "role": "consultant"}}))
    monkeypatch.setenv("KILN_STUDIO_DIR", str(preset))
    assert studio_defaults().layout is ScriptLayout.HOLLYWOOD
    out = tmp_path / "studio.kiln"
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "new", str(out),
                             "--title", "Cobalt"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    with OpenProject.open(out, read_only=True) as project:
        info = project.info()
    assert (info.layout, info.source_language, info.target_languages) == (
        ScriptLayout.HOLLYWOOD, "en", ("ar", "pt-BR"))
