"""Kiln's main window: the navigator on the left, the beat board above the script editor.

The window holds at most one ``OpenProject``. It listens to the project's history, so any edit —
made on the board, in the editor, by a dock, or undone — refreshes the navigator, the status bar
and the Undo/Redo actions; the board and the editor listen for themselves. Opening another
project or closing the window closes the previous one and releases its lock. Panels built
elsewhere join through ``add_panel`` and get a toggle in the View menu; the feature panels and
their menu actions (notes, translations, interchange, heritage library, export, profile) are
wired in ``ui.window.features``. A consultant's window says "Consultant mode" in its title.
At start-up ``MainWindow(deferred=True)`` is only the frame (title, menus, the empty page) and
imports nothing heavy; ``build_workspace`` adds the rest once that frame is on screen.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QHeaderView,
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QTreeView,
    QWidget,
)

from app.core.enums import Role
from app.core.i18n import _, format_number, ngettext
from ui import dialogs
from ui.window.preferences_dialog import PreferencesDialog

# The workspace (navigator, board, editor, feature panels) and the project services import
# SQLAlchemy and the feature modules: they are imported where they are used, after the first
# frame, so that start-up shows the window first (``MainWindow(deferred=True)``).
if TYPE_CHECKING:
    from app.project.changes import Changeset
    from app.project.errors import ProjectChangedOnDisk, ProjectDamaged
    from app.project.open_project import OpenProject
    from ui.window import disk_change

logger = logging.getLogger(__name__)

#: Tables whose changes alter what the navigator or the status bar show.
_SHOWN_TABLES = frozenset({"project", "episode", "scene", "character", "location"})
#: Typing only changes timings: the navigator catches up after this many milliseconds.
_TYPING_REFRESH_MS = 1500


def _shortcuts(standard: QKeySequence.StandardKey, preferred: str) -> list[QKeySequence]:
    """The platform's standard keys for an action, plus ``preferred`` where a platform has none."""
    keys = [QKeySequence(preferred)]
    keys += [k for k in QKeySequence.keyBindings(standard) if k != keys[0]]
    return keys


