"""The heritage library panel: search, filters, results, an entry card, and linking to a scene.

A QDockWidget built on a ``Library`` (and, when a project is open, the ``OpenProject``). The
window tells it the selected scene with ``set_scene``; "Link to selected scene" then links the
chosen entry through an undoable command that also stores a snapshot in the project.
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

from app.heritage.library import Library
from app.heritage.linking import link_entry
from app.heritage.search import Filters, Hit
from app.i18n import _
from app.services.errors import USER_ERRORS
from app.services.project import OpenProject
from ui.heritage_card import card_html

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

    #: The id of an entry just linked to a scene.
    linked = Signal(str)

    def __init__(
        self, library: Library, project: OpenProject | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(_("Heritage library"), parent)
        self.setObjectName("heritage_panel")
        self.library = library
        self.project = project
        self.scene_id: str | None = None

        self.query = QLineEdit()
        self.query.setPlaceholderText(_("Search names, aliases, descriptions…"))
        self.query.setClearButtonEnabled(True)
        self.domain = _combo(
            [
                ("oral_traditions", _("Oral traditions")),
                ("performing_arts", _("Performing arts")),
                ("social_practices", _("Social practices, rituals, festivals")),
                ("knowledge_nature", _("Knowledge of nature")),
                ("traditional_craftsmanship", _("Traditional craftsmanship")),
            ]
        )
        self.category = _combo(
            [
                ("folk_literature", _("Folk literature")),
                ("traditional_music", _("Traditional music")),
                ("traditional_dance", _("Traditional dance")),
                ("traditional_opera", _("Traditional opera")),
                ("quyi", _("Quyi (storytelling and ballad singing)")),
                ("sports_games_acrobatics", _("Sports, games and acrobatics")),
                ("traditional_fine_arts", _("Traditional fine arts")),
                ("traditional_craftsmanship", _("Traditional craftsmanship")),
                ("traditional_medicine", _("Traditional medicine")),
                ("folk_customs", _("Folk customs")),
            ]
        )
        countries = sorted({c for e in library.entries() for c in e.get("countries", [])})
        self.country = _combo([(c, c) for c in countries])
        self.inscription_list = _combo(
            [
                ("representative", _("Representative List")),
                ("urgent", _("Urgent Safeguarding List")),
                ("good_practices", _("Good Safeguarding Practices")),
                ("masterpiece", _("Masterpiece (2001–2005)")),
                ("national", _("China's national list")),
            ]
        )
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
        self.link_button = QPushButton(_("Link to selected scene"))
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
        layout.addWidget(self.link_button)
        layout.addWidget(self.status)
        self.setWidget(body)

        self.query.textChanged.connect(self.refresh)
        for box in (self.domain, self.category, self.country, self.inscription_list):
            box.currentIndexChanged.connect(self.refresh)
        for spin in (self.year_from, self.year_to):
            spin.valueChanged.connect(self.refresh)
        self.results.selectionModel().currentChanged.connect(self._show_current)
        self.link_button.clicked.connect(self.link_selected)
        self._update_link_button()

    # -- state from the window ------------------------------------------------------------

    def set_project(self, project: OpenProject | None) -> None:
        """The project links go into (None when no project is open)."""
        self.project = project
        self.scene_id = None
        self._update_link_button()

    def set_scene(self, scene_id: str | None) -> None:
        """The scene selected in the window, the target of "Link to selected scene"."""
        self.scene_id = scene_id
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
            _("{n} entries").format(n=len(hits)) if self.query.text() or hits else ""
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
        writable = self.project is not None and self.project.history.writable
        self.link_button.setEnabled(bool(writable and self.scene_id and self.current_entry_id()))

    def link_selected(self) -> None:
        """Link the shown entry to the selected scene (undoable; the project keeps a copy)."""
        entry_id = self.current_entry_id()
        if self.project is None or not self.scene_id or not entry_id:
            return
        try:
            link_entry(self.project, "scene", self.scene_id, entry_id, self.library)
        except USER_ERRORS as exc:
            self.status.setText(str(exc))
            return
        self.status.setText(_("Linked {id} to the scene.").format(id=entry_id))
        self.linked.emit(entry_id)
