"""The workspace of a main window: navigator, beat board, script editor and feature panels, and
the project they show.

The main window (``ui.window.main_window``) is only a frame: title, menus, status bar and the
empty page. It builds a ``Workspace`` once its first frame is on screen, since everything here
imports SQLAlchemy and the feature modules. The workspace holds the window's one bridge to the
open project (``ui.bridge.ProjectBridge``): every view follows the bridge's project and its
changes, and when the file refuses a write because another program changed it, the bridge says
so and the workspace asks what to do (``ui.window.disk_change``). Opening a project (with the
offer to recover a damaged one) and letting it go happen here too.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QItemSelection, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHeaderView, QSplitter, QTreeView

from app.core.enums import ScriptLayout
from app.core.i18n import _
from app.features.impact import Impact
from app.project.errors import USER_ERRORS, ProjectChangedOnDisk, ProjectDamaged
from app.project.open_project import OpenProject, new_project
from app.project.recover import recover, reload, save_copy
from app.store.presets import studio_defaults
from app.store.schema import Element
from ui import dialogs
from ui.board.widget import BoardWidget
from ui.bridge import ProjectBridge
from ui.editor.find_replace import FindReplaceDialog
from ui.editor.fonts import load_shipped_fonts
from ui.editor.panel import EditorPanel
from ui.host import Frame
from ui.window import disk_change, recovery_dialog
from ui.window.episode_actions import EpisodeActions
from ui.window.features import WindowFeatures
from ui.window.project_tree import EPISODE, ID_ROLE, KIND_ROLE, SCENE, ProjectTreeModel
from ui.window.settings import load_place, save_place

logger = logging.getLogger(__name__)

#: Typing only changes timings: the navigator catches up after this many milliseconds.
TYPING_REFRESH_MS = 1500


@dataclass(frozen=True)
class Handover:
    """What a workspace showed, for the window rebuilt in another language to show again."""

    project: OpenProject | None
    selected: tuple[str, str] | None
    notes_shown: bool
    translations_shown: bool
    heritage_shown: bool


class Workspace(QObject):
    """Navigator, board, editor and feature panels of one window, showing one project at a time.

    ``shown`` is emitted whenever what the frame shows of the project (title, totals) may have
    changed; the frame reads ``project`` and ``totals()`` then.
    """

    shown = Signal()

    def __init__(self, frame: Frame) -> None:
        super().__init__(frame.window())
        self.frame = frame
        # The shipped faces join Qt's fallback now, after the first frame: on a machine with no
        # Chinese or Arabic font the window would otherwise draw that text as empty boxes.
        shipped = load_shipped_fonts()
        logger.debug("shipped fonts loaded: %s", ", ".join(shipped))
        frame.window().update()
        self.bridge = ProjectBridge(parent=self)
        self.bridge.changed.connect(self._on_change)
        self.bridge.refused.connect(self._on_disk_change)
        self.bridge.role_changed.connect(lambda _project: self.shown.emit())
        self._disk_dialog: disk_change.DiskChangeDialog | None = None
        self._selected: tuple[str, str] | None = None  # (kind, id) shown on the page
        #: A project shown board first, waiting for its navigator and page (``finish_showing``).
        self._unfinished: tuple[OpenProject, tuple[str, str] | None, tuple | None] | None = None
        self._reloading = False  # the tree is being rebuilt: selection changes are not the user's
        self._following = False  # the tree follows the editor's caret: nothing to show
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
        # The editor first: it follows a new project before the board and the panels do.
        self.editor_panel = EditorPanel(self.bridge)
        self.editor = self.editor_panel.editor
        self.script_view = self.editor  # the page the tree's selection shows
        self.editor.scope_changed.connect(self._on_editor_scope)
        self.editor.caret_scene.connect(self._follow_caret)
        self.board = BoardWidget(self.bridge)
        self.board.beat_selected.connect(lambda beat_id: self.show_in_editor("beat", beat_id))
        self.board.scene_made.connect(self._on_scene_made)
        self.episodes = EpisodeActions(self)  # add, rename, move, delete: menus and shortcuts
        self.work_splitter = QSplitter(Qt.Orientation.Vertical)
        self.work_splitter.addWidget(self.board)
        self.work_splitter.addWidget(self.editor_panel)
        self.work_splitter.setSizes([330, 470])
        #: The page the frame shows while a project is open.
        self.page = QSplitter(Qt.Orientation.Horizontal)
        self.page.addWidget(self.tree)
        self.page.addWidget(self.work_splitter)
        self.page.setStretchFactor(1, 1)
        self.page.setSizes([250, 1030])
        self.tree.setMinimumWidth(200)

        for text, widget, keys in ((_("Navigator"), self.tree, "Ctrl+Shift+1"),
                                   (_("Beat Board"), self.board, "Ctrl+Shift+2"),
                                   (_("Script Editor"), self.editor_panel, "Ctrl+Shift+3")):
            toggle = QAction(text, frame.window())
            toggle.setShortcut(QKeySequence(keys))
            toggle.setCheckable(True)
            toggle.setChecked(True)
            toggle.triggered.connect(widget.setVisible)
            frame.view_menu.addAction(toggle)
        frame.view_menu.addSeparator()
        self.features = WindowFeatures(self)  # notes, translations, interchange, heritage, …

    @property
    def project(self) -> OpenProject | None:
        """The project shown (None: the empty page)."""
        return self.bridge.project

    # -- opening and letting go -------------------------------------------------------------

    def open_project(self, path: Path | str, *, backup: bool = True,
                     board_first: bool = False) -> bool:
        """Open ``path`` in place of the current project; on failure show why and keep the old.
        ``board_first``: see ``show_project``."""
        path = Path(path)
        if self.project is not None and _same_file(self.project.path, path):
            return True  # already open here; opening it twice would trip over our own lock
        window = self.frame.window()
        try:
            project = OpenProject.open(path, backup=backup)
        except ProjectDamaged as damage:
            logger.info("could not open %s: %s", path, damage)
            if recovery_dialog.offer_recovery(
                window, damage, lambda target, found=damage: self._open_recovered(found, target),
                lambda: self._open_as_is(path, backup),
            ) is None:
                dialogs.show_error(window, _("Cannot open the project"), str(damage))
            return False
        except USER_ERRORS as exc:
            logger.info("could not open %s: %s", path, exc)
            dialogs.show_error(window, _("Cannot open the project"), str(exc))
            return False
        self.close_project()
        self.show_project(project, board_first=board_first)
        logger.info("opened %s", path)
        return True

    def new_project(self, path: Path, title: str, *, layout: ScriptLayout | None = None,
                    source_language: str | None = None, episodes: int = 1) -> bool:
        """Write a new project at ``path`` (the studio preset's layout and language unless
        given) and open it on episode 1, the keyboard in its first scene."""
        preset = studio_defaults()
        try:
            new_project(path, title=title, layout=layout or preset.layout,
                        source_language=source_language or preset.source_language,
                        target_languages=tuple(t for t in preset.target_languages
                                               if t != (source_language or
                                                        preset.source_language)),
                        episodes=episodes)
        except USER_ERRORS as exc:
            dialogs.show_error(self.frame.window(), _("Cannot create the project"), str(exc))
            return False
        return self.open_project(path)

    def _open_as_is(self, path: Path, backup: bool) -> None:
        """Open a project another program changed, accepting its contents (the user said so)."""
        try:
            project = OpenProject.open(path, backup=backup, accept_contents=True)
        except USER_ERRORS as exc:
            dialogs.show_error(self.frame.window(), _("Cannot open the project"), str(exc))
            return
        self.close_project()
        self.show_project(project)

    def _open_recovered(self, damage: ProjectDamaged, target: Path) -> None:
        """Write the damaged project's newest good backup to ``target`` and open that."""
        try:
            done = recover(damage.path, target)
        except USER_ERRORS as exc:
            dialogs.show_error(self.frame.window(), _("Cannot recover the project"), str(exc))
            return
        self.open_project(done.path)

    def show_project(self, project: OpenProject,
                     selected: tuple[str, str] | None = None, *,
                     board_first: bool = False) -> None:
        """Show an open ``project`` (none is shown), with ``selected`` (kind, id) on the page,
        else where the writer left off; the keyboard goes to the page.

        ``board_first`` (the launch): the board and the panels take the project now, and the
        navigator and the page only at ``finish_showing`` — after the board's first paint, so
        the series is on screen a third of a second sooner."""
        place = load_place(project.path) if selected is None else None
        if place is not None:
            selected = (place[0], place[1])
        self._selected = selected
        self.bridge.set_project(project)  # every view follows it
        if board_first:
            self._unfinished = (project, selected, place)
            self.shown.emit()  # the window shows the workspace: the board paints
            return
        self._show_page(selected, place)

    def finish_showing(self) -> None:
        """Fill the navigator and the page of a project shown ``board_first`` (no-op when there
        is none, or the project was closed or replaced meanwhile)."""
        unfinished, self._unfinished = self._unfinished, None
        if unfinished is not None and unfinished[0] is self.project:
            self._show_page(unfinished[1], unfinished[2])

    def _show_page(self, selected: tuple[str, str] | None, place: tuple | None) -> None:
        """The navigator, then the page: ``selected`` (or the first scene), the caret at
        ``place`` (where the writer left off) or at the start, the keyboard in the page."""
        self.refresh()
        if selected is None:
            self._select_first_scene()
        elif self._selected == selected:  # still there: show it (refresh only selects it)
            self.show_in_editor(*selected)
        if place is not None and self._selected == selected:
            self.editor.place_caret(place[2] or None, place[3], place[4])
        elif selected is None or self._selected is None:
            self.editor.place_caret_at_start()
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def release_project(self) -> OpenProject | None:
        """Stop showing the project but keep it open (lock and undo history) for another window;
        the language switch hands it to the window rebuilt in the new language."""
        project = self.project
        if project is None:
            return None
        self.editor.flush()
        if self._unfinished is None:  # a page never shown keeps the place remembered before
            self._remember_place(project)
        self._unfinished = None
        self._refresh_timer.stop()
        self.bridge.set_project(None)  # the views let it go; the history keeps no listener
        self._selected = None
        self.tree_model.load(None)
        self.shown.emit()
        return project

    def close_project(self) -> None:
        """Close the current project (releasing its lock) and show the empty page."""
        project = self.release_project()
        if project is not None:
            project.close()

    def _remember_place(self, project: OpenProject) -> None:
        place = self.editor.place()
        try:
            save_place(project.path, place)
        except OSError as exc:  # the settings are a convenience: never stop a close for them
            logger.warning("could not remember where the writer was: %s", exc)

    def save(self) -> bool:
        """File ▸ Save: commit what is typed (the line being written is read as finished);
        every edit is in the file once this returns. False when nothing is open or it failed."""
        if self.project is None:
            return False
        self.editor.finish_typing()
        return not self.editor.has_pending()

    def shutdown(self) -> None:
        """The window is closing: close the project, stop background work."""
        self.close_project()
        self.features.shutdown()
        self.board.shutdown()

    def handover(self) -> Handover:
        """Let go of the project (kept open) and say what was shown, for ``take_over``."""
        features = self.features
        selected = self._selected
        translations = features.translations_action.isChecked()
        heritage = features.heritage_action.isChecked()
        project = self.release_project()  # the notes panel goes: ``notes_shown`` is its state
        return Handover(project, selected, features.notes_shown, translations, heritage)

    def take_over(self, handover: Handover) -> None:
        """Show what another window's workspace showed (``handover``)."""
        self.features.notes_shown = handover.notes_shown
        if handover.project is not None:
            self.show_project(handover.project, handover.selected)
        self.features.translations_action.setChecked(handover.translations_shown)
        self.features.heritage_action.setChecked(handover.heritage_shown)

    # -- another program changed the file ---------------------------------------------------

    def _on_disk_change(self, error: ProjectChangedOnDisk) -> None:
        """A write was refused because another program changed the file: copy or reload."""
        project = self.project
        if project is None or self._disk_dialog is not None:
            return
        box = disk_change.DiskChangeDialog(error, self.frame.window())
        self._disk_dialog = box
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _result: self._disk_answer(project, box))
        box.open()

    def _disk_answer(self, project: OpenProject, box: disk_change.DiskChangeDialog) -> None:
        self._disk_dialog = None
        if project is not self.project:
            return
        clicked = box.clickedButton()
        window = self.frame.window()
        try:
            if clicked is box.copy_button:
                target = disk_change.ask_copy_path(window, project.path)
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
            dialogs.show_error(window, _("Cannot save or reload the project"), str(exc))

    # -- undo, redo, find -------------------------------------------------------------------

    def step(self, step: Callable[[OpenProject], object]) -> None:
        """Undo or redo (``step``) on the project; a refusal is shown, not raised."""
        if self.project is None:
            return
        try:
            self.editor.flush()  # typing not yet committed is part of what Undo takes back
            step(self.project)
        except USER_ERRORS as exc:
            dialogs.show_error(self.frame.window(), _("Cannot change the project"), str(exc))

    def ask_find_replace(self) -> None:
        """Edit ▸ Find and Replace…"""
        if self.project is None:
            return
        self.editor.flush()
        FindReplaceDialog(self.project, self.select_scene, self.frame.window()).exec()

    # -- the navigator and the page ---------------------------------------------------------

    def _on_change(self, impact: Impact) -> None:
        if impact.script.outline:
            self._refresh_timer.start(0)
        elif impact.script.elements and not self._refresh_timer.isActive():
            self._refresh_timer.start(TYPING_REFRESH_MS)

    def show_in_editor(self, kind: str, row_id: str) -> None:
        """Show a scene, an episode or a card's scenes in the editor."""
        self.editor.show_scope(kind, row_id)

    def _on_scene_made(self, _beat_id: str, scene_id: str) -> None:
        """A card made a scene: show it, the keyboard in its heading, ready to type it."""
        self.select_scene(scene_id)
        self.editor.place_caret(scene_id, "heading", -1)
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def select_scene(self, scene_id: str) -> None:
        """Select ``scene_id`` in the navigator, which shows it in the editor."""
        index = self.tree_model.find(SCENE, scene_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)
        else:
            self.show_in_editor(SCENE, scene_id)

    def refresh(self) -> None:
        """Rebuild the tree and the totals from the open project."""
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
        self.shown.emit()

    def totals(self) -> tuple[int, int, float]:
        """Episodes, scenes and estimated seconds of the open project, as the navigator counted."""
        model = self.tree_model
        return model.episode_count(), model.total_scenes, model.total_seconds

    def _collapsed_episodes(self) -> set[str]:
        collapsed = set()
        for row in range(self.tree_model.rowCount()):
            index = self.tree_model.index(row, 0)
            if not self.tree.isExpanded(index):
                collapsed.add(index.data(ID_ROLE))
        return collapsed

    def _select_first_scene(self) -> None:
        """The first scene; in a project with no words yet, the first episode (the writer
        writes it from its top, scene after scene)."""
        if self.tree_model.rowCount() == 0:
            return
        episode = self.tree_model.index(0, 0)
        first = self.tree_model.index(0, 0, episode)
        new = self.project is not None and self.project.count(Element) == 0
        self.tree.setCurrentIndex(first if first.isValid() and not new else episode)

    def show_episode(self, episode_id: str) -> None:
        """Show a whole episode with the caret in its first scene and the keyboard in the page."""
        index = self.tree_model.find(EPISODE, episode_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)
        else:
            self.show_in_editor(EPISODE, episode_id)
        self.editor.place_caret_at_start()
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_editor_scope(self, kind: str, row_id: str) -> None:
        """The editor widened its page (a scene typed on a scene's page): the navigator follows."""
        self._selected = (kind, row_id)
        self._select_quietly(self.tree_model.find(kind, row_id))

    def _follow_caret(self, scene_id: str) -> None:
        """The caret went into another scene: highlight it in the navigator, showing nothing."""
        self._select_quietly(self.tree_model.find(SCENE, scene_id))

    def _select_quietly(self, index: QModelIndex) -> None:
        if not index.isValid() or self.tree.currentIndex() == index:
            return
        self._following = True
        try:
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)
        finally:
            self._following = False

    def _on_selection(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if self._reloading or self._following or not indexes:
            return
        index = indexes[0]
        self._selected = (index.data(KIND_ROLE), index.data(ID_ROLE))
        self.show_in_editor(*self._selected)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False
