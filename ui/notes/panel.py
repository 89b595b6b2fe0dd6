"""The notes panel: every consultant note of the project, filtered, with its thread.

Filter by culture, kind, severity, status, author and episode; reply, resolve and reopen the
selected note; double-click (or "Go to words") asks the window to show the anchored words.
Orphans — notes whose words are gone — are listed under their own heading with their old quote.

The panel follows the project's changes (``ui.bridge``) without reading every note again: each
change says which notes, lines, cards and episodes it touched (``NotesImpact``), and only the
notes on those are reloaded (``service.notes_by_id``) and their rows updated in place. A change
to notes alone (a reply, a resolve, a new note) shows at once; a change that carries script
lines (typing, which re-anchors in the same step) waits until the writer pauses for
``TYPING_PAUSE_MS``. Only a scene moving to another episode reloads all.
A hidden panel hears nothing and reads everything again when it is shown after changes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from PySide6.QtCore import Qt, QTimer, Signal
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

from app.core.enums import AnnotationKind, AnnotationStatus, AnnotationTarget, Severity
from app.core.i18n import _, format_number
from app.features.notes import service
from app.features.notes.impact import NotesImpact
from app.features.notes.labels import kind_labels, severity_labels
from app.features.notes.labels import status_labels as _status_labels
from app.project.errors import USER_ERRORS
from app.store.profile import Profile, load_profile
from ui import dialogs
from ui.bridge import ProjectBridge, follow_while_shown
from ui.notes.highlights import SEVERITY_COLOURS
from ui.plain import plain_tip

logger = logging.getLogger(__name__)

NOTE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: typing re-anchors notes at every commit; the list catches up once the writer pauses this long
TYPING_PAUSE_MS = 300


@dataclass
class _Pending:
    """What the changes heard since the last update touched."""

    notes: set[str] = field(default_factory=set)
    elements: set[str] = field(default_factory=set)
    beats: set[str] = field(default_factory=set)
    episodes: bool = False
    everything: bool = False

    def __bool__(self) -> bool:
        return bool(self.notes or self.elements or self.beats or self.episodes
                    or self.everything)


class NotesPanel(QDockWidget):
    """A dock listing the notes of the project ``bridge`` follows; emits
    ``jump_requested(element_id, start, end)``."""

    jump_requested = Signal(str, int, int)

    def __init__(
        self, bridge: ProjectBridge, profile: Profile | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Notes"), parent)
        self.setObjectName("notesPanel")
        assert bridge.project is not None
        self.project = bridge.project
        self.profile = profile or load_profile()
        self._records: dict[str, service.NoteRecord] = {}
        self._texts: dict[str, str] = {}
        self._items: dict[str, QTreeWidgetItem] = {}  # note id → its row, while listed
        self._pending = _Pending()
        self._typing_timer = QTimer(self)
        self._typing_timer.setSingleShot(True)
        self._typing_timer.setInterval(TYPING_PAUSE_MS)
        self._typing_timer.timeout.connect(self.apply_pending)
        #: how many times the list was read whole / updated in part (for tests and benchmarks)
        self.full_reloads = 0
        self.partial_updates = 0

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
        follow_while_shown(self, bridge, [(bridge.notes_changed, self.on_changes)], self.refresh)
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

    def on_changes(self, impact: NotesImpact) -> None:
        """Note what a change touched; show it now, or once typing pauses."""
        pending = self._pending
        pending.notes |= impact.notes
        pending.elements |= impact.elements
        pending.beats |= impact.beats
        pending.everything = pending.everything or impact.scenes_moved
        pending.episodes = pending.episodes or impact.episodes
        if not pending:
            return
        if impact.typing:
            self._typing_timer.start()  # restarted by every commit: one update per pause
        else:
            self.apply_pending()

    def apply_pending(self) -> None:
        """Bring the list up to date with the changes heard so far."""
        self._typing_timer.stop()
        pending, self._pending = self._pending, _Pending()
        if pending.everything:
            self.refresh()
            return
        if not pending:
            return
        self.partial_updates += 1
        ids = set(pending.notes)
        for record in self._records.values():
            if (record.anchor is not None and record.anchor.element_id in pending.elements) or (
                record.target_type is AnnotationTarget.BEAT and record.target_id in pending.beats
            ):
                ids.add(record.id)
        fresh = service.notes_by_id(self.project, ids) if ids else {}
        for note_id, record in fresh.items():
            if record is None:
                self._records.pop(note_id, None)
                self._texts.pop(note_id, None)
            else:
                self._records[note_id] = record
        self._texts.update(service.anchored_texts(
            self.project, [r for r in fresh.values() if r is not None]))
        if fresh:
            self._reset_note_filters()
        if pending.episodes:
            self._reset_episodes()
        if fresh and not self._update_rows(fresh):
            self._fill_tree()
        elif pending.episodes:
            self._fill_tree()  # an episode filter may have lost its episode

    def refresh(self) -> None:
        """Reload the notes and the filter choices, keeping the choices and the selection."""
        self._typing_timer.stop()
        self._pending = _Pending()
        self.full_reloads += 1
        records = service.notes(self.project)
        self._records = {n.id: n for n in records}
        self._texts = service.anchored_texts(self.project, records)
        self._reset_note_filters()
        self._reset(self.kind, [(label, k.value) for k, label in kind_labels().items()])
        self._reset(self.severity, [(label, s.value) for s, label in severity_labels().items()])
        self._reset(self.status, [(label, s.value) for s, label in _status_labels().items()])
        self._reset_episodes()
        self._fill_tree()

    def _reset_note_filters(self) -> None:
        """Culture and author choices: those the notes have (rebuilt only when they differ)."""
        records = self._records.values()
        for combo, values in (
            (self.culture, sorted({c for n in records for c in n.cultures})),
            (self.author, sorted({n.author for n in records})),
        ):
            listed = [combo.itemData(i) for i in range(1, combo.count())]
            if listed != values:
                self._reset(combo, [(v, v) for v in values])

    def _reset_episodes(self) -> None:
        self._reset(
            self.episode,
            [(_("Episode {number}").format(number=format_number(e.number)), e.id)
             for e in self.project.episodes()],
        )

    def _update_rows(self, fresh: dict[str, service.NoteRecord | None]) -> bool:
        """Update the rows of ``fresh`` notes in place; False when the list must be rebuilt
        (a note came, went, or moved in or out of the filter or the orphans)."""
        where = self.current_filter()
        for note_id, record in fresh.items():
            item = self._items.get(note_id)
            shown = record is not None and where.accepts(record)
            if shown != (item is not None):
                return False
            if item is not None and record is not None:
                orphans = item.parent() is not None and item.parent().data(0, NOTE_ID_ROLE) == (
                    _ORPHANS)
                if orphans != record.orphan:
                    return False
        current = self.current_note_id()
        for note_id, record in fresh.items():
            item = self._items.get(note_id)
            if item is not None and record is not None:
                self._fill_item(item, record)
        if current in fresh:
            self._show_current()
        return True

    def _fill_tree(self) -> None:
        current = self.current_note_id()
        self.tree.clear()
        self._items = {}
        where = self.current_filter()
        anchored = QTreeWidgetItem([_("Notes")])
        orphaned = QTreeWidgetItem([_("Orphans — their words are gone")])
        orphaned.setData(0, NOTE_ID_ROLE, _ORPHANS)
        for record in sorted(self._records.values(), key=lambda n: (n.created_at, n.id)):
            if not where.accepts(record):
                continue
            item = QTreeWidgetItem()
            self._fill_item(item, record)
            self._items[record.id] = item
            (orphaned if record.orphan else anchored).addChild(item)
        self.tree.addTopLevelItem(anchored)
        if orphaned.childCount():
            self.tree.addTopLevelItem(orphaned)
        self.tree.expandAll()
        self.select_note(current)
        self._show_current()

    def _fill_item(self, item: QTreeWidgetItem, record: service.NoteRecord) -> None:
        for column, text in enumerate((self._words(record), severity_labels()[record.severity],
                                       _status_labels()[record.status], record.author)):
            item.setText(column, text)
        item.setData(0, NOTE_ID_ROLE, record.id)
        item.setForeground(1, QColor(SEVERITY_COLOURS[record.severity]))
        item.setToolTip(0, plain_tip(record.body))

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
        note_id = item.data(0, NOTE_ID_ROLE) if item is not None else None
        return note_id if note_id in self._records else None

    def select_note(self, note_id: str | None) -> bool:
        """Make ``note_id`` the current row and scroll to it (False: it is not listed)."""
        item = self._items.get(note_id or "")
        if item is None:
            return False
        self.tree.setCurrentItem(item)
        self.tree.scrollToItem(item)
        return True

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
        """Run ``action``; the history tells the panel what changed (no reload here)."""
        try:
            action()  # type: ignore[operator]
        except USER_ERRORS as exc:
            dialogs.show_error(self, _("Cannot change the note"), str(exc))
            return False
        return True


_ORPHANS = "\x00orphans"  # the data of the orphans heading row (no note has this id)

