"""Kiln's benchmark suite: time the everyday operations on a 100-episode series.

``python -m tests.bench.run [--rounds 7] [--episodes 100] [--out docs/benchmarks.md]`` (or
``make bench``) generates the series with ``tests.bench.generate`` (reused from ``build/bench/``
while the generator, the schema and the parameters are unchanged), measures each operation for
several rounds and writes a Markdown report with the machine, the project's size, the median and
95th percentile of each measurement and whether it keeps its budget. The feature benches
(``tests.bench.features``) run ``FEATURE_ROUNDS`` rounds each.

Operations whose cost depends on a fresh process (imports done, but SQLAlchemy's caches and the
mappers cold, as when the window opens a file) run in a new Python process per round, timed
inside it with ``time.perf_counter``; the rest run in this process. Everything uses a temporary
``KILN_DATA_DIR``, so backups never land in the user's real data folder.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import math
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy

from app.project.open_project import OpenProject
from app.store import schema
from app.store.atomic import write_bytes_atomic
from app.store.errors import ProjectFileError
from tests.bench import bench_scaling
from tests.bench import generate as generator
from tests.bench.features import feature_rows

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = ROOT / "docs" / "benchmarks.md"
DEFAULT_CACHE = ROOT / "build" / "bench"

SCENES_PER_EPISODE = 30
BEATS_PER_EPISODE = 8
SEED = 1

#: Rounds of each feature bench (some take a minute a round: the exports, the peers).
FEATURE_ROUNDS = 5

#: Seconds allowed to open a project and show its episodes and scenes (the issue's budget).
OPEN_BUDGET = 1.5

ROW_OPEN = "Open project (checks, lock, first read of episodes and scenes)"
ROW_OPEN_BACKUP = "Open project with the first backup of the session"
ROW_OPEN_FIRST = "Open project, bytes never opened before (full inspection, no memo)"
ROW_STATS = "Project stats (all episodes)"
ROW_CLI_STATS = "`kiln stats --json` end to end"
ROW_CLI_STATS_FIRST = "`kiln stats --json` end to end, bytes never opened before"
ROW_VERSION = "`kiln --version` end to end"
ROW_BARE_PYTHON = "Bare `python -c pass` (the floor)"
ROW_VERSION_ABOVE = "`kiln --version` above a bare `python -c pass`"

#: Seconds `kiln stats --json` may take end to end on the 100-episode series (issue #19).
CLI_STATS_BUDGET = 0.5
#: Seconds `kiln --version` may take above the interpreter's own start (issue #19).
VERSION_BUDGET = 0.08
#: Series sizes of the scaling table.
SCALING_SIZES = (25, 50, 100, 200, 400)


def row_generate(episodes: int) -> str:
    """The report's name for the generation row."""
    return f"Generate the {episodes}-episode project"


# Timed inside a fresh interpreter: imports first, then the clock runs only around the work.
_OPEN_SNIPPET = """
import json, sys, time
from app.project.open_project import OpenProject
path, backup = sys.argv[1], sys.argv[2] == "1"
started = time.perf_counter()
project = OpenProject.open(path, backup=backup)
episodes = project.episodes()
scenes = project.scenes()
project.close()
print(json.dumps({"seconds": time.perf_counter() - started,
                  "episodes": len(episodes), "scenes": len(scenes)}))
"""

_GENERATE_SNIPPET = """
import json, sys, time
from tests.bench.generate import generate
started = time.perf_counter()
generate(sys.argv[1], episodes=int(sys.argv[2]), scenes_per_episode=int(sys.argv[3]),
         beats_per_episode=int(sys.argv[4]), seed=int(sys.argv[5]), overwrite=True)
print(json.dumps({"seconds": time.perf_counter() - started}))
"""


@dataclass
class Measurement:
    """The timings of one operation, in seconds, and its budget (None: reported only)."""

    name: str
    how: str
    budget: float | None = None
    samples: list[float] = field(default_factory=list)
    unit: str = "s"  # "s", "MB" or "×" (a ratio)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        """95th percentile by nearest rank: the smallest sample with 95 % at or below it."""
        ordered = sorted(self.samples)
        return ordered[max(1, math.ceil(0.95 * len(ordered))) - 1]

    @property
    def mark(self) -> str:
        """ "pass" or "miss" against the budget (judged on the 95th percentile), "—" without."""
        if self.budget is None:
            return "—"
        return "pass" if self.p95 <= self.budget else "miss"


