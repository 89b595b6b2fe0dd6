"""Kiln's main window, the frame: title, menus, status bar and the empty page.

The frame holds no project itself. Its workspace (``ui.window.workspace``) — the navigator, the
beat board above the script editor, the feature panels and the one bridge to the open project —
is built once the frame is on screen (``MainWindow(deferred=True)`` at start-up; at once
otherwise), since it imports SQLAlchemy and every feature. File ▸ New/Open/Close, Undo, Redo
and Find go to the workspace; the frame shows what the workspace shows: the title (a
consultant's window says "Consultant mode"), the totals in the status bar and the state of
Undo and Redo. Edit ▸ Preferences… switches the interface language by rebuilding the window
around the same open project (``rebuilt``).
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QTreeView,
    QWidget,
)

from app.core.enums import Role
from app.core.i18n import _, format_clock, format_number, ngettext
from ui import dialogs
from ui.window.new_project_dialog import NewProjectDialog, NewSeries
from ui.window.preferences_dialog import PreferencesDialog
from ui.window.settings import load_window, save_window

if TYPE_CHECKING:
    from app.project.open_project import OpenProject
    from ui.board.widget import BoardWidget
    from ui.editor.panel import EditorPanel
    from ui.editor.widget import ScriptEditor
    from ui.window.features import WindowFeatures
    from ui.window.project_tree import ProjectTreeModel
    from ui.window.workspace import Workspace

logger = logging.getLogger(__name__)

#: Qt.AlignmentFlag.AlignCenter (AlignHCenter | AlignVCenter) as its number
_ALIGN_CENTER = 0x0084

#: Windows rebuilt by a language switch; nothing else holds a reference to them.
_rebuilt_windows: set[MainWindow] = set()


def _shortcuts(standard: QKeySequence.StandardKey, preferred: str) -> list[QKeySequence]:
    """The platform's standard keys for an action, plus ``preferred`` where a platform has none."""
    keys = [QKeySequence(preferred)]
    keys += [k for k in QKeySequence.keyBindings(standard) if k != keys[0]]
    return keys


