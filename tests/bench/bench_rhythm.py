"""Benchmark of the series-rhythm and fit commands on the 100-episode project (issue #21).

``kiln rhythm FILE --json`` and ``kiln fit FILE --lang ar --json`` are timed two ways each:
in this process after the imports (``app.cli.main.run``: read-only open, the whole report, the
JSON written to a string) — the figure the issue's 1-second budget is checked against, as wall
time and as the process's CPU time (which other programs on the machine do not inflate) — and
end to end in a fresh ``python main.py`` process (interpreter start-up and imports included), as
the ``kiln stats --json`` row is.
"""

from __future__ import annotations

import io
import json
import logging
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from app.cli.main import run
from app.store import verified

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = {"rhythm": ["rhythm", "{path}", "--json"],
            "fit": ["fit", "{path}", "--lang", "ar", "--json"]}


def _in_process(argv: list[str], clock: Any = time.perf_counter) -> float:
    out = io.StringIO()
    started = clock()
    status = run(argv, out)
    elapsed = clock() - started
    if status != 0:
        raise RuntimeError(f"kiln {' '.join(argv)} exited with {status}")
    json.loads(out.getvalue())
    return elapsed


def _end_to_end(argv: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), *argv], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"kiln {' '.join(argv)} failed: {done.stderr.strip()[-500:]}")
    json.loads(done.stdout)
    return elapsed


def measure(path: Path, rounds: int = 5) -> dict[str, Any]:
    """Samples (seconds) of each command, in this process and end to end."""
    result: dict[str, Any] = {}
    for name, template in COMMANDS.items():
        argv = [a.format(path=path) for a in template]
        _in_process(argv)  # the first run warms SQLAlchemy's caches, as a window would have
        result[f"{name}_s"] = [_in_process(argv) for _ in range(rounds)]
        # CPU time of this process: what the work costs when other programs share the cores
        result[f"{name}_cpu_s"] = [_in_process(argv, time.process_time) for _ in range(rounds)]
        result[f"{name}_cli_s"] = [_end_to_end(argv) for _ in range(rounds)]
    fit = [a.format(path=path) for a in COMMANDS["fit"]]
    result["fit_first_s"] = []
    for _ in range(rounds):
        shutil.rmtree(verified._folder(), ignore_errors=True)  # no memo: every check runs
        result["fit_first_s"].append(_in_process(fit))
    return result


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 5)))
