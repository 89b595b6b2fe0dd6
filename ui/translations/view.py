"""The translations view: every translatable line beside its translation into one language.

Pick a target language; each dialogue line, lyric and caption shows its source text and its
translation. A translation made from an older version of its source line is marked stale. The
Fit column says how the line fits the language's subtitles and dub (characters a second, subtitle
lines, dub length ratio; ``app.features.rhythm.fit``), tinted when it does not fit; a line without
a translation shows an estimate (≈).
Editing a translation cell is one undoable edit. After an edit (typing in the editor, a
translation, undo, redo) the view re-reads only the lines the edit touched in its language
(``TranslationsImpact``, from the bridge); lines added, removed or moved, or a renamed
character, read everything again. With "Only stale
lines", a line made current stays listed (unmarked) until the next full read. The table is a
model over the rows read (no item per cell), so a series of 20,000 lines costs little memory.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.direction import is_rtl
from app.core.i18n import _, ngettext
from app.features.rhythm.fit import LineFit, problem_label
from app.features.rhythm.fit_check import text_fit
from app.features.rhythm.settings import RhythmSettings, project_settings
from app.features.translations.impact import TranslationsImpact
from app.features.translations.lines import (
    SetTranslations,
    TranslationEdit,
    TranslationRow,
    translation_rows,
)
from app.project.errors import USER_ERRORS
from ui import dialogs
from ui.bridge import ProjectBridge, follow_while_shown

logger = logging.getLogger(__name__)

COLUMNS = ("line", "speaker", "source", "translation", "status", "fit")
ELEMENT_ROLE = Qt.ItemDataRole.UserRole + 1
STALE_COLOUR = QColor("#f6d7a7")
MISFIT_COLOUR = QColor("#f3b9b0")
_TRANSLATION = COLUMNS.index("translation")
_STATUS = COLUMNS.index("status")
_FIT = COLUMNS.index("fit")
#: Lines whose fit the summary works out at a time (the rest on later turns of the event loop).
FIT_CHUNK = 1000

Index = QModelIndex | QPersistentModelIndex


def _status_labels() -> dict[str, str]:
    return {
        "": _("untranslated"),
        "draft": _("draft"),
        "translated": _("translated"),
        "reviewed": _("reviewed"),
        "approved": _("approved"),
    }


class TranslationsModel(QAbstractTableModel):
    """The rows of the view as a table: line, speaker, source, translation (editable), status.

    An edited translation cell calls ``on_edit(row, text)``, which saves it (or refuses)."""

    def __init__(self, on_edit: object, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[TranslationRow] = []
        #: element id -> its fit in the language shown, worked out when a row is first drawn
        #: (or counted for the summary): a dock of 20,000 lines opens without fitting them all
        self.fits: dict[str, LineFit] = {}
        self.fit_of: Callable[[TranslationRow], LineFit] | None = None
        self.rtl = False
        self._on_edit = on_edit
        self._labels = _status_labels()
        self._headers = [_("Line"), _("Speaker"), _("Source"), _("Translation"), _("Status"),
                         _("Fit")]
        self._stale_brush = QBrush(STALE_COLOUR)
        self._misfit_brush = QBrush(MISFIT_COLOUR)
        self._stale_tip = _("The source line changed after this translation was made.")

    def set_rows(self, rows: list[TranslationRow], rtl: bool,
                 fits: dict[str, LineFit] | None = None) -> None:
        self.beginResetModel()
        self.rows, self.rtl, self.fits = rows, rtl, fits or {}
        self.endResetModel()

    def set_row(self, index: int, row: TranslationRow, fit: LineFit | None = None) -> None:
        self.rows[index] = row
        if fit is not None:
            self.fits[row.element_id] = fit
        self.dataChanged.emit(self.index(index, 0), self.index(index, len(COLUMNS) - 1))

    def fit(self, row: TranslationRow) -> LineFit | None:
        """How ``row`` fits the language shown (worked out once, then kept)."""
        fit = self.fits.get(row.element_id)
        if fit is None and self.fit_of is not None:
            fit = self.fits[row.element_id] = self.fit_of(row)
        return fit

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return super().headerData(section, orientation, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == _TRANSLATION:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row, column = self.rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._cell(row, column)
        if role == ELEMENT_ROLE:
            return row.element_id
        if column == _FIT:
            fit = self.fit(row)
            if role == Qt.ItemDataRole.BackgroundRole:
                return self._misfit_brush if fit is not None and fit.problems else None
            if role == Qt.ItemDataRole.ToolTipRole:
                return fit_tip(fit) if fit is not None else None
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._stale_brush if row.stale else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._stale_tip if row.stale else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == _TRANSLATION and self.rtl:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def _cell(self, row: TranslationRow, column: int) -> str:
        if column == _TRANSLATION:
            return row.text
        if column == _FIT:
            fit = self.fit(row)
            return fit_text(fit) if fit is not None else ""
        if column == _STATUS:
            status = self._labels.get(row.status, row.status)
            return _("stale — {status}").format(status=status) if row.stale else status
        return (row.line_id, row.speaker, row.source)[column]

    def setData(self, index: Index, value: object,  # noqa: N802 - Qt API
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (role != Qt.ItemDataRole.EditRole or not index.isValid()
                or index.column() != _TRANSLATION or index.row() >= len(self.rows)):
            return False
        text = str(value)
        if text == self.rows[index.row()].text:
            return False
        return bool(self._on_edit(index.row(), text))  # type: ignore[operator]


def fit_text(fit: LineFit) -> str:
    """The Fit cell: characters a second, subtitle lines, dub ratio; ≈ for an estimate."""
    text = ngettext("{cps:.1f}/s · {lines} line", "{cps:.1f}/s · {lines} lines",
                    fit.lines).format(cps=fit.cps, lines=fit.lines)
    if fit.dub_ratio is not None:
        text += _(" · dub {ratio:.2f}×").format(ratio=fit.dub_ratio)
    return ("≈ " + text) if fit.estimated else text


def fit_tip(fit: LineFit) -> str:
    """The Fit cell's tooltip: what does not fit, or that it fits."""
    parts = [problem_label(p) for p in fit.problems] or [_("Fits the subtitles and the dub.")]
    if fit.estimated:
        parts.append(_("Estimated from the source line: there is no translation yet."))
    return "\n".join(parts)