class MainWindow(QMainWindow):
    """The frame of Kiln's window; the workspace inside it shows the open project."""

    def __init__(self, parent: QWidget | None = None, *, deferred: bool = False) -> None:
        """The whole window; with ``deferred``, only its frame (title, menus, the empty page)
        until ``build_workspace`` — start-up shows that first and builds the rest after."""
        super().__init__(parent)
        self.workspace: Workspace | None = None
        self.empty_label = QLabel(_no_project_text())
        # Qt.AlignmentFlag.AlignCenter by number: naming one of ``Qt``'s enums before the first
        # frame would make PySide6 build all of them first (about 17 ms; see qt_translations)
        self.empty_label.setProperty("alignment", _ALIGN_CENTER)
        self.empty_label.setWordWrap(True)
        self._stack = QStackedWidget()
        self._stack.addWidget(self.empty_label)
        self.setCentralWidget(self._stack)

        self.totals_label = QLabel()
        self.saved_label = QLabel()  # whether everything is on disk, and since when
        self.saved_label.setObjectName("savedLabel")
        self.statusBar().addPermanentWidget(self.saved_label)
        self.statusBar().addPermanentWidget(self.totals_label)
        self._saved_at: dt.datetime | None = None
        self._layout_restored = False
        self._make_actions()
        self._restore_geometry()
        if not deferred:
            self.build_workspace()
        self._show_state()

    def build_workspace(self) -> Workspace:
        """Build the navigator, the board, the editor and the feature panels (once)."""
        if self.workspace is not None:
            return self.workspace
        # Imported here, after the first frame: the workspace brings SQLAlchemy and every
        # feature module, and start-up shows the frame before paying for them.
        from ui.window.workspace import Workspace

        workspace = self.workspace = Workspace(self)
        self._stack.addWidget(workspace.page)
        workspace.shown.connect(self._show_state)
        workspace.bridge.changed.connect(self._on_change)
        workspace.editor.edited.connect(self._on_typing)
        workspace.editor.committed.connect(self._show_saved)
        keys = _shortcuts(QKeySequence.StandardKey.Preferences, "Ctrl+,")
        self.preferences_action = self._action(_("Preferences…"), self.ask_preferences, keys)
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.preferences_action)
        return workspace

    def show_opening(self, path: Path | None) -> None:
        """Say on the empty page that ``path`` is opening (start-up); None: the usual words."""
        self.empty_label.setText(
            _("Opening {file}…").format(file=path.name) if path else _no_project_text())

    # -- the workspace's parts, for the start-up, tests and tools ---------------------------

    @property
    def project(self) -> OpenProject | None:
        """The open project (None: none, or the workspace is not built yet)."""
        return self.workspace.project if self.workspace is not None else None

    @property
    def editor(self) -> ScriptEditor:
        return self._workspace().editor

    @property
    def editor_panel(self) -> EditorPanel:
        return self._workspace().editor_panel

    @property
    def script_view(self) -> ScriptEditor:
        return self._workspace().script_view

    @property
    def board(self) -> BoardWidget:
        return self._workspace().board

    @property
    def tree(self) -> QTreeView:
        return self._workspace().tree

    @property
    def tree_model(self) -> ProjectTreeModel:
        return self._workspace().tree_model

    @property
    def features(self) -> WindowFeatures:
        return self._workspace().features

    def _workspace(self) -> Workspace:
        if self.workspace is None:  # an AttributeError, so ``hasattr(window, "board")`` works
            raise AttributeError("the window's workspace is built after its first frame")
        return self.workspace

    # -- actions and menus ----------------------------------------------------------------

    def _action(self, text: str, slot: object, keys: list[QKeySequence] | None = None) -> QAction:
        action = QAction(text, self)
        if keys:
            action.setShortcuts(keys)
        action.triggered.connect(slot)
        return action

    def _make_actions(self) -> None:
        key = QKeySequence.StandardKey
        self.new_action = self._action(_("New…"), self.ask_new, _shortcuts(key.New, "Ctrl+N"))
        self.open_action = self._action(_("Open…"), self.ask_open, _shortcuts(key.Open, "Ctrl+O"))
        self.close_action = self._action(
            _("Close"), self.close_project, _shortcuts(key.Close, "Ctrl+W"))
        self.save_action = self._action(_("Save"), self.save, _shortcuts(key.Save, "Ctrl+S"))
        self.quit_action = self._action(_("Quit"), self.close, _shortcuts(key.Quit, "Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.undo_action = self._action(_("Undo"), self.undo, _shortcuts(key.Undo, "Ctrl+Z"))
        self.redo_action = self._action(
            _("Redo"), self.redo, _shortcuts(key.Redo, "Ctrl+Shift+Z"))
        self.find_action = self._action(
            _("Find and Replace…"), self.ask_find_replace, _shortcuts(key.Replace, "Ctrl+H"))
        self.about_action = self._action(_("About Kiln"), lambda: dialogs.show_about(self))
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)

        self.file_menu = self.menuBar().addMenu(_("&File"))
        self.file_menu.addActions([self.new_action, self.open_action, self.save_action,
                                   self.close_action])
        self.file_menu.addSeparator()
        self.file_menu_end = self.file_menu.addSeparator()  # features add theirs above it
        self.file_menu.addAction(self.quit_action)
        self.edit_menu = self.menuBar().addMenu(_("&Edit"))
        self.edit_menu.addActions([self.undo_action, self.redo_action])
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.find_action)
        self.view_menu = self.menuBar().addMenu(_("&View"))  # the workspace fills it
        help_menu = self.menuBar().addMenu(_("&Help"))
        help_menu.addAction(self.about_action)

    def add_panel(self, dock: QDockWidget, area: QtCore.Qt.DockWidgetArea | None = None) -> None:
        """Dock a panel built elsewhere (on the right unless ``area`` says otherwise) and give it
        a toggle in the View menu."""
        if not dock.objectName():
            dock.setObjectName(type(dock).__name__)
        self.addDockWidget(QtCore.Qt.DockWidgetArea.RightDockWidgetArea if area is None else area,
                           dock)
        self.view_menu.addAction(dock.toggleViewAction())

    def addDockWidget(self, area: QtCore.Qt.DockWidgetArea, dock: QDockWidget,  # noqa: N802
                      *orientation: QtCore.Qt.Orientation) -> None:
        """Dock ``dock``; right to left, a "right" panel goes on the left (Qt keeps dock areas
        where they are when the rest of the window mirrors)."""
        if self.isRightToLeft():
            areas = QtCore.Qt.DockWidgetArea
            sides = {areas.LeftDockWidgetArea: areas.RightDockWidgetArea,
                     areas.RightDockWidgetArea: areas.LeftDockWidgetArea}
            area = sides.get(area, area)
        super().addDockWidget(area, dock, *orientation)

    # -- opening and closing --------------------------------------------------------------

    def open_project(self, path: Path | str, *, backup: bool = True,
                     board_first: bool = False) -> bool:
        """Open ``path`` in place of the current project; on failure show why and keep the old.
        The window takes the keyboard, whose focus is in the page. ``board_first``: the
        navigator and the page wait for ``finish_showing`` (``Workspace.show_project``)."""
        opened = self.build_workspace().open_project(path, backup=backup,
                                                     board_first=board_first)
        if opened and self.isVisible():
            self.activateWindow()
        return opened

    def finish_showing(self) -> None:
        """Fill the navigator and the page of a project opened ``board_first``."""
        if self.workspace is not None:
            self.workspace.finish_showing()

    def show_project(self, project: OpenProject,
                     selected: tuple[str, str] | None = None) -> None:
        """Show an open ``project`` (this window has none), with ``selected`` (kind, id) shown."""
        self.build_workspace().show_project(project, selected)

    def release_project(self) -> OpenProject | None:
        """Stop showing the project but keep it open (lock and undo history) for another window."""
        return self.workspace.release_project() if self.workspace is not None else None

    def close_project(self) -> None:
        """Close the current project (releasing its lock) and show the empty page."""
        if self.workspace is not None:
            self.workspace.close_project()

    def ask_open(self) -> None:
        """File ▸ Open…"""
        path = dialogs.ask_open_path(self, self._start_folder())
        if path is not None:
            self.open_project(path)

    def ask_new(self) -> NewProjectDialog:
        """File ▸ New…: ask title, layout, language and episodes, then the file; write the new
        project there and open it with the keyboard in its first scene."""
        dialog = NewProjectDialog(self)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._create(dialog.series()))
        dialog.open()
        return dialog

    def _create(self, series: NewSeries) -> None:
        path = dialogs.ask_new_project_path(self, self._start_folder(), series.title)
        if path is not None:
            self.build_workspace().new_project(
                path, series.title, layout=series.layout,
                source_language=series.source_language, episodes=series.episodes)

    def save(self) -> bool:
        """File ▸ Save: what is typed goes to the file now, and the status bar says so."""
        if self.workspace is None or not self.workspace.save():
            return False
        self._show_saved(explicit=True)
        return True

    def _start_folder(self) -> Path:
        return self.project.path.parent if self.project is not None else Path.home()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self.workspace is not None:
            self.workspace.shutdown()
        try:
            save_window(self.saveGeometry(), self.saveState())
        except OSError as exc:  # a convenience: never stop the window closing for it
            logger.warning("could not remember the window's layout: %s", exc)
        super().closeEvent(event)

    # -- size and place -----------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        """The size and place the user left the window at; else one that fits the screen
        (1280×800, smaller on a smaller screen such as a 1280×720 laptop's)."""
        geometry, _state = load_window()
        if geometry is not None and self.restoreGeometry(geometry):
            return
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        width, height = 1280, 800
        if screen is not None and screen.width() > 0:
            width, height = min(width, screen.width()), min(height, screen.height())
        self.resize(width, height)

    def _restore_docks(self) -> None:
        """The docks as the user left them, once the first project's docks exist."""
        if self._layout_restored:
            return
        self._layout_restored = True
        _geometry, state = load_window()
        if state is not None:
            self.restoreState(state)

    # -- undo, redo, find -----------------------------------------------------------------

    def undo(self) -> None:
        if self.workspace is not None:
            self.workspace.step(lambda project: project.undo())

    def redo(self) -> None:
        if self.workspace is not None:
            self.workspace.step(lambda project: project.redo())

    def ask_find_replace(self) -> None:
        """Edit ▸ Find and Replace…"""
        if self.workspace is not None:
            self.workspace.ask_find_replace()

    def select_scene(self, scene_id: str) -> None:
        """Select ``scene_id`` in the navigator, which shows it in the editor."""
        self._workspace().select_scene(scene_id)

    _select_scene = select_scene  # the name Find and Replace's tests know

    def show_in_editor(self, kind: str, row_id: str) -> None:
        """Show a scene, an episode or a card's scenes in the editor."""
        self._workspace().show_in_editor(kind, row_id)

    def _on_change(self, _impact: object) -> None:
        self._update_undo_actions()
        self._show_saved()

    def _on_typing(self) -> None:
        """Typing not yet committed can already be undone (Undo commits it, then reverts it)."""
        if self.project is not None and self.project.history.writable:
            self.undo_action.setEnabled(True)
            if not self.project.history.undo_label:
                self.undo_action.setText(_("Undo Typing"))
        self.saved_label.setText(_("Typing not yet saved"))

    def _show_saved(self, *_args: object, explicit: bool = False) -> None:
        """Say whether everything is in the file: every edit is written at once, typing after
        a short pause (or at once with File ▸ Save)."""
        project = self.project
        if project is None:
            self.saved_label.setText("")
            return
        if not project.history.writable:
            self.saved_label.setText(_("Read-only file"))
            return
        if self.workspace is not None and self.workspace.editor.has_pending():
            self.saved_label.setText(_("Typing not yet saved"))
            return
        self._saved_at = dt.datetime.now()
        clock = format_clock(self._saved_at)
        self.saved_label.setText(_("Saved {time}").format(time=clock))
        if explicit:
            self.statusBar().showMessage(
                _("Everything is saved in {file} ({time}).").format(
                    file=project.path.name, time=clock), 5000)

    def _update_undo_actions(self) -> None:
        history = self.project.history if self.project is not None else None
        undo = history.undo_label if history is not None else None
        redo = history.redo_label if history is not None else None
        self.undo_action.setText(_("Undo {label}").format(label=undo) if undo else _("Undo"))
        self.redo_action.setText(_("Redo {label}").format(label=redo) if redo else _("Redo"))
        self.undo_action.setEnabled(undo is not None)
        self.redo_action.setEnabled(redo is not None)

    # -- preferences and the language switch ------------------------------------------------

    def ask_preferences(self) -> PreferencesDialog:
        """Edit ▸ Preferences…: the interface language (the window is rebuilt in it)."""
        dialog = PreferencesDialog(self)
        dialog.open()
        return dialog

    def rebuilt(self, *, keep_docks: bool = True) -> MainWindow:
        """A new main window in the current language, showing what this one showed; this one
        closes. The open project moves over without being closed (lock and undo history kept).
        ``keep_docks`` puts the docks where they were (not when the window has just mirrored)."""
        geometry, state = self.saveGeometry(), self.saveState()
        handover = self.build_workspace().handover()
        rebuilt = type(self)()
        rebuilt.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        _rebuilt_windows.add(rebuilt)
        rebuilt.destroyed.connect(lambda _obj=None, w=rebuilt: _rebuilt_windows.discard(w))
        rebuilt.restoreGeometry(geometry)
        rebuilt.build_workspace().take_over(handover)
        if keep_docks:
            rebuilt.restoreState(state)
        if self.isVisible():
            rebuilt.show()
        self.close()
        self.deleteLater()
        _rebuilt_windows.discard(self)
        return rebuilt

    # -- what the frame shows -------------------------------------------------------------

    def _show_state(self) -> None:
        """Title, empty page, totals and action states for the open project (or none)."""
        project = self.project
        self._stack.setCurrentIndex(1 if project is not None else 0)
        self.close_action.setEnabled(project is not None)
        self.save_action.setEnabled(project is not None)
        self._update_undo_actions()
        if project is None or self.workspace is None:
            self.setWindowTitle(_("Kiln"))
            self.totals_label.setText("")
            self.saved_label.setText("")
            return
        self._restore_docks()
        if not self.saved_label.text():
            self._show_saved()
        title = project.info().title
        if project.role is Role.CONSULTANT:
            self.setWindowTitle(_("{title} — Kiln — Consultant mode").format(title=title))
        else:
            self.setWindowTitle(_("{title} — Kiln").format(title=title))
        episodes, scenes, seconds = self.workspace.totals()
        self.totals_label.setText(" · ".join([
            ngettext("{count} episode", "{count} episodes", episodes).format(
                count=format_number(episodes)),
            ngettext("{count} scene", "{count} scenes", scenes).format(
                count=format_number(scenes)),
            _("about {minutes} min").format(minutes=format_number(seconds / 60, decimals=1)),
        ]))


def _no_project_text() -> str:
    return _("No project is open.\n\nChoose File ▸ Open… (Ctrl+O) to open a .kiln project, "
             "or File ▸ New… (Ctrl+N) to start one.")
