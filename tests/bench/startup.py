"""Start-up to window shown: Kiln with the sample project, beside a bare PySide6 window.

Each round starts a fresh process with ``KILN_QUIT_WHEN_SHOWN=1``, which makes the app quit as
soon as its first frame is on screen; the wall time of the process is the start-up time. The
bare window is the floor: Python plus Qt showing an empty QMainWindow the same way.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

BARE_WINDOW = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1280, 800)
window.show()
QTimer.singleShot(0, app.quit)
app.exec()
"""


def _timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, timeout=120)
    return time.perf_counter() - started


def measure(project: Path, rounds: int = 5, program: list[str] | None = None) -> dict[str, float]:
    """Median seconds to window shown: Kiln (``program``, default ``python main.py``) and bare."""
    env = dict(os.environ, KILN_QUIT_WHEN_SHOWN="1", QT_QPA_PLATFORM="offscreen")
    kiln = program or [sys.executable, str(ROOT / "main.py")]
    bare = [sys.executable, "-c", BARE_WINDOW]
    _timed([*kiln, str(project)], env)  # warm the file cache once
    kiln_times = [_timed([*kiln, str(project)], env) for _ in range(rounds)]
    bare_times = [_timed(bare, env) for _ in range(rounds)]
    return {
        "kiln_window_shown_s": statistics.median(kiln_times),
        "bare_window_shown_s": statistics.median(bare_times),
    }


if __name__ == "__main__":
    print(measure(Path(sys.argv[1]), program=sys.argv[2:] or None))
