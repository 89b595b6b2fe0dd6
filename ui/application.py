"""Start the window: the QApplication, its direction, the main window; and the window self-test."""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from app.i18n import current_language, is_rtl
from app.services.sample import write_sample
from ui.main_window import MainWindow

logger = logging.getLogger(__name__)


def _application(argv: list[str]) -> QApplication:
    """The running QApplication, created and set up on first use."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    application = QApplication(["kiln", *argv])
    configure(application)
    return application


def configure(application: QApplication) -> None:
    """Name the application and mirror it when the interface language runs right to left."""
    application.setApplicationName("Kiln")
    application.setOrganizationName("Kiln")
    application.setApplicationDisplayName("Kiln")
    application.setLayoutDirection(
        Qt.LayoutDirection.RightToLeft if is_rtl(current_language())
        else Qt.LayoutDirection.LeftToRight
    )


def _project_argument(argv: list[str]) -> Path | None:
    positional = [arg for arg in argv if not arg.startswith("-")]
    return Path(positional[0]) if positional else None


def run_window(argv: list[str]) -> int:
    """Open the main window (with the ``.kiln`` file named first in ``argv``) until it closes."""
    application = _application(argv)
    window = MainWindow()
    window.show()
    path = _project_argument(argv)
    if path is not None:
        window.open_project(path)
    if os.environ.get("KILN_QUIT_WHEN_SHOWN"):
        # For start-up benchmarks: leave as soon as the first frame is on screen.
        QTimer.singleShot(0, application.quit)
    return application.exec()


def window_self_test() -> bool:
    """Open the sample project in a window offscreen and check what it shows; never raises."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
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
