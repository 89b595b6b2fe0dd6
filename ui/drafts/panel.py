"""The Drafts panel (View ▸ Drafts): the project's named drafts and its revision mode.

A list of the drafts, oldest first — name, when it was saved, the revision colour of a draft
issued to production, scenes — and what can be done with them: Save draft… (a name, and a note),
Open (the draft's script, read only), Compare… (the chosen draft with the script now, or the two
chosen drafts with each other, in the compare view), Restore… (the script becomes that draft in
one undo step; the result is kept as a new draft) and Delete. "Lock scene numbers" turns the
revision mode on and off (one undo step each). Saving, deleting and restoring are the writer's
(``app.features.drafts.store`` refuses anyone else); a refusal shows in a dialog naming the fix.
The panel reads the list again after its own actions, when it is shown again, and when the
project's fields change (an export issued to production adds a draft and locks the numbers).
"""

from __future__ import annotations

import logging

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDockWidget,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.enums import Role
from app.core.i18n import _, format_date, format_number
from app.features.drafts import store
from app.features.drafts.compare import compare
from app.features.drafts.restore import restore_draft
from app.features.drafts.revision import is_locked, lock_scene_numbers, unlock_scene_numbers
from app.features.script.impact import ScriptImpact
from app.formats.document.options import ExportOptions
from app.project.errors import USER_ERRORS
from app.store.profile import load_profile
from ui import dialogs
from ui.bridge import ProjectBridge, follow_while_shown
from ui.drafts.compare_view import CompareView
from ui.drafts.html import draft_html

logger = logging.getLogger(__name__)

NAME_ROLE = Qt.ItemDataRole.UserRole + 1


