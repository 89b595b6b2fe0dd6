"""Where the window's memory goes: the resident set after each step of bench_memory's sequence.

``python -m tests.bench.memory_steps BIG.kiln [--trace] [--top N]`` runs, in this process, what
``tests.bench.bench_memory`` runs in its child — the window, the project, the board's timing, the
Translations, Glossary and Heritage Library panels, the heritage detection of the whole project —
one step after the other (the detection is held back until the panels are up, so each step's
cost is its own; the benchmark lets them overlap, which adds a few MB at the peak). After each
step it prints VmRSS, the change, and VmHWM (the peak so far) from ``/proc/self/status``; with
``--trace``, also the largest Python allocations the step added (tracemalloc, by file and line,
from the project's open on: tracing slows everything and adds its own memory to the RSS). Linux
only. Not part of ``make bench``: a tool for finding what to shrink.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
import tracemalloc
from pathlib import Path


def _status() -> dict[str, float]:
    """VmRSS and VmHWM of this process, in MiB."""
    found = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            key, _sep, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                found[key] = int(value.split()[0]) / 1024
    return found


class Steps:
    """Prints one line per step; with tracing on, the step's largest new allocations."""

    def __init__(self, top: int) -> None:
        self.top = top
        self.last = 0.0
        self.snapshot: tracemalloc.Snapshot | None = None

    def __call__(self, name: str) -> None:
        now = _status()
        print(f"{name:30s} RSS {now['VmRSS']:7.1f} MiB ({now['VmRSS'] - self.last:+6.1f})"
              f"   peak {now['VmHWM']:7.1f} MiB", flush=True)
        self.last = now["VmRSS"]
        if not tracemalloc.is_tracing():
            return
        snapshot = tracemalloc.take_snapshot().filter_traces(
            [tracemalloc.Filter(False, tracemalloc.__file__)])
        if self.snapshot is not None:
            for stat in snapshot.compare_to(self.snapshot, "lineno")[: self.top]:
                print(f"      {stat.size_diff / 2**20:+7.2f} MiB {stat.count_diff:+8d} objects  "
                      f"{str(stat.traceback[-1])[-90:]}")
        self.snapshot = snapshot


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--trace", action="store_true", help="Python allocations per step")
    parser.add_argument("--top", type=int, default=12, help="allocations shown per step")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    step = Steps(args.top)
    step("start")
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    step("QApplication")
    from ui.heritage.detection import HeritageDetection
    from ui.window.main_window import MainWindow

    start_detection = HeritageDetection.start
    HeritageDetection.start = lambda self: None  # held back until the panels are up
    step("window modules imported")

    def pump(until: object = None, rounds: int = 30) -> None:
        for _ in range(rounds):
            app.processEvents()
            time.sleep(0.01)
        while callable(until) and until():
            app.processEvents()
            time.sleep(0.01)

    window = MainWindow()
    window.resize(1600, 1000)
    window.show()
    pump()
    step("window shown")
    if args.trace:
        tracemalloc.start()
        step.snapshot = tracemalloc.take_snapshot()
    if not window.open_project(args.project, backup=False):
        print(f"could not open {args.project}", file=sys.stderr)
        return 1
    step("project open")
    pump(window.board.timing_pending)
    step("board drawn and timed")
    features = window.features
    for name, action in (("Translations", features.translations_action),
                         ("Glossary", features.glossary_action),
                         ("Heritage Library", features.heritage_action)):
        action.setChecked(True)
        pump()
        step(f"{name} panel")
    detection = features.heritage.detection
    HeritageDetection.start = start_detection
    detection.start()
    pump(lambda: not detection.started or detection.busy())
    step("heritage detection done")
    gc.collect()
    step("after gc.collect()")
    print(f"translation rows {features.translations_view.model.rowCount()}, "
          f"detection {detection.timings}")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
