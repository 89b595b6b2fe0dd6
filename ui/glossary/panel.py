"""The Glossary panel (View ▸ Glossary): key names and phrases, and the forms of address.

Tab one lists every term ``app.features.glossary.terms`` gathers (hand-made terms, characters,
locations, linked heritage entries) with its frequency in the script; for the chosen language
the rendering, transliteration and note are edited in place (right to left for Arabic and
Persian), "Approve" approves the selected rendering, the do-not-translate box is a checkbox,
"Add term…" adds one by hand and "Add note on term…" attaches a note (the notes service) to it.
Tab two is the formality table: who addresses whom formally, informally, intimately or with
honorifics. Every edit is an undoable command; the panel follows the project's changes through
the bridge (``ui.bridge``) while it is shown.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDockWidget,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.direction import is_rtl
from app.core.enums import AnnotationKind, AnnotationTarget
from app.core.i18n import _
from app.features.glossary import address_forms
from app.features.glossary import terms as glossary
from app.features.glossary.impact import GlossaryImpact
from app.features.notes import service as notes
from app.project.errors import USER_ERRORS
from app.store.profile import load_profile
from ui import dialogs
from ui.bridge import ProjectBridge, follow_while_shown

logger = logging.getLogger(__name__)

TERM, TYPE, FREQUENCY, RENDERING, TRANSLIT, STATUS, DNT, NOTE = range(8)
_EDITABLE = {RENDERING: "text", TRANSLIT: "transliteration", NOTE: "note"}
_KEY = Qt.ItemDataRole.UserRole
RECOUNT_DELAY_MS = 1500  # typing in the script recounts frequencies after a pause


class _DirectionDelegate(QStyledItemDelegate):
    """Editors of rendering cells run right to left when the language does."""

    def __init__(self, panel: GlossaryPanel) -> None:
        super().__init__(panel)
        self.panel = panel

    def createEditor(  # noqa: N802 - Qt's name
        self, parent: QWidget, option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        editor = super().createEditor(parent, option, index)
        if index.column() in (RENDERING, NOTE) and is_rtl(self.panel.language):
            editor.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        return editor


class GlossaryPanel(QDockWidget):
    """Key names and phrases with renderings per language, and the formality table."""

    def __init__(self, bridge: ProjectBridge, parent: QWidget | None = None) -> None:
        super().__init__(_("Glossary"), parent)
        self.setObjectName("glossaryPanel")
        assert bridge.project is not None
        self.project = project = bridge.project
        self.entries: list[glossary.GlossaryEntry] = []
        self._filling = False
        allowed = project.history.allowed_tables
        self.can_edit = project.history.writable and (
            allowed is None or "glossary_rendering" in allowed)
        self.can_edit_forms = project.history.writable and (
            allowed is None or "address_form" in allowed)

        self.language_box = QComboBox()
        self.language_box.setObjectName("glossaryLanguage")
        info = project.info()
        for lang in info.target_languages or [info.source_language]:
            self.language_box.addItem(lang, lang)
        self.language_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("glossaryFilter")
        self.filter_edit.setPlaceholderText(_("Filter terms"))
        self.filter_edit.textChanged.connect(lambda _t: self._apply_filter())

        self.table = QTableWidget(0, 8)
        self.table.setObjectName("glossaryTable")
        self.table.setHorizontalHeaderLabels([
            _("Term"), _("Type"), _("Frequency"), _("Rendering"), _("Transliteration"),
            _("Status"), _("Do not translate"), _("Note"),
        ])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setItemDelegate(_DirectionDelegate(self))
        self.table.itemChanged.connect(self._on_item_changed)
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self.approve_button = self._button(_("Approve"), "glossaryApprove", self.approve_selected)
        self.add_button = self._button(_("Add term…"), "glossaryAddTerm", self.ask_add_term)
        self.note_button = self._button(_("Add note on term…"), "glossaryAddNote",
                                        self.ask_add_note)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Language:")))
        top.addWidget(self.language_box)
        top.addWidget(self.filter_edit, 1)
        buttons = QHBoxLayout()
        for button in (self.approve_button, self.add_button, self.note_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        terms_tab = QWidget()
        terms_layout = QVBoxLayout(terms_tab)
        terms_layout.addLayout(top)
        terms_layout.addWidget(self.table, 1)
        terms_layout.addLayout(buttons)

        self.forms = AddressFormsEditor(self)
        self.tabs = QTabWidget()
        self.tabs.addTab(terms_tab, _("Key names and phrases"))
        self.tabs.addTab(self.forms, _("Forms of address"))
        self.setWidget(self.tabs)

        self.recount_timer = QTimer(self)
        self.recount_timer.setSingleShot(True)
        self.recount_timer.setInterval(RECOUNT_DELAY_MS)
        self.recount_timer.timeout.connect(self.refresh)
        # Never rebuild the table inside the signal of a cell being edited: refresh just after.
        self.refresh_soon = QTimer(self)
        self.refresh_soon.setSingleShot(True)
        self.refresh_soon.setInterval(0)
        self.refresh_soon.timeout.connect(self.refresh)
        follow_while_shown(self, bridge, [(bridge.glossary_changed, self.on_changes)],
                           self.catch_up)
        self.refresh()

    def _button(self, text: str, name: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # -- reading ----------------------------------------------------------------------------

    @property
    def language(self) -> str:
        return str(self.language_box.currentData() or "")

    def set_language(self, language: str) -> None:
        """Show the renderings into ``language``."""
        index = self.language_box.findData(language)
        if index < 0:
            self.language_box.addItem(language, language)
            index = self.language_box.count() - 1
        self.language_box.setCurrentIndex(index)

    def on_changes(self, impact: GlossaryImpact) -> None:
        """Follow an edit: glossary rows now, script text after a pause."""
        if impact.terms:
            self.refresh_soon.start()
        elif impact.frequencies:
            self.recount_timer.start()
        if impact.address_forms:
            self.forms.refresh()

    def catch_up(self) -> None:
        """Shown again after changes it did not follow: read the terms and the forms again."""
        self.refresh()
        self.forms.refresh()

    def refresh(self) -> None:
        """Read the terms again and fill the table, keeping the selected term selected."""
        self.recount_timer.stop()
        self.refresh_soon.stop()
        selected = self.selected_key()
        self.entries = glossary.entries(self.project)
        lang = self.language
        rtl = is_rtl(lang)
        flags_ro = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        self._filling = True
        try:
            self.table.setRowCount(len(self.entries))
            for row, entry in enumerate(self.entries):
                r = entry.rendering(lang)
                cells = {
                    TERM: entry.term, TYPE: _type_label(entry.type),
                    FREQUENCY: str(entry.frequency), RENDERING: r.text,
                    TRANSLIT: r.transliteration, STATUS: _status_label(r.status) if r.text else "",
                    NOTE: r.note,
                }
                for column, text in cells.items():
                    item = QTableWidgetItem(text)
                    item.setData(_KEY, entry.key)
                    editable = column in _EDITABLE and self.can_edit
                    item.setFlags(flags_ro | Qt.ItemFlag.ItemIsEditable if editable else flags_ro)
                    if column in (RENDERING, NOTE) and rtl:
                        item.setTextAlignment(
                            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    if column == FREQUENCY:
                        item.setTextAlignment(
                            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    self.table.setItem(row, column, item)
                box = QTableWidgetItem()
                box.setData(_KEY, entry.key)
                box.setFlags(flags_ro | (Qt.ItemFlag.ItemIsUserCheckable if self.can_edit
                                         else Qt.ItemFlag.NoItemFlags))
                box.setCheckState(Qt.CheckState.Checked if entry.do_not_translate
                                  else Qt.CheckState.Unchecked)
                self.table.setItem(row, DNT, box)
        finally:
            self._filling = False
        self._apply_filter()
        if selected is not None:
            self.select_key(selected)
        self._update_buttons()

    def _apply_filter(self) -> None:
        needle = self.filter_edit.text().strip().casefold()
        for row, entry in enumerate(self.entries):
            hay = " ".join((entry.term, entry.type, *(r.text for r in entry.renderings.values())))
            self.table.setRowHidden(row, bool(needle) and needle not in hay.casefold())

    def row_of(self, term: str) -> int:
        """The row showing ``term`` (-1 when none does)."""
        return next((i for i, e in enumerate(self.entries) if e.term == term), -1)

    def selected_key(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        item = self.table.item(rows[0].row(), TERM)
        return str(item.data(_KEY)) if item is not None else None

    def select_key(self, key: str) -> None:
        for row, entry in enumerate(self.entries):
            # a gathered name keeps its selection once it is stored (its key changes)
            if key in (entry.key, entry.term_id, f"{entry.origin}:{entry.source_id}"):
                self.table.selectRow(row)
                return
        self.table.clearSelection()

    def selected_entry(self) -> glossary.GlossaryEntry | None:
        key = self.selected_key()
        return next((e for e in self.entries if e.key == key), None)

    def _update_buttons(self) -> None:
        entry = self.selected_entry()
        rendering = entry.rendering(self.language) if entry else None
        self.approve_button.setEnabled(
            self.can_edit and rendering is not None and bool(rendering.text)
            and rendering.status != "approved")
        self.note_button.setEnabled(entry is not None and self.project.history.writable)
        self.add_button.setEnabled(self.can_edit)

    # -- edits ------------------------------------------------------------------------------

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        key = str(item.data(_KEY))
        column = item.column()
        if column == DNT:
            value = item.checkState() == Qt.CheckState.Checked
            self._attempt(lambda: glossary.set_do_not_translate(self.project, key, value))
        elif column in _EDITABLE:
            field, text = _EDITABLE[column], item.text().strip()
            self._attempt(lambda: glossary.set_rendering(
                self.project, key, self.language, **{field: text}))

    def approve_selected(self) -> bool:
        """Approve the selected term's rendering into the shown language."""
        key = self.selected_key()
        if key is None:
            return False
        return self._attempt(lambda: glossary.approve(self.project, key, self.language))

    def add_term(self, term: str, type_: str = "term") -> str | None:
        """Add a hand-made term and select it; None (after a message) when it cannot be."""
        made: list[str] = []
        if self._attempt(lambda: made.append(glossary.add_term(self.project, term, type=type_))):
            self.refresh()  # now, so the new term can be selected at once
            self.select_key(made[0])
            return made[0]
        return None

    def ask_add_term(self) -> TermDialog:
        """Add term…: a small form for the term and its type."""
        dialog = TermDialog(self)
        dialog.accepted.connect(lambda: self.add_term(dialog.term.text(), dialog.kind.text()))
        dialog.open()
        return dialog

    def add_note(self, body: str) -> str | None:
        """Attach a note to the selected term (stored first if it was only gathered)."""
        key = self.selected_key()
        if key is None or not body.strip():
            return None
        profile = load_profile()
        made: list[str] = []

        def run() -> None:
            term_id = glossary.term_id(self.project, key)
            made.append(notes.add_note(
                self.project, AnnotationTarget.GLOSSARY_TERM, term_id, body.strip(),
                author=profile.name, role=profile.role, cultures=(self.language,),
                kind=AnnotationKind.TRANSLATION_NOTE))

        return made[0] if self._attempt(run) else None

    def ask_add_note(self) -> NoteOnTermDialog | None:
        """Add note on term…: the note's text for the selected term."""
        entry = self.selected_entry()
        if entry is None:
            return None
        dialog = NoteOnTermDialog(entry.term, self)
        dialog.accepted.connect(lambda: self.add_note(dialog.body.toPlainText()))
        dialog.open()
        return dialog

    def _attempt(self, action: Callable[[], object]) -> bool:
        try:
            action()
        except USER_ERRORS as exc:
            dialogs.show_error(self, _("Cannot change the glossary"), str(exc))
            QTimer.singleShot(0, self.refresh)  # put the refused cell back
            return False
        return True


