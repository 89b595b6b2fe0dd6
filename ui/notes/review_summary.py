"""View ▸ Review Summary…: where the consultants' review stands, and every heritage moment.

The top line counts the notes by status, the open ones by severity, and the orphans; the list
shows every heritage moment — a card of kind "heritage moment", a heritage library entry linked
from the script — with its approval status (``app.features.notes.review``), in episode order. A
double-click opens the moment on the board: the card itself, or the cards that link the entry.
The window does not block; the summary follows the project's history while it is open.

Approve, Request changes… (asks for a short reason, the note's body) and Reopen act on the
selected moments through ``review.set_approval`` (one undo step each); a button the project's
role or the moments' statuses do not allow is disabled, its tooltip saying why. The board's
card menu offers the same actions (``add_approval_actions``).
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QItemSelectionModel, QObject, Qt, Signal
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.enums import AnnotationStatus, AnnotationTarget
from app.core.i18n import _, format_list, format_number, join_sentences, ngettext
from app.features.heritage.consent import consent_items
from app.features.notes import review
from app.features.notes.review import ApprovalStatus
from app.project.changes import Changeset
from app.project.errors import USER_ERRORS
from app.project.open_project import OpenProject
from app.store.profile import load_profile
from ui import dialogs
from ui.board.model import APPROVAL_COLOURS, BoardData, approval_label
from ui.notes.highlights import SEVERITY_ORDER
from ui.notes.note_dialog import severity_labels

logger = logging.getLogger(__name__)

TARGET_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2
_NO_SELECTION_CHANGE = QItemSelectionModel.SelectionFlag.NoUpdate
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

        this = weakref.ref(self)

        def listener(changes: Changeset) -> None:
            summary = this()
            if summary is not None and shiboken6.isValid(summary) and changes.tables & _TABLES:
                summary.refresh()

        project.history.subscribe(listener)
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
            consent = flagged.get(moment.target_id) \
                if moment.target_type is AnnotationTarget.HERITAGE_ITEM else None
            if consent is not None:
                badge = _("Restricted") if consent.level == "restricted" else _("Consult")
                item.setText(1, f"{item.text(1)} · ⚠ {badge}")
                item.setToolTip(0, consent.note or badge)
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
    return join_sentences(parts)


def cards_of(board_facts_heritage: dict[str, set[str]], target_type: str,
             target_id: str) -> list[str]:
    """The cards a moment stands for: the card itself, or the cards linking the entry."""
    if target_type == AnnotationTarget.BEAT.value:
        return [target_id]
    return sorted(beat for beat, entries in board_facts_heritage.items() if target_id in entries)


class ReasonDialog(QDialog):
    """Asks what should change before a heritage moment can be approved (the note's body)."""

    def __init__(self, titles: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("requestChangesDialog")
        self.setWindowTitle(_("Request changes"))
        what = QLabel(ngettext("What should change in {moments}?",
                               "What should change in these moments: {moments}?",
                               len(titles)).format(moments=format_list(titles)))
        what.setWordWrap(True)
        what.setTextFormat(Qt.TextFormat.PlainText)
        self.text = QPlainTextEdit()
        self.text.setObjectName("changesReason")
        self.text.setPlaceholderText(_("For example: the glaze described is Ming, not Qing."))
        self.buttons = dialogs.ok_cancel_buttons(self)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(_("Request changes"))
        self.ok.setEnabled(False)
        self.text.textChanged.connect(
            lambda: self.ok.setEnabled(bool(self.text.toPlainText().strip())))
        layout = QVBoxLayout(self)
        layout.addWidget(what)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.buttons)
        self.resize(420, 220)

    def reason(self) -> str:
        return self.text.toPlainText().strip()


Chosen = list[tuple[tuple[str, str], ApprovalStatus]]


class ApprovalActions(QObject):
    """Approve, Request changes… and Reopen for the moments ``chosen()`` returns.

    Each is a ``QAction``, enabled only when the project's role and the moments' statuses
    allow it (``review.approval_blocker``); when disabled its tooltip says why. The change
    goes through ``review.set_approval``, so it is one undo step of notes, and a refusal is
    shown in a dialog naming the fix.
    """

    done = Signal()

    def __init__(self, project: OpenProject, widget: QWidget, chosen: Callable[[], Chosen],
                 parent: QObject | None = None) -> None:
        super().__init__(parent or widget)
        self.project = project
        self.widget = widget  # where dialogs open
        self.chosen = chosen
        self.reason_dialog: ReasonDialog | None = None
        self.approve = QAction(_("Approve"), self)
        self.approve.setObjectName("approveMoment")
        self.request = QAction(_("Request changes…"), self)
        self.request.setObjectName("requestChanges")
        self.reopen = QAction(_("Reopen"), self)
        self.reopen.setObjectName("reopenMoment")
        self.approve.triggered.connect(
            lambda _checked=False: self.run(ApprovalStatus.APPROVED))
        self.request.triggered.connect(lambda _checked=False: self.ask_changes())
        self.reopen.triggered.connect(lambda _checked=False: self.run(ApprovalStatus.PENDING))
        self.update([status for _target, status in chosen()])

    def update(self, statuses: list[ApprovalStatus]) -> None:
        """Enable each action for moments at ``statuses``, or say in its tooltip why not."""
        hints = {
            self.approve: _("Approve the selected heritage moments."),
            self.request: _("Ask the writer to change the selected heritage moments; you say "
                            "what, briefly."),
            self.reopen: _("Send the selected heritage moments back for another look "
                           "(pending)."),
        }
        for action, status in ((self.approve, ApprovalStatus.APPROVED),
                               (self.request, ApprovalStatus.CHANGES_REQUESTED),
                               (self.reopen, ApprovalStatus.PENDING)):
            blocker = (None if self.project.history.writable else
                       _("This project is open read-only; open it for editing to change an "
                         "approval."))
            blocker = blocker or review.approval_blocker(self.project.role, statuses, status)
            action.setEnabled(blocker is None)
            action.setToolTip(blocker or hints[action])

    def run(self, status: ApprovalStatus, reason: str = "",
            chosen: Chosen | None = None) -> list[str]:
        """Move the chosen moments to ``status``; the ids of the notes added ([]: refused)."""
        targets = [(AnnotationTarget(t), i) for (t, i), _s in (chosen or self.chosen())]
        profile = load_profile()
        try:
            added = review.set_approval(self.project, targets, status,
                                        author=profile.name or _("Anonymous"), reason=reason)
        except USER_ERRORS as exc:
            dialogs.show_error(self.widget, _("Cannot change the approval"), str(exc))
            return []
        self.done.emit()
        return added

    def ask_changes(self) -> ReasonDialog | None:
        """Request changes…: ask for a short reason (not blocking), then record it."""
        chosen = list(self.chosen())
        if not chosen:
            return None
        titles = self.titles(chosen)
        if self.reason_dialog is not None and shiboken6.isValid(self.reason_dialog):
            self.reason_dialog.deleteLater()
        dialog = self.reason_dialog = ReasonDialog(titles, self.widget)
        dialog.accepted.connect(
            lambda: self.run(ApprovalStatus.CHANGES_REQUESTED, dialog.reason(), chosen))
        dialog.open()
        return dialog

    def titles(self, chosen: Chosen) -> list[str]:
        """What the chosen moments are called (a card's title, an entry's name)."""
        names = {(m.target_type.value, m.target_id): m.title
                 for m in review.heritage_moments(self.project)}
        return [names.get(target, target[1]) for target, _status in chosen]


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


def card_moments(data: BoardData, beat_id: str, is_moment: bool) -> Chosen:
    """The heritage moments a card stands for — itself if it is a heritage moment, then the
    entries it links (itself or through its scenes and lines) — with their statuses, in the
    order of the card's tooltip."""
    approval = data.approvals.get(beat_id)
    if approval is None:
        return []
    targets = [(AnnotationTarget.BEAT.value, beat_id)] if is_moment else []
    targets += [(AnnotationTarget.HERITAGE_ITEM.value, entry)
                for entry in sorted(data.facts.heritage.get(beat_id, ()))]
    return [(target, status) for target, (_name, status) in zip(targets, approval.moments,
                                                                   strict=True)]


def add_approval_actions(menu: QMenu, project: OpenProject, data: BoardData, beat_id: str,
                         is_moment: bool) -> ApprovalActions | list[ApprovalActions] | None:
    """Add Approve / Request changes… / Reopen for a card's heritage moments to ``menu``: at
    the top for a card that is one moment, in a submenu per moment ("name — status") for a
    card with several. Returns the actions (kept alive by the menu), None for no moment."""
    moments = card_moments(data, beat_id, is_moment)
    approval = data.approvals.get(beat_id)
    if not moments or approval is None:
        return None
    widget = menu.parentWidget() or menu
    menu.setToolTipsVisible(True)  # a disabled action's tooltip says why
    if len(moments) == 1:
        actions = ApprovalActions(project, widget, lambda: moments, parent=menu)
        menu.addActions([actions.approve, actions.request, actions.reopen])
        return actions
    found = []
    for moment, (name, status) in zip(moments, approval.moments, strict=True):
        sub = menu.addMenu(_("{moment} — {status}").format(moment=name,
                                                           status=approval_label(status)))
        sub.setToolTipsVisible(True)
        actions = ApprovalActions(project, widget, lambda m=moment: [m], parent=sub)
        sub.addActions([actions.approve, actions.request, actions.reopen])
        found.append(actions)
    return found
