"""Start the window: the QApplication, its direction, the main window; and the window self-test.

Start-up shows the window's frame first (title, menus, "Opening <file>…") and builds the
navigator, board, editor and panels and opens the project after that first frame, so the
modules behind them (SQLAlchemy, the feature panels) are imported while the window is on screen.
For the start-up benchmark, ``KILN_QUIT_WHEN_SHOWN=1`` quits once the first frame is painted and
``KILN_QUIT_WHEN_SHOWN=ready`` once the project is on screen; either prints
``kiln-startup <stage> <unix time>`` lines on stdout for each stage reached: ``frame`` (the
window's first paint), ``ready`` (the board's first paint with the project open) and ``page``
(the navigator filled and the page showing where the writer left off, right after).
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from app.core.i18n import current_language
from ui.qt_translations import apply_interface_language
from ui.window.main_window import MainWindow

logger = logging.getLogger(__name__)

#: Milliseconds start-up waits for the window's first frame before it builds the rest anyway.
FIRST_FRAME_WAIT_MS = 3000


def _application(argv: list[str]) -> QApplication:
    """The running QApplication, created and set up on first use."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    application = QApplication(["kiln", *argv])
    configure(application)
    return application


def configure(application: QApplication) -> None:
    """Name the application; Qt's own words, locale and direction follow the interface
    language (mirrored for Arabic and Persian)."""
    application.setApplicationName("Kiln")
    application.setOrganizationName("Kiln")
    application.setApplicationDisplayName("Kiln")
    apply_interface_language(application, current_language())


def _project_argument(argv: list[str]) -> Path | None:
    positional = [arg for arg in argv if not arg.startswith("-")]
    return Path(positional[0]) if positional else None


class _AfterPaint(QObject):
    """Calls ``then`` once, just after ``widget`` has been painted for the first time."""

    def __init__(self, widget: QWidget, then: object) -> None:
        super().__init__(widget)
        self._widget = widget
        self._then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self._widget and event.type() == QEvent.Type.Paint:
            self._widget.removeEventFilter(self)
            # Later, not inside the paint: the frame is on screen once this paint is flushed.
            QTimer.singleShot(0, self._then)  # type: ignore[arg-type]
        return False


class _Startup(QObject):
    """The window's first frame, then the workspace and the project (``run_window``)."""

    def __init__(self, window: MainWindow, path: Path | None, quit_when: str) -> None:
        super().__init__(window)
        self.window = window
        self.path = path
        self.quit_when = quit_when  # "" (run), "1"/"frame" or "ready" (benchmarks)
        self._reached: set[str] = set()
        window.show_opening(path)
        _when_painted(window, self._first_frame)

    def _reach(self, stage: str) -> bool:
        """Note ``stage`` (and print it for the benchmarks); False when it was reached before —
        each stage comes from a paint or from its fallback timer, whichever is first."""
        if stage in self._reached:
            return False
        self._reached.add(stage)
        if self.quit_when:
            print(f"kiln-startup {stage} {time.time():.6f}", flush=True)
        return True

    def _first_frame(self) -> None:
        if not self._reach("frame"):
            return
        if self.quit_when in ("1", "frame"):
            QApplication.quit()
            return
        self.window.build_workspace()
        # The board first; the navigator and the page right after its first paint.
        opened = self.path is not None and self.window.open_project(self.path, board_first=True)
        self.window.show_opening(None)
        if opened:
            _when_painted(self.window.board.view.viewport(), self._ready)
        else:
            self._ready()

    def _ready(self) -> None:
        if not self._reach("ready"):
            return
        self.window.finish_showing()
        editor = self.window.editor if self.window.project is not None else None
        if editor is not None and editor.isVisible():
            _when_painted(editor.viewport(), self._page_shown)
        else:
            self._page_shown()

    def _page_shown(self) -> None:
        if not self._reach("page"):
            return
        if self.quit_when:
            self.window.close()  # closes the project: its lock goes with it
            QApplication.quit()


def _when_painted(widget: QWidget, then: Callable[[], None]) -> None:
    """Call ``then`` after ``widget``'s next paint (one is asked for), or after
    ``FIRST_FRAME_WAIT_MS`` if it is never painted (a minimised window); ``then`` must ignore
    the second call."""
    _AfterPaint(widget, then)
    widget.update()
    QTimer.singleShot(FIRST_FRAME_WAIT_MS, then)


def run_window(argv: list[str]) -> int:
    """Open the main window (with the ``.kiln`` file named first in ``argv``) until it closes."""
    application = _application(argv)
    window = MainWindow(deferred=True)
    _Startup(window, _project_argument(argv), os.environ.get("KILN_QUIT_WHEN_SHOWN", ""))
    window.show()
    status = application.exec()
    sys.stdout.flush()
    return status


def window_self_test() -> bool:
    """Open the sample project in a window offscreen and check what it shows; never raises."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    # The sample brings SQLAlchemy; this module is on the start-up path of every window.
    from app.formats.sample import write_sample

    window: MainWindow | None = None
    try:
        with tempfile.TemporaryDirectory(prefix="kiln-window-test-") as folder:
            path = Path(folder) / "sample.kiln"
            write_sample(path)
            application = _application([])
            window = MainWindow()
            if not window.open_project(path, backup=False) or window.project is None:
                logger.error("the window could not open the sample project")
                return False
            window.show()
            application.processEvents()
            title = window.project.info().title
            episodes = len(window.project.episodes())
            ok = title in window.windowTitle() and window.tree_model.rowCount() == episodes > 0
            if not ok:
                logger.error("window shows %r with %d episode(s); expected %r with %d",
                             window.windowTitle(), window.tree_model.rowCount(), title, episodes)
            window.close()  # releases the lock before the folder goes
            application.processEvents()
            return ok
    except Exception:  # a self-test reports every failure, whatever it is
        logger.exception("window self-test failed")
        return False
    finally:
        if window is not None:
            window.close()
            window.deleteLater()
