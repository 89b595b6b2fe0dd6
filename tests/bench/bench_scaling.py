"""How the costs grow with the series: the same operations on 25, 50, 100, 200 and 400 episodes.

``python -m tests.bench.bench_scaling [--sizes 25,50,100,200,400] [--rounds 1]`` prints JSON;
``tests.bench.run`` writes it as the scaling table of docs/benchmarks.md. Each size is generated
by ``tests.bench.generate`` (30 scenes and 8 beats an episode, cached in ``build/bench``), and each
measurement runs in a fresh interpreter, timed after its imports:

- open: ``OpenProject.open`` with every check, then episodes and scenes;
- board ready: open, build the board and paint it (Qt offscreen);
- stats: ``OpenProject.stats()``;
- shooting script PDF and translator packet (ar) PDF: ``registry.export``;
- detection: the heritage terms of the whole script with the bundled library (spaCy matchers
  built first, not timed);
- peak RSS: the window with every panel and the whole project's detection done
  (``bench_memory``).

Each row's growth exponent ``k`` fits ``time ∝ episodes^k`` between the smallest and largest
size: 1 is linear; a row above ``SUPERLINEAR`` is marked as a bug to fix.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.bench import bench_memory

ROOT = Path(__file__).resolve().parents[2]
SIZES = (25, 50, 100, 200, 400)
#: A growth exponent above this is superlinear (a little over 1 allows for noise).
SUPERLINEAR = 1.15

_OPEN = """
import json, sys, time
from app.project.open_project import OpenProject
t = time.perf_counter()
p = OpenProject.open(sys.argv[1], backup=False)
p.episodes(); p.scenes(); p.close()
print(json.dumps({"seconds": time.perf_counter() - t}))
"""
_BOARD = """
import json, sys
from pathlib import Path
from tests.bench.bench_ui import measure_board
print(json.dumps({"seconds": measure_board(Path(sys.argv[1]), rounds=1)["open_and_show_board"]}))
"""
_STATS = """
import json, sys, time
from app.project.open_project import OpenProject
with OpenProject.open(sys.argv[1], read_only=True, backup=False) as p:
    t = time.perf_counter(); p.stats()
    print(json.dumps({"seconds": time.perf_counter() - t}))
"""
_EXPORT = """
import json, sys, tempfile, time
from pathlib import Path
from app.formats.document.options import ExportOptions
from app.formats.registry import export
from app.project.open_project import OpenProject
opts = (ExportOptions(format="pdf") if sys.argv[2] == "script" else
        ExportOptions(what="translator-packet", format="pdf", language="ar"))
with OpenProject.open(sys.argv[1], read_only=True, backup=False) as p, \\
        tempfile.TemporaryDirectory() as tmp:
    t = time.perf_counter(); export(p, opts, Path(tmp) / "out.pdf")
    print(json.dumps({"seconds": time.perf_counter() - t}))
"""
_DETECT = """
import json, sys, time
from app.features.heritage.detect import detector_for
from app.features.heritage.library import Library
from app.features.heritage.scan import detect_project
from app.project.open_project import OpenProject
with Library.open() as library, OpenProject.open(sys.argv[1], read_only=True, backup=False) as p:
    detector = detector_for(library)
    t = time.perf_counter(); scenes = detect_project(p, detector)
    print(json.dumps({"seconds": time.perf_counter() - t}))
