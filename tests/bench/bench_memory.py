"""Peak memory (resident set) of the window with a big project open and every panel shown.

``python -m tests.bench.bench_memory BIG.kiln [ROUNDS]``. Each round starts a child process that
opens ``BIG.kiln`` in the main window, shows the board, the editor, the Notes, Translations,
Glossary and Heritage Library panels, and waits until the heritage detection of the whole
project (spaCy) is done and the board has its script timing; the child then exits. This process
reads the child's peak RSS from ``getrusage(RUSAGE_CHILDREN).ru_maxrss`` — a fresh parent per
round, so the figure is that one child's.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_WINDOW = """
import sys, time
from PySide6.QtWidgets import QApplication
app = QApplication([])
from ui.window.main_window import MainWindow
window = MainWindow()
window.resize(1600, 1000)
window.show()
if not window.open_project(sys.argv[1], backup=False):
    sys.exit("could not open " + sys.argv[1])
features = window.features
for action in (features.translations_action, features.glossary_action, features.heritage_action):
    action.setChecked(True)
detection = features.heritage.detection
deadline = time.monotonic() + 600
while time.monotonic() < deadline and (
    not detection.started or detection.busy() or window.board.timing_pending()
):
    app.processEvents()
    time.sleep(0.01)
if detection.busy():
    sys.exit("the heritage detection did not finish")
rows = features.translations_view.model.rowCount()
window.close()
print(rows)
"""

_PARENT = """
import json, resource, subprocess, sys
done = subprocess.run([sys.executable, "-c", sys.argv[1], sys.argv[2]], capture_output=True,
                      text=True, timeout=900)
if done.returncode != 0:
    sys.exit(done.stderr[-2000:])
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
print(json.dumps({"peak_kib": peak, "translation_rows": int(done.stdout.split()[-1])}))
"""


def measure(project: Path, rounds: int = 5) -> dict[str, list[float]]:
    """Peak RSS in MB (10^6 bytes) of each round's window process."""
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    peaks = []
    for _ in range(rounds):
        done = subprocess.run([sys.executable, "-c", _PARENT, _WINDOW, str(project)], cwd=ROOT,
                              env=env, capture_output=True, text=True, timeout=1200)
        if done.returncode != 0:
            raise RuntimeError(f"the memory round failed: {done.stderr.strip()[-2000:]}")
        result = json.loads(done.stdout.strip().splitlines()[-1])
        if result["translation_rows"] <= 0:
            raise RuntimeError("the Translations panel showed no line")
        peaks.append(result["peak_kib"] * 1024 / 1e6)
    return {"peak_rss_mb": peaks}


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print("usage: python -m tests.bench.bench_memory BIG.kiln [ROUNDS]", file=sys.stderr)
        sys.exit(2)
    print(json.dumps(measure(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 5)))
    print(f"this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
