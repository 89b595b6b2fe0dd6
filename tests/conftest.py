"""Shared test setup: Qt offscreen, the shipped fonts, a private user data folder per test, and
small helpers."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.features.studio.address import PASSWORD_VARIABLE
from tests.support.fonts import write_fontconfig
from tests.support.pg_cluster import Cluster
from tests.support.studio import PASSWORD, StudioFixture, make_studio

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("KILN_LANG", "en")

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
# hypothesis keeps its example database in the current folder unless told; build/ is ignored
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", str(ROOT / "build" / "hypothesis"))
_FONTCONFIG = pytest.StashKey[tuple[Path, str | None]]()


def pytest_configure(config: pytest.Config) -> None:
    """Qt, and every program a test starts, find the fonts Kiln ships through fontconfig.

    Without them a machine with DejaVu only draws the window's Chinese as empty boxes in every
    screenshot, and a test's result would depend on the fonts someone installed by hand. Set
    before any QApplication exists, since fontconfig reads its configuration once.
    """
    folder = Path(tempfile.mkdtemp(prefix="kiln-fontconfig-"))
    config.stash[_FONTCONFIG] = (folder, os.environ.get("FONTCONFIG_FILE"))
    os.environ["FONTCONFIG_FILE"] = str(write_fontconfig(folder))


def pytest_unconfigure(config: pytest.Config) -> None:
    folder, before = config.stash.get(_FONTCONFIG, (None, None))
    if folder is None:
        return
    if before is None:
        os.environ.pop("FONTCONFIG_FILE", None)
    else:
        os.environ["FONTCONFIG_FILE"] = before
    shutil.rmtree(folder, ignore_errors=True)


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


# -- the studio tests' PostgreSQL: one throwaway cluster for the run, started only when a test
# asks for it, and a fresh studio database per test.


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    cluster = Cluster().init()
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.remove()


@pytest.fixture
def studio(pg_cluster: Cluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> StudioFixture:
    """A fresh studio; every member's password is the one in KILN_STUDIO_PASSWORD, as a
    laptop's would be (the addresses kept in the files carry none)."""
    if not pg_cluster.running():
        pg_cluster.start()
    monkeypatch.setenv(PASSWORD_VARIABLE, PASSWORD)
    return make_studio(pg_cluster, tmp_path)
