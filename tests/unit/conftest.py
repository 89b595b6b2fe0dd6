"""Fixtures of the unit tests that need a PostgreSQL server (the studio): one throwaway
cluster for the whole run, started only when a test asks for it, and a fresh studio database
per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.features.studio.address import PASSWORD_VARIABLE
from tests.support.pg_cluster import Cluster
from tests.support.studio import PASSWORD, StudioFixture, make_studio


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
