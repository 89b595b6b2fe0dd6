"""What the feature wiring may use of the main window and of its workspace, as Protocols.

The main window (``ui.window.main_window``) builds its workspace (``ui.window.workspace``) after
its first frame, and the workspace builds the feature wiring (``ui.window.features``,
``ui.heritage.features``). The wiring only knows these Protocols, never the classes above it, so
nothing imports back up the chain.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMenu, QMenuBar, QStatusBar, QWidget

if TYPE_CHECKING:
    from ui.board.widget import BoardWidget
    from ui.bridge import ProjectBridge
    from ui.editor.widget import ScriptEditor

logger = logging.getLogger(__name__)


class Frame(Protocol):
    """The main window's frame: its menus, docks and status bar, and opening a project."""

    file_menu: QMenu
    #: The File menu's last separator: features insert their actions above it.
    file_menu_end: QAction
    edit_menu: QMenu
    view_menu: QMenu

    def window(self) -> QWidget:
        """The main window itself (a parent for dialogs and docks)."""
        ...

    def add_panel(self, dock: QDockWidget,
                  area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea) -> None:
        """Dock a panel and give it a toggle in the View menu."""
        ...

    def addDockWidget(self, area: Qt.DockWidgetArea, dock: QDockWidget,  # noqa: N802 - Qt
                      *orientation: Qt.Orientation) -> None: ...

    def removeDockWidget(self, dock: QDockWidget) -> None: ...  # noqa: N802 - Qt

    def tabifyDockWidget(self, first: QDockWidget, second: QDockWidget) -> None: ...  # noqa: N802

    def resizeDocks(self, docks: list[QDockWidget], sizes: list[int],  # noqa: N802 - Qt
                    orientation: Qt.Orientation) -> None: ...

    def statusBar(self) -> QStatusBar: ...  # noqa: N802 - Qt

    def menuBar(self) -> QMenuBar: ...  # noqa: N802 - Qt

    def addAction(self, action: QAction) -> None: ...  # noqa: N802 - Qt

    def isVisible(self) -> bool: ...  # noqa: N802 - Qt

    def installEventFilter(self, watcher: QObject) -> None: ...  # noqa: N802 - Qt

    def open_project(self, path: Path | str, *, backup: bool = True) -> bool:
        """Open ``path`` in place of the current project (False: it could not be opened)."""
        ...


class Host(Protocol):
    """The workspace as the feature wiring sees it: the window's frame, the bridge to the open
    project, the editor and the board, and showing a scene."""

    frame: Frame
    bridge: ProjectBridge
    editor: ScriptEditor
    board: BoardWidget

    def select_scene(self, scene_id: str) -> None:
        """Select ``scene_id`` in the navigator (which shows it in the editor)."""
        ...

    def show_in_editor(self, kind: str, row_id: str) -> None:
        """Show a scene, an episode or a card's scenes in the editor."""
        ...
