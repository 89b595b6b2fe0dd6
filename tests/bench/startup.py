"""Start-up: Kiln's first frame and its project ready, beside a bare PySide6 window.

Each round starts fresh processes with ``KILN_QUIT_WHEN_SHOWN``: ``1`` quits once the window's
first frame is painted, ``ready`` once the project's board is painted. The app prints
``kiln-startup <stage> <unix time>`` for each stage; a stage's time is that moment minus the
moment this process launched it, so interpreter start-up and imports count, the process's exit
does not. The bare window is the floor: Python plus Qt showing an empty QMainWindow, timed the
same way (to just after its first paint). Kiln and bare rounds alternate, so a busy moment of the
machine weighs on both, and each round's ratio compares the two of the same moment.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

BARE_WINDOW = """
import time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, done)
        return False

def done():
    print(f"kiln-startup frame {time.time():.6f}", flush=True)
    app.quit()

app = QApplication([])
window = QMainWindow()
window.setWindowTitle("Bare")
window.resize(1280, 800)
watcher = FirstPaint()
window.installEventFilter(watcher)
window.show()
app.exec()
"""


def _stages(command: list[str], env: dict[str, str]) -> dict[str, float]:
    """Seconds from launching ``command`` to each stage it reports."""
    started = time.time()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"{command[-1]} failed: {done.stderr.strip()[-1500:]}")
    stages = {}
    for line in done.stdout.splitlines():
        if line.startswith("kiln-startup "):
            _tag, stage, when = line.split()
            stages[stage] = float(when) - started
    return stages


def measure(project: Path, rounds: int = 7) -> dict[str, list[float]]:
    """Per round: Kiln's first frame and project ready with ``project``, and the bare window."""
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    kiln = [sys.executable, str(ROOT / "main.py"), str(project)]
    bare = [sys.executable, "-c", BARE_WINDOW]
    _stages(kiln, env | {"KILN_QUIT_WHEN_SHOWN": "ready"})  # warm the file cache once
    _stages(bare, env)
    result: dict[str, list[float]] = {
        "kiln_window_shown_s": [], "bare_window_shown_s": [], "kiln_to_bare_ratio": [],
        "kiln_project_ready_s": [],
    }
    for _ in range(rounds):
        frame = _stages(kiln, env | {"KILN_QUIT_WHEN_SHOWN": "1"})["frame"]
        floor = _stages(bare, env)["frame"]
        ready = _stages(kiln, env | {"KILN_QUIT_WHEN_SHOWN": "ready"})
        if "ready" not in ready:
            raise RuntimeError(f"Kiln never showed {project} ready")
        result["kiln_window_shown_s"].append(frame)
        result["bare_window_shown_s"].append(floor)
        result["kiln_to_bare_ratio"].append(frame / floor)
        result["kiln_project_ready_s"].append(ready["ready"])
    return result


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print("usage: python -m tests.bench.startup PROJECT.kiln [ROUNDS]", file=sys.stderr)
        sys.exit(2)
    for key, values in measure(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2
                               else 7).items():
        print(key, " ".join(f"{v:.3f}" for v in values))
