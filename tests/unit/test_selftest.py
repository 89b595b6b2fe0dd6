"""The installed app's self-test passes here, and leaves the user data folder alone."""

from __future__ import annotations

from pathlib import Path

from app.cli.selftest import CHECKS, run_core_checks


def test_every_core_check_passes(_private_data_dir: Path) -> None:
    results: list[tuple[str, bool, str]] = []
    assert run_core_checks(lambda name, ok, detail: results.append((name, ok, detail)))
    assert [name for name, _ok, _detail in results] == [name for name, _check in CHECKS]
    assert all(ok for _name, ok, _detail in results), results
    assert list(_private_data_dir.iterdir()) == []  # it used a folder of its own
