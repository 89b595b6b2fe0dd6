"""The notes panel: every consultant note of the project, filtered, with its thread.

Filter by culture, kind, severity, status, author and episode; reply, resolve and reopen the
selected note; double-click (or "Go to words") asks the window to show the anchored words.
Orphans — notes whose words are gone — are listed under their own heading with their old quote.
"""

from __future__ import annotations

import logging
import weakref

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import AnnotationKind, AnnotationStatus, AnnotationTarget, Severity
from app.i18n import _
from app.notes import service
from app.notes.profile import Profile, load_profile
from app.services.changes import Changeset
from app.services.errors import USER_ERRORS
from app.services.project import OpenProject
from ui import dialogs
from ui.note_dialog import kind_labels, severity_labels

logger = logging.getLogger(__name__)

NOTE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SEVERITY_COLOURS = {
    Severity.INFO: "#4a7ab8",
    Severity.MINOR: "#c9a227",
    Severity.MAJOR: "#d9822b",
    Severity.CRITICAL: "#c0392b",
}


def _status_labels() -> dict[AnnotationStatus, str]:
    return {
        AnnotationStatus.OPEN: _("Open"),
        AnnotationStatus.RESOLVED: _("Resolved"),
        AnnotationStatus.ACCEPTED: _("Accepted"),
    }


