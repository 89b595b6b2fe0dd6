"""Drive the real Kiln window as a writer does: Xvfb, real X key and mouse events (xdotool),
pauses between groups of keys.

``RealWindow`` starts Kiln (``main.main``) on a virtual screen with a small probe beside it: the
probe only *reports* where things are (the global position of the end of a script line, the
centre of a board card or of a named widget, a point in a lane, the window id, which widget has
the keyboard) on stdout, so the test can click there; every keystroke is a real X event sent by
xdotool, through the X server and Qt's xcb platform, exactly like a keyboard's.

Chinese (any text outside ASCII) arrives as a Chinese writer's input method delivers it: one
committed string (``QInputMethodEvent``) to the widget with the keyboard, sent by the probe.
xdotool can only fake such characters by remapping a spare key for each one, and Qt reads the
new keymap after the key now and then under load (a title typed as 开窑 arrived garbled).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

needs_x = pytest.mark.skipif(
    not (shutil.which("Xvfb") and shutil.which("xdotool")),
    reason="Xvfb and xdotool are installed by make test (Makefile DEB_PACKAGES)",
)

# Runs inside Kiln's process: waits until the project is open, then answers the test's
# questions ("where is the end of the line that contains TEXT?") read from a fifo-like file.
_PROBE = r"""
import json, os, sys, time
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
import main

questions = Path(os.environ["KILN_PROBE_IN"])
answers = Path(os.environ["KILN_PROBE_OUT"])
seen = 0

def window():
    for widget in QApplication.topLevelWidgets():
        if type(widget).__name__ == "MainWindow" and widget.isVisible():
            return widget
    return None

def answer(payload):
    with answers.open("a", encoding="utf-8") as out:
        out.write(json.dumps(payload, ensure_ascii=False) + "\n")

def line_end(text):
    w = window()
    editor = w.editor
    block = editor.document().begin()
    while block.isValid():
        if text in block.text():
            cursor = editor.textCursor()
            cursor.setPosition(block.position() + block.length() - 1)
            rect = editor.cursorRect(cursor)
            point = editor.viewport().mapToGlobal(rect.center())
            return {"x": point.x(), "y": point.y()}
        block = block.next()
    return {"error": f"no line contains {text!r}"}

def card_centre(title):
    w = window()
    view = w.board.view
    for card in view.cards.values():
        if card.beat.title == title:
            view.ensureVisible(card, 20, 20)
            local = view.mapFromScene(card.sceneBoundingRect().center())
            point = view.viewport().mapToGlobal(local)
            return {"x": point.x(), "y": point.y()}
    return {"error": f"no card is titled {title!r}"}

def lane_point(number):
    # a point in the empty part of episode ``number``'s lane, below its header
    w = window()
    view = w.board.view
    for header in view.headers:
        episode = header.lane.episode
        if episode is not None and episode.number == number:
            rect = header.sceneBoundingRect()
            view.ensureVisible(header, 20, 20)
            local = view.mapFromScene(rect.center().x(), rect.bottom() + 40)
            point = view.viewport().mapToGlobal(local)
            return {"x": point.x(), "y": point.y()}
    return {"error": f"no lane for episode {number}"}

def widget_centre(name):
    from PySide6.QtWidgets import QWidget
    w = window()
    found = w.findChild(QWidget, name)
    if found is None or not found.isVisible():
        return {"error": f"no visible widget named {name!r}"}
    point = found.mapToGlobal(found.rect().center())
    return {"x": point.x(), "y": point.y()}

def commit(text):
    widget = QApplication.focusWidget()
    if widget is None:
        return {"error": "no widget has the keyboard"}
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)
    return {"committed": text}

def focus():
    widget = QApplication.focusWidget()
    return {"focus": widget.objectName() if widget is not None else "",
            "type": type(widget).__name__ if widget is not None else ""}

def poll():
    global seen
    w = window()
    if w is None or getattr(w, "project", None) is None:
        return
    lines = questions.read_text(encoding="utf-8").splitlines() if questions.exists() else []
    for line in lines[seen:]:
        seen += 1
        ask = json.loads(line)
        if ask["what"] == "ready":
            answer({"ready": True, "window": int(w.winId())})
        elif ask["what"] == "line_end":
            answer(line_end(ask["text"]))
        elif ask["what"] == "card_centre":
            answer(card_centre(ask["title"]))
        elif ask["what"] == "focus":
            answer(focus())
        elif ask["what"] == "commit":
            answer(commit(ask["text"]))
        elif ask["what"] == "page":
            answer({"text": w.editor.toPlainText()})
        elif ask["what"] == "lane_point":
            answer(lane_point(int(ask["number"])))
        elif ask["what"] == "widget_centre":
            answer(widget_centre(ask["name"]))

