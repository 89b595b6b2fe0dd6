"""The consultant's edit form for one heritage library entry (or a new one).

Every field of the seed format: names and aliases per language (Arabic and Persian fields are
right-to-left), UNESCO domains, China's category, countries, region, community, China's
national listing, UNESCO inscriptions, descriptions (English, Chinese), what must be right on
screen, sensitivities, related entries, sources and the review. OK checks the entry with the
same rules as an import (``app.features.heritage.validate``); a problem is shown under the form,
naming
the field, and the field is marked — nothing is saved until every problem is gone. A saved
entry is marked locally edited, so a newer bundled seed keeps it.
"""

from __future__ import annotations

import copy
import datetime as dt
import logging
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.direction import is_rtl
from app.core.i18n import _
from app.features.heritage.errors import HeritageError
from app.features.heritage.labels import (
    access_labels,
    category_labels,
    domain_labels,
    list_labels,
    sensitivity_labels,
)
from app.features.heritage.library import Library
from app.features.heritage.migrate import BATCH_YEARS, migrate_entry
from app.features.heritage.validate import LANGUAGES, entry_problems
from ui import dialogs
from ui.heritage.card import LANGUAGE_LABELS

logger = logging.getLogger(__name__)

ALIAS_SEPARATOR = "|"
INSCRIPTION_LISTS = ("representative", "urgent", "good_practices", "masterpiece")
INVALID_STYLE = "border: 2px solid #c0392b;"


def _split(text: str, separator: str = ALIAS_SEPARATOR) -> list[str]:
    return [part.strip() for part in text.split(separator) if part.strip()]


def _line(lang: str | None = None) -> QLineEdit:
    edit = QLineEdit()
    if lang is not None:
        _set_direction(edit, lang)
    return edit


def _text(lang: str | None = None, height: int = 80) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setMinimumHeight(height)
    if lang is not None:
        _set_direction(edit, lang)
    return edit


def _set_direction(widget: QWidget, lang: str) -> None:
    rtl = is_rtl(lang)
    widget.setLayoutDirection(Qt.LayoutDirection.RightToLeft if rtl
                              else Qt.LayoutDirection.LeftToRight)
    widget.setProperty("lang", lang)


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    return table


