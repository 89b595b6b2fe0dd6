"""Episodes managed from the window: add, rename, move and delete, from the navigator's and the
board lanes' context menus and their shortcuts.

Each action is one command of ``app.features.script.episodes`` (one undo step). The episode
acted on is the one under the menu, else the one selected in the navigator, else the one the
editor shows. Deleting an episode that holds written scenes or cards asks first.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox

from app.core.i18n import _, format_number, ngettext
from app.features.script.episodes import (
    AddEpisode,
    DeleteEpisode,
    MoveEpisode,
    RenameEpisode,
    episode_contents,
)
from app.project.commands import Command
from app.project.errors import USER_ERRORS
from ui import dialogs
from ui.window.project_tree import EPISODE, ID_ROLE, KIND_ROLE, SCENE

if TYPE_CHECKING:
    from ui.window.workspace import Workspace

logger = logging.getLogger(__name__)


class EpisodeActions(QObject):
    """The episode actions of one workspace and the menus that hold them."""

    def __init__(self, workspace: Workspace) -> None:
        super().__init__(workspace)
        self.workspace = workspace
        self.target: str | None = None  # the episode a menu was opened on
        window = workspace.frame.window()

        def action(text: str, slot: Callable[[], object], keys: str = "") -> QAction:
            made = QAction(text, window)
            if keys:
                made.setShortcut(QKeySequence(keys))
                made.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            made.triggered.connect(lambda _checked=False: slot())
            window.addAction(made)
            return made

        self.add_action = action(_("Add Episode"), self.add, "Ctrl+Alt+N")
        self.rename_action = action(_("Rename Episode…"), self.ask_rename, "Ctrl+Alt+R")
        self.earlier_action = action(_("Move Episode Earlier"), lambda: self.move(-1),
                                     "Ctrl+Alt+Up")
        self.later_action = action(_("Move Episode Later"), lambda: self.move(1),
                                   "Ctrl+Alt+Down")
        self.delete_action = action(_("Delete Episode…"), self.ask_delete, "Ctrl+Alt+Backspace")
        self.actions = [self.add_action, self.rename_action, self.earlier_action,
                        self.later_action, self.delete_action]
        self.menu: QMenu | None = None
        tree = workspace.tree
        tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        tree.customContextMenuRequested.connect(self._tree_menu)
        workspace.board.lane_menu_requested.connect(self._lane_menu)

    # -- which episode ----------------------------------------------------------------------------

    def current_episode(self) -> str | None:
        """The episode acted on: the menu's, else the navigator's, else the editor's."""
        if self.target is not None:
            return self.target
        index = self.workspace.tree.currentIndex()
        if index.isValid():
            if index.data(KIND_ROLE) == EPISODE:
                return index.data(ID_ROLE)
            if index.data(KIND_ROLE) == SCENE and index.parent().isValid():
                return index.parent().data(ID_ROLE)
        return None

    def _episode(self, episode_id: str | None):  # noqa: ANN202 - an EpisodeRecord or None
        project = self.workspace.project
        if project is None or episode_id is None:
            return None
        return next((e for e in project.episodes() if e.id == episode_id), None)

    # -- the menus --------------------------------------------------------------------------------

    def menu_for(self, episode_id: str | None) -> QMenu:
        """A menu of the episode actions acting on ``episode_id`` (None: only Add Episode)."""
        if self.menu is not None:
            self.menu.deleteLater()
        menu = QMenu(self.workspace.frame.window())
        menu.setObjectName("episodeMenu")
        self.target = episode_id
        menu.aboutToHide.connect(self._forget_target_later)
        episode = self._episode(episode_id)
        writable = self._writable()
        count = len(self.workspace.project.episodes()) if self.workspace.project else 0
        menu.addAction(self.add_action)
        for each in self.actions[1:]:
            menu.addAction(each)
        self.add_action.setEnabled(writable)
        self.rename_action.setEnabled(writable and episode is not None)
        self.earlier_action.setEnabled(writable and episode is not None and episode.number > 1)
        self.later_action.setEnabled(writable and episode is not None and episode.number < count)
        self.delete_action.setEnabled(writable and episode is not None)
        self.menu = menu
        return menu

    def _forget_target_later(self) -> None:
        """The menu hides before its chosen action runs: forget its episode just after."""
        target = self.target

        def forget() -> None:
            if self.target == target:
                self.target = None

        QTimer.singleShot(0, self, forget)

    def _tree_menu(self, pos: QPoint) -> None:
        index = self.workspace.tree.indexAt(pos)
        episode_id = None
        if index.isValid():
            index = index.siblingAtColumn(0)
            if index.data(KIND_ROLE) == SCENE:
                index = index.parent()
            episode_id = index.data(ID_ROLE)
        self.menu_for(episode_id).popup(self.workspace.tree.viewport().mapToGlobal(pos))

    def lane_menu(self, episode_id: str | None) -> QMenu:
        """The menu of a board lane (or the board's background): a new card in that lane, then
        the episode actions."""
        menu = self.menu_for(episode_id)
        board = self.workspace.board
        card = QAction(_("New Card Here"), menu)
        card.setEnabled(not board.read_only)
        card.triggered.connect(lambda _checked=False: board.new_card_in(episode_id))
        menu.insertAction(menu.actions()[0], card)
        menu.insertSeparator(menu.actions()[1])
        return menu

    def _lane_menu(self, episode_id: str | None, where: QPoint) -> None:
        self.lane_menu(episode_id).popup(where)

    # -- the actions ------------------------------------------------------------------------------

    def _writable(self) -> bool:
        project = self.workspace.project
        return project is not None and project.history.writable and (
            project.history.allowed_tables is None)

    def _run(self, command: Command) -> bool:
        project = self.workspace.project
        if project is None:
            return False
        self.workspace.editor.flush()
        try:
            project.run(command)
        except USER_ERRORS as exc:
            dialogs.show_error(self.workspace.frame.window(), _("Cannot change the episodes"),
                               str(exc))
            return False
        return True

    def add(self, number: int | None = None) -> str | None:
        """Add an episode after the one acted on (at the end when none), with a blank scene,
        and show it with the caret in that scene's heading."""
        if not self._writable():
            return None
        if number is None:
            episode = self._episode(self.current_episode())
            number = episode.number + 1 if episode is not None else None
        command = AddEpisode(number)
        if not self._run(command) or command.created_id is None:
            return None
        self.workspace.refresh()
        self.workspace.show_episode(command.created_id)
        return command.created_id

    def rename(self, episode_id: str, title: str) -> bool:
        """Give ``episode_id`` the title ``title``."""
        return self._writable() and self._run(RenameEpisode(episode_id, title))

    def ask_rename(self) -> None:
        episode = self._episode(self.current_episode())
        if episode is None or not self._writable():
            return
        title, ok = QInputDialog.getText(
            self.workspace.frame.window(), _("Rename episode"),
            _("Title of episode {number}:").format(number=format_number(episode.number)),
            text=episode.title)
        if ok:
            self.rename(episode.id, title)

    def move(self, step: int) -> bool:
        """Move the episode acted on ``step`` places (-1: earlier, 1: later)."""
        episode = self._episode(self.current_episode())
        if episode is None or not self._writable():
            return False
        count = len(self.workspace.project.episodes())
        number = max(1, min(count, episode.number + step))
        return number != episode.number and self._run(MoveEpisode(episode.id, number))

    def delete(self, episode_id: str) -> bool:
        """Delete ``episode_id`` with its scenes and cards (one undo step)."""
        return self._writable() and self._run(DeleteEpisode(episode_id))

    def ask_delete(self) -> None:
        episode = self._episode(self.current_episode())
        if episode is None or not self._writable():
            return
        scenes, cards = episode_contents(self.workspace.project, episode.id)
        if scenes or cards:
            question = _("Delete episode {number} with {scenes} and {cards}? Undo brings it "
                         "back.").format(
                number=format_number(episode.number),
                scenes=ngettext("{count} written scene", "{count} written scenes",
                                scenes).format(count=format_number(scenes)),
                cards=ngettext("{count} card", "{count} cards", cards).format(
                    count=format_number(cards)))
            answer = QMessageBox.question(self.workspace.frame.window(), _("Delete episode"),
                                          question)
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.delete(episode.id)
