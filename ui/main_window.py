"""Kiln's main window: the project tree on the left, the script page of the selection on the right.

The window holds at most one ``OpenProject``. It listens to the project's history, so any edit —
made here, by a dock, or undone — refreshes the tree, the page, the status bar and the
Undo/Redo actions. Opening another project or closing the window closes the previous one and
releases its lock.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QItemSelection, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QTreeView,
    QWidget,
)

from app.i18n import _, ngettext
from app.services.changes import Changeset
from app.services.errors import USER_ERRORS
from app.services.project import OpenProject, new_project
from ui import dialogs
from ui.project_tree import EPISODE, ID_ROLE, KIND_ROLE, SCENE, ProjectTreeModel
from ui.script_layout import Paragraph, Role, episode_heading, scene_paragraphs
from ui.script_view import ScriptView

logger = logging.getLogger(__name__)

#: Tables whose changes alter what the tree, the page or the status bar show.
_SHOWN_TABLES = frozenset({"project", "episode", "scene", "element", "character", "location"})


def _shortcuts(standard: QKeySequence.StandardKey, preferred: str) -> list[QKeySequence]:
    """The platform's standard keys for an action, plus ``preferred`` where a platform has none."""
    keys = [QKeySequence(preferred)]
    keys += [k for k in QKeySequence.keyBindings(standard) if k != keys[0]]
    return keys


class MainWindow(QMainWindow):
    """The project tree, the read-only script page, menus and a status bar with totals."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project: OpenProject | None = None
        self._selected: tuple[str, str] | None = None  # (kind, id) shown on the page
        self._reloading = False  # the tree is being rebuilt: selection changes are not the user's
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)  # coalesce a burst of edits into one refresh
        self._refresh_timer.timeout.connect(self.refresh)

        self.tree_model = ProjectTreeModel(self)
        self.tree = QTreeView()
        self.tree.setObjectName("projectTree")
        self.tree.setModel(self.tree_model)
        self.tree.setUniformRowHeights(True)
        self.tree.selectionModel().selectionChanged.connect(self._on_selection)
        self.script_view = ScriptView()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.script_view)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([360, 920])

        self.empty_label = QLabel(_(
            "No project is open.\n\nChoose File ▸ Open… (Ctrl+O) to open a .kiln project, "
            "or File ▸ New… (Ctrl+N) to start one."))
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self._stack = QStackedWidget()
        self._stack.addWidget(self.empty_label)
        self._stack.addWidget(splitter)
        self.setCentralWidget(self._stack)

        self.totals_label = QLabel()
        self.statusBar().addPermanentWidget(self.totals_label)
        self._make_actions()
        self.resize(1280, 800)
        self._show_state()

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
        self.about_action = self._action(_("About Kiln"), lambda: dialogs.show_about(self))
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)

        file_menu = self.menuBar().addMenu(_("&File"))
        file_menu.addActions([self.new_action, self.open_action, self.close_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = self.menuBar().addMenu(_("&Edit"))
        edit_menu.addActions([self.undo_action, self.redo_action])
        help_menu = self.menuBar().addMenu(_("&Help"))
        help_menu.addAction(self.about_action)

    # -- opening and closing --------------------------------------------------------------

    def open_project(self, path: Path | str, *, backup: bool = True) -> bool:
        """Open ``path`` in place of the current project; on failure show why and keep the old."""
        path = Path(path)
        if self.project is not None and _same_file(self.project.path, path):
            return True  # already open here; opening it twice would trip over our own lock
        try:
            project = OpenProject.open(path, backup=backup)
        except USER_ERRORS as exc:
            logger.info("could not open %s: %s", path, exc)
            dialogs.show_error(self, _("Cannot open the project"), str(exc))
            return False
        self.close_project()
        self.project = project
        project.history.subscribe(lambda changes: self._on_history(project, changes))
        self._selected = None
        self.refresh()
        self._select_first_scene()
        logger.info("opened %s", path)
        return True

    def close_project(self) -> None:
        """Close the current project (releasing its lock) and show the empty state."""
        if self.project is None:
            return
        project, self.project = self.project, None
        try:
            project.close()
        finally:
            self._selected = None
            self._show_state()

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
        super().closeEvent(event)

    # -- undo and redo --------------------------------------------------------------------

    def undo(self) -> None:
        self._step(lambda project: project.undo())

    def redo(self) -> None:
        self._step(lambda project: project.redo())

    def _step(self, step: Callable[[OpenProject], object]) -> None:
        if self.project is None:
            return
        try:
            step(self.project)
        except USER_ERRORS as exc:
            dialogs.show_error(self, _("Cannot change the project"), str(exc))

    def _on_history(self, project: OpenProject, changes: Changeset) -> None:
        if project is not self.project:
            return  # a late announcement from a project this window has let go
        self._update_undo_actions()
        if changes.tables & _SHOWN_TABLES:
            self._refresh_timer.start()

    def _update_undo_actions(self) -> None:
        history = self.project.history if self.project is not None else None
        undo = history.undo_label if history is not None else None
        redo = history.redo_label if history is not None else None
        self.undo_action.setText(_("Undo {label}").format(label=undo) if undo else _("Undo"))
        self.redo_action.setText(_("Redo {label}").format(label=redo) if redo else _("Redo"))
        self.undo_action.setEnabled(undo is not None)
        self.redo_action.setEnabled(redo is not None)

    # -- showing the project --------------------------------------------------------------

    def refresh(self) -> None:
        """Rebuild the tree, the page, the totals and the title from the open project."""
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
        self._show_page()
        self._show_state()

    def _collapsed_episodes(self) -> set[str]:
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
        index = indexes[0]
        self._selected = (index.data(KIND_ROLE), index.data(ID_ROLE))
        self._show_page()

    def _show_page(self) -> None:
        """Render the selected scene, or every scene of the selected episode."""
        if self.project is None or self._selected is None:
            self.script_view.clear_page()
            return
        kind, row_id = self._selected
        info = self.project.info()
        names = {c.id: c.name(info.source_language) for c in self.project.characters()}
        paragraphs: list[Paragraph] = []
        if kind == EPISODE:
            episode = next((e for e in self.project.episodes() if e.id == row_id), None)
            if episode is not None:
                heading = episode_heading(info.layout, episode)
                paragraphs.append(Paragraph(heading, Role.EPISODE_HEADING))
            scenes = self.project.scenes(row_id)
        else:
            scenes = [s for s in self.project.scenes() if s.id == row_id and kind == SCENE]
        for scene in scenes:
            elements = self.project.elements(scene.id)
            paragraphs += scene_paragraphs(info.layout, scene, elements, names)
        self.script_view.show_paragraphs(info.layout, paragraphs)

    def _show_state(self) -> None:
        """Title, empty state, totals and action states for the current project (or none)."""
        has_project = self.project is not None
        self._stack.setCurrentIndex(1 if has_project else 0)
        self.close_action.setEnabled(has_project)
        self._update_undo_actions()
        if self.project is None:
            self.setWindowTitle(_("Kiln"))
            self.totals_label.setText("")
            self.tree_model.load(None)
            self.script_view.clear_page()
            return
        stats = self.project.stats()
        self.setWindowTitle(_("{title} — Kiln").format(title=stats.title))
        episodes = len(stats.episodes)
        self.totals_label.setText(" · ".join([
            ngettext("{count} episode", "{count} episodes", episodes).format(count=episodes),
            ngettext("{count} scene", "{count} scenes", stats.scenes).format(count=stats.scenes),
            _("about {minutes} min").format(minutes=f"{stats.estimated_seconds / 60:.1f}"),
        ]))


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False

