"""Benchmark exports on a generated project: shooting script PDF/DOCX, one translator packet.

``python -m tests.bench.bench_export /tmp/big.kiln`` (make it with
``python -m tests.bench.generate --episodes 100 --out /tmp/big.kiln``). Budgets: PDF ≤ 20 s,
DOCX ≤ 10 s, packet ≤ 10 s.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from app.formats.document.options import ExportOptions
from app.formats.registry import export
from app.project.open_project import OpenProject

CASES = {
    "export shooting script pdf": ExportOptions(format="pdf"),
    "export shooting script docx": ExportOptions(format="docx"),
    "export translator packet ar pdf": ExportOptions(
        what="translator-packet", format="pdf", language="ar"
    ),
}


def bench_export(kiln: Path, rounds: int = 1) -> dict[str, list[float]]:
    """Seconds each export of ``kiln`` takes, per round (wall clock, and CPU time of this
    process); the rounds take turns, so each export sees the others' leftovers alike."""
    results: dict[str, list[float]] = {}
    with (
        OpenProject.open(kiln, read_only=True, backup=False) as project,
        tempfile.TemporaryDirectory() as tmp,
    ):
        for _ in range(rounds):
            for name, opts in CASES.items():
                start, cpu = time.perf_counter(), time.process_time()
                export(project, opts, Path(tmp) / f"out.{opts.format}")
                results.setdefault(name, []).append(time.perf_counter() - start)
                results.setdefault(f"{name} (cpu)", []).append(time.process_time() - cpu)
    return results


if __name__ == "__main__":
    for name, seconds in bench_export(Path(sys.argv[1])).items():
        print(f"{name}: {', '.join(f'{s:.2f}' for s in seconds)} s")