class MainWindow(QMainWindow):
    """The navigator, the beat board, the script editor, menus and a status bar with totals."""

    def __init__(self, parent: QWidget | None = None, *, deferred: bool = False) -> None:
        """The whole window; with ``deferred``, only its frame (title, menus, the empty page)
        until ``build_workspace`` — start-up shows that first and builds the rest after."""
        super().__init__(parent)
        self.project: OpenProject | None = None
        self._disk_dialog: disk_change.DiskChangeDialog | None = None
        self._selected: tuple[str, str] | None = None  # (kind, id) shown on the page
        self._reloading = False  # the tree is being rebuilt: selection changes are not the user's
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)  # coalesce a burst of edits into one refresh
        self._refresh_timer.timeout.connect(self.refresh)
        self._workspace_built = False

        self.empty_label = QLabel(_no_project_text())
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self._stack = QStackedWidget()
        self._stack.addWidget(self.empty_label)
        self.setCentralWidget(self._stack)

        self.totals_label = QLabel()
        self.statusBar().addPermanentWidget(self.totals_label)
        self._make_actions()
        self.resize(1280, 800)
        if not deferred:
            self.build_workspace()
        self._show_state()

    def build_workspace(self) -> None:
        """Build the navigator, the board, the editor and the feature panels (once)."""
        if self._workspace_built:
            return
        from ui.board.widget import BoardWidget
        from ui.editor.panel import EditorPanel
        from ui.window.features import WindowFeatures
        from ui.window.project_tree import ProjectTreeModel

        self.tree_model = ProjectTreeModel(self)
        self.tree = QTreeView()
        self.tree.setObjectName("projectTree")
        self.tree.setModel(self.tree_model)
        self.tree.setUniformRowHeights(True)
        self.tree.selectionModel().selectionChanged.connect(self._on_selection)
        self.board = BoardWidget()
        self.board.beat_selected.connect(lambda beat_id: self.show_in_editor("beat", beat_id))
        self.board.scene_made.connect(lambda _beat, scene: self.select_scene(scene))
        self.editor_panel = EditorPanel()
        self.editor = self.editor_panel.editor
        self.script_view = self.editor  # the page the tree's selection shows
        self.editor.edited.connect(self._on_typing)
        self.work_splitter = QSplitter(Qt.Orientation.Vertical)
        self.work_splitter.addWidget(self.board)
        self.work_splitter.addWidget(self.editor_panel)
        self.work_splitter.setSizes([330, 470])
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.work_splitter)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([320, 960])
        self._stack.addWidget(splitter)

        for text, widget, keys in ((_("Navigator"), self.tree, "Ctrl+Shift+1"),
                                   (_("Beat Board"), self.board, "Ctrl+Shift+2"),
                                   (_("Script Editor"), self.editor_panel, "Ctrl+Shift+3")):
            toggle = self._action(text, widget.setVisible, [QKeySequence(keys)])
            toggle.setCheckable(True)
            toggle.setChecked(True)
            self.view_menu.addAction(toggle)
        self.view_menu.addSeparator()
        self.features = WindowFeatures(self)  # notes, translations, interchange, profile
        keys = _shortcuts(QKeySequence.StandardKey.Preferences, "Ctrl+,")
        self.preferences_action = self._action(_("Preferences…"), self.ask_preferences, keys)
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.preferences_action)
        self._workspace_built = True

    def show_opening(self, path: Path | None) -> None:
        """Say on the empty page that ``path`` is opening (start-up); None: the usual words."""
        self.empty_label.setText(
            _("Opening {file}…").format(file=path.name) if path else _no_project_text())

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
        self.file_menu.addActions([self.new_action, self.open_action, self.close_action])
        self.file_menu.addSeparator()
        self.file_menu_end = self.file_menu.addSeparator()  # features add theirs above it
        self.file_menu.addAction(self.quit_action)
        self.edit_menu = self.menuBar().addMenu(_("&Edit"))
        self.edit_menu.addActions([self.undo_action, self.redo_action])
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.find_action)
        self.view_menu = self.menuBar().addMenu(_("&View"))  # build_workspace fills it
        help_menu = self.menuBar().addMenu(_("&Help"))
        help_menu.addAction(self.about_action)

    def add_panel(self, dock: QDockWidget,
                  area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea) -> None:
        """Dock a panel built elsewhere and give it a toggle in the View menu."""
        if not dock.objectName():
            dock.setObjectName(type(dock).__name__)
        self.addDockWidget(area, dock)
        self.view_menu.addAction(dock.toggleViewAction())

    def addDockWidget(self, area: Qt.DockWidgetArea, dock: QDockWidget,  # noqa: N802 - Qt
                      *orientation: Qt.Orientation) -> None:
        """Dock ``dock``; right to left, a "right" panel goes on the left (Qt keeps dock areas
        where they are when the rest of the window mirrors)."""
        if self.isRightToLeft():
            sides = {Qt.DockWidgetArea.LeftDockWidgetArea: Qt.DockWidgetArea.RightDockWidgetArea,
                     Qt.DockWidgetArea.RightDockWidgetArea: Qt.DockWidgetArea.LeftDockWidgetArea}
            area = sides.get(area, area)
        super().addDockWidget(area, dock, *orientation)

    # -- opening and closing --------------------------------------------------------------

    def open_project(self, path: Path | str, *, backup: bool = True) -> bool:
        """Open ``path`` in place of the current project; on failure show why and keep the old."""
        from app.project.errors import USER_ERRORS, ProjectDamaged
        from app.project.open_project import OpenProject
        from ui.window import recovery_dialog

        path = Path(path)
        if self.project is not None and _same_file(self.project.path, path):
            return True  # already open here; opening it twice would trip over our own lock
        try:
            project = OpenProject.open(path, backup=backup)
        except ProjectDamaged as damage:
            logger.info("could not open %s: %s", path, damage)
            if recovery_dialog.offer_recovery(
                self, damage, lambda target, found=damage: self._open_recovered(found, target),
                lambda: self._open_as_is(path, backup),
            ) is None:
                dialogs.show_error(self, _("Cannot open the project"), str(damage))
            return False
        except USER_ERRORS as exc:
            logger.info("could not open %s: %s", path, exc)
            dialogs.show_error(self, _("Cannot open the project"), str(exc))
            return False
        self.close_project()
        self.show_project(project)
        logger.info("opened %s", path)
        return True

    def show_project(self, project: OpenProject,
                     selected: tuple[str, str] | None = None) -> None:
        """Show an open ``project`` (this window has none), with ``selected`` (kind, id) shown."""
        from ui.window import disk_change

        self.build_workspace()
        self.project = project
        project.history.subscribe(lambda changes: self._on_history(project, changes))
        # A project handed over by another window (language switch) is watched already: the
        # refusal goes to whichever window shows it now.
        if getattr(project, "_disk_window", None) is None:
            disk_change.watch(
                project, lambda error: project._disk_window._on_disk_change(project, error))
        project._disk_window = self  # type: ignore[attr-defined]
        self._selected = selected
        self.editor_panel.set_project(project)
        self.board.set_project(project)
        self.features.set_project(project)
        self.refresh()
        if selected is None:
            self._select_first_scene()
        elif self._selected == selected:  # still there: show it (refresh only selects it)
            self.show_in_editor(*selected)

    def _open_as_is(self, path: Path, backup: bool) -> None:
        """Open a project another program changed, accepting its contents (the user said so)."""
        from app.project.errors import USER_ERRORS
        from app.project.open_project import OpenProject

        try:
            project = OpenProject.open(path, backup=backup, accept_contents=True)
        except USER_ERRORS as exc:
            dialogs.show_error(self, _("Cannot open the project"), str(exc))
            return
        self.close_project()
        self.show_project(project)

    def _open_recovered(self, damage: ProjectDamaged, target: Path) -> None:
        """Write the damaged project's newest good backup to ``target`` and open that."""
        from app.project.errors import USER_ERRORS
        from app.project.recover import recover

        try:
            done = recover(damage.path, target)
        except USER_ERRORS as exc:
            dialogs.show_error(self, _("Cannot recover the project"), str(exc))
            return
        self.open_project(done.path)

    def _on_disk_change(self, project: OpenProject, error: ProjectChangedOnDisk) -> None:
        """A write was refused because another program changed the file: copy or reload."""
        if project is not self.project or self._disk_dialog is not None:
            return
        from ui.window import disk_change

        box = disk_change.DiskChangeDialog(error, self)
        self._disk_dialog = box
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _result: self._disk_answer(project, box))
        box.open()

    def _disk_answer(self, project: OpenProject, box: disk_change.DiskChangeDialog) -> None:
        from app.project.errors import USER_ERRORS
        from app.project.recover import reload, save_copy
        from ui.window import disk_change

        self._disk_dialog = None
        if project is not self.project:
            return
        clicked = box.clickedButton()
        try:
            if clicked is box.copy_button:
                target = disk_change.ask_copy_path(self, project.path)
                if target is None:
                    return
                copy = save_copy(project, target, box.error.command)
                self.release_project()
                project.close()  # the file changed on disk: closing writes nothing to it
                self.show_project(copy)
            elif clicked is box.reload_button:
                self.release_project()
                self.show_project(reload(project))
        except USER_ERRORS as exc:
            dialogs.show_error(self, _("Cannot save or reload the project"), str(exc))

    def release_project(self) -> OpenProject | None:
        """Stop showing the project but keep it open (lock and undo history) for another window;
        the language switch hands it to the window rebuilt in the new language."""
        if self.project is None:
            return None
        self.editor.flush()
        project, self.project = self.project, None
        self.features.set_project(None)
        self.editor_panel.set_project(None)
        self.board.set_project(None)
        self._selected = None
        self._show_state()
        return project

    def close_project(self) -> None:
        """Close the current project (releasing its lock) and show the empty state."""
        project = self.release_project()
        if project is not None:
            project.close()

    def ask_open(self) -> None:
        """File ▸ Open…"""
        path = dialogs.ask_open_path(self, self._start_folder())
        if path is not None:
            self.open_project(path)

    def ask_new(self) -> None:
        """File ▸ New…: ask a title and a file, write an empty project there and open it."""
        answer = dialogs.ask_new_project(self, self._start_folder())
        if answer is None:
            return
        title, path = answer
        from app.project.errors import USER_ERRORS
        from app.project.open_project import new_project

        try:
            new_project(path, title=title)
        except USER_ERRORS as exc:
            dialogs.show_error(self, _("Cannot create the project"), str(exc))
            return
        self.open_project(path)

    def _start_folder(self) -> Path:
        return self.project.path.parent if self.project is not None else Path.home()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.close_project()
        if self._workspace_built:
            self.features.shutdown()
        super().closeEvent(event)

    # -- undo and redo --------------------------------------------------------------------

    def undo(self) -> None:
        self._step(lambda project: project.undo())

    def redo(self) -> None:
        self._step(lambda project: project.redo())

    def _step(self, step: Callable[[OpenProject], object]) -> None:
        if self.project is None:
            return
        from app.project.errors import USER_ERRORS

        try:
            self.editor.flush()  # typing not yet committed is part of what Undo takes back
            step(self.project)
        except USER_ERRORS as exc:
            dialogs.show_error(self, _("Cannot change the project"), str(exc))

    def _on_history(self, project: OpenProject, changes: Changeset) -> None:
        if project is not self.project:
            return  # a late announcement from a project this window has let go
        self._update_undo_actions()
        if changes.tables & _SHOWN_TABLES:
            self._refresh_timer.start(0)
        elif "element" in changes.tables and not self._refresh_timer.isActive():
            self._refresh_timer.start(_TYPING_REFRESH_MS)

    def _on_typing(self) -> None:
        """Typing not yet committed can already be undone (Undo commits it, then reverts it)."""
        if self.project is not None and self.project.history.writable:
            self.undo_action.setEnabled(True)
            if not self.project.history.undo_label:
                self.undo_action.setText(_("Undo Typing"))

    def _update_undo_actions(self) -> None:
        history = self.project.history if self.project is not None else None
        undo = history.undo_label if history is not None else None
        redo = history.redo_label if history is not None else None
        self.undo_action.setText(_("Undo {label}").format(label=undo) if undo else _("Undo"))
        self.redo_action.setText(_("Redo {label}").format(label=redo) if redo else _("Redo"))
        self.undo_action.setEnabled(undo is not None)
        self.redo_action.setEnabled(redo is not None)

    # -- showing the project --------------------------------------------------------------

    def ask_preferences(self) -> PreferencesDialog:
        """Edit ▸ Preferences…: the interface language (the window is rebuilt in it)."""
        dialog = PreferencesDialog(self)
        dialog.open()
        return dialog

    def ask_find_replace(self) -> None:
        """Edit ▸ Find and Replace…"""
        if self.project is None:
            return
        from ui.editor.find_replace import FindReplaceDialog

        self.editor.flush()
        FindReplaceDialog(self.project, self.select_scene, self).exec()

    def show_in_editor(self, kind: str, row_id: str) -> None:
        """Show a scene, an episode or a card's scenes in the editor."""
        self.editor.show_scope(kind, row_id)

    def select_scene(self, scene_id: str) -> None:
        """Select ``scene_id`` in the navigator, which shows it in the editor."""
        from ui.window.project_tree import SCENE

        index = self.tree_model.find(SCENE, scene_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)
        else:
            self.show_in_editor(SCENE, scene_id)

    _select_scene = select_scene  # the name Find and Replace's tests know

    def refresh(self) -> None:
        """Rebuild the tree, the totals and the title from the open project."""
        from ui.window.project_tree import ID_ROLE

        self._refresh_timer.stop()
        collapsed = self._collapsed_episodes()
        selected = self._selected
        self._reloading = True
        try:
            self.tree_model.load(self.project)
            for row in range(self.tree_model.rowCount()):
                index = self.tree_model.index(row, 0)
                self.tree.setExpanded(index, index.data(ID_ROLE) not in collapsed)
            header = self.tree.header()
            header.setStretchLastSection(False)
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
            index = self.tree_model.find(*selected) if selected is not None else None
            if index is not None and index.isValid():
                self.tree.setCurrentIndex(index)
            else:
                self._selected = None
        finally:
            self._reloading = False
        if self._selected is None:
            self._select_first_scene()
        self._show_state()

    def _collapsed_episodes(self) -> set[str]:
        from ui.window.project_tree import ID_ROLE

        collapsed = set()
        for row in range(self.tree_model.rowCount()):
            index = self.tree_model.index(row, 0)
            if not self.tree.isExpanded(index):
                collapsed.add(index.data(ID_ROLE))
        return collapsed

    def _select_first_scene(self) -> None:
        if self.tree_model.rowCount() == 0:
            return
        episode = self.tree_model.index(0, 0)
        first = self.tree_model.index(0, 0, episode)
        self.tree.setCurrentIndex(first if first.isValid() else episode)

    def _on_selection(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if self._reloading or not indexes:
            return
        from ui.window.project_tree import ID_ROLE, KIND_ROLE

        index = indexes[0]
        self._selected = (index.data(KIND_ROLE), index.data(ID_ROLE))
        self.show_in_editor(*self._selected)

    def _show_state(self) -> None:
        """Title, empty state, totals and action states for the current project (or none)."""
        has_project = self.project is not None
        self._stack.setCurrentIndex(1 if has_project else 0)
        self.close_action.setEnabled(has_project)
        self._update_undo_actions()
        if self.project is None:
            self.setWindowTitle(_("Kiln"))
            self.totals_label.setText("")
            if self._workspace_built:
                self.tree_model.load(None)
            return
        title = self.project.info().title
        if self.project.role is Role.CONSULTANT:
            self.setWindowTitle(_("{title} — Kiln — Consultant mode").format(title=title))
        else:
            self.setWindowTitle(_("{title} — Kiln").format(title=title))
        episodes = self.tree_model.episode_count()
        scenes = self.tree_model.total_scenes
        self.totals_label.setText(" · ".join([
            ngettext("{count} episode", "{count} episodes", episodes).format(
                count=format_number(episodes)),
            ngettext("{count} scene", "{count} scenes", scenes).format(
                count=format_number(scenes)),
            _("about {minutes} min").format(
                minutes=format_number(self.tree_model.total_seconds / 60, decimals=1)),
        ]))


def _no_project_text() -> str:
    return _("No project is open.\n\nChoose File ▸ Open… (Ctrl+O) to open a .kiln project, "
             "or File ▸ New… (Ctrl+N) to start one.")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False

