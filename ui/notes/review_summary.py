"""View ▸ Review Summary…: where the consultants' review stands, and every heritage moment.

The top line counts the notes by status, the open ones by severity, and the orphans; the list
shows every heritage moment — a card of kind "heritage moment", a heritage library entry linked
from the script — with its approval status (``app.features.notes.review``), in episode order. A
double-click opens the moment on the board: the card itself, or the cards that link the entry.
The window does not block; the summary follows the project's changes (``ui.bridge``) while it
is shown, and catches up when it is shown again.

Approve, Request changes… (asks for a short reason, the note's body) and Reopen act on the
selected moments through ``review.set_approval`` (one undo step each); a button the project's
role or the moments' statuses do not allow is disabled, its tooltip saying why. The board's
card menu offers the same actions (``ui.notes.approval``).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.enums import AnnotationStatus, AnnotationTarget
from app.core.i18n import _, format_list, format_number, join_sentences, ngettext
from app.features.notes import review
from app.features.notes.consent import consent_items
from app.features.notes.impact import NotesImpact
from app.features.notes.review import ApprovalStatus
from ui.bridge import ProjectBridge, follow_while_shown
from ui.notes.approval import (
    APPROVAL_COLOURS,
    ApprovalActions,
    approval_label,
    changed_words_lines,
)
from ui.notes.highlights import SEVERITY_ORDER
from ui.notes.note_dialog import severity_labels
from ui.plain import plain_tip

logger = logging.getLogger(__name__)

TARGET_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2
_NO_SELECTION_CHANGE = QItemSelectionModel.SelectionFlag.NoUpdate


class ReviewSummary(QDialog):
    """The review summary of the project ``bridge`` follows; ``open_requested(target_type,
    target_id)`` asks the window to show a moment (double-click or Enter on a row)."""

    open_requested = Signal(str, str)

    def __init__(self, bridge: ProjectBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewSummary")
        self.setWindowTitle(_("Review summary"))
        assert bridge.project is not None
        self.project = project = bridge.project
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
        self.moments.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.moments.itemActivated.connect(lambda item, _column: self.open_item(item))
        self.moments.itemSelectionChanged.connect(self._update_actions)
        self.approval = ApprovalActions(project, self, self.selected)
        decisions = QHBoxLayout()
        self.approve_button = _button(self.approval.approve, "approveButton")
        self.request_button = _button(self.approval.request, "requestChangesButton")
        self.reopen_button = _button(self.approval.reopen, "reopenButton")
        for button in (self.approve_button, self.request_button, self.reopen_button):
            decisions.addWidget(button)
        decisions.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        hint = QLabel(_("Double-click a moment to show its card on the board."))
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.counts)
        layout.addWidget(self.moments, 1)
        layout.addLayout(decisions)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.resize(620, 460)
        follow_while_shown(self, bridge, [(bridge.notes_changed, self.on_changes)], self.refresh)
        self.refresh()

    def on_changes(self, impact: NotesImpact) -> None:
        """Read the summary again when the change concerns it."""
        if impact.review:
            self.refresh()

    def refresh(self) -> None:
        """Read the summary again (the selected moments stay selected)."""
        chosen = {target for target, _status in self.selected()}
        current = self.moments.currentItem()
        current_target = current.data(0, TARGET_ROLE) if current is not None else None
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
        flagged = {i.entry_id: i for i in consent_items(self.project)}  # consent/access badge
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
            target = (moment.target_type.value, moment.target_id)
            item.setData(0, TARGET_ROLE, target)
            item.setData(0, STATUS_ROLE, moment.status.value)
            item.setForeground(3, QColor(APPROVAL_COLOURS[moment.status]))
            if moment.changes:  # what changed in the approved words
                item.setToolTip(3, "\n".join(changed_words_lines(moment.changes, limit=12)))
            consent = flagged.get(moment.target_id) \
                if moment.target_type is AnnotationTarget.HERITAGE_ITEM else None
            if consent is not None:
                badge = _("Restricted") if consent.level == "restricted" else _("Consult")
                item.setText(1, f"{item.text(1)} · ⚠ {badge}")
                item.setToolTip(0, plain_tip(consent.note or badge))
                if consent.needs_approval:
                    item.setForeground(1, QColor("#c0392b"))
            self.moments.addTopLevelItem(item)
            if target == current_target:
                self.moments.setCurrentItem(item, 0, _NO_SELECTION_CHANGE)
            item.setSelected(target in chosen)
        for column in range(3):
            self.moments.resizeColumnToContents(column)
        self._update_actions()

    def selected(self) -> list[tuple[tuple[str, str], ApprovalStatus]]:
        """((target type, id), status) of the selected moments, in list order."""
        found = []
        for i in range(self.moments.topLevelItemCount()):
            item = self.moments.topLevelItem(i)
            if item.isSelected():
                found.append((tuple(item.data(0, TARGET_ROLE)),
                              ApprovalStatus(item.data(0, STATUS_ROLE))))
        return found

    def select_rows(self, titles: list[str]) -> None:
        """Select the moments with these titles (and nothing else)."""
        self.moments.clearSelection()
        for i in range(self.moments.topLevelItemCount()):
            item = self.moments.topLevelItem(i)
            item.setSelected(item.text(0) in titles)

    def _update_actions(self) -> None:
        self.approval.update([status for _target, status in self.selected()])

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
            open=format_number(by_status.get(AnnotationStatus.OPEN, 0)),
            resolved=format_number(by_status.get(AnnotationStatus.RESOLVED, 0)),
            accepted=format_number(by_status.get(AnnotationStatus.ACCEPTED, 0))),
    ]
    labels = severity_labels()
    severities = [
        _("{severity} {count}").format(severity=labels[s],
                                       count=format_number(summary.open_by_severity[s.value]))
        for s in reversed(SEVERITY_ORDER) if summary.open_by_severity.get(s.value)]
    if severities:
        parts.append(_("Open by severity: {list}.").format(list=format_list(severities)))
    if summary.orphans:
        parts.append(ngettext("{count} note has lost its words (orphan).",
                              "{count} notes have lost their words (orphans).",
                              summary.orphans).format(count=format_number(summary.orphans)))
    total = len(summary.moments)
    parts.append(_("Heritage moments approved: {approved} of {total}.").format(
        approved=format_number(summary.approved), total=format_number(total)))
    stale = len(summary.needs_review)
    if stale:
        parts.append(ngettext(
            "{count} approval needs review: the words it approved have changed.",
            "{count} approvals need review: the words they approved have changed.",
            stale).format(count=format_number(stale)))
    return join_sentences(parts)


def _button(action: QAction, name: str) -> QPushButton:
    """A push button that follows ``action``: text, enabled state and tooltip."""
    button = QPushButton(action.text())
    button.setObjectName(name)

    def follow() -> None:
        button.setEnabled(action.isEnabled())
        button.setToolTip(action.toolTip())

    action.changed.connect(follow)
    button.clicked.connect(lambda _checked=False: action.trigger())
    follow()
    return button