@dataclass
class ProjectSize:
    """How big the measured project is."""

    episodes: int
    scenes: int
    elements: int
    dialogue_lines: int
    beats: int
    parked_beats: int
    notes: int
    megabytes: float


# --------------------------------------------------------------------------------------------
# Running things.
# --------------------------------------------------------------------------------------------


def _python(snippet: str, *args: str, env: dict[str, str]) -> dict[str, Any]:
    """Run ``snippet`` in a fresh interpreter from the repository root; return its JSON."""
    done = subprocess.run(
        [sys.executable, "-c", snippet, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        raise RuntimeError(f"a benchmark process failed: {done.stderr.strip()[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _fingerprint() -> str:
    """Changes when the generator or the schema changes, so a stale cached project is rebuilt."""
    digest = hashlib.sha1()
    for source in (Path(generator.__file__), Path(schema.__file__)):
        digest.update(source.read_bytes())
    return digest.hexdigest()[:10]


def _is_usable(path: Path) -> bool:
    try:
        OpenProject.open(path, read_only=True).close()
    except ProjectFileError as exc:
        logger.warning("rebuilding the cached project: %s", exc)
        return False
    return True


def _generate_round(
    cache_dir: Path,
    episodes: int,
    env: dict[str, str],
    scenes_per_episode: int = SCENES_PER_EPISODE,
) -> tuple[Path, float]:
    """Time one generation; keep the result as the cached project unless one already exists."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    stem = f"series-e{episodes}-s{scenes_per_episode}-b{BEATS_PER_EPISODE}-seed{SEED}"
    cached = cache_dir / f"{stem}-{_fingerprint()}.kiln"
    for stale in cache_dir.glob(f"{stem}-*.kiln"):
        if stale != cached:
            stale.unlink()
    reuse = cached.exists() and _is_usable(cached)
    target = cache_dir / f".scratch-{os.getpid()}.kiln" if reuse else cached
    params = (str(episodes), str(scenes_per_episode), str(BEATS_PER_EPISODE), str(SEED))
    try:
        seconds = _python(_GENERATE_SNIPPET, str(target), *params, env=env)["seconds"]
    finally:
        if reuse:
            target.unlink(missing_ok=True)
    logger.info("%s %s", "reusing" if reuse else "generated", cached)
    return cached, seconds


def _measure_open(project: Path, rounds: int, env: dict[str, str], out: Measurement) -> None:
    for _ in range(rounds):
        result = _python(_OPEN_SNIPPET, str(project), "0", env=env)
        out.samples.append(result["seconds"])


def _measure_open_with_backup(
    project: Path, rounds: int, env: dict[str, str], scratch: Path, out: Measurement
) -> None:
    for index in range(rounds):
        data_dir = scratch / f"backup-round-{index}"
        round_env = env | {"KILN_DATA_DIR": str(data_dir)}
        result = _python(_OPEN_SNIPPET, str(project), "1", env=round_env)
        if not list(data_dir.glob("backups/*/*.kiln")):
            raise RuntimeError(f"opening {project} with a fresh data folder wrote no backup")
        out.samples.append(result["seconds"])


def _measure_stats(project: Path, rounds: int, out: Measurement) -> None:
    with OpenProject.open(project, read_only=True) as opened:
        for _ in range(rounds):
            started = time.perf_counter()
            opened.stats()
            out.samples.append(time.perf_counter() - started)


def _measure_open_first(
    project: Path, rounds: int, env: dict[str, str], scratch: Path, out: Measurement
) -> None:
    """Each round with an empty ``KILN_DATA_DIR``: no memo of inspected files (app.store.verified),
    as for the first open after another program (or a crash) changed the file."""
    for index in range(rounds):
        round_env = env | {"KILN_DATA_DIR": str(scratch / f"first-open-{index}")}
        out.samples.append(_python(_OPEN_SNIPPET, str(project), "0", env=round_env)["seconds"])


def _measure_cli_stats(project: Path, rounds: int, env: dict[str, str], out: Measurement,
                       scratch: Path | None = None) -> None:
    command = [sys.executable, str(ROOT / "main.py"), "stats", str(project), "--json"]
    for index in range(rounds):
        if scratch is not None:  # an empty data folder each round: no memo
            env = env | {"KILN_DATA_DIR": str(scratch / f"first-stats-{index}")}
        started = time.perf_counter()
        done = subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
        )
        elapsed = time.perf_counter() - started
        if done.returncode != 0:
            raise RuntimeError(f"kiln stats failed: {done.stderr.strip()}")
        json.loads(done.stdout)  # it must print a whole JSON document
        out.samples.append(elapsed)


def _wall(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=600)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{command} failed: {done.stderr.strip()[-1000:]}")
    return elapsed


def _measure_version(
    rounds: int, env: dict[str, str], kiln: Measurement, bare: Measurement, above: Measurement
) -> None:
    """`kiln --version` and a bare interpreter in turns, each round's difference."""
    version = [sys.executable, str(ROOT / "main.py"), "--version"]
    floor = [sys.executable, "-c", "pass"]
    _wall(version, env), _wall(floor, env)  # warm the file cache
    for _ in range(max(rounds, 20)):  # cheap: more rounds make a real 95th percentile
        k, b = _wall(version, env), _wall(floor, env)
        kiln.samples.append(k)
        bare.samples.append(b)
        above.samples.append(k - b)


def bytecode_env(env: dict[str, str]) -> dict[str, str]:
    """``env`` for timing Kiln as installed: Python may read and write its bytecode caches
    (``PYTHONDONTWRITEBYTECODE`` would make every process compile Kiln's sources again, which an
    installed Kiln never does), and the caches of Kiln's own modules are written now."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", "app", "ui", "main.py", "tests"],
                   cwd=ROOT, capture_output=True, check=False, timeout=600)
    return {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}


def project_size(path: Path) -> ProjectSize:
    """Count what the project holds."""
    with OpenProject.open(path, read_only=True) as opened:
        stats = opened.stats()
        return ProjectSize(
            episodes=len(stats.episodes),
            scenes=stats.scenes,
            elements=opened.count(schema.Element),
            dialogue_lines=stats.dialogue_lines,
            beats=stats.beats,
            parked_beats=stats.parked_beats,
            notes=opened.count(schema.Annotation),
            megabytes=path.stat().st_size / 1e6,
        )


# --------------------------------------------------------------------------------------------
# The machine and the report.
# --------------------------------------------------------------------------------------------


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def machine() -> dict[str, str]:
    """The facts about this computer that a reader needs to compare numbers."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in _read("/proc/cpuinfo").splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or platform.machine(),
    )
    ram = "unknown"
    for line in _read("/proc/meminfo").splitlines():
        if line.startswith("MemTotal:"):
            ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    system = f"{platform.system()} {platform.release()}"
    for line in _read("/etc/os-release").splitlines():
        if line.startswith("PRETTY_NAME="):
            system = line.split("=", 1)[1].strip().strip('"')
    return {
        "CPU": cpu,
        "Cores": str(os.cpu_count() or "unknown"),
        "RAM": ram,
        "OS": f"{system} ({platform.machine()})",
        "Python": platform.python_version(),
        "SQLite": sqlite3.sqlite_version,
        "SQLAlchemy": sqlalchemy.__version__,
    }


def _seconds(value: float) -> str:
    return f"{value * 1000:.1f} ms" if value < 0.1 else f"{value:.3f} s".replace(".000 s", " s")


def _value(value: float, unit: str) -> str:
    if unit == "MB":
        return f"{value:.0f} MB"
    if unit == "×":
        return f"{value:.2f}×"
    return _seconds(value)


def _budget(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value * 1000:g} ms" if value < 0.1 else f"{value:g} s"
    return f"{value:g} MB" if unit == "MB" else f"{value:g}×"


def _load_average() -> str:
    try:
        return " / ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:
        return "unknown"


def render(
    results: Sequence[Measurement],
    size: ProjectSize,
    facts: dict[str, str],
    *,
    rounds: int,
    episodes: int,
    when: datetime,
    load: tuple[str, str] | None = None,
    studio: dict[str, Any] | None = None,
    scaling: dict[str, Any] | None = None,
) -> str:
    """The Markdown report (``studio``: the figures of the last full studio load run;
    ``scaling``: ``bench_scaling.measure``'s figures)."""
    lines = [
        "# Kiln benchmarks",
        "",
        f"Measured {when.strftime('%Y-%m-%d %H:%M')} UTC with "
        f"`python -m tests.bench.run --rounds {rounds} --episodes {episodes}`.",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        *(f"| {key} | {value} |" for key, value in facts.items()),
        *([f"| Load average (1, 5, 15 min) at the start | {load[0]} |",
           f"| Load average (1, 5, 15 min) at the end | {load[1]} |"] if load else []),
        "",
        "## Project",
        "",
        f"Generated by `python -m tests.bench.generate --episodes {episodes} "
        f"--scenes-per-episode {SCENES_PER_EPISODE} --beats-per-episode {BEATS_PER_EPISODE} "
        f"--seed {SEED}`:",
        "",
        "| | |",
        "|---|---|",
        f"| Episodes | {size.episodes:,} |",
        f"| Scenes | {size.scenes:,} |",
        f"| Script elements | {size.elements:,} ({size.dialogue_lines:,} dialogue lines) |",
        f"| Beats | {size.beats:,} ({size.parked_beats:,} in the parking lot) |",
        f"| Notes | {size.notes:,} |",
        f"| File size | {size.megabytes:.1f} MB |",
        "",
        "## Results",
        "",
        "| Measurement | Rounds | Median | 95th percentile¹ | Budget | Result² |",
        "|---|---:|---:|---:|---:|:---:|",
    ]
    for m in results:
        budget = f"≤ {_budget(m.budget, m.unit)}" if m.budget is not None else "—"
        if not m.samples:
            lines.append(f"| {m.name} | 0 | — | — | {budget} | not measured |")
            continue
        lines.append(
            f"| {m.name} | {len(m.samples)} | {_value(m.median, m.unit)} "
            f"| {_value(m.p95, m.unit)} | {budget} | {m.mark} |"
        )
    few = sorted({len(m.samples) for m in results if 0 < len(m.samples) < 20})
    note = "1. Nearest-rank 95th percentile over every sample of the row."
    if few:
        counts = ", ".join(str(n) for n in few)
        note += (
            " Rows with fewer than 20"
            f" rounds ({counts} here) have too few samples for a real "
            "95th percentile: with nearest rank it is simply the slowest round."
        )
    short = [m.name for m in results if len(m.samples) < 5]
    if short:
        note += (" Rows with fewer than 5 rounds (their description below says why): "
                 + "; ".join(short) + ".")
    lines += [
        "",
        note,
        '2. "pass" when the 95th percentile is within the budget, "miss" when it is not, '
        '"—" for measurements that are reported without a budget.',
        "",
        "How each row is measured:",
        "",
        *(f"- **{m.name}**: {m.how}" for m in results),
        "",
        "The project file is read from the operating system's file cache (it was just generated "
        "or read), so these are warm-cache timings; a first open after a reboot reads the file "
        "from disk as well. Kiln's modules are compiled to bytecode before the rounds and every "
        "process may read the caches, as an installed Kiln does (a process started with "
        "`PYTHONDONTWRITEBYTECODE` set compiles every Kiln module again, about 0.3 s more).",
        "",
        *scaling_section(scaling),
        *studio_section(studio),
        "Generated by `make bench`; do not edit by hand.",
        "",
    ]
    return "\n".join(lines)


def scaling_section(figures: dict[str, Any] | None) -> list[str]:
    """The report's scaling table (empty without figures)."""
    rows = bench_scaling.table(figures or {})
    if not rows:
        return []
    return [
        "## Scaling",
        "",
        "The same operations on generated series of "
        + ", ".join(str(n) for n in SCALING_SIZES)
        + " episodes (30 scenes and 8 beats an episode), one fresh process each "
        "(`tests/bench/bench_scaling.py`); the 100-episode column is a single round, beside the "
        "results above.",
        "",
        *rows,
        "",
        f"3. The growth exponent k fits time ∝ episodes^k between {SCALING_SIZES[0]} and "
        f"{SCALING_SIZES[-1]} episodes: 1 is linear, below 1 the fixed costs (imports, fonts, "
        f"Qt, spaCy) still weigh; above {bench_scaling.SUPERLINEAR} a row is superlinear, a bug "
        "to fix.",
        "",
    ]


#: Where the studio load test (tests/unit/test_studio_load.py) leaves its figures.
STUDIO_FIGURES = ROOT / "build" / "studio-load.json"


def studio_figures(path: Path = STUDIO_FIGURES) -> dict[str, Any] | None:
    """The figures of the last studio load run, if one left them."""
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def studio_section(figures: dict[str, Any] | None) -> list[str]:
    """The report's section on studio sync under load (empty without figures)."""
    if not figures:
        return []
    f = figures
    return [
        "## Studio sync under load",
        "",
        f"From `make stress` (`tests/unit/test_studio_load.py`, measured {f.get('when', '?')}):"
        f" {f['clients']} client processes, each a clone of the sample project on a "
        "throwaway PostgreSQL 15 cluster on this machine (Unix socket), make "
        f"{f['edits_each']} edits each (a new line per edit, and every "
        f"{f.get('shared_every', 25)}th edit also retypes one line all clients share, so "
        "conflicts happen) and sync after every "
        f"{f.get('every', 10)} edits, all at once.",
        "",
        "| | |",
        "|---|---|",
        f"| Changesets applied on the server | {f['changesets']:,} |",
        f"| Wall time of the concurrent phase | {f['seconds']:.1f} s |",
        f"| Changesets per second (server-wide) | {f['changesets_per_second']:.1f} |",
        f"| Syncs timed | {f['syncs']:,} |",
        f"| Sync time, median | {f['sync_median_s']:.2f} s |",
        f"| Sync time, 95th percentile | {f['sync_p95_s']:.2f} s |",
        f"| Sync time, slowest | {f['sync_max_s']:.2f} s |",
        "",
        "A sync is push then pull: every client pulls what the other clients sent, so the work "
        "of a pull grows with the number of clients. Pushes of one project take turns (one "
        "advisory lock per project), and the 20 clients and the server share the 2 cores, so "
        "the sync time is mostly waiting; typing never waits for it (the outbox).",
        "",
    ]


def run_suite(
    episodes: int = 100,
    rounds: int = 7,
    out: Path | str = DEFAULT_OUT,
    *,
    cache_dir: Path | str = DEFAULT_CACHE,
    features: bool = False,
) -> list[Measurement]:
    """Measure everything, write the report to ``out`` (atomically) and return the results."""
    if episodes < 1 or rounds < 1:
        raise ValueError("episodes and rounds must be at least 1")
    out, cache_dir = Path(out), Path(cache_dir)
    previous = os.environ.get("KILN_DATA_DIR")
    load_before = _load_average()
    with tempfile.TemporaryDirectory(prefix="kiln-bench-") as scratch_name:
        scratch = Path(scratch_name)
        os.environ["KILN_DATA_DIR"] = str(scratch / "data")
        env = bytecode_env(dict(os.environ) | {"KILN_LANG": "en"})
        try:
            results, project, scaling = _measure_all(
                episodes, rounds, cache_dir, env, scratch, features=features
            )
            size = project_size(project)
        finally:
            if previous is None:
                os.environ.pop("KILN_DATA_DIR", None)
            else:
                os.environ["KILN_DATA_DIR"] = previous
    report = render(
        results, size, machine(), rounds=rounds, episodes=episodes, when=datetime.now(UTC),
        load=(load_before, _load_average()), studio=studio_figures(), scaling=scaling,
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(out, report.encode("utf-8"))
    logger.info("wrote %s", out)
    return results


def _measure_all(
    episodes: int,
    rounds: int,
    cache_dir: Path,
    env: dict[str, str],
    scratch: Path,
    features: bool = True,
) -> tuple[list[Measurement], Path, dict[str, Any] | None]:
    """Generate (or reuse) the project, then time each operation; return the results, the
    project and (with the features) the scaling figures."""
    generation = Measurement(
        row_generate(episodes),
        "a fresh process per round, timed around `generate()` (building every row in "
        "memory and writing the file through a temporary name).",
    )
    for _ in range(rounds):
        project, seconds = _generate_round(cache_dir, episodes, env)
        generation.samples.append(seconds)

    opening = Measurement(
        ROW_OPEN,
        "a fresh process per round, timed after imports: `OpenProject.open(path, "
        "backup=False)` (header, integrity and consistency checks, seal, lock — the checks "
        "skipped when these bytes passed them before), `.episodes()`, `.scenes()`, `.close()`.",
        budget=OPEN_BUDGET,
    )
    with_backup = Measurement(
        ROW_OPEN_BACKUP,
        "as above with `backup=True` and an empty `KILN_DATA_DIR` per round, so each round "
        "really writes a backup copy of the file.",
    )
    first_open = Measurement(
        ROW_OPEN_FIRST,
        "as the first row, with an empty `KILN_DATA_DIR` per round: the file's bytes were never "
        "inspected before, so every check runs (the seal's digest of every row included) — "
        "the first open after another program or a crash changed the file. Later opens of the "
        "same bytes skip it (app/store/verified.py).",
    )
    stats = Measurement(
        ROW_STATS,
        "in this process, on a project opened once read-only: `.stats()` (counts and "
        "estimated seconds of every episode).",
    )
    cli = Measurement(
        ROW_CLI_STATS,
        "wall time of `python main.py stats FILE --json` in a subprocess: interpreter "
        "start-up, imports, read-only open, stats, JSON output.",
        budget=CLI_STATS_BUDGET,
    )
    cli_first = Measurement(
        ROW_CLI_STATS_FIRST,
        "as above with an empty `KILN_DATA_DIR` per round (every check of the file runs).",
    )
    version = Measurement(
        ROW_VERSION, "wall time of `python main.py --version` in a subprocess, alternating with "
        "the next row (at least 20 rounds: each is cheap).")
    bare_python = Measurement(
        ROW_BARE_PYTHON, "wall time of `python -c pass` with the same interpreter, in the same "
        "rounds.")
    version_above = Measurement(
        ROW_VERSION_ABOVE, "each round's `kiln --version` minus the bare interpreter of the same "
        "round: what deciding what to do costs.", budget=VERSION_BUDGET)
    steps: list[tuple[str, Callable[[], None]]] = [
        (ROW_OPEN, lambda: _measure_open(project, rounds, env, opening)),
        (
            ROW_OPEN_BACKUP,
            lambda: _measure_open_with_backup(project, rounds, env, scratch, with_backup),
        ),
        (ROW_OPEN_FIRST, lambda: _measure_open_first(project, rounds, env, scratch, first_open)),
        (ROW_STATS, lambda: _measure_stats(project, rounds, stats)),
        (ROW_CLI_STATS, lambda: _measure_cli_stats(project, rounds, env, cli)),
        (ROW_CLI_STATS_FIRST,
         lambda: _measure_cli_stats(project, rounds, env, cli_first, scratch)),
        (ROW_VERSION, lambda: _measure_version(rounds, env, version, bare_python,
                                               version_above)),
    ]
    for name, step in steps:
        logger.info("measuring: %s", name)
        step()
    results = [opening, with_backup, first_open, stats, cli, cli_first, version, bare_python,
               version_above, generation]
    if features:
        editor_project, seconds = _generate_round(
            cache_dir, max(2, min(episodes, 3)), env, scenes_per_episode=100
        )
        for row, samples, error in feature_rows(
            lambda snippet, *args: _python(snippet, *args, env=env),
            project,
            editor_project,
            scratch,
            rounds=FEATURE_ROUNDS,
        ):
            how = row.how if error is None else f"FAILED to run ({error}). {row.how}"
            results.append(Measurement(row.name, how, row.budget, samples, row.unit))
            if error is not None:
                logger.warning("no number for %s: %s", row.name, error)
    scaling = None
    if features:
        logger.info("measuring: scaling")
        sizes = {n: _generate_round(cache_dir, n, env)[0] for n in SCALING_SIZES}
        scaling = bench_scaling.measure(sizes, 1, env)
    return results, project, scaling


# --------------------------------------------------------------------------------------------
# Command line.
# --------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run the suite from the command line; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m tests.bench.run", description="Run Kiln's benchmarks and write a report."
    )
    parser.add_argument("--rounds", type=int, default=7, help="rounds per measurement")
    parser.add_argument("--episodes", type=int, default=100, help="size of the series")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the Markdown report")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a budget is missed")
    parser.add_argument(
        "--core-only",
        action="store_true",
        help="skip the feature benchmarks (board, library, exports, …)",
    )
    args = parser.parse_args(argv)
    if args.rounds < 1 or args.episodes < 1:
        print("run: --rounds and --episodes must be at least 1.", file=sys.stderr)
        return 2
    # Our progress at INFO; the app's own log (files opened and closed) only when it warns.
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    for name in ("tests.bench", __name__):  # __name__ is "__main__" under python -m
        logging.getLogger(name).setLevel(logging.INFO)
    results = run_suite(args.episodes, args.rounds, args.out, features=not args.core_only)
    for m in results:
        if not m.samples:
            print(f"{m.name}: not measured")
            continue
        print(f"{m.name}: median {_value(m.median, m.unit)}, p95 {_value(m.p95, m.unit)} "
              f"[{m.mark}]")
    print(f"Wrote {args.out}.")
    missed = [m for m in results if not m.samples or m.mark == "miss"]
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