class TranslationsView(QDockWidget):
    """A dock with the lines of the script and their translations into a chosen language."""

    def __init__(self, bridge: ProjectBridge, parent: QWidget | None = None) -> None:
        super().__init__(_("Translations"), parent)
        self.setObjectName("translationsView")
        assert bridge.project is not None
        self.project = project = bridge.project
        self.source_language = project.info().source_language
        self._index: dict[str, int] = {}  # element id -> row of the table
        self._pending: set[str] = set()  # element ids an edit touched, read again shortly
        self._pending_all = False  # an edit moved lines: read everything again
        self._pending_timer = QTimer(self)
        self._pending_timer.setSingleShot(True)
        self._pending_timer.setInterval(0)  # after the edit's own signal; coalesces a burst
        self._pending_timer.timeout.connect(self._apply_pending)
        # The Fit summary counts every line's fit a chunk at a time, after the rows are shown.
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self._count_fits)
        self._fits_counted = 0  # rows whose fit the summary has counted
        self._settings: RhythmSettings | None = None  # the project's, read at each refresh

        self.language = QComboBox()
        self.language.setObjectName("translationLanguage")
        for lang in project.info().target_languages:
            self.language.addItem(lang, lang)
        self.language.currentIndexChanged.connect(lambda _i: self.refresh())
        self.stale_only = QCheckBox(_("Only stale lines"))
        self.stale_only.setObjectName("staleOnly")
        self.stale_only.toggled.connect(lambda _on: self.refresh())
        self.summary = QLabel()
        self.summary.setObjectName("translationSummary")
        self.fit_summary = QLabel()
        self.fit_summary.setObjectName("fitSummary")

        self.model = TranslationsModel(self.set_translation, self)
        self.model.fit_of = self._row_fit
        self.table = QTableView()
        self.table.setObjectName("translationTable")
        self.table.setModel(self.model)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(QLabel(_("Language")))
        top.addWidget(self.language)
        top.addWidget(self.stale_only)
        top.addStretch(1)
        top.addWidget(self.fit_summary)
        top.addWidget(self.summary)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addLayout(top)
        layout.addWidget(self.table)
        self.setWidget(body)
        follow_while_shown(self, bridge, [(bridge.translations_changed, self.on_changes)],
                           self.refresh)
        self.refresh()

    # -- reading --------------------------------------------------------------------------

    @property
    def rows(self) -> list[TranslationRow]:
        """The lines shown, in order."""
        return self.model.rows

    def current_language(self) -> str:
        return self.language.currentData() or ""

    def set_language(self, language: str) -> None:
        index = self.language.findData(language)
        if index >= 0:
            self.language.setCurrentIndex(index)

    def cell(self, row: int, column: str) -> str:
        """The text of one cell (``column`` one of ``COLUMNS``)."""
        return self.model.index(row, COLUMNS.index(column)).data() or ""

    def on_changes(self, impact: TranslationsImpact) -> None:
        """Note which lines an edit touched; they are read again once the edit is over."""
        self._pending_all = self._pending_all or impact.everything
        self._pending |= impact.lines_for(self.current_language())
        if (self._pending_all or self._pending) and shiboken6.isValid(self):
            self._pending_timer.start()

    def _apply_pending(self) -> None:
        everything, ids = self._pending_all, self._pending
        self._pending_all, self._pending = False, set()
        language = self.current_language()
        if everything:
            self.refresh()
            return
        if not language or not ids:
            return
        fresh = translation_rows(self.project, language, ids)
        settings = project_settings(self.project)
        stale_only = self.stale_only.isChecked()
        if any(r.element_id not in self._index for r in fresh if r.stale or not stale_only) \
                or len({r.element_id for r in fresh}) < len(ids & self._index.keys()):
            self.refresh()  # a line appeared or went away after all
            return
        for row in fresh:
            index = self._index.get(row.element_id)
            if index is not None:
                self.model.set_row(index, row, self._fit(row, language, settings))
        self._show_summary()

    def refresh(self) -> None:
        """Read the lines and translations of the chosen language again."""
        self._pending_all, self._pending = False, set()
        language = self.current_language()
        rows = translation_rows(self.project, language) if language else []
        if self.stale_only.isChecked():
            rows = [r for r in rows if r.stale]
        self._index = {row.element_id: i for i, row in enumerate(rows)}
        self._settings = project_settings(self.project) if language else None
        self.model.set_rows(rows, is_rtl(language), {})
        self._fits_counted = 0
        self._count_fits()

    def _row_fit(self, row: TranslationRow) -> LineFit:
        language = self.current_language()
        if self._settings is None:
            self._settings = project_settings(self.project)
        return self._fit(row, language, self._settings)

    def _count_fits(self) -> None:
        """Work out the next ``FIT_CHUNK`` lines' fits; the summary shows once all are."""
        rows = self.rows if self.current_language() else []
        end = min(len(rows), self._fits_counted + FIT_CHUNK)
        for row in rows[self._fits_counted:end]:
            self.model.fit(row)
        self._fits_counted = end
        if end < len(rows):
            self._fit_timer.start()
        self._show_summary()

    def _fit(self, row: TranslationRow, language: str, settings: RhythmSettings) -> LineFit:
        return text_fit(row.kind, row.source, self.source_language, row.text, language,
                        settings, row.line_id, row.element_id)

    def _show_summary(self) -> None:
        stale = sum(r.stale for r in self.rows)
        done = sum(1 for r in self.rows if r.text)
        self.summary.setText(
            _("{done} of {total} translated, {stale} stale").format(
                done=done, total=len(self.rows), stale=stale
            )
        )
        if self._fits_counted < len(self.rows):  # still counting: said once every line is
            self.fit_summary.setText("")
            return
        misfits = sum(1 for f in self.model.fits.values() if f.problems)
        self.fit_summary.setText(ngettext("{n} line does not fit", "{n} lines do not fit",
                                          misfits).format(n=misfits) if misfits else "")

    # -- editing --------------------------------------------------------------------------

    def set_translation(self, row_index: int, text: str) -> bool:
        """Save ``text`` as the translation of row ``row_index`` (one undoable edit)."""
        row = self.rows[row_index]
        status = row.status if row.status and row.status != "draft" else "translated"
        edit = TranslationEdit(row.element_id, self.current_language(), text, status,
                               row.translator)  # fmt: skip
        try:
            self.project.run(SetTranslations([edit], typing=True))
        except USER_ERRORS as exc:
            dialogs.show_error(self, _("Translation not saved"), str(exc))
            self.refresh()
            return False
        return True
