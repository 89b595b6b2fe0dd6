"""The window asks glibc for one malloc arena, once, and leaves a user's own setting alone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

from ui import background, malloc_arenas

ROOT = Path(__file__).parents[2]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_one_arena_is_asked_for_once_and_never_over_the_users_setting() -> None:
    code = (
        "import ui, ui.malloc_arenas as m\n"
        "print(m.share_one_arena(), m.share_one_arena(), len(m._done))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "MALLOC_ARENA_MAX"}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.stdout.split() == ["True", "True", "1"], done.stderr
    env["MALLOC_ARENA_MAX"] = "4"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.stdout.split() == ["False", "False", "1"], done.stderr
    assert malloc_arenas.M_ARENA_MAX == -8  # glibc's malloc.h


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_free_memory_goes_back_after_a_background_job(qtbot, monkeypatch) -> None:  # noqa: ANN001
    assert malloc_arenas.give_back() in (True, False)  # glibc answers whether it freed pages
    calls: list[int] = []
    monkeypatch.setattr(background, "give_back", lambda: calls.append(1) or True)
    owner = QWidget()  # the worker lives as long as the widget, as in the window
    qtbot.addWidget(owner)
    worker = background.Worker(owner)
    results: list[object] = []
    worker.submit(lambda: [0] * 1_000_000 and "done", results.append)
    worker.submit(lambda: 1 / 0, results.append, results.append)
    qtbot.waitUntil(lambda: len(results) == 2, timeout=10000)
    assert results[0] == "done" and isinstance(results[1], ZeroDivisionError)
    assert len(calls) == 2  # after the job that worked and after the one that failed
    worker.shutdown()
