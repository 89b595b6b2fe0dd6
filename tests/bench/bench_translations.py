"""Benchmark of the Translations dock on a big project: opening it, and one edit while shown.

``python -m tests.bench.bench_translations BIG.kiln [ROUNDS]`` prints JSON. The dock reads every
translatable line when it opens (or its language changes); after an edit it reads again only the
lines the edit touched. Each round of "edit" types one character into a dialogue line (an
undoable typing edit, committed) and waits until the dock shows the new source text and its
stale mark; the round's time is the whole of it, the commit included.
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(path: Path, rounds: int = 7, edits: int = 20) -> dict[str, Any]:
    """Seconds to open the dock (``rounds`` times) and per edit while shown (``edits``)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from app.project.commands import Update
    from app.project.open_project import OpenProject
    from ui.bridge import ProjectBridge
    from ui.translations.view import TranslationsView

    app = QApplication.instance() or QApplication([])
    result: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["KILN_DATA_DIR"] = tmp
        copy = Path(tmp) / "edited.kiln"  # the edits must not change the cached project
        copy.write_bytes(path.read_bytes())
        project = OpenProject.open(copy, backup=False)
        bridge = ProjectBridge(project)  # one for every round's view, as in the window

        def open_view() -> tuple[TranslationsView, float]:
            gc.collect()  # the last round's dock is garbage now: collect it outside the clock
            started = time.perf_counter()
            view = TranslationsView(bridge)
            view.resize(1200, 400)
            view.show()
            app.processEvents()
            return view, time.perf_counter() - started

        # The edits go to the first dock, as a writer's would, before any other is made.
        view, seconds = open_view()
        opening = [seconds]
        result["rows"] = view.model.rowCount()
        row = view.model.rowCount() // 2
        element_id = view.rows[row].element_id
        text = view.rows[row].source
        times = []
        for index in range(edits):
            text += "ABCDEFGHIJ"[index % 10]
            started = time.perf_counter()
            project.run(Update("element", element_id, {"text": text}, typing=True))
            while view.cell(row, "source") != text:
                app.processEvents()
            times.append(time.perf_counter() - started)
        for _ in range(rounds - 1):
            view.close()
            view.deleteLater()
            app.processEvents()
            view, seconds = open_view()
            opening.append(seconds)
        result["open_samples"] = opening
        result["edit_samples"] = times
        result["edit_p95"] = _p95(times)
        result["edit_median"] = statistics.median(times)
        view.close()
        project.close()
    return result


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print("usage: python -m tests.bench.bench_translations BIG.kiln [ROUNDS]", file=sys.stderr)
        sys.exit(2)
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    print(json.dumps(measure(Path(sys.argv[1]), rounds), indent=2))
