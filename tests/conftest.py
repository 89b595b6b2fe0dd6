"""Shared test setup: Qt offscreen, a private user data folder per test, and small helpers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("KILN_LANG", "en")

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _private_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Backups and other user data of each test go to a folder of its own."""
    folder = tmp_path_factory.mktemp("kiln-data")
    monkeypatch.setenv("KILN_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def sample_kiln(tmp_path: Path) -> Path:
    """A fresh copy of the bundled sample project."""
    from app.formats.sample import write_sample

    path = tmp_path / "sample.kiln"
    write_sample(path)
    return path


@pytest.fixture
def mini_kiln(tmp_path: Path) -> Path:
    """A two-episode project built from tests/data/mini.kiln.json."""
    from app.formats import project_json
    from app.project.open_project import write_project

    source = DATA / "mini.kiln.json"
    path = tmp_path / "mini.kiln"
    write_project(path, project_json.populator(project_json.load(source), source.name))
    return path
