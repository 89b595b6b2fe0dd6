"""The heritage library in the main window: panel, detection, underlines, coverage, lane chips.

``HeritageFeatures`` adds View ▸ Heritage Library (the panel, made on first use) and View ▸
Heritage Coverage (items × episodes). Once the window is on screen it starts the background
detection (``ui.heritage.detection``); every result redraws the editor's underlines
(``ui.editor.heritage_marks``), the coverage view and the heritage chips in the board's lane
headers. The panel's link targets follow the editor (caret scene, selected lines) and the
board (selected card); the caret scene's card comes from the bridge's outline index, read once
per change of the outline, so moving the caret asks the file nothing. A damaged library file is
reported in a dialog that offers to rebuild it from the bundled seed, keeping the damaged file
beside it. The features know the window and its workspace only as ``ui.host.Host``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMessageBox

from app.core.i18n import _
from app.features.heritage.coverage import entry_name, snapshot_entries
from app.features.heritage.errors import DamagedLibrary
from app.features.heritage.library import Library
from app.project.errors import USER_ERRORS
from app.project.open_project import OpenProject
from ui import dialogs
from ui.editor.heritage_marks import HeritageMarks
from ui.heritage.coverage_view import CoverageView
from ui.heritage.detection import HeritageDetection
from ui.heritage.panel import HeritagePanel
from ui.host import Host

logger = logging.getLogger(__name__)

COVERAGE = "heritageCoverage"


class HeritageFeatures(QObject):
    """Heritage panel, detection, editor underlines, coverage view and lane chips.

    ``notes_panel()`` gives the notes dock (if any), which the library panel joins as a tab.
    """

    def __init__(self, host: Host, notes_panel: Callable[[], QDockWidget | None]) -> None:
        super().__init__(host.frame.window())
        self.host = host
        self.frame = host.frame
        self.window = window = host.frame.window()  # the parent of docks and dialogs
        self.bridge = host.bridge
        self._notes_panel = notes_panel
        self.project: OpenProject | None = None
        self.library: Library | None = None
        self.panel: HeritagePanel | None = None
        self.coverage_view: CoverageView | None = None
        self.rebuild_box: QMessageBox | None = None
        self._board_beat: str | None = None
        self.detection = HeritageDetection(self.bridge, self)
        self.marks = HeritageMarks(host.editor)
        self.marks.entries = self.entry
        self.detection.updated.connect(self._on_detected)
        self.detection.library_ready.connect(self._use_library)
        self.detection.failed.connect(self._show_status)
        self.marks.message.connect(self._show_status)

        self.action = QAction(_("Heritage Library"), window)
        self.action.setCheckable(True)
        self.action.setShortcut(QKeySequence("Ctrl+Shift+4"))
        self.action.toggled.connect(self.show_panel)
        self.coverage_action = QAction(_("Heritage Coverage"), window)
        self.coverage_action.setCheckable(True)
        self.coverage_action.setShortcut(QKeySequence("Ctrl+Shift+6"))
        self.coverage_action.toggled.connect(self.show_coverage)
        host.editor.cursorPositionChanged.connect(self.follow_editor)
        host.editor.selectionChanged.connect(self.follow_editor)
        host.board.view.selection_changed.connect(self._on_board_selection)
        self.frame.installEventFilter(self)
        self.bridge.project_changed.connect(self.set_project)
        self.set_project(self.bridge.project)

    def actions(self) -> list[QAction]:
        """The View menu entries."""
        return [self.action, self.coverage_action]

    # -- the window -------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.window and event.type() == QEvent.Type.Show \
                and not self.detection.started:
            QTimer.singleShot(0, self.detection.start)  # once the window is drawn
        return super().eventFilter(watched, event)

    def set_project(self, project: OpenProject | None) -> None:
        """Follow the bridge's project (None: none)."""
        self.project = project
        self._board_beat = None
        self.coverage_action.setEnabled(project is not None)
        self.marks.set_project(project)
        self.detection.set_project(project)
        if self.panel is not None:
            self.panel.set_project(project)
            self.follow_editor()
        if self.coverage_view is not None:
            self.coverage_view.set_coverage(self.detection.coverage(), self._names())

    def shutdown(self) -> None:
        self.detection.shutdown()
        if self.library is not None:
            self.library.close()

    def entry(self, entry_id: str) -> dict | None:
        """A library entry, or the project's snapshot of it when the library lacks it."""
        found = self.library.get(entry_id) if self.library is not None else None
        if found is None and self.project is not None:
            found = snapshot_entries(self.project).get(entry_id)
        return found

    def _names(self) -> dict[str, str]:
        names = {}
        if self.library is not None:
            names = {e["id"]: entry_name(e) for e in self.library.entries()}
        if self.project is not None:
            for entry_id, data in snapshot_entries(self.project).items():
                names.setdefault(entry_id, entry_name(data, fallback=entry_id))
        return names

    def _use_library(self, library: Library) -> None:
        if self.library is None:
            self.library = library
        self.marks.library = self.library

    def _show_status(self, text: str) -> None:
        self.frame.statusBar().showMessage(text, 8000)

    # -- detection results ------------------------------------------------------------------

    def _on_detected(self) -> None:
        self.marks.set_matches(self.detection.element_matches())
        board = self.host.board.view
        if self.project is None:
            board.set_heritage_chips({})
            return
        cover = self.detection.coverage()
        names = self._names()
        chips = {episode: [(names.get(e, e), bool(cover.cells[(e, episode)].linked))
                           for e in ids]
                 for episode, ids in cover.per_episode().items()}
        board.set_heritage_chips(chips)
        if self.coverage_view is not None:
            self.coverage_view.set_coverage(cover, names)

    # -- following the editor and the board -------------------------------------------------

    def _on_board_selection(self, beat_ids: list[str]) -> None:
        self._board_beat = beat_ids[0] if len(beat_ids) == 1 else None
        self.follow_editor()

    def follow_editor(self) -> None:
        """Tell the panel the caret's scene, the beat and the selected lines."""
        panel = self.panel
        if panel is None:
            return
        editor = self.host.editor
        slot = editor.current_slot() if self.project is not None else None
        scene_id = slot.scene_id if slot is not None else None
        if scene_id != panel.scene_id:
            panel.set_scene(scene_id)
        beat = self._board_beat
        if beat is None and scene_id is not None and self.project is not None:
            beat = self.bridge.outline().beat_of(scene_id)
        if beat != panel.beat_id:
            panel.set_beat(beat)
        lines = self.selected_lines()
        if lines != panel.line_ids:
            panel.set_lines(lines)

    def selected_lines(self) -> list[str]:
        """Element ids of the script lines the editor's selection touches, in order."""
        editor = self.host.editor
        cursor = editor.textCursor()
        if self.project is None or not cursor.hasSelection():
            return []
        document = editor.document()
        block = document.findBlock(cursor.selectionStart())
        last = document.findBlock(max(cursor.selectionEnd() - 1, cursor.selectionStart()))
        found: list[str] = []
        while block.isValid():
            slot = editor.slot_of(block)
            if slot is not None and slot.element_id and slot.element_id not in found:
                found.append(slot.element_id)
            if block == last:
                break
            block = block.next()
        return found

    # -- the panel --------------------------------------------------------------------------

    def show_panel(self, shown: bool) -> None:
        """View ▸ Heritage Library: show or hide the library panel (made on first use)."""
        if shown and self.panel is None and not self._make_panel():
            self._set_checked(False)
            return
        if self.panel is not None:
            self.panel.setVisible(shown)
            if shown:
                self.panel.raise_()

    def open_library(self) -> Library | None:
        """The library (opened now if the detection has not opened it yet); None on failure."""
        if self.library is not None:
            return self.library
        try:
            library = Library.open()
        except DamagedLibrary as exc:
            logger.warning("heritage library damaged: %s", exc)
            self.ask_rebuild(exc)
            return None
        except (*USER_ERRORS, OSError) as exc:
            logger.warning("heritage library not opened: %s", exc)
            dialogs.show_error(self.window, _("Cannot open the heritage library"), str(exc))
            return None
        self.library = library
        self.detection.set_library(library)
        self.marks.library = library
        return library

    def ask_rebuild(self, error: DamagedLibrary) -> QMessageBox:
        """Say the library file is damaged; offer to rebuild it from the bundled seed."""
        kept = (error.path.with_name(error.path.name + ".damaged-…")
                if error.path is not None else None)
        text = _("The heritage library {path} is damaged and cannot be read.").format(
            path=error.path or "")
        if kept is not None:
            text += "\n\n" + _(
                "Rebuild it from the bundled seed? Entries you edited or imported into it will "
                "be lost; the damaged file is kept as {kept} (a copy for repair or support)."
            ).format(kept=kept)
        box = QMessageBox(QMessageBox.Icon.Warning, _("Heritage library damaged"), text,
                          QMessageBox.StandardButton.Cancel, self.window)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if kept is not None:
            rebuild = box.addButton(_("Rebuild"), QMessageBox.ButtonRole.AcceptRole)
            rebuild.setObjectName("rebuild")
            rebuild.clicked.connect(self.rebuild_library)
        self.rebuild_box = box
        box.open()
        return box

    def rebuild_library(self) -> bool:
        """Set the damaged file aside, build a new library and open the panel on it."""
        try:
            library, kept = Library.rebuild()
        except (*USER_ERRORS, OSError) as exc:
            dialogs.show_error(self.window, _("Cannot rebuild the heritage library"), str(exc))
            return False
        self.library = library
        self.detection.set_library(library)
        self.marks.library = library
        self._show_status(_("Rebuilt the heritage library; the damaged file is {kept}.")
                          .format(kept=kept))
        if self.detection.started:
            self.detection.library_changed()
        else:
            self.detection.start()
        self.action.setChecked(True)  # opens the panel on the new library
        return True

    def _make_panel(self) -> bool:
        library = self.open_library()
        if library is None:
            return False
        panel = HeritagePanel(library, self.project, self.window)
        panel.setObjectName("heritage_panel")
        self.frame.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, panel)
        notes = self._notes_panel()
        if notes is not None and not notes.isHidden():
            self.frame.tabifyDockWidget(notes, panel)
        panel.toggleViewAction().toggled.connect(self._set_checked)
        panel.entry_saved.connect(lambda _id: self.detection.library_changed())
        panel.refresh()
        self.panel = panel
        self.follow_editor()
        return True

    def _set_checked(self, shown: bool) -> None:
        """Keep View ▸ Heritage Library's check in step with the panel."""
        self.action.blockSignals(True)
        self.action.setChecked(shown)
        self.action.blockSignals(False)

    # -- the coverage view ------------------------------------------------------------------

    def show_coverage(self, shown: bool) -> None:
        """View ▸ Heritage Coverage: heritage items × episodes, as a dock at the bottom."""
        if shown and self.coverage_view is None:
            view = CoverageView(self.window)
            view.setObjectName(COVERAGE)
            view.jump_requested.connect(self.host.select_scene)
            view.toggleViewAction().toggled.connect(self._coverage_toggled)
            self.frame.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, view)
            self.coverage_view = view
            view.set_coverage(self.detection.coverage(), self._names())
        if self.coverage_view is not None:
            self.coverage_view.setVisible(shown)
            if shown:
                self.coverage_view.raise_()

    def _coverage_toggled(self, shown: bool) -> None:
        self.coverage_action.blockSignals(True)
        self.coverage_action.setChecked(shown)
        self.coverage_action.blockSignals(False)
