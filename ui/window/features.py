"""The feature panels and menu actions the main window carries besides its own views.

``WindowFeatures`` adds to the window's menus: File ▸ Export… (the export dialog), Import… and
Export as … (interchange), Import / Export review notes…; Edit ▸ Add note… (a note on the words
selected in the script editor) and Profile…. Per open project it docks the **Notes** panel
(right; its toggle joins the View menu) and tints noted words in the editor, with a marker in
the margin that selects the note in the panel; a badge in the margin where a line ends says the
line does not fit the subtitles or dub of the Translations dock's language
(``ui.editor.fit_marks``). View ▸ Review Summary… lists every heritage
moment with its approval and shows its card on the board. View ▸ Translations
docks the translations view (bottom, hidden at first; made only while shown, since it reads
every line again after each edit). View ▸ Glossary docks the glossary panel (bottom, made while
shown: key names and phrases with renderings per language, and the forms of address). The
heritage library panel, detection, underlines and
coverage view are wired in ``ui.heritage.features`` (View ▸ Heritage Library / Coverage); the
panel's "Link to" buttons link to the
scene under the editor's caret. In consultant mode the status bar says so; a
role chosen in Edit ▸ Profile… applies to the open project at once. A project linked to a studio
server syncs with it (``ui.studio.features``: the Studio menu, the status bar's corner). The
features follow
the project the workspace's bridge follows (``ui.bridge``); the workspace calls ``shutdown``
when the window closes. They know the window and the workspace only as ``ui.host`` Protocols.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QLabel

from app.core.enums import Role
from app.core.i18n import _
from app.features.board.cards import board_facts
from app.features.board.lanes import cards_of
from app.features.notes import service
from app.features.notes.packets import MergeReport
from app.project.open_project import OpenProject
from app.store.profile import load_profile
from ui import dialogs
from ui.drafts.features import DraftsFeatures
from ui.editor.fit_marks import FitMarks
from ui.editor.note_marks import NoteMarks
from ui.exchange.actions import InterchangeActions
from ui.glossary.panel import GlossaryPanel
from ui.heritage.features import HeritageFeatures
from ui.heritage.panel import HeritagePanel
from ui.host import Host
from ui.notes.note_dialog import NoteDialog
from ui.notes.panel import NotesPanel
from ui.notes.review_packets import export_review_notes, import_review_notes
from ui.notes.review_summary import ReviewSummary
from ui.rhythm.view import RhythmView
from ui.studio.features import StudioFeatures
from ui.translations.view import TranslationsView
from ui.window.profile_dialog import ProfileDialog

if TYPE_CHECKING:
    from ui.exchange.export_dialog import ExportDialog

logger = logging.getLogger(__name__)

#: Milliseconds after the workspace is built (start-up) before the heritage detection starts.
DETECTION_DELAY_MS = 1500

NOTES, TRANSLATIONS, GLOSSARY = "notesPanel", "translationsView", "glossaryPanel"
RHYTHM = "rhythmView"
NOTES_WIDTH = 400  # pixels: room for the quoted words, severity, status and author


class WindowFeatures(QObject):
    """Menus, docks and editor marks of the features built outside the window."""

    def __init__(self, host: Host) -> None:
        super().__init__(host.frame.window())
        self.host = host
        self.frame = frame = host.frame
        #: The main window: the parent of the docks and dialogs
        self.window = window = frame.window()
        self.bridge = host.bridge
        self.project: OpenProject | None = None
        self.docks: dict[str, QDockWidget] = {}
        self.notes_shown = True  # whether the notes panel is shown, from one project to the next
        self.note_dialog: NoteDialog | None = None
        self.profile_dialog: ProfileDialog | None = None
        self.note_marks = NoteMarks(host.editor)
        self.note_marks.note_chosen.connect(self.show_note)  # a click on a margin marker
        # badges on lines that do not fit the Translations dock's language, in the same margins
        self.fit_marks = FitMarks(host.editor, self.note_marks)

        self.interchange = InterchangeActions(window)
        self.interchange.project_imported.connect(frame.open_project)
        self.import_notes_action = self._action(_("Import review notes…"), self.import_notes)
        self.export_notes_action = self._action(_("Export review notes…"), self.export_notes)
        self.add_note_action = self._action(_("Add note…"), self.add_note, "Ctrl+Alt+M")
        self.profile_action = self._action(_("Profile…"), self.ask_profile)
        self.export_action = self._action(_("Export…"), self.ask_export, "Ctrl+E")
        self.export_dialog: ExportDialog | None = None
        # panel, detection, underlines, coverage
        self.heritage = HeritageFeatures(host, lambda: self.notes_panel)
        if frame.isVisible():  # built after the first frame (start-up): its Show event is past
            # Once the project is on screen: spaCy's import and the matchers, in the worker,
            # would otherwise take the interpreter from the board's first paint.
            QTimer.singleShot(DETECTION_DELAY_MS, self.heritage.detection.start)
        self.heritage_action = self.heritage.action
        frame.view_menu.addActions(self.heritage.actions())
        # Made only while shown: the view reads every line again after each edit.
        self.translations_action = QAction(_("Translations"), window)
        self.translations_action.setCheckable(True)
        self.translations_action.setShortcut(QKeySequence("Ctrl+Shift+5"))
        self.translations_action.toggled.connect(self.show_translations)
        frame.view_menu.addAction(self.translations_action)
        self.glossary_action = QAction(_("Glossary"), window)
        self.glossary_action.setCheckable(True)
        self.glossary_action.setShortcut(QKeySequence("Ctrl+Shift+7"))
        self.glossary_action.toggled.connect(self.show_glossary)
        frame.view_menu.addAction(self.glossary_action)
        # View ▸ Series Rhythm: made only while shown (it reads the whole series after edits).
        self.rhythm_action = QAction(_("Series Rhythm"), window)
        self.rhythm_action.setCheckable(True)
        self.rhythm_action.setShortcut(QKeySequence("Ctrl+Shift+8"))
        self.rhythm_action.toggled.connect(self.show_rhythm)
        frame.view_menu.addAction(self.rhythm_action)
        self.review_summary: ReviewSummary | None = None
        self.review_action = QAction(_("Review Summary…"), window)
        self.review_action.triggered.connect(lambda _checked=False: self.show_review_summary())
        frame.view_menu.addAction(self.review_action)
        # View ▸ Drafts and File ▸ Save Draft… (ui.drafts)
        self.drafts = DraftsFeatures(host)

        file_menu, before = frame.file_menu, frame.file_menu_end
        file_menu.insertActions(before, [self.export_action, *self.interchange.actions()])
        file_menu.insertSeparator(before)
        file_menu.insertActions(before, [self.import_notes_action, self.export_notes_action])
        frame.edit_menu.addAction(self.add_note_action)
        frame.edit_menu.addSeparator()
        frame.edit_menu.addAction(self.profile_action)

        self.consultant_label = QLabel(_("Consultant mode"))
        self.consultant_label.setObjectName("consultantMode")
        self.consultant_label.setToolTip(
            _("Your profile's role is consultant: the script is read-only, notes can be added."))
        frame.statusBar().addWidget(self.consultant_label)
        # Studio ▸ …, the sync of a project linked to a studio and its corner of the status bar
        self.studio = StudioFeatures(frame, self.bridge)
        self.bridge.project_changed.connect(self.set_project)
        self.bridge.role_changed.connect(self._show_role)
        self.set_project(self.bridge.project)

    def _action(self, text: str, slot: object, keys: str | None = None) -> QAction:
        action = QAction(text, self.window)
        if keys:
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: slot())  # type: ignore[operator]
        self.frame.addAction(action)
        return action

    # -- the open project -------------------------------------------------------------------

    def set_project(self, project: OpenProject | None) -> None:
        """Follow the bridge's project: per-project docks come and go with it."""
        notes = self.docks.pop(NOTES, None)
        if notes is not None:
            self.notes_shown = not notes.isHidden()
            self.frame.view_menu.removeAction(notes.toggleViewAction())
            self._delete(notes)
        if TRANSLATIONS in self.docks:
            self._delete(self.docks.pop(TRANSLATIONS))
        if GLOSSARY in self.docks:
            self._delete(self.docks.pop(GLOSSARY))
        if RHYTHM in self.docks:
            self._delete(self.docks.pop(RHYTHM))
        self.project = project
        self.interchange.set_project(project)
        for action in (self.import_notes_action, self.export_notes_action,
                       self.add_note_action, self.export_action, self.translations_action,
                       self.glossary_action, self.rhythm_action):
            action.setEnabled(project is not None)
        dialog = self.export_dialog
        if dialog is not None and shiboken6.isValid(dialog) and not dialog.running:
            dialog.close()  # it was made for the project that is going away
            dialog.deleteLater()
            self.export_dialog = None
        self._show_role(project)
        self._close_review_summary(project)
        if project is None:
            return
        notes = NotesPanel(self.bridge, parent=self.window)
        notes.setObjectName(NOTES)
        notes.jump_requested.connect(self.jump_to_words)
        self.frame.add_panel(notes, Qt.DockWidgetArea.RightDockWidgetArea)
        notes.setVisible(self.notes_shown)
        self.frame.resizeDocks([notes], [NOTES_WIDTH], Qt.Orientation.Horizontal)
        self.docks[NOTES] = notes
        if self.translations_action.isChecked():
            self.show_translations(True)
        if self.glossary_action.isChecked():
            self.show_glossary(True)
        if self.rhythm_action.isChecked():
            self.show_rhythm(True)

    def show_rhythm(self, shown: bool) -> None:
        """View ▸ Series Rhythm: the series checked against its rhythm preset (beside the
        board); a finding's card is shown on the board."""
        view = self.docks.get(RHYTHM)
        if shown and view is None and self.project is not None:
            view = RhythmView(self.bridge, self.window)
            view.card_requested.connect(lambda beat: self.show_cards([beat]))
            self.frame.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, view)
            view.show()
            view.toggleViewAction().toggled.connect(
                lambda on: on or QTimer.singleShot(0, self._drop_hidden_rhythm))
            self.docks[RHYTHM] = view
        elif not shown and view is not None:
            self._delete(self.docks.pop(RHYTHM))

    def _drop_hidden_rhythm(self) -> None:
        view = self.docks.get(RHYTHM)
        if view is not None and view.isHidden():
            self.rhythm_action.setChecked(False)

    @property
    def rhythm_view(self) -> RhythmView | None:
        view = self.docks.get(RHYTHM)
        return view if isinstance(view, RhythmView) else None

    def show_translations(self, shown: bool) -> None:
        """View ▸ Translations: make the view for the open project, or let it go."""
        view = self.docks.get(TRANSLATIONS)
        if shown and view is None and self.project is not None:
            view = TranslationsView(self.bridge, self.window)
            view.setObjectName(TRANSLATIONS)
            view.set_language(self.fit_marks.language)  # the language chosen last time
            view.language.currentIndexChanged.connect(
                lambda _i, v=view: self.fit_marks.set_language(v.current_language()))
            self.frame.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, view)
            view.show()
            view.toggleViewAction().toggled.connect(self._on_translations_toggled)
            self.docks[TRANSLATIONS] = view
        elif not shown and view is not None:
            self._delete(self.docks.pop(TRANSLATIONS))

    def show_glossary(self, shown: bool) -> None:
        """View ▸ Glossary: the key names and phrases and the forms of address of the project."""
        panel = self.docks.get(GLOSSARY)
        if shown and panel is None and self.project is not None:
            panel = GlossaryPanel(self.bridge, self.window)
            self.frame.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, panel)
            panel.show()
            panel.toggleViewAction().toggled.connect(self._on_glossary_toggled)
            self.docks[GLOSSARY] = panel
        elif not shown and panel is not None:
            self._delete(self.docks.pop(GLOSSARY))

    def _on_glossary_toggled(self, shown: bool) -> None:
        if not shown:  # closed with its own button: uncheck View ▸ Glossary once it is over
            QTimer.singleShot(0, self._drop_hidden_glossary)

    def _drop_hidden_glossary(self) -> None:
        panel = self.docks.get(GLOSSARY)
        if panel is not None and panel.isHidden():
            self.glossary_action.setChecked(False)

    @property
    def glossary_panel(self) -> GlossaryPanel | None:
        panel = self.docks.get(GLOSSARY)
        return panel if isinstance(panel, GlossaryPanel) else None

    def _on_translations_toggled(self, shown: bool) -> None:
        if not shown:  # closed with its own button; let it go once its close is over
            QTimer.singleShot(0, self._drop_hidden_translations)

    def _drop_hidden_translations(self) -> None:
        view = self.docks.get(TRANSLATIONS)
        if view is not None and view.isHidden():
            self.translations_action.setChecked(False)

    @property
    def notes_panel(self) -> NotesPanel | None:
        panel = self.docks.get(NOTES)
        return panel if isinstance(panel, NotesPanel) else None

    @property
    def translations_view(self) -> TranslationsView | None:
        view = self.docks.get(TRANSLATIONS)
        return view if isinstance(view, TranslationsView) else None

    # -- notes ------------------------------------------------------------------------------

    def add_note(self) -> NoteDialog | None:
        """Edit ▸ Add note…: a note on the words selected in the script editor."""
        if self.project is None:
            return None
        target = self.host.editor.selected_words()
        if target is None:
            dialogs.show_error(
                self.window, _("Cannot add a note"),
                _("Select some words of one script line (not a speaker name or a heading), "
                  "then choose Edit ▸ Add note… again."))
            return None
        if self.note_dialog is not None and shiboken6.isValid(self.note_dialog):
            self.note_dialog.deleteLater()
        self.note_dialog = NoteDialog(self.project, target, parent=self.window)
        self.note_dialog.accepted.connect(self._on_note_added)
        self.note_dialog.open()
        return self.note_dialog

    def _on_note_added(self) -> None:
        dialog = self.note_dialog
        if dialog is not None and dialog.created_id:
            self.show_note(dialog.created_id)

    def show_review_summary(self) -> ReviewSummary | None:
        """View ▸ Review Summary…: every heritage moment with its approval (not blocking)."""
        if self.project is None:
            return None
        summary = self.review_summary
        if summary is None or not shiboken6.isValid(summary):
            summary = self.review_summary = ReviewSummary(self.bridge, self.window)
            summary.open_requested.connect(self.open_moment)
        summary.show()
        summary.raise_()
        return summary

    def _close_review_summary(self, project: OpenProject | None) -> None:
        self.review_action.setEnabled(project is not None)
        summary, self.review_summary = self.review_summary, None
        if summary is not None and shiboken6.isValid(summary):
            summary.close()
            summary.deleteLater()

    def open_moment(self, target_type: str, target_id: str) -> list[str]:
        """Show a heritage moment's card(s) on the board; returns their beat ids."""
        if self.project is None:
            return []
        if target_type == "beat":
            beat_ids = cards_of({}, target_type, target_id)
        else:  # the board may not have caught up with a link just made: ask the file
            beat_ids = cards_of(board_facts(self.project).heritage, target_type, target_id)
        return self.show_cards(beat_ids)

    def show_cards(self, beat_ids: list[str]) -> list[str]:
        """Show these cards on the board, selected; returns the ones it has."""
        board = self.host.board
        beat_ids = [b for b in beat_ids if b in board.view.cards]
        if beat_ids:
            board.show()
            if board.view.overview:
                board.view.set_zoom(1.0)
            board.view.select(beat_ids)
        return beat_ids

    def show_note(self, note_id: str) -> None:
        """Show the notes panel with ``note_id`` selected (a new note, a margin marker)."""
        panel = self.notes_panel
        if panel is not None:
            panel.show()
            panel.raise_()
            panel.select_note(note_id)

    def jump_to_words(self, element_id: str, start: int, end: int) -> bool:
        """Show the scene of ``element_id`` in the editor and select ``start:end`` of its text."""
        editor = self.host.editor
        if self.project is None:
            return False
        if editor.words_block(element_id) is None:
            scene_id = self._scene_of(element_id)
            if scene_id is None:
                return False
            self.host.select_scene(scene_id)
            if editor.words_block(element_id) is None:  # the navigator had it selected already
                self.host.show_in_editor("scene", scene_id)
        if not editor.select_words(element_id, start, end):
            return False
        editor.setFocus()
        return True

    def _scene_of(self, element_id: str) -> str | None:
        project = self.project
        assert project is not None
        episode = next((n.episode_id for n in service.notes(project)
                        if n.anchor is not None and n.anchor.element_id == element_id), None)
        for scene in project.scenes(episode) if episode else project.scenes():
            if any(e.id == element_id for e in project.elements(scene.id)):
                return scene.id
        return None

    def import_notes(self, path: Path | None = None) -> MergeReport | None:
        """File ▸ Import review notes… (asks for the packet when ``path`` is None)."""
        if self.project is None:
            return None
        return import_review_notes(self.window, self.project, path)

    def export_notes(self, path: Path | None = None) -> Path | None:
        """File ▸ Export review notes… (asks where when ``path`` is None)."""
        if self.project is None:
            return None
        self.host.editor.flush()
        return export_review_notes(self.window, self.project, path)

    def ask_profile(self) -> ProfileDialog:
        """Edit ▸ Profile…: name and role (a new role applies at once, to the open project
        too)."""
        if self.profile_dialog is not None and shiboken6.isValid(self.profile_dialog):
            self.profile_dialog.deleteLater()
        self.profile_dialog = ProfileDialog(self.window)
        self.profile_dialog.accepted.connect(self._on_profile_saved)
        self.profile_dialog.open()
        return self.profile_dialog

    def _show_role(self, project: OpenProject | None) -> None:
        self.consultant_label.setVisible(project is not None and project.role is Role.CONSULTANT)

    def _on_profile_saved(self) -> None:
        profile = load_profile()
        panel = self.notes_panel
        if panel is not None:
            panel.profile = profile  # replies are signed with the new name
        self.bridge.set_role(profile.role)  # the open project follows the new role at once

    # -- export and the heritage library ------------------------------------------------------

    def ask_export(self) -> ExportDialog | None:
        """File ▸ Export…: the export dialog for the open project."""
        if self.project is None:
            return None
        self.host.editor.flush()  # the export reads the file: typing must be in it
        dialog = self.export_dialog
        if dialog is not None and shiboken6.isValid(dialog):
            if dialog.running:
                dialog.raise_()
                return dialog
            dialog.deleteLater()
        # the export machinery (every writer) loads on the first export, not at start-up
        from ui.exchange.export_dialog import ExportDialog

        self.export_dialog = ExportDialog(self.project, self.window)
        self.export_dialog.open()
        return self.export_dialog

    @property
    def library(self):  # noqa: ANN201 - the heritage Library, once open
        return self.heritage.library

    @property
    def heritage_panel(self) -> HeritagePanel | None:
        return self.heritage.panel

    def show_heritage(self, shown: bool) -> None:
        """View ▸ Heritage Library (``HeritageFeatures.show_panel``)."""
        self.heritage.show_panel(shown)

    def shutdown(self) -> None:
        """The window is closing: stop the heritage detection, let go of the library, stop
        syncing with the studio."""
        self.heritage.shutdown()
        self.studio.shutdown()

    def _delete(self, dock: QDockWidget) -> None:
        """Undock and delete ``dock`` now: it must not hear a closed project again."""
        self.frame.removeDockWidget(dock)
        shiboken6.delete(dock)
