"""Drafts in the main window: View ▸ Drafts (the panel) and File ▸ Save Draft….

``DraftsFeatures`` docks the Drafts panel (``ui.drafts.panel``) on the right while View ▸ Drafts
is checked — made for the open project, let go when it closes or another opens — and adds File ▸
Save Draft… (Ctrl+Alt+S), which asks a name and keeps the script as it is, the editor's typing
included. It knows the window only as ``ui.host.Host``.
"""

from __future__ import annotations

import logging

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence

from app.core.i18n import _
from app.project.open_project import OpenProject
from ui.drafts.panel import DraftsPanel, NameDialog
from ui.host import Host

logger = logging.getLogger(__name__)


class DraftsFeatures(QObject):
    """View ▸ Drafts and File ▸ Save Draft…."""

    def __init__(self, host: Host) -> None:
        super().__init__(host.frame.window())
        self.host = host
        self.frame = host.frame
        self.window = host.frame.window()
        self.bridge = host.bridge
        self.project: OpenProject | None = None
        self.panel: DraftsPanel | None = None
        self.save_dialog: NameDialog | None = None
        self.action = QAction(_("Drafts"), self.window)
        self.action.setObjectName("showDrafts")
        self.action.setCheckable(True)
        self.action.setShortcut(QKeySequence("Ctrl+Shift+9"))
        self.action.toggled.connect(self.show_panel)
        self.save_action = QAction(_("Save Draft…"), self.window)
        self.save_action.setObjectName("saveDraftAction")
        self.save_action.setShortcut(QKeySequence("Ctrl+Alt+S"))
        self.save_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.save_action.triggered.connect(lambda _checked=False: self.ask_save())
        self.frame.addAction(self.save_action)
        self.frame.view_menu.addAction(self.action)
        self.frame.file_menu.insertAction(self.frame.file_menu_end, self.save_action)
        self.bridge.project_changed.connect(self.set_project)
        self.set_project(self.bridge.project)

    def set_project(self, project: OpenProject | None) -> None:
        """Follow the bridge's project: the panel is made for each project anew."""
        self._drop_panel()
        self.project = project
        for action in (self.action, self.save_action):
            action.setEnabled(project is not None)
        if project is not None and self.action.isChecked():
            self.show_panel(True)

    def show_panel(self, shown: bool) -> DraftsPanel | None:
        """View ▸ Drafts: dock the panel for the open project, or let it go."""
        if shown and self.panel is None and self.project is not None:
            self.panel = DraftsPanel(self.bridge, self.window, before_write=self.host.editor.flush)
            self.frame.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.panel)
            self.panel.show()
            self.panel.toggleViewAction().toggled.connect(
                lambda on: on or QTimer.singleShot(0, self._drop_hidden))
        elif not shown:
            self._drop_panel()
        return self.panel

    def _drop_hidden(self) -> None:
        if self.panel is not None and self.panel.isHidden():
            self.action.setChecked(False)

    def _drop_panel(self) -> None:
        panel, self.panel = self.panel, None
        if panel is not None and shiboken6.isValid(panel):
            self.frame.removeDockWidget(panel)
            shiboken6.delete(panel)

    def ask_save(self) -> NameDialog | None:
        """File ▸ Save Draft…: the Drafts panel's Save draft…, with the panel shown."""
        if self.project is None:
            return None
        self.action.setChecked(True)
        assert self.panel is not None
        self.save_dialog = self.panel.ask_save()
        return self.save_dialog
