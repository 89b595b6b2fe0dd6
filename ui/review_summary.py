"""View ▸ Review Summary…: where the consultants' review stands, and every heritage moment.

The top line counts the notes by status, the open ones by severity, and the orphans; the list
shows every heritage moment — a card of kind "heritage moment", a heritage library entry linked
from the script — with its approval status (``app.notes.review``), in episode order. A
double-click opens the moment on the board: the card itself, or the cards that link the entry.
The window does not block; the summary follows the project's history while it is open.
"""

from __future__ import annotations

import logging
import weakref

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import AnnotationStatus, AnnotationTarget
from app.i18n import _, format_list, join_sentences, ngettext
from app.notes import review
from app.services.changes import Changeset
from app.services.project import OpenProject
from ui.board.model import APPROVAL_COLOURS, approval_label
from ui.note_dialog import severity_labels
from ui.note_highlights import SEVERITY_ORDER

logger = logging.getLogger(__name__)

TARGET_ROLE = Qt.ItemDataRole.UserRole + 1
#: Changes that may change what the summary shows.
_TABLES = frozenset({"annotation", "annotation_reply", "beat", "episode", "heritage_link",
                     "heritage_snapshot", "element", "scene"})


class ReviewSummary(QDialog):
    """The review summary of one project; ``open_requested(target_type, target_id)`` asks the
    window to show a moment (double-click or Enter on a row)."""

    open_requested = Signal(str, str)

    def __init__(self, project: OpenProject, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewSummary")
        self.setWindowTitle(_("Review summary"))
        self.project = project
        self.summary: review.ReviewSummary | None = None
        self.counts = QLabel()
        self.counts.setObjectName("reviewCounts")
        self.counts.setWordWrap(True)
        self.counts.setTextFormat(Qt.TextFormat.PlainText)
        self.moments = QTreeWidget()
        self.moments.setObjectName("reviewMoments")
        self.moments.setRootIsDecorated(False)
        self.moments.setHeaderLabels([_("Heritage moment"), _("Found on"), _("Episode"),
                                      _("Approval")])
        self.moments.itemActivated.connect(lambda item, _column: self.open_item(item))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        hint = QLabel(_("Double-click a moment to show its card on the board."))
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.counts)
        layout.addWidget(self.moments, 1)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.resize(620, 460)

        this = weakref.ref(self)

        def listener(changes: Changeset) -> None:
            summary = this()
            if summary is not None and shiboken6.isValid(summary) and changes.tables & _TABLES:
                summary.refresh()

        project.history.subscribe(listener)
        self.refresh()

    def refresh(self) -> None:
        """Read the summary again."""
        summary = self.summary = review.review_summary(self.project)
        self.counts.setText(describe(summary))
        numbers = {e.id: e.number for e in self.project.episodes()}
        moments = sorted(
            summary.moments,
            key=lambda m: (m.target_type is not AnnotationTarget.BEAT,
                           numbers.get(m.episode_id or "", 0) if m.episode_id else 10**6,
                           m.title))
        self.moments.clear()
        what = {AnnotationTarget.BEAT: _("Card"),
                AnnotationTarget.HERITAGE_ITEM: _("Library entry")}
        for moment in moments:
            number = numbers.get(moment.episode_id or "")
            item = QTreeWidgetItem([
                moment.title,
                what.get(moment.target_type, moment.target_type.value),
                str(number) if number is not None else (
                    "" if moment.target_type is AnnotationTarget.HERITAGE_ITEM
                    else _("Parking lot")),
                approval_label(moment.status),
            ])
            item.setData(0, TARGET_ROLE, (moment.target_type.value, moment.target_id))
            item.setForeground(3, QColor(APPROVAL_COLOURS[moment.status]))
            self.moments.addTopLevelItem(item)
        for column in range(3):
            self.moments.resizeColumnToContents(column)

    def rows(self) -> list[tuple[str, str]]:
        """(title, approval) of every row, in order."""
        return [(self.moments.topLevelItem(i).text(0), self.moments.topLevelItem(i).text(3))
                for i in range(self.moments.topLevelItemCount())]

    def open_item(self, item: QTreeWidgetItem) -> None:
        target = item.data(0, TARGET_ROLE)
        if target:
            self.open_requested.emit(*target)


def describe(summary: review.ReviewSummary) -> str:
    """The summary's counts in a sentence or three."""
    by_status = summary.by_status
    parts = [
        _("Notes: {open} open, {resolved} resolved, {accepted} accepted.").format(
            open=by_status.get(AnnotationStatus.OPEN, 0),
            resolved=by_status.get(AnnotationStatus.RESOLVED, 0),
            accepted=by_status.get(AnnotationStatus.ACCEPTED, 0)),
    ]
    labels = severity_labels()
    severities = [
        _("{severity} {count}").format(severity=labels[s],
                                       count=summary.open_by_severity[s.value])
        for s in reversed(SEVERITY_ORDER) if summary.open_by_severity.get(s.value)]
    if severities:
        parts.append(_("Open by severity: {list}.").format(list=format_list(severities)))
    if summary.orphans:
        parts.append(ngettext("{count} note has lost its words (orphan).",
                              "{count} notes have lost their words (orphans).",
                              summary.orphans).format(count=summary.orphans))
    total = len(summary.moments)
    parts.append(_("Heritage moments approved: {approved} of {total}.").format(
        approved=summary.approved, total=total))
    return join_sentences(parts)


def cards_of(board_facts_heritage: dict[str, set[str]], target_type: str,
             target_id: str) -> list[str]:
    """The cards a moment stands for: the card itself, or the cards linking the entry."""
    if target_type == AnnotationTarget.BEAT.value:
        return [target_id]
    return sorted(beat for beat, entries in board_facts_heritage.items() if target_id in entries)
