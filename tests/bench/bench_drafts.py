"""Benchmark of named drafts on the 100-episode project (issue #20).

A copy of the project gets 20 drafts, the way a writer makes them: between two drafts 20 lines
in random scenes are edited (one undoable edit each). Measured: saving each draft (the budget is
1 s), comparing the first and the last draft and the first draft with the script now (2 s), the
file's size with its 20 drafts against the same project without any (at most 2×), restoring the
first draft (one undo step), and the changes report as JSON. Everything runs in this process
after the imports, against a copy in a temporary folder.
"""

from __future__ import annotations

import json
import logging
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from app.core.enums import Role
from app.features.drafts import store
from app.features.drafts.compare import compare
from app.features.drafts.restore import restore_draft
from app.formats.document.options import ExportOptions
from app.formats.registry import CHANGES, export
from app.project.commands import Update
from app.project.open_project import OpenProject

logger = logging.getLogger(__name__)

DRAFTS = 20
EDITS_BETWEEN = 20


def _edit(project: OpenProject, rng: random.Random, scenes: list[Any], count: int) -> None:
    for _ in range(count):
        scene = rng.choice(scenes)
        lines = [e for e in project.elements(scene.id) if e.text]
        if lines:
            line = rng.choice(lines)
            project.run(Update("element", line.id, {"text": line.text + "改"}))


def measure(path: Path, rounds: int = 5) -> dict[str, Any]:
    """Samples (seconds) of each operation, and the size ratio."""
    result: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="kiln-drafts-bench-") as folder:
        work = Path(folder) / "drafts.kiln"
        bare = Path(folder) / "bare.kiln"
        shutil.copy(path, work)
        shutil.copy(path, bare)
        rng = random.Random(20)
        with OpenProject.open(work, backup=False, role=Role.WRITER) as project:
            scenes = project.scenes()
            saves = []
            for n in range(DRAFTS):
                started = time.perf_counter()
                store.save_draft(project, f"Draft {n + 1}")
                saves.append(time.perf_counter() - started)
                _edit(project, rng, scenes, EDITS_BETWEEN)
            result["save_s"] = saves
            result["draft_lines"] = sum(e.lines for e in store.drafts(project)[:1])
            between, with_now = [], []
            for _ in range(rounds):
                started = time.perf_counter()
                done = compare(store.draft_snapshot(project, "Draft 1"),
                               store.draft_snapshot(project, f"Draft {DRAFTS}"))
                between.append(time.perf_counter() - started)
                started = time.perf_counter()
                compare(store.draft_snapshot(project, "Draft 1"),
                        store.current_snapshot(project))
                with_now.append(time.perf_counter() - started)
            result["compare_drafts_s"] = between
            result["compare_now_s"] = with_now
            result["changed_scenes"] = len(done.changed)
            report = Path(folder) / "changes.json"
            reports = []
            for _ in range(rounds):
                started = time.perf_counter()
                export(project, ExportOptions(what=CHANGES, format="json", revision="Draft 1"),
                       report)
                reports.append(time.perf_counter() - started)
            result["report_json_s"] = reports
            started = time.perf_counter()
            restore_draft(project, "Draft 1", save_as="")
            result["restore_s"] = [time.perf_counter() - started]
            project.undo()
        # the sizes once both files are closed (sealed) and their journals gone
        with OpenProject.open(bare, backup=False, role=Role.WRITER) as project:
            _edit(project, random.Random(20), project.scenes(), DRAFTS * EDITS_BETWEEN)
        size, bare_size = work.stat().st_size, bare.stat().st_size
        result["size_ratio"] = [size / bare_size]
        result["size_mb"] = round(size / 1e6, 1)
        result["bare_mb"] = round(bare_size / 1e6, 1)
    return result


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 5)))