class NotesPanel(QDockWidget):
    """A dock listing the project's notes; emits ``jump_requested(element_id, start, end)``."""

    jump_requested = Signal(str, int, int)

    def __init__(
        self, project: OpenProject, profile: Profile | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(_("Notes"), parent)
        self.setObjectName("notesPanel")
        self.project = project
        self.profile = profile or load_profile()
        self._records: dict[str, service.NoteRecord] = {}
        self._texts: dict[str, str] = {}

        self.culture = self._combo("cultureFilter")
        self.kind = self._combo("kindFilter")
        self.severity = self._combo("severityFilter")
        self.status = self._combo("statusFilter")
        self.author = self._combo("authorFilter")
        self.episode = self._combo("episodeFilter")
        filters = QGridLayout()
        for i, (label, combo) in enumerate(
            [
                (_("Culture"), self.culture), (_("Kind"), self.kind),
                (_("Severity"), self.severity), (_("Status"), self.status),
                (_("Author"), self.author), (_("Episode"), self.episode),
            ]
        ):
            filters.addWidget(QLabel(label), (i // 2) * 2, i % 2)
            filters.addWidget(combo, (i // 2) * 2 + 1, i % 2)

        self.tree = QTreeWidget()
        self.tree.setObjectName("notesTree")
        self.tree.setHeaderLabels([_("Words"), _("Severity"), _("Status"), _("Author")])
        self.tree.setRootIsDecorated(True)
        self.tree.currentItemChanged.connect(lambda *_args: self._show_current())
        self.tree.itemDoubleClicked.connect(lambda *_args: self.jump_to_current())
        self.detail = QTextBrowser()
        self.detail.setObjectName("noteDetail")
        self.reply_edit = QLineEdit()
        self.reply_edit.setObjectName("replyEdit")
        self.reply_edit.setPlaceholderText(_("Reply…"))
        self.reply_edit.returnPressed.connect(self.send_reply)
        self.reply_button = QPushButton(_("Reply"))
        self.reply_button.clicked.connect(self.send_reply)
        self.resolve_button = QPushButton(_("Resolve"))
        self.resolve_button.clicked.connect(
            lambda: self._set_status(AnnotationStatus.RESOLVED))
        self.reopen_button = QPushButton(_("Reopen"))
        self.reopen_button.clicked.connect(lambda: self._set_status(AnnotationStatus.OPEN))
        self.jump_button = QPushButton(_("Go to words"))
        self.jump_button.clicked.connect(self.jump_to_current)
        buttons = QHBoxLayout()
        for button in (self.reply_button, self.resolve_button, self.reopen_button,
                       self.jump_button):
            buttons.addWidget(button)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addLayout(filters)
        layout.addWidget(self.tree, 3)
        layout.addWidget(self.detail, 2)
        layout.addWidget(self.reply_edit)
        layout.addLayout(buttons)
        self.setWidget(body)

        this = weakref.ref(self)

        def listener(changes: Changeset) -> None:
            panel = this()
            if panel is not None and shiboken6.isValid(panel):
                panel.on_changes(changes)

        project.history.subscribe(listener)
        self.refresh()

    # -- filters ----------------------------------------------------------------------------

    def _combo(self, name: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.currentIndexChanged.connect(lambda _i: self._fill_tree())
        return combo

    @staticmethod
    def _reset(combo: QComboBox, options: list[tuple[str, object]]) -> None:
        keep = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(_("All"), None)
        for label, value in options:
            combo.addItem(label, value)
        index = combo.findData(keep)
        combo.setCurrentIndex(max(0, index))
        combo.blockSignals(False)

    def current_filter(self) -> service.NoteFilter:
        """The filter the combo boxes describe."""
        def enum_or_none(combo: QComboBox, enum: type) -> object:
            value = combo.currentData()
            return None if value is None else enum(value)

        return service.NoteFilter(
            culture=self.culture.currentData(),
            kind=enum_or_none(self.kind, AnnotationKind),  # type: ignore[arg-type]
            severity=enum_or_none(self.severity, Severity),  # type: ignore[arg-type]
            status=enum_or_none(self.status, AnnotationStatus),  # type: ignore[arg-type]
            author=self.author.currentData(),
            episode_id=self.episode.currentData(),
        )

    # -- contents ---------------------------------------------------------------------------

    def on_changes(self, changes: Changeset) -> None:
        """Refresh when notes (or the script they sit on) changed."""
        if changes.tables & {"annotation", "annotation_reply", "element", "episode"}:
            self.refresh()

    def refresh(self) -> None:
        """Reload the notes and the filter choices, keeping the choices and the selection."""
        records = service.notes(self.project)
        self._records = {n.id: n for n in records}
        self._texts = service.anchored_texts(self.project, records)
        cultures = sorted({c for n in records for c in n.cultures})
        self._reset(self.culture, [(c, c) for c in cultures])
        self._reset(self.kind, [(label, k.value) for k, label in kind_labels().items()])
        self._reset(self.severity, [(label, s.value) for s, label in severity_labels().items()])
        self._reset(self.status, [(label, s.value) for s, label in _status_labels().items()])
        self._reset(self.author, [(a, a) for a in sorted({n.author for n in records})])
        self._reset(
            self.episode,
            [(_("Episode {number}").format(number=e.number), e.id)
             for e in self.project.episodes()],
        )
        self._fill_tree()

    def _fill_tree(self) -> None:
        current = self.current_note_id()
        self.tree.clear()
        where = self.current_filter()
        anchored = QTreeWidgetItem([_("Notes")])
        orphaned = QTreeWidgetItem([_("Orphans — their words are gone")])
        orphaned.setData(0, NOTE_ID_ROLE, None)
        for record in self._records.values():
            if not where.accepts(record):
                continue
            item = QTreeWidgetItem(
                [
                    self._words(record),
                    severity_labels()[record.severity],
                    _status_labels()[record.status],
                    record.author,
                ]
            )
            item.setData(0, NOTE_ID_ROLE, record.id)
            item.setForeground(1, QColor(SEVERITY_COLOURS[record.severity]))
            item.setToolTip(0, record.body)
            (orphaned if record.orphan else anchored).addChild(item)
        self.tree.addTopLevelItem(anchored)
        if orphaned.childCount():
            self.tree.addTopLevelItem(orphaned)
        self.tree.expandAll()
        self.select_note(current)
        self._show_current()

    def _words(self, record: service.NoteRecord) -> str:
        if record.target_type is AnnotationTarget.TEXT:
            return f"«{self._texts.get(record.id, '')}»"
        return {
            AnnotationTarget.BEAT: _("Beat card"),
            AnnotationTarget.SCENE: _("Scene"),
            AnnotationTarget.HERITAGE_ITEM: _("Heritage entry"),
            AnnotationTarget.GLOSSARY_TERM: _("Glossary term"),
        }.get(record.target_type, record.target_type.value)

    def visible_note_ids(self) -> list[str]:
        """Ids of the notes the list shows now, in order (anchored first, then orphans)."""
        ids = []
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            ids += [top.child(j).data(0, NOTE_ID_ROLE) for j in range(top.childCount())]
        return ids

    def orphan_items(self) -> list[QTreeWidgetItem]:
        """The rows under the orphans heading."""
        if self.tree.topLevelItemCount() < 2:
            return []
        top = self.tree.topLevelItem(1)
        return [top.child(j) for j in range(top.childCount())]

    def current_note_id(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, NOTE_ID_ROLE) if item is not None else None

    def select_note(self, note_id: str | None) -> None:
        """Make ``note_id`` the current row (if it is listed)."""
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            for j in range(top.childCount()):
                if note_id is not None and top.child(j).data(0, NOTE_ID_ROLE) == note_id:
                    self.tree.setCurrentItem(top.child(j))
                    return

    def _show_current(self) -> None:
        record = self._records.get(self.current_note_id() or "")
        for button in (self.reply_button, self.resolve_button, self.reopen_button):
            button.setEnabled(record is not None)
        self.jump_button.setEnabled(
            record is not None and record.anchor is not None and not record.orphan)
        if record is None:
            self.detail.clear()
            return
        lines = [self._words(record), "", record.body]
        if record.orphan:
            lines.insert(1, _("The words this note was on are gone."))
        if record.cultures:
            lines.append("")
            lines.append(_("Cultures: {list}").format(list=", ".join(record.cultures)))
        for reply in record.replies:
            lines += ["", f"— {reply.author}: {reply.body}"]
        self.detail.setPlainText("\n".join(lines))

    # -- actions ----------------------------------------------------------------------------

    def jump_to_current(self) -> None:
        """Ask the window to show the words of the current note."""
        record = self._records.get(self.current_note_id() or "")
        if record is None or record.anchor is None or record.orphan:
            return
        self.jump_requested.emit(record.anchor.element_id, record.anchor.start, record.anchor.end)

    def send_reply(self) -> None:
        note_id, text = self.current_note_id(), self.reply_edit.text()
        if note_id is None or not text.strip():
            return
        if self._attempt(lambda: service.reply(
            self.project, note_id, text, author=self.profile.name or _("Anonymous"),
            role=self.profile.role,
        )):
            self.reply_edit.clear()

    def _set_status(self, status: AnnotationStatus) -> None:
        note_id = self.current_note_id()
        if note_id is not None:
            self._attempt(lambda: service.set_status(self.project, note_id, status))

    def _attempt(self, action: object) -> bool:
        try:
            action()  # type: ignore[operator]
        except USER_ERRORS as exc:
            dialogs.show_error(self, _("Cannot change the note"), str(exc))
            return False
        self.refresh()
        return True

