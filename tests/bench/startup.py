"""Start-up: launch to the window mapped on an X screen, Kiln beside a bare PySide6 window.

Each round starts fresh processes on a virtual X screen (Xvfb, no window manager) and times,
from outside the process, the moment the X server maps its first top-level window: this
process listens for ``MapNotify`` on the screen's root window (Xlib through ctypes) before it
launches the program, so interpreter start-up, imports and building the window count, and
nothing inside the program needs to report. The bare window is the floor: Python plus Qt showing
an empty ``QMainWindow`` the same way. Kiln and bare rounds alternate, so a busy moment of the
machine weighs on both, and each round's ratio compares the two of the same moment.

"Project ready" needs the program's word: Kiln started with ``KILN_QUIT_WHEN_SHOWN=ready`` prints
``kiln-startup ready <unix time>`` just after the board's first paint with the project open, and
``kiln-startup page <unix time>`` once the navigator and the editor's page follow; the figures
are those moments minus the launch. ``KILN_QUIT_WHEN_SHOWN=1`` makes Kiln quit after its
first frame, so a mapped-window round ends by itself.

Without Xvfb (or libX11) the mapped-window figures fall back to Qt's offscreen platform and the
first paint as reported inside the process (``mode`` says which was used).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.xwindow import xvfb

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

_MAP_NOTIFY = 19
_SUBSTRUCTURE_NOTIFY_MASK = 1 << 19


class _MapEvent(ctypes.Structure):
    """Xlib's XMapEvent (the fields up to the one we read)."""

    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("event", ctypes.c_ulong),
        ("window", ctypes.c_ulong),
        ("override_redirect", ctypes.c_int),
    ]


class _Event(ctypes.Union):
    """Xlib's XEvent: 24 longs, read as a map event when its type says so."""

    _fields_ = [("type", ctypes.c_int), ("map", _MapEvent), ("pad", ctypes.c_long * 24)]


class MapWatcher:
    """Tells when the X server maps a new top-level window on ``display``'s root window."""

    def __init__(self, display: str) -> None:
        name = ctypes.util.find_library("X11")
        if not name:
            raise OSError("libX11 is not installed")
        x = self._x = ctypes.CDLL(name)
        x.XOpenDisplay.restype = ctypes.c_void_p
        x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x.XDefaultRootWindow.restype = ctypes.c_ulong
        x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        x.XSelectInput.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_long]
        x.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
        x.XPending.argtypes = [ctypes.c_void_p]
        x.XNextEvent.argtypes = [ctypes.c_void_p, ctypes.POINTER(_Event)]
        x.XConnectionNumber.argtypes = [ctypes.c_void_p]
        x.XCloseDisplay.argtypes = [ctypes.c_void_p]
        self._display = x.XOpenDisplay(display.encode())
        if not self._display:
            raise OSError(f"cannot open the X display {display}")
        x.XSelectInput(self._display, x.XDefaultRootWindow(self._display),
                       _SUBSTRUCTURE_NOTIFY_MASK)
        x.XSync(self._display, 0)
        self._fd = x.XConnectionNumber(self._display)

    def drain(self) -> None:
        """Forget the events seen so far (windows of an earlier round)."""
        event = _Event()
        self._x.XSync(self._display, 0)
        while self._x.XPending(self._display):
            self._x.XNextEvent(self._display, ctypes.byref(event))

    def wait_mapped(self, timeout: float) -> float | None:
        """``time.perf_counter()`` when the next top-level window is mapped; None on timeout."""
        event = _Event()
        deadline = time.perf_counter() + timeout
        while True:
            while self._x.XPending(self._display):
                self._x.XNextEvent(self._display, ctypes.byref(event))
                if event.type == _MAP_NOTIFY and not event.map.override_redirect:
                    return time.perf_counter()
            left = deadline - time.perf_counter()
            if left <= 0:
                return None
            select.select([self._fd], [], [], left)

    def close(self) -> None:
        self._x.XCloseDisplay(self._display)


def _mapped(command: list[str], env: dict[str, str], watcher: MapWatcher) -> float:
    """Seconds from launching ``command`` to its first window mapped; waits for it to end."""
    watcher.drain()
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    mapped = watcher.wait_mapped(120)
    try:
        _out, err = process.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        process.kill()
        _out, err = process.communicate()
    if mapped is None:
        raise RuntimeError(f"{command[-1]} mapped no window: {err.strip()[-1500:]}")
    if process.returncode != 0:
        raise RuntimeError(f"{command[-1]} failed: {err.strip()[-1500:]}")
    return mapped - started


def _stages(command: list[str], env: dict[str, str]) -> dict[str, float]:
    """Seconds from launching ``command`` to each stage it reports (``kiln-startup``)."""
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


def measure(project: Path, rounds: int = 7) -> dict[str, object]:
    """Per round: launch → Kiln's window mapped and the bare window mapped (their ratio), and
    launch → project ready with ``project``."""
    kiln = [sys.executable, str(ROOT / "main.py"), str(project)]
    bare = [sys.executable, "-c", BARE_WINDOW]
    result: dict[str, object] = {
        "kiln_window_shown_s": [], "bare_window_shown_s": [], "kiln_to_bare_ratio": [],
        "kiln_project_ready_s": [], "kiln_page_shown_s": [],
    }
    frames: list[float] = result["kiln_window_shown_s"]  # type: ignore[assignment]
    floors: list[float] = result["bare_window_shown_s"]  # type: ignore[assignment]
    ready: list[float] = result["kiln_project_ready_s"]  # type: ignore[assignment]
    ratios: list[float] = result["kiln_to_bare_ratio"]  # type: ignore[assignment]
    pages: list[float] = result["kiln_page_shown_s"]  # type: ignore[assignment]
    with _screen() as (env, watcher):
        result["mode"] = "xvfb" if watcher is not None else "offscreen"

        def frame_of(command: list[str], extra: dict[str, str]) -> float:
            if watcher is not None:
                return _mapped(command, env | extra, watcher)
            return _stages(command, env | extra)["frame"]

        ready_env = env | {"KILN_QUIT_WHEN_SHOWN": "ready"}
        _stages(kiln, ready_env)  # warm the file cache once
        frame_of(bare, {})
        for _ in range(rounds):
            frame = frame_of(kiln, {"KILN_QUIT_WHEN_SHOWN": "1"})
            floor = frame_of(bare, {})
            stages = _stages(kiln, ready_env)
            if "ready" not in stages or "page" not in stages:
                raise RuntimeError(f"Kiln never showed {project} ready and its page")
            frames.append(frame)
            floors.append(floor)
            ratios.append(frame / floor)
            ready.append(stages["ready"])
            pages.append(stages["page"])
    return result


@contextmanager
def _screen() -> Iterator[tuple[dict[str, str], MapWatcher | None]]:
    """The environment the windows run in, and a map watcher (None: offscreen fallback)."""
    base = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    if shutil.which("Xvfb") and ctypes.util.find_library("X11"):
        with xvfb() as display:
            watcher = MapWatcher(display)
            try:
                yield base | {"DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}, watcher
            finally:
                watcher.close()
        return
    yield base | {"QT_QPA_PLATFORM": "offscreen"}, None


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print("usage: python -m tests.bench.startup PROJECT.kiln [ROUNDS]", file=sys.stderr)
        sys.exit(2)
    for key, values in measure(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2
                               else 7).items():
        if isinstance(values, list):
            print(key, " ".join(f"{v:.3f}" for v in values))
        else:
            print(key, values)
