"""Approving heritage moments: Approve, Request changes… and Reopen, wherever they are offered.

The review summary's buttons and a heritage card's menu on the board act through
``ApprovalActions`` (one undo step of notes each, through ``review.set_approval``); a status
has a colour and a name here, the same on the board's badges and in the summary.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.enums import AnnotationTarget
from app.core.i18n import _, format_list, ngettext
from app.features.board.lanes import CardApproval
from app.features.notes import review
from app.features.notes.ledger import WordChange
from app.features.notes.review import ApprovalStatus
from app.project.errors import USER_ERRORS
from app.project.open_project import OpenProject
from app.store.profile import load_profile
from ui import dialogs

logger = logging.getLogger(__name__)

#: Badge colours of the approval statuses.
APPROVAL_COLOURS: dict[ApprovalStatus, str] = {
    ApprovalStatus.UNREVIEWED: "#7f8c8d",
    ApprovalStatus.NEEDS_REVIEW: "#d35400",
    ApprovalStatus.PENDING: "#b7791f",
    ApprovalStatus.CHANGES_REQUESTED: "#c0392b",
    ApprovalStatus.CLAIMED: "#6c8a3f",
    ApprovalStatus.APPROVED: "#2f855a",
}


def approval_label(status: ApprovalStatus) -> str:
    """The interface's name for a heritage moment's approval status."""
    labels = {
        ApprovalStatus.UNREVIEWED: _("Unreviewed"),
        ApprovalStatus.NEEDS_REVIEW: _("Needs review: the approved words changed"),
        ApprovalStatus.PENDING: _("Pending"),
        ApprovalStatus.CHANGES_REQUESTED: _("Changes requested"),
        ApprovalStatus.CLAIMED: _("Approved in a review packet (not confirmed here)"),
        ApprovalStatus.APPROVED: _("Approved"),
    }
    return labels[status]


def approval_tooltip(approval: CardApproval) -> str:
    """A heritage card's approval and each of its moments', one per line; under a moment
    whose approved words changed, what changed."""
    lines = [_("Heritage approval: {status}").format(status=approval_label(approval.status))]
    for m in approval.moments:
        lines.append(f"· {m.name}: {approval_label(m.status)}")
        lines += [f"    {line}" for line in changed_words_lines(m.changes)]
    return "\n".join(lines)


#: At most this many changed lines are listed in a tooltip (the review summary lists all).
TOOLTIP_CHANGES = 4


def changed_words_lines(changes: Sequence[WordChange], limit: int = TOOLTIP_CHANGES
                        ) -> list[str]:
    """Plain lines saying what changed in approved words: "− old", "+ new" per change."""
    out: list[str] = []
    for change in list(changes)[:limit]:
        where = f"{change.line_id} " if change.line_id else ""
        if change.old is not None:
            out.append(f"{where}− {_clip(change.old)}")
        if change.new is not None:
            out.append(f"{where}+ {_clip(change.new)}")
    if len(changes) > limit:
        out.append(ngettext("… and {count} more change", "… and {count} more changes",
                            len(changes) - limit).format(count=len(changes) - limit))
    return out


def _clip(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


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


def card_moments(approval: CardApproval | None) -> Chosen:
    """The heritage moments a card stands for — itself if it is a heritage moment, then the
    entries it links (itself or through its scenes and lines) — with their statuses, in the
    order of the card's tooltip."""
    if approval is None:
        return []
    return [((m.target_type.value, m.target_id), m.status) for m in approval.moments]


def add_approval_actions(menu: QMenu, project: OpenProject, approval: CardApproval | None
                         ) -> ApprovalActions | list[ApprovalActions] | None:
    """Add Approve / Request changes… / Reopen for a card's heritage moments to ``menu``: at
    the top for a card that is one moment, in a submenu per moment ("name — status") for a
    card with several. Returns the actions (kept alive by the menu), None for no moment."""
    moments = card_moments(approval)
    if not moments or approval is None:
        return None
    widget = menu.parentWidget() or menu
    menu.setToolTipsVisible(True)  # a disabled action's tooltip says why
    if len(moments) == 1:
        actions = ApprovalActions(project, widget, lambda: moments, parent=menu)
        menu.addActions([actions.approve, actions.request, actions.reopen])
        return actions
    found = []
    for chosen, moment in zip(moments, approval.moments, strict=True):
        sub = menu.addMenu(_("{moment} — {status}").format(moment=moment.name,
                                                           status=approval_label(moment.status)))
        sub.setToolTipsVisible(True)
        actions = ApprovalActions(project, widget, lambda m=chosen: [m], parent=sub)
        sub.addActions([actions.approve, actions.request, actions.reopen])
        found.append(actions)
    return found