"""

#: (key, the table's name for it, unit)
MEASURES = (
    ("open", "Open (checks, episodes, scenes)", "s"),
    ("board", "Board ready (open, board painted)", "s"),
    ("stats", "Stats", "s"),
    ("script_pdf", "Shooting script PDF", "s"),
    ("packet_pdf", "Translator packet (ar) PDF", "s"),
    ("detect", "Heritage detection, whole script", "s"),
    ("rss", "Peak RSS, window with every panel", "MB"),
)


def _python(snippet: str, *args: str, env: dict[str, str]) -> float:
    done = subprocess.run([sys.executable, "-c", snippet, *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=1800)
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip()[-1500:])
    return float(json.loads(done.stdout.strip().splitlines()[-1])["seconds"])


def measure(
    projects: dict[int, Path], rounds: int = 1, env: dict[str, str] | None = None
) -> dict[str, Any]:
    """``{key: {episodes: [samples]}}`` for each measurement and size (errors under "errors")."""
    env = dict(env or os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    plans: dict[str, Callable[[Path], float]] = {
        "open": lambda p: _python(_OPEN, str(p), env=env),
        "board": lambda p: _python(_BOARD, str(p), env=env),
        "stats": lambda p: _python(_STATS, str(p), env=env),
        "script_pdf": lambda p: _python(_EXPORT, str(p), "script", env=env),
        "packet_pdf": lambda p: _python(_EXPORT, str(p), "packet", env=env),
        "detect": lambda p: _python(_DETECT, str(p), env=env),
        "rss": lambda p: bench_memory.measure(p, 1)["peak_rss_mb"][0],
    }
    result: dict[str, Any] = {key: {} for key in plans} | {"errors": {}}
    for episodes, path in sorted(projects.items()):
        for key, plan in plans.items():
            if key in result["errors"]:
                continue
            try:
                result[key][episodes] = [plan(path) for _ in range(rounds)]
            except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
                result["errors"][key] = str(exc).splitlines()[-1][:300] if str(exc) else "failed"
    return result


def exponent(by_size: dict[int, float]) -> float | None:
    """``k`` in ``value ∝ episodes^k`` between the smallest and the largest size."""
    if len(by_size) < 2:
        return None
    small, large = min(by_size), max(by_size)
    if by_size[small] <= 0 or by_size[large] <= 0:
        return None
    return math.log(by_size[large] / by_size[small]) / math.log(large / small)


def table(result: dict[str, Any]) -> list[str]:
    """The Markdown table: a row per measurement, a column per size, the growth exponent."""
    sizes = sorted({n for key, _n, _u in MEASURES for n in result.get(key, {})})
    if not sizes:
        return []
    lines = [
        "| Measurement | " + " | ".join(f"{n} ep." for n in sizes) + " | Growth k³ | Result |",
        "|---|" + "---:|" * len(sizes) + "---:|:---:|",
    ]
    for key, name, unit in MEASURES:
        samples = result.get(key, {})
        medians = {int(n): sorted(v)[len(v) // 2] for n, v in samples.items() if v}
        if not medians:
            why = result.get("errors", {}).get(key, "not measured")
            lines.append(f"| {name} | " + " | ".join("—" for _ in sizes) + f" | — | {why} |")
            continue
        cells = []
        for n in sizes:
            value = medians.get(n)
            if value is None:
                cells.append("—")
            elif unit == "MB":
                cells.append(f"{value:.0f} MB")
            else:
                cells.append(f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s")
        k = exponent(medians)
        # Memory has a floor (Python, Qt, spaCy): its growth is judged on what is above it.
        mark = "—" if k is None else ("superlinear" if k > SUPERLINEAR else "linear or better")
        lines.append(f"| {name} | " + " | ".join(cells)
                     + f" | {'—' if k is None else f'{k:.2f}'} | {mark} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.bench_scaling")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args(argv)
    from tests.bench.generate import generate  # noqa: PLC0415 - only this command generates

    with tempfile.TemporaryDirectory(prefix="kiln-scaling-") as tmp:
        projects = {}
        for n in (int(s) for s in args.sizes.split(",")):
            projects[n] = Path(tmp) / f"series-{n}.kiln"
            generate(projects[n], episodes=n)
        result = measure(projects, args.rounds,
                         dict(os.environ, KILN_DATA_DIR=str(Path(tmp) / "data")))
    print(json.dumps(result, indent=2))
    print("\n".join(table(result)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