timer = QTimer()
timer.timeout.connect(poll)
QTimer.singleShot(0, lambda: timer.start(50))
sys.exit(main.main(sys.argv[1:]))
"""


class RealWindow:
    """Kiln running on an X display; ask the probe, then type and click with xdotool."""

    def __init__(self, display: str, process: subprocess.Popen[str], folder: Path) -> None:
        self.display = display
        self.process = process
        self._in = folder / "probe-in.jsonl"
        self._out = folder / "probe-out.jsonl"
        self._answered = 0
        self.env = {**os.environ, "DISPLAY": display}

    def ask(self, what: str, timeout: float = 60.0, **fields: str) -> dict:
        with self._in.open("a", encoding="utf-8") as out:
            out.write(json.dumps({"what": what, **fields}, ensure_ascii=False) + "\n")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"Kiln exited with {self.process.returncode}")
            if self._out.exists():
                lines = self._out.read_text(encoding="utf-8").splitlines()
                if len(lines) > self._answered:
                    self._answered += 1
                    return json.loads(lines[self._answered - 1])
            time.sleep(0.05)
        raise AssertionError(f"the probe did not answer {what!r} in {timeout} s")

    def wait_for_focus(self, name: str, timeout: float = 10.0) -> None:
        """Wait until the widget named ``name`` has the keyboard (a menu or dialog opened it)."""
        deadline = time.monotonic() + timeout
        while True:
            focus = self.ask("focus")["focus"]
            if focus == name:
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"{name!r} never took the keyboard (it is in {focus!r})")
            time.sleep(0.2)

    def xdotool(self, *args: str) -> None:
        subprocess.run(["xdotool", *args], env=self.env, check=True, timeout=30)

    def click(self, x: int, y: int, pause: float = 0.0, button: int = 1) -> None:
        self.xdotool("mousemove", "--sync", str(x), str(y), "click", str(button))
        time.sleep(pause)

    def click_at(self, where: dict, pause: float = 0.0, button: int = 1) -> None:
        """Click a point the probe reported (``{"x": …, "y": …}``); button 3: right-click."""
        if "error" in where:
            raise AssertionError(where["error"])
        self.click(where["x"], where["y"], pause, button)

    def type(self, text: str, pause: float = 0.0) -> None:
        """Type ``text``, then wait ``pause`` seconds: ASCII as key events 80 ms apart, each
        stretch of other characters as one input-method commit (see the module's note)."""
        for run in _runs(text):
            if run.isascii():
                self.xdotool("type", "--delay", "80", run)
                time.sleep(0.15)  # the keys reach Kiln before a commit that follows them
            else:
                answer = self.ask("commit", text=run)
                if "error" in answer:
                    raise AssertionError(answer["error"])
        time.sleep(pause)

    def key(self, *keys: str, pause: float = 0.0) -> None:
        self.xdotool("key", "--delay", "80", *keys)
        time.sleep(pause)


def _runs(text: str) -> list[str]:
    """``text`` cut where it passes between ASCII and other characters."""
    runs: list[str] = []
    for char in text:
        if runs and runs[-1][-1].isascii() == char.isascii():
            runs[-1] += char
        else:
            runs.append(char)
    return runs


@contextmanager
def xvfb() -> Iterator[str]:
    """A fresh virtual screen; yields its DISPLAY name."""
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
        pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise AssertionError("Xvfb did not start")
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=30)


@contextmanager
def real_window(project: Path, folder: Path) -> Iterator[RealWindow]:
    """Kiln showing ``project`` on a fresh virtual screen; closed (Ctrl+Q) at the end."""
    with xvfb() as display:
        env = {
            **os.environ,
            "DISPLAY": display,
            "QT_QPA_PLATFORM": "xcb",
            "KILN_PROBE_IN": str(folder / "probe-in.jsonl"),
            "KILN_PROBE_OUT": str(folder / "probe-out.jsonl"),
        }
        log = (folder / "kiln.log").open("w", encoding="utf-8")
        process = subprocess.Popen([sys.executable, "-c", _PROBE, str(project)], cwd=ROOT,
                                   env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
        window = RealWindow(display, process, folder)
        try:
            yield window
            window.key("ctrl+q")
            process.wait(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=30)
            log.close()
