"""Heritage coverage: which heritage items each episode carries, linked or found in the script.

A dock with a table, one row per heritage item and one column per episode. A cell shows how
often the item is linked there (●, on a blue ground) and how often its name was found in the
script (○, on grey); clicking a cell asks the window to show the first scene of that episode
where the item appears. The data comes from ``app.features.heritage.coverage``.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QDockWidget, QLabel, QTableView, QVBoxLayout, QWidget

from app.core.i18n import _, format_number, ngettext
from app.features.heritage.coverage import Coverage, CoverageCell
from ui.plain import plain_tip

logger = logging.getLogger(__name__)

LINKED_COLOUR, DETECTED_COLOUR = "#d6e4f5", "#eeeeee"
SCENE_ROLE = Qt.ItemDataRole.UserRole + 1


def cell_text(cell: CoverageCell | None) -> str:
    """``●2 ○3``: linked twice, found three times (empty: not in that episode)."""
    if cell is None:
        return ""
    parts = []
    if cell.linked:
        parts.append(f"●{cell.linked}")
    if cell.detected:
        parts.append(f"○{cell.detected}")
    return " ".join(parts)


class CoverageModel(QAbstractTableModel):
    """Rows: heritage items; columns: episodes."""

    def __init__(self) -> None:
        super().__init__()
        self.cover = Coverage()
        self.names: dict[str, str] = {}

    def set_coverage(self, cover: Coverage, names: dict[str, str]) -> None:
        self.beginResetModel()
        self.cover, self.names = cover, names
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.cover.entries)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.cover.episodes)

    def cell(self, index: QModelIndex | QPersistentModelIndex) -> CoverageCell | None:
        if not index.isValid():
            return None
        entry_id = self.cover.entries[index.row()]
        return self.cover.cell(entry_id, self.cover.episodes[index.column()].id)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        cell = self.cell(index)
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(cell)
        if cell is None:
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(LINKED_COLOUR if cell.linked else DETECTED_COLOUR))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(
                [ngettext("Linked {n} time", "Linked {n} times", cell.linked).format(
                    n=format_number(cell.linked))] * bool(cell.linked)
                + [ngettext("Found {n} time in the script", "Found {n} times in the script",
                            cell.detected).format(n=format_number(cell.detected))]
                * bool(cell.detected)
                + [_("Click to show the first scene.")])
        if role == SCENE_ROLE:
            return cell.first_scene
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal:
            if section >= len(self.cover.episodes):
                return None
            episode = self.cover.episodes[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return str(episode.number)
            if role == Qt.ItemDataRole.ToolTipRole:
                return plain_tip(_("Episode {number}: {title}").format(
                    number=format_number(episode.number), title=episode.title))
            return None
        if section >= len(self.cover.entries):
            return None
        entry_id = self.cover.entries[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.names.get(entry_id, entry_id)
        if role == Qt.ItemDataRole.ToolTipRole:
            return entry_id
        if role == Qt.ItemDataRole.FontRole:
            linked = any(c.linked for (e, _ep), c in self.cover.cells.items() if e == entry_id)
            font = QFont()
            font.setBold(linked)
            return font
        return None


class CoverageView(QDockWidget):
    """The coverage table as a dock; ``jump_requested(scene_id)`` on a click."""

    jump_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Heritage coverage"), parent)
        self.model = CoverageModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.horizontalHeader().setDefaultSectionSize(54)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.clicked.connect(self._on_clicked)
        self.legend = QLabel(_("● linked to a beat, scene or line   ○ found in the script   "
                               "(bold: linked somewhere)"))
        self.summary = QLabel()
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.legend)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        self.setWidget(body)

    def set_coverage(self, cover: Coverage, names: dict[str, str]) -> None:
        """Show ``cover``; ``names`` are the items' names in the interface language."""
        self.model.set_coverage(cover, names)
        episodes = {ep for _e, ep in cover.cells}
        self.summary.setText(_("{items} heritage items in {episodes} of {total} episodes")
                             .format(items=len(cover.entries), episodes=len(episodes),
                                     total=len(cover.episodes)))

    def _on_clicked(self, index: QModelIndex) -> None:
        scene_id = index.data(SCENE_ROLE)
        if scene_id:
            self.jump_requested.emit(scene_id)