class NameDialog(QDialog):
    """Asks a draft's name (and a note): Save draft…, Restore… (the new draft's name)."""

    def __init__(self, title: str, name: str = "", note: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("draftNameDialog")
        self.setWindowTitle(title)
        self.name = QLineEdit(name)
        self.name.setObjectName("draftName")
        self.name.setPlaceholderText(_("For example: Second draft, Blue pages"))
        self.note = QLineEdit()
        self.note.setObjectName("draftNote")
        self.buttons = dialogs.ok_cancel_buttons(self)
        ok = self.buttons.buttons()[0]
        self.name.textChanged.connect(lambda text: ok.setEnabled(bool(text.strip())))
        ok.setEnabled(bool(name.strip()))
        form = QFormLayout(self)
        form.addRow(_("Draft name:"), self.name)
        if note:
            form.addRow(_("Note:"), self.note)
        else:
            self.note.hide()
        form.addRow(self.buttons)
        self.resize(420, 120)


class DraftView(QDialog):
    """A draft's script, read only."""

    def __init__(self, name: str, html_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("draftView")
        self.setWindowTitle(_("Draft “{name}” (read only)").format(name=name))
        self.text = QTextBrowser()
        self.text.setObjectName("draftText")
        self.text.setHtml(html_text)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        self.resize(720, 640)


class DraftsPanel(QDockWidget):
    """The drafts of the project ``bridge`` follows."""

    #: The drafts were read again (after a save, restore, delete…).
    refreshed = Signal()

    def __init__(self, bridge: ProjectBridge, parent: QWidget | None = None,
                 before_write: object = None) -> None:
        super().__init__(_("Drafts"), parent)
        self.setObjectName("draftsPanel")
        assert bridge.project is not None
        self.bridge = bridge
        self.project = bridge.project
        #: Called before anything is read or written (the window flushes the editor's typing).
        self.before_write = before_write if callable(before_write) else (lambda: None)
        self.dialog: QDialog | None = None
        self.views: list[QDialog] = []
        self.list = QTreeWidget()
        self.list.setObjectName("draftsList")
        self.list.setRootIsDecorated(False)
        self.list.setHeaderLabels([_("Draft"), _("Saved"), _("Issued"), _("Scenes")])
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.list.itemActivated.connect(lambda item, _col: self.open_draft(item.data(0, NAME_ROLE)))
        self.save_button = self._button(_("Save draft…"), "saveDraft", self.ask_save)
        self.open_button = self._button(_("Open"), "openDraft",
                                        lambda: self.open_draft(self.chosen()[0]))
        self.compare_button = self._button(_("Compare"), "compareDrafts", self.compare_chosen)
        self.restore_button = self._button(_("Restore…"), "restoreDraft",
                                           lambda: self.ask_restore(self.chosen()[0]))
        self.delete_button = self._button(_("Delete"), "deleteDraft",
                                          lambda: self.ask_delete(self.chosen()[0]))
        self.lock = QCheckBox(_("Lock scene numbers"))
        self.lock.setObjectName("lockSceneNumbers")
        self.lock.setToolTip(_("Revision mode: every scene keeps its number; a new scene is "
                               "numbered 3-2A, a deleted one stays as OMITTED."))
        self.lock.clicked.connect(self.set_locked)
        self.hint = QLabel()
        self.hint.setObjectName("draftsHint")
        self.hint.setWordWrap(True)
        grid = QGridLayout()
        for i, button in enumerate((self.save_button, self.open_button, self.compare_button,
                                    self.restore_button, self.delete_button)):
            grid.addWidget(button, i // 3, i % 3)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.list, 1)
        layout.addLayout(grid)
        layout.addWidget(self.lock)
        layout.addWidget(self.hint)
        self.setWidget(body)
        follow_while_shown(self, bridge, [(bridge.script_changed, self._on_script)],
                           self.refresh)
        self.refresh()

    def _button(self, text: str, name: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda _checked=False: slot())  # type: ignore[operator]
        return button

    # -- reading ------------------------------------------------------------------------------

    def _on_script(self, impact: ScriptImpact) -> None:
        if impact.project:  # the project's fields: the lock, or an issue to production
            self.refresh()

    def refresh(self) -> None:
        """Read the list of drafts and the revision mode again."""
        chosen = set(self.chosen())
        self.drafts = store.drafts(self.project)
        self.list.clear()
        for d in self.drafts:
            issued = ""
            if d.colour is not None:
                issued = f"{d.colour.label(_)} · {d.issued_on}"
            item = QTreeWidgetItem([d.name, format_date(d.saved_at.astimezone()), issued,
                                    format_number(d.scenes)])
            item.setData(0, NAME_ROLE, d.name)
            if d.note:
                item.setToolTip(0, d.note)
            if d.colour is not None:
                item.setBackground(2, QColor(d.colour.hex))
            self.list.addTopLevelItem(item)
            item.setSelected(d.name in chosen)
        for column in range(4):
            self.list.resizeColumnToContents(column)
        self.lock.setChecked(is_locked(self.project))
        self._update_buttons()
        self.refreshed.emit()

    def names(self) -> list[str]:
        """The drafts listed, in order."""
        return [d.name for d in self.drafts]

    def chosen(self) -> list[str]:
        """The selected drafts' names, in list order."""
        return [self.list.topLevelItem(i).data(0, NAME_ROLE)
                for i in range(self.list.topLevelItemCount())
                if self.list.topLevelItem(i).isSelected()]

    def select(self, names: list[str]) -> None:
        self.list.clearSelection()
        for i in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(i)
            item.setSelected(item.data(0, NAME_ROLE) in names)

    def _update_buttons(self) -> None:
        count = len(self.chosen())
        writer = self.project.role is Role.WRITER and self.project.history.writable
        self.save_button.setEnabled(writer)
        self.open_button.setEnabled(count == 1)
        self.compare_button.setEnabled(count in (1, 2))
        self.restore_button.setEnabled(writer and count == 1)
        self.delete_button.setEnabled(writer and count == 1)
        self.lock.setEnabled(writer)
        hints = {0: _("Choose a draft to open, compare with the script now, restore or delete; "
                      "choose two to compare them."),
                 1: _("Compare shows what changed from this draft to the script now."),
                 2: _("Compare shows what changed from the older draft to the newer.")}
        self.hint.setText(hints.get(count, _("Choose one or two drafts.")))
        if not writer:
            self.hint.setText(_("Only a writer saves, restores or deletes drafts; you can open "
                                "and compare them."))

    # -- actions ------------------------------------------------------------------------------

    def _attempt(self, title: str, work: object) -> object:
        try:
            return work()  # type: ignore[operator]
        except USER_ERRORS as exc:
            dialogs.show_error(self, title, str(exc))
            return None

    def ask_save(self) -> NameDialog:
        """Save draft…: ask a name and a note (not blocking), then save."""
        dialog = self._dialog(NameDialog(_("Save draft"), parent=self))
        dialog.accepted.connect(lambda: self.save(dialog.name.text(), dialog.note.text()))
        dialog.open()
        return dialog

    def save(self, name: str, note: str = "") -> store.DraftInfo | None:
        """Keep the script as the draft ``name``."""
        self.before_write()
        saved = self._attempt(_("Cannot save the draft"), lambda: store.save_draft(
            self.project, name, note=note, author=load_profile().name))
        self.refresh()
        if saved is not None:
            self.select([saved.name])  # type: ignore[attr-defined]
        return saved  # type: ignore[return-value]

    def open_draft(self, name: str) -> DraftView | None:
        """Open: the draft's script, read only (not blocking)."""
        snapshot = self._attempt(_("Cannot open the draft"),
                                 lambda: store.draft_snapshot(self.project, name))
        if snapshot is None:
            return None
        view = DraftView(name, draft_html(snapshot), self.window())  # type: ignore[arg-type]
        view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        view.show()
        return view

    def compare_chosen(self) -> CompareView | None:
        """Compare: one chosen draft with the script now, or two chosen drafts."""
        chosen = self.chosen()
        if len(chosen) == 1:
            return self.compare(chosen[0], "")
        if len(chosen) == 2:
            order = self.names()
            older, newer = sorted(chosen, key=order.index)
            return self.compare(older, newer)
        return None

    def compare(self, old: str, new: str = "") -> CompareView | None:
        """The compare view of the draft ``old`` with the draft ``new`` ("": the script now)."""
        self.before_write()

        def work() -> object:
            before = store.draft_snapshot(self.project, old)
            after = store.draft_snapshot(self.project, new) if new else \
                store.current_snapshot(self.project)
            return compare(before, after, old, new)

        comparison = self._attempt(_("Cannot compare the drafts"), work)
        if comparison is None:
            return None
        view = CompareView(self.project, comparison,  # type: ignore[arg-type]
                           ExportOptions(revision=old, revision_to=new), self.window())
        view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        view.show()
        return view

    def ask_restore(self, name: str) -> NameDialog:
        """Restore…: ask the new draft's name (not blocking), then restore."""
        suggested = store.unique_name(self.project, _("{name} (restored)").format(name=name))
        dialog = self._dialog(NameDialog(_("Restore “{name}” as a new draft").format(name=name),
                                         suggested, note=False, parent=self))
        dialog.accepted.connect(lambda: self.restore(name, dialog.name.text()))
        dialog.open()
        return dialog

    def restore(self, name: str, new_name: str) -> store.DraftInfo | None:
        """Make the script the draft ``name`` (one undo step) and keep it as ``new_name``."""
        self.before_write()
        result = self._attempt(_("Cannot restore the draft"), lambda: restore_draft(
            self.project, name, save_as=new_name.strip() or None, author=load_profile().name))
        self.refresh()
        if result is None:
            return None
        _changes, saved = result  # type: ignore[misc]
        if saved is None:
            QMessageBox.information(self, _("Restore draft"), _(
                "The script already is the draft “{name}”; nothing changed.").format(name=name))
        return saved

    def ask_delete(self, name: str) -> QMessageBox:
        """Delete: ask first (not blocking); a draft is not an undo step."""
        box = QMessageBox(QMessageBox.Icon.Question, _("Delete draft"),
                          _("Delete the draft “{name}”? This cannot be undone; the script "
                            "itself does not change.").format(name=name),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                          self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.accepted.connect(lambda: self.delete(name))
        box.open()
        return box

    def delete(self, name: str) -> bool:
        """Remove the draft ``name``."""
        done = self._attempt(_("Cannot delete the draft"),
                             lambda: store.delete_draft(self.project, name) or True)
        self.refresh()
        return bool(done)

    def set_locked(self, locked: bool) -> None:
        """Lock scene numbers: turn the revision mode on or off (one undo step)."""
        if locked == is_locked(self.project):
            return
        self.before_write()
        self._attempt(_("Cannot change the scene numbers"),
                      lambda: (lock_scene_numbers if locked else unlock_scene_numbers)(
                          self.project))
        self.refresh()

    def _dialog(self, dialog: NameDialog) -> NameDialog:
        if self.dialog is not None and shiboken6.isValid(self.dialog):
            self.dialog.deleteLater()
        self.dialog = dialog
        return dialog