def _cell(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    return item.text().strip() if item is not None else ""


class HeritageEditForm(QDialog):
    """Edit ``entry`` of ``library`` (None: a new entry) and save it on OK."""

    saved = Signal(str)  # the entry id, once stored

    def __init__(self, library: Library, entry: dict[str, Any] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.original = copy.deepcopy(migrate_entry(entry)) if entry else {}
        self.is_new = entry is None
        self.setWindowTitle(_("New heritage entry") if self.is_new
                            else _("Edit heritage entry {id}").format(id=entry["id"]))
        self.resize(760, 620)
        self.fields: dict[str, QWidget] = {}  # field path -> the widget that edits it

        self.tabs = QTabWidget()
        self.tabs.addTab(self._names_tab(), _("Names"))
        self.tabs.addTab(self._facts_tab(), _("Facts"))
        self.tabs.addTab(self._texts_tab(), _("Descriptions"))
        self.tabs.addTab(self._sources_tab(), _("Sources and review"))
        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #c0392b;")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons = dialogs.ok_cancel_buttons(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self._fill(self.original)

    # -- building ---------------------------------------------------------------------------

    def _names_tab(self) -> QWidget:
        page = QWidget()
        grid = QGridLayout(page)
        grid.addWidget(QLabel(_("Name")), 0, 1)
        grid.addWidget(QLabel(_("Aliases (separated by |)")), 0, 2)
        self.names: dict[str, QLineEdit] = {}
        self.aliases: dict[str, QLineEdit] = {}
        for row, lang in enumerate(LANGUAGES, start=1):
            grid.addWidget(QLabel(LANGUAGE_LABELS[lang]), row, 0)
            self.names[lang], self.aliases[lang] = _line(lang), _line(lang)
            self.names[lang].setObjectName(f"name_{lang}")
            self.aliases[lang].setObjectName(f"aliases_{lang}")
            grid.addWidget(self.names[lang], row, 1)
            grid.addWidget(self.aliases[lang], row, 2)
            self.fields[f"names.{lang}"] = self.names[lang]
            self.fields[f"aliases.{lang}"] = self.aliases[lang]
        grid.setRowStretch(len(LANGUAGES) + 1, 1)
        return page

    def _facts_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.entry_id = _line()
        self.entry_id.setPlaceholderText(_("e.g. cn-longquan-celadon (a-z, 0-9 and -)"))
        self.entry_id.setReadOnly(not self.is_new)
        form.addRow(_("Id"), self.entry_id)
        domains = QHBoxLayout()
        self.domains: dict[str, QCheckBox] = {}
        for value, label in domain_labels().items():
            self.domains[value] = QCheckBox(label)
            domains.addWidget(self.domains[value])
        domain_box = QWidget()
        domain_box.setLayout(domains)
        form.addRow(_("UNESCO domains"), domain_box)
        self.category = QComboBox()
        self.category.addItem(_("None"), None)
        for value, label in category_labels().items():
            self.category.addItem(label, value)
        form.addRow(_("China's category"), self.category)
        self.countries = _line()
        self.countries.setPlaceholderText(_("ISO codes separated by commas, e.g. CN, IR"))
        self.region, self.community = _line(), _line()
        form.addRow(_("Countries"), self.countries)
        form.addRow(_("Region"), self.region)
        form.addRow(_("Community"), self.community)
        self.batch = QSpinBox()
        self.batch.setRange(0, 5)
        self.batch.setSpecialValueText(_("not listed"))
        self.national_number = _line()
        form.addRow(_("China's national list, batch"), self.batch)
        form.addRow(_("National number"), self.national_number)
        self.inscriptions = _table([_("List"), _("Year"), _("Note")])
        form.addRow(_("UNESCO inscriptions"), self._with_buttons(self.inscriptions,
                                                                 self.add_inscription))
        self.related = _line()
        self.related.setPlaceholderText(_("ids of related entries, separated by commas"))
        form.addRow(_("Related entries"), self.related)
        self.fields.update({"id": self.entry_id, "unesco_domains": domain_box,
                            "china_category": self.category, "countries": self.countries,
                            "region": self.region, "community": self.community,
                            "national.batch": self.batch,
                            "national.code": self.national_number,
                            "inscriptions": self.inscriptions, "relations": self.related})
        return page

    def _texts_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.description_en = _text("en")
        self.description_zh = _text("zh-Hans")
        self.portrayal = _text(height=60)
        self.sensitivities = _table([_("Kind"), _("Sensitivity"), _("Source (URL)")])
        self.access = QComboBox()
        for value, label in access_labels().items():
            self.access.addItem(label, value)
        self.access_note = _line()
        self.access_note.setPlaceholderText(_("e.g. do not depict the ritual"))
        self.uncertain = _text(height=50)
        form.addRow(_("Description (English)"), self.description_en)
        form.addRow(_("Description (Chinese)"), self.description_zh)
        form.addRow(_("On screen (portrayal notes)"), self.portrayal)
        form.addRow(_("Sensitivities"), self._with_buttons(self.sensitivities,
                                                           self.add_sensitivity))
        form.addRow(_("Consent"), self.access)
        form.addRow(_("Consent note"), self.access_note)
        form.addRow(_("Not settled by a source"), self.uncertain)
        self.fields.update({"description.en": self.description_en,
                            "description.zh-Hans": self.description_zh,
                            "portrayal_notes": self.portrayal,
                            "sensitivities": self.sensitivities, "access": self.access,
                            "access.note": self.access_note, "uncertain": self.uncertain})
        return page

    def _sources_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.sources = _table([_("URL"), _("Title"), _("Read on (YYYY-MM-DD)")])
        form.addRow(_("Sources"), self._with_buttons(self.sources, self.add_source))
        self.review_status = QComboBox()
        self.review_status.addItem(_("Not reviewed"), "unreviewed")
        self.review_status.addItem(_("Reviewed"), "reviewed")
        self.reviewer, self.reviewed_at = _line(), _line()
        self.reviewed_at.setPlaceholderText(dt.date.today().isoformat())  # the format, by example
        form.addRow(_("Review"), self.review_status)
        form.addRow(_("Reviewed by"), self.reviewer)
        form.addRow(_("Reviewed on"), self.reviewed_at)
        self.fields.update({"sources": self.sources, "review": self.review_status,
                            "review.by": self.reviewer, "review.at": self.reviewed_at})
        return page

    def _with_buttons(self, table: QTableWidget, add: Any) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(table)
        row = QHBoxLayout()
        plus, minus = QPushButton(_("Add")), QPushButton(_("Remove"))
        plus.clicked.connect(lambda: add())
        minus.clicked.connect(lambda: table.removeRow(max(table.currentRow(), 0))
                              if table.rowCount() else None)
        row.addWidget(plus)
        row.addWidget(minus)
        row.addStretch(1)
        layout.addLayout(row)
        return box

    def add_inscription(self, item: dict[str, Any] | None = None) -> None:
        """A row for one UNESCO inscription (list, year, note)."""
        item = item or {"list": "representative", "year": None, "note": ""}
        row = self.inscriptions.rowCount()
        self.inscriptions.insertRow(row)
        lists = QComboBox()
        labels = list_labels()
        for value in INSCRIPTION_LISTS:
            lists.addItem(labels[value], value)
        lists.setCurrentIndex(max(lists.findData(item.get("list")), 0))
        self.inscriptions.setCellWidget(row, 0, lists)
        year = item.get("year")
        self.inscriptions.setItem(row, 1, QTableWidgetItem("" if year is None else str(year)))
        self.inscriptions.setItem(row, 2, QTableWidgetItem(item.get("note", "")))

    def add_sensitivity(self, item: dict[str, Any] | None = None) -> None:
        """A row for one sensitivity (kind, text, the URL of its source)."""
        item = item or {"kind": "other", "text": "", "sources": []}
        row = self.sensitivities.rowCount()
        self.sensitivities.insertRow(row)
        kinds = QComboBox()
        for value, label in sensitivity_labels().items():
            kinds.addItem(label, value)
        kinds.setCurrentIndex(max(kinds.findData(item.get("kind")), 0))
        self.sensitivities.setCellWidget(row, 0, kinds)
        self.sensitivities.setItem(row, 1, QTableWidgetItem(item.get("text", "")))
        url = item["sources"][0]["url"] if item.get("sources") else ""
        self.sensitivities.setItem(row, 2, QTableWidgetItem(url))

    def _sensitivity_items(self) -> list[dict[str, Any]]:
        """The sensitivities in the table; a source seen before keeps its title and date."""
        known = {s["url"]: s for item in self.original.get("sensitivities", [])
                 for s in item.get("sources", [])}
        items = []
        for row in range(self.sensitivities.rowCount()):
            kinds = self.sensitivities.cellWidget(row, 0)
            text, url = _cell(self.sensitivities, row, 1), _cell(self.sensitivities, row, 2)
            if not text and not url:
                continue
            source = known.get(url) or {"url": url, "title": url,
                                        "read": dt.date.today().isoformat()}
            items.append({"kind": kinds.currentData() if isinstance(kinds, QComboBox)
                          else "other", "text": text, "sources": [source] if url else []})
        return items

    def add_source(self, item: dict[str, Any] | None = None) -> None:
        """A row for one source (URL, title, the date it was read)."""
        item = item or {}
        row = self.sources.rowCount()
        self.sources.insertRow(row)
        for column, key in enumerate(("url", "title", "read")):
            self.sources.setItem(row, column, QTableWidgetItem(item.get(key, "")))

    # -- filling and reading ----------------------------------------------------------------

    def _fill(self, entry: dict[str, Any]) -> None:
        for lang in LANGUAGES:
            self.names[lang].setText(entry.get("names", {}).get(lang, ""))
            self.aliases[lang].setText(
                f" {ALIAS_SEPARATOR} ".join(entry.get("aliases", {}).get(lang, [])))
        self.entry_id.setText(entry.get("id", ""))
        for value, box in self.domains.items():
            box.setChecked(value in entry.get("unesco_domains", []))
        self.category.setCurrentIndex(max(self.category.findData(entry.get("china_category")), 0))
        self.countries.setText(", ".join(entry.get("countries", [])))
        self.region.setText(entry.get("region", ""))
        self.community.setText(entry.get("community", ""))
        national = entry.get("national") or {}
        self.batch.setValue(national.get("batch") or 0)
        self.national_number.setText(national.get("code", ""))
        for item in entry.get("inscriptions", []):
            self.add_inscription(item)
        self.related.setText(", ".join(r["id"] for r in entry.get("relations", [])
                                       if r.get("kind") == "related"))
        description = entry.get("description", {})
        self.description_en.setPlainText(description.get("en", ""))
        self.description_zh.setPlainText(description.get("zh-Hans", ""))
        self.portrayal.setPlainText(entry.get("portrayal_notes", ""))
        for item in entry.get("sensitivities", []):
            self.add_sensitivity(item)
        access = entry.get("access") or {}
        self.access.setCurrentIndex(max(self.access.findData(access.get("level", "open")), 0))
        self.access_note.setText(access.get("note", ""))
        self.uncertain.setPlainText(entry.get("uncertain", ""))
        for item in entry.get("sources", []):
            self.add_source(item)
        if not entry.get("sources"):
            self.add_source()
        review = entry.get("review", {})
        self.review_status.setCurrentIndex(
            max(self.review_status.findData(review.get("status", "unreviewed")), 0))
        self.reviewer.setText(review.get("by", ""))
        self.reviewed_at.setText(review.get("at", ""))

    def entry(self) -> tuple[dict[str, Any], list[str]]:
        """The entry the form describes, and problems found before the schema check."""
        problems: list[str] = []
        entry = copy.deepcopy(self.original)
        entry["id"] = self.entry_id.text().strip()
        entry["names"] = {lang: edit.text().strip() for lang, edit in self.names.items()
                          if edit.text().strip() or lang in ("zh-Hans", "en")}
        entry["aliases"] = {lang: _split(edit.text()) for lang, edit in self.aliases.items()
                            if _split(edit.text())}
        entry["unesco_domains"] = [v for v, box in self.domains.items() if box.isChecked()]
        entry["china_category"] = self.category.currentData()
        entry["countries"] = [c.upper() for c in _split(self.countries.text(), ",")]
        entry["region"] = self.region.text().strip()
        entry["community"] = self.community.text().strip()
        national = dict(entry.get("national") or {})
        national["batch"] = self.batch.value() or None
        national["code"] = self.national_number.text().strip()
        if national["batch"] and not national.get("year"):
            national["year"] = BATCH_YEARS[national["batch"]]
        if national["batch"] or national["code"] or entry.get("national"):
            entry["national"] = national
        inscriptions = []
        for row in range(self.inscriptions.rowCount()):
            lists = self.inscriptions.cellWidget(row, 0)
            year_text = _cell(self.inscriptions, row, 1)
            year: int | None = None
            if year_text:
                try:
                    year = int(year_text)
                except ValueError:
                    problems.append(_("inscriptions[{row}].year must be a year such as 2009.")
                                    .format(row=row))
            item = {"list": lists.currentData() if isinstance(lists, QComboBox)
                    else "representative", "year": year}
            if _cell(self.inscriptions, row, 2):
                item["note"] = _cell(self.inscriptions, row, 2)
            inscriptions.append(item)
        entry["inscriptions"] = inscriptions
        entry["relations"] = [r for r in entry.get("relations", []) if r.get("kind") != "related"]
        entry["relations"] += [{"kind": "related", "id": rid}
                               for rid in _split(self.related.text(), ",")]
        description = dict(entry.get("description", {}))
        description["en"] = self.description_en.toPlainText().strip()
        description["zh-Hans"] = self.description_zh.toPlainText().strip()
        entry["description"] = description
        entry["portrayal_notes"] = self.portrayal.toPlainText().strip()
        entry["sensitivities"] = self._sensitivity_items()
        entry["access"] = {"level": self.access.currentData(),
                           "note": self.access_note.text().strip()}
        if (self.original.get("access") or {}).get("sources"):
            entry["access"]["sources"] = self.original["access"]["sources"]
        entry["uncertain"] = self.uncertain.toPlainText().strip()
        entry["sources"] = [
            {"url": _cell(self.sources, row, 0), "title": _cell(self.sources, row, 1),
             "read": _cell(self.sources, row, 2)}
            for row in range(self.sources.rowCount())
            if any(_cell(self.sources, row, c) for c in range(3))]
        entry["review"] = {"status": self.review_status.currentData(),
                           "by": self.reviewer.text().strip(),
                           "at": self.reviewed_at.text().strip()}
        if self.is_new and entry["id"] and self.library.get(entry["id"]) is not None:
            problems.append(_("id {id} is already in the library; choose another.")
                            .format(id=entry["id"]))
        return entry, problems

    def check(self) -> tuple[dict[str, Any], list[str]]:
        """The entry and every problem with it (empty: it can be saved); marks bad fields."""
        entry, problems = self.entry()
        problems += entry_problems(entry)
        for widget in self.fields.values():
            widget.setStyleSheet("")
        for problem in problems:
            widget = self._widget_for(problem)
            if widget is not None:
                widget.setStyleSheet(INVALID_STYLE)
        if problems:
            first = self._widget_for(problems[0])
            if first is not None:
                self._reveal(first)
        return entry, problems

    def _widget_for(self, problem: str) -> QWidget | None:
        field = problem.split(" ", 1)[0]
        for path in sorted(self.fields, key=len, reverse=True):
            if field == path or field.startswith(path + ".") or field.startswith(path + "["):
                return self.fields[path]
        return None

    def _reveal(self, widget: QWidget) -> None:
        for index in range(self.tabs.count()):
            if self.tabs.widget(index).isAncestorOf(widget):
                self.tabs.setCurrentIndex(index)
        widget.setFocus()

    def accept(self) -> None:
        """Save when the entry is valid; otherwise say which field is wrong and why."""
        entry, problems = self.check()
        if problems:
            self.problem.setText("\n".join(problems[:5]))
            return
        try:
            self.library.save_entry(entry)
        except HeritageError as exc:
            self.problem.setText(str(exc))
            return
        logger.info("saved heritage entry %s", entry["id"])
        self.saved.emit(entry["id"])
        super().accept()