class TermDialog(QDialog):
    """The term and its type, for Add term…."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Add term"))
        self.term = QLineEdit()
        self.term.setObjectName("termText")
        self.kind = QLineEdit()
        self.kind.setPlaceholderText(_("term"))  # blank is stored as the type "term"
        self.kind.setObjectName("termType")
        form = QFormLayout(self)
        form.addRow(_("Term:"), self.term)
        form.addRow(_("Type:"), self.kind)
        form.addRow(dialogs.ok_cancel_buttons(self))


class NoteOnTermDialog(QDialog):
    """The text of a note on one glossary term."""

    def __init__(self, term: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Note on {term}").format(term=term))
        self.body = QPlainTextEdit()
        self.body.setObjectName("termNoteBody")
        form = QFormLayout(self)
        form.addRow(_("Note:"), self.body)
        form.addRow(dialogs.ok_cancel_buttons(self))


class AddressFormsEditor(QWidget):
    """The formality table: pairs listed, one pair set or removed at a time."""

    def __init__(self, panel: GlossaryPanel) -> None:
        super().__init__(panel)
        self.panel = panel
        self.project = panel.project
        self.records: list[address_forms.AddressFormRecord] = []
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("addressFormsTable")
        self.table.setHorizontalHeaderLabels(
            [_("Speaker"), _("Addresses"), _("Form"), _("Note")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._load_selected)
        self.speaker = QComboBox()
        self.speaker.setObjectName("formSpeaker")
        self.addressee = QComboBox()
        self.addressee.setObjectName("formAddressee")
        self.form = QComboBox()
        self.form.setObjectName("formKind")
        for form in address_forms.FORMS:
            self.form.addItem(address_forms.form_label(form), form)
        self.note = QLineEdit()
        self.note.setObjectName("formNote")
        self.note.setPlaceholderText(_("The words used, e.g. 师父 / شما"))
        self.set_button = panel._button(_("Set"), "formSet", self.set_from_fields)
        self.remove_button = panel._button(_("Remove"), "formRemove", self.remove_selected)
        fields = QHBoxLayout()
        arrow = QLabel("←" if QApplication.isRightToLeft() else "→")  # speaker → addressee
        for widget in (self.speaker, arrow, self.addressee, self.form):
            fields.addWidget(widget)
        fields.addWidget(self.note, 1)
        fields.addWidget(self.set_button)
        fields.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(fields)
        for widget in (self.speaker, self.addressee, self.form, self.note, self.set_button,
                       self.remove_button):
            widget.setEnabled(panel.can_edit_forms)
        self.refresh()

    def refresh(self) -> None:
        """Read characters and pairs again."""
        source = self.project.info().source_language
        self.names = {c.id: c.name(source) for c in self.project.characters()}
        for box in (self.speaker, self.addressee):
            current = box.currentData()
            box.blockSignals(True)
            box.clear()
            for character_id, name in self.names.items():
                box.addItem(name, character_id)
            if current is not None and box.findData(current) >= 0:
                box.setCurrentIndex(box.findData(current))
            box.blockSignals(False)
        if self.addressee.count() > 1 and self.addressee.currentIndex() == 0:
            self.addressee.setCurrentIndex(1)
        self.records = address_forms.address_forms(self.project)
        self.table.setRowCount(len(self.records))
        for row, rec in enumerate(self.records):
            values = (self.names.get(rec.speaker_id, ""), self.names.get(rec.addressee_id, ""),
                      address_forms.form_label(rec.form), rec.note)
            for column, text in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(text))

    def _load_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        rec = self.records[rows[0].row()]
        for box, value in ((self.speaker, rec.speaker_id), (self.addressee, rec.addressee_id),
                           (self.form, rec.form)):
            box.setCurrentIndex(max(0, box.findData(value)))
        self.note.setText(rec.note)

    def set_from_fields(self) -> bool:
        """Set the pair in the fields (adds it or changes it)."""
        speaker, addressee = self.speaker.currentData(), self.addressee.currentData()
        form, note = self.form.currentData(), self.note.text().strip()
        return self.panel._attempt(lambda: address_forms.set_address_form(
            self.project, speaker, addressee, form, note))

    def remove_selected(self) -> bool:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return False
        row_id = self.records[rows[0].row()].id
        return self.panel._attempt(
            lambda: address_forms.remove_address_form(self.project, row_id))


def _type_label(kind: str) -> str:
    return {"character": _("character"), "location": _("location"),
            "heritage": _("heritage item")}.get(kind, kind)


def _status_label(status: str) -> str:
    return {"proposed": _("proposed"), "approved": _("approved"),
            glossary.SUGGESTED: _("suggested")}.get(status, status)
