"""The heritage library panel: search, filters, results, an entry card, linking and editing.

A QDockWidget built on a ``Library`` (and, when a project is open, the ``OpenProject``). The
window tells it what is selected: the scene under the editor's caret (``set_scene``), the beat
(``set_beat``: the card chosen on the board, else the caret scene's card) and the script lines
of the editor's selection (``set_lines``). "Link to" this scene, this beat or the selected
lines links the chosen entry through one undoable command that also stores a snapshot in the
project. "Edit…" and "New entry…" open the consultant's edit form (``ui.heritage.edit_form``);
a saved entry is searched and shown again and ``entry_saved`` tells the window.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import _, format_number, ngettext
from app.features.heritage.labels import category_labels, domain_labels, list_labels
from app.features.heritage.library import Library
from app.features.heritage.linking import link_entry
from app.features.heritage.search import Filters, Hit
from app.project.errors import USER_ERRORS
from app.project.open_project import OpenProject
from ui.heritage.card import card_html
from ui.heritage.edit_form import HeritageEditForm

logger = logging.getLogger(__name__)

ID_ROLE = Qt.ItemDataRole.UserRole + 1
ANY_YEAR = 0


class HitModel(QAbstractListModel):
    """Search results: one row per entry, shown as "中文名 — English name"."""

    def __init__(self, library: Library) -> None:
        super().__init__()
        self._library = library
        self._hits: list[Hit] = []

    def set_hits(self, hits: list[Hit]) -> None:
        self.beginResetModel()
        self._hits = hits
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            names = (self._library.get(hit.entry_id) or {}).get("names", {})
            return f"{names.get('zh-Hans', '')} — {names.get('en', '')}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return hit.matched or hit.entry_id
        if role == ID_ROLE:
            return hit.entry_id
        return None


def _combo(items: list[tuple[str, str]]) -> QComboBox:
    box = QComboBox()
    box.addItem(_("Any"), None)
    for value, label in items:
        box.addItem(label, value)
    return box


class HeritagePanel(QDockWidget):
    """Search the heritage library and link entries to the selected scene."""

    #: The id of an entry just linked (to a scene, a beat or lines).
    linked = Signal(str)
    #: The id of an entry just edited or added in the library.
    entry_saved = Signal(str)

    def __init__(
        self, library: Library, project: OpenProject | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(_("Heritage library"), parent)
        self.setObjectName("heritage_panel")
        self.library = library
        self.project = project
        self.scene_id: str | None = None
        self.beat_id: str | None = None
        self.line_ids: list[str] = []  # elements of the editor's selection
        self.edit_form: HeritageEditForm | None = None

        self.query = QLineEdit()
        self.query.setPlaceholderText(_("Search names, aliases, descriptions…"))
        self.query.setClearButtonEnabled(True)
        self.domain = _combo(list(domain_labels().items()))
        self.category = _combo(list(category_labels().items()))
        countries = sorted({c for e in library.entries() for c in e.get("countries", [])})
        self.country = _combo([(c, c) for c in countries])
        self.inscription_list = _combo(list(list_labels().items()))
        self.year_from, self.year_to = QSpinBox(), QSpinBox()
        for box in (self.year_from, self.year_to):
            box.setRange(ANY_YEAR, 2100)
            box.setSpecialValueText(_("any"))
            box.setValue(ANY_YEAR)

        self.model = HitModel(library)
        self.results = QListView()
        self.results.setModel(self.model)
        self.card = QTextBrowser()
        self.card.setOpenExternalLinks(True)
        self.link_button = QPushButton(_("This scene"))
        self.link_button.setToolTip(_("Link the entry to the scene under the editor's caret"))
        self.link_beat_button = QPushButton(_("This beat"))
        self.link_beat_button.setToolTip(
            _("Link the entry to the card selected on the board (or the caret scene's card)"))
        self.link_lines_button = QPushButton(_("Selected lines"))
        self.link_lines_button.setToolTip(
            _("Link the entry to each script line of the editor's selection"))
        self.edit_button = QPushButton(_("Edit…"))
        self.new_button = QPushButton(_("New entry…"))
        self.status = QLabel()
        self.status.setWordWrap(True)

        filters = QFormLayout()
        filters.addRow(_("Domain"), self.domain)
        filters.addRow(_("Category"), self.category)
        filters.addRow(_("Country"), self.country)
        filters.addRow(_("List"), self.inscription_list)
        years = QHBoxLayout()
        years.addWidget(self.year_from)
        years.addWidget(QLabel("–"))
        years.addWidget(self.year_to)
        filters.addRow(_("Years"), years)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.results)
        split.addWidget(self.card)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.query)
        layout.addLayout(filters)
        layout.addWidget(split, 1)
        links = QHBoxLayout()
        links.addWidget(QLabel(_("Link to:")))
        for button in (self.link_button, self.link_beat_button, self.link_lines_button):
            links.addWidget(button)
        layout.addLayout(links)
        edits = QHBoxLayout()
        edits.addWidget(self.edit_button)
        edits.addWidget(self.new_button)
        edits.addStretch(1)
        layout.addLayout(edits)
        layout.addWidget(self.status)
        self.setWidget(body)

        self.query.textChanged.connect(self.refresh)
        for box in (self.domain, self.category, self.country, self.inscription_list):
            box.currentIndexChanged.connect(self.refresh)
        for spin in (self.year_from, self.year_to):
            spin.valueChanged.connect(self.refresh)
        self.results.selectionModel().currentChanged.connect(self._show_current)
        self.link_button.clicked.connect(self.link_selected)
        self.link_beat_button.clicked.connect(self.link_to_beat)
        self.link_lines_button.clicked.connect(self.link_to_lines)
        self.edit_button.clicked.connect(self.edit_current)
        self.new_button.clicked.connect(self.new_entry)
        self._update_link_button()

    # -- state from the window ------------------------------------------------------------

    def set_project(self, project: OpenProject | None) -> None:
        """The project links go into (None when no project is open)."""
        self.project = project
        self.scene_id, self.beat_id, self.line_ids = None, None, []
        self._update_link_button()

    def set_scene(self, scene_id: str | None) -> None:
        """The scene selected in the window, the target of "Link to selected scene"."""
        self.scene_id = scene_id
        self._update_link_button()

    def set_beat(self, beat_id: str | None) -> None:
        """The beat "Link to this beat" links to."""
        self.beat_id = beat_id
        self._update_link_button()

    def set_lines(self, element_ids: list[str]) -> None:
        """The script lines (element ids) "Link to selected lines" links to."""
        self.line_ids = list(element_ids)
        self._update_link_button()

    # -- searching ------------------------------------------------------------------------

    def filters(self) -> Filters:
        """The filters the controls describe."""
        return Filters(
            domain=self.domain.currentData(),
            category=self.category.currentData(),
            country=self.country.currentData(),
            inscription_list=self.inscription_list.currentData(),
            year_from=self.year_from.value() or None,
            year_to=self.year_to.value() or None,
        )

    def refresh(self) -> None:
        """Search again with the current text and filters."""
        hits = self.library.search(self.query.text(), self.filters(), limit=200)
        self.model.set_hits(hits)
        self.card.clear()
        if hits:
            self.results.setCurrentIndex(self.model.index(0))
        self.status.setText(
            ngettext("{n} entry", "{n} entries", len(hits)).format(n=format_number(len(hits)))
            if self.query.text() or hits
            else ""
        )
        self._update_link_button()

    def current_entry_id(self) -> str | None:
        """The id of the entry shown on the card."""
        index = self.results.currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def _show_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        entry_id = current.data(ID_ROLE) if current.isValid() else None
        entry = self.library.get(entry_id) if entry_id else None
        self.card.setHtml(card_html(entry) if entry else "")
        self._update_link_button()

    # -- linking --------------------------------------------------------------------------

    def _update_link_button(self) -> None:
        project = self.project
        allowed = project.history.allowed_tables if project is not None else None
        writable = bool(project is not None and project.history.writable
                        and (allowed is None or "heritage_link" in allowed)
                        and self.current_entry_id())
        self.link_button.setEnabled(bool(writable and self.scene_id))
        self.link_beat_button.setEnabled(bool(writable and self.beat_id))
        self.link_lines_button.setEnabled(bool(writable and self.line_ids))
        self.edit_button.setEnabled(self.current_entry_id() is not None)

    def link_selected(self) -> None:
        """Link the shown entry to the selected scene (undoable; the project keeps a copy)."""
        if self.scene_id:
            self._link([("scene", self.scene_id)], _("Linked {id} to the scene."))

    def link_to_beat(self) -> None:
        """Link the shown entry to the selected beat (undoable)."""
        if self.beat_id:
            self._link([("beat", self.beat_id)], _("Linked {id} to the beat."))

    def link_to_lines(self) -> None:
        """Link the shown entry to every script line of the editor's selection (one step)."""
        if self.line_ids:
            self._link([("element", line) for line in self.line_ids],
                       _("Linked {id} to the selected lines."))

    def _link(self, targets: list[tuple[str, str]], done: str) -> None:
        entry_id = self.current_entry_id()
        if self.project is None or not entry_id or not targets:
            return
        (kind, target), *more = targets
        try:
            link_entry(self.project, kind, target, entry_id, self.library, more)
        except USER_ERRORS as exc:
            self.status.setText(str(exc))
            return
        self.status.setText(done.format(id=entry_id))
        self.linked.emit(entry_id)

    # -- editing the library ----------------------------------------------------------------

    def edit_current(self) -> HeritageEditForm | None:
        """Edit…: the edit form for the entry on the card."""
        entry_id = self.current_entry_id()
        entry = self.library.get(entry_id) if entry_id else None
        return self._open_form(entry) if entry is not None else None

    def new_entry(self) -> HeritageEditForm:
        """New entry…: an empty edit form."""
        return self._open_form(None)

    def _open_form(self, entry: dict[str, Any] | None) -> HeritageEditForm:
        if self.edit_form is not None:
            self.edit_form.deleteLater()
        self.edit_form = HeritageEditForm(self.library, entry, self)
        self.edit_form.saved.connect(self._on_saved)
        self.edit_form.open()
        return self.edit_form

    def _on_saved(self, entry_id: str) -> None:
        self.refresh()
        row = next((r for r in range(self.model.rowCount())
                    if self.model.index(r).data(ID_ROLE) == entry_id), None)
        if row is None:  # not among the results: show it alone
            self.query.blockSignals(True)
            self.query.setText(entry_id)
            self.query.blockSignals(False)
            self.model.set_hits([Hit(entry_id, 0, "", "", entry_id)])
            row = 0
        self.results.setCurrentIndex(self.model.index(row))
        self.status.setText(_("Saved {id} in the library.").format(id=entry_id))
        self.entry_saved.emit(entry_id)
