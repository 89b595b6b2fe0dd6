"""The Series Rhythm view (View ▸ Series Rhythm): the series checked against its preset.

A dock beside the board. On top: the project's preset (changing it is one undoable edit) and
Settings… (the rule values, speech rates and subtitle limits of this project). A table has one
row per episode — hook start, cliffhanger kind, scenes, script lines, VO/OS lines, seconds
against target, findings — with the cells that break a rule tinted; below it every finding, each
with the marker the board's lane header shows for it (``ui.rhythm.markers``), and the cards
of the chosen episode, where a writer marks a cliffhanger's kind, the question a card sets up
and the card that pays it off (each change one undoable edit). Double-clicking a finding
asks to show its card (``card_requested``). The view follows the bridge's board and script
changes while shown and reads the report again shortly after them (one read per burst).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.enums import BeatKind
from app.core.i18n import _
from app.core.records import BeatRecord
from app.features.rhythm.presets import (
    CLIFFHANGER_TYPES,
    cliffhanger_label,
    preset_label,
    presets,
)
from app.features.rhythm.report import EpisodeRhythm, RhythmReport, Rule, rhythm_report
from app.features.rhythm.settings import SetRhythmSettings, project_settings
from app.project.commands import Update
from app.project.errors import USER_ERRORS
from ui import dialogs
from ui.bridge import ProjectBridge, can_edit, follow_while_shown
from ui.rhythm.markers import kind_of, marker_icon
from ui.rhythm.settings_dialog import RhythmSettingsDialog

logger = logging.getLogger(__name__)

WARN = QColor("#f3b9b0")
PAYWALL = QColor("#d9e7f7")
#: Which column of the episode table each rule tints.
_RULE_COLUMN = {Rule.NO_HOOK: 1, Rule.LATE_HOOK: 1, Rule.NO_CLIFFHANGER: 2,
                Rule.UNTYPED_CLIFFHANGER: 2, Rule.WEAK_PAYWALL: 2, Rule.SCENES: 3,
                Rule.LINES: 4, Rule.VOICE_OVER: 5, Rule.LENGTH: 6}
BEAT_ROLE = Qt.ItemDataRole.UserRole + 1
REFRESH_MS = 250  # read the report again this long after the last change of a burst


class RhythmView(QDockWidget):
    """A dock with the rhythm report of the bridge's project."""

    #: A finding was double-clicked: show this card on the board.
    card_requested = Signal(str)

    def __init__(self, bridge: ProjectBridge, parent: QWidget | None = None) -> None:
        super().__init__(_("Series Rhythm"), parent)
        self.setObjectName("rhythmView")
        assert bridge.project is not None
        self.bridge = bridge
        self.project = bridge.project
        self.report: RhythmReport | None = None
        self.chosen: int | None = None  # the episode whose cards are listed
        self.beats: dict[str, BeatRecord] = {}
        self._filling = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)

        self.preset = QComboBox()
        self.preset.setObjectName("rhythmPreset")
        for name in presets():
            self.preset.addItem(preset_label(name), name)
        self.preset.activated.connect(self._preset_chosen)
        self.settings_button = QPushButton(_("Settings…"))
        self.settings_button.clicked.connect(lambda _c=False: self.ask_settings())
        self.summary = QLabel()
        self.summary.setObjectName("rhythmSummary")

        self.table = QTableWidget(0, 8)
        self.table.setObjectName("rhythmTable")
        self.table.setHorizontalHeaderLabels([
            _("Episode"), _("Hook"), _("Cliffhanger"), _("Scenes"), _("Lines"), _("VO/OS"),
            _("Seconds"), _("Findings")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._selection_changed)

        self.findings = QListWidget()
        self.findings.setObjectName("rhythmFindings")
        self.findings.setWordWrap(True)
        self.findings.itemDoubleClicked.connect(self._finding_chosen)

        self.cards = QTableWidget(0, 4)
        self.cards.setObjectName("rhythmCards")
        self.cards.setHorizontalHeaderLabels([_("Card"), _("Cliffhanger kind"),
                                              _("Sets up the question"), _("Paid off by")])
        self.cards.verticalHeader().setVisible(False)
        self.cards.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.cards.horizontalHeader().setStretchLastSection(True)
        self.cards.itemChanged.connect(self._question_edited)

        top = QHBoxLayout()
        top.addWidget(QLabel(_("Preset")))
        top.addWidget(self.preset)
        top.addWidget(self.settings_button)
        top.addStretch(1)
        top.addWidget(self.summary)
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.findings)
        lower.addWidget(self.cards)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(lower)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addLayout(top)
        layout.addWidget(split)
        self.setWidget(body)
        follow_while_shown(self, bridge, [(bridge.board_changed, self.on_change),
                                          (bridge.script_changed, self.on_change)],
                           self.refresh)
        self.settings_dialog: RhythmSettingsDialog | None = None
        self.refresh()

    # -- reading --------------------------------------------------------------------------

    def on_change(self, _impact: object = None) -> None:
        """Something the report reads changed: read it again once the burst is over."""
        self._timer.start()

    def refresh(self) -> None:
        """Read the report again and show it."""
        self._timer.stop()
        settings = project_settings(self.project)
        self.report = report = rhythm_report(self.project, settings)
        self.beats = {b.id: b for b in self.project.beats()}
        self.preset.setCurrentIndex(max(0, self.preset.findData(report.preset)))
        editable = can_edit(self.project, "project")
        self.preset.setEnabled(editable)
        self.settings_button.setEnabled(editable)
        selected = self.current_episode()
        self._filling = True
        self._fill_table(report)
        self._filling = False
        self._fill_findings(report)
        findings = len(report.findings)
        self.summary.setText(_("{episodes} episodes, {findings} findings").format(
            episodes=len(report.episodes), findings=findings))
        if selected is not None:
            self.select_episode(selected)
        else:
            self._show_cards()

    def _fill_table(self, report: RhythmReport) -> None:
        table = self.table
        table.setRowCount(len(report.episodes))
        warn, paywall = QBrush(WARN), QBrush(PAYWALL)
        markers = report.markers()
        for row, e in enumerate(report.episodes):
            found = markers.get(e.id, ())
            cells = self._cells(e, len(found))
            tinted = {_RULE_COLUMN[f.rule] for f in found if f.rule in _RULE_COLUMN}
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(BEAT_ROLE, e.number)
                if column in tinted:
                    item.setBackground(warn)
                elif column == 0 and e.paywall:
                    item.setBackground(paywall)
                if column == len(cells) - 1 and found:
                    item.setToolTip("\n".join(f.message for f in found))
                table.setItem(row, column, item)

    @staticmethod
    def _cells(e: EpisodeRhythm, findings: int) -> list[str]:
        number = str(e.number) + (" " + _("(paywall)") if e.paywall else "")
        hook = "—" if e.hook_beat is None else (
            "?" if e.hook_start is None else _("{s:.0f} s").format(s=e.hook_start))
        cliff = "—" if e.cliffhanger_beat is None else (
            cliffhanger_label(e.cliffhanger_type) or _("(no kind)"))
        seconds = _("{s:.0f} / {t} s").format(s=e.seconds, t=e.target_seconds)
        return [number, hook, cliff, str(e.scenes), str(e.lines), str(e.voice_over_lines),
                seconds, str(findings) if findings else ""]

    def _fill_findings(self, report: RhythmReport) -> None:
        self.findings.clear()
        for f in report.findings:
            item = QListWidgetItem(marker_icon(kind_of(f)), f.message)  # as on the lanes
            item.setData(BEAT_ROLE, f.beat_id)
            item.setData(BEAT_ROLE + 1, f.episode)
            self.findings.addItem(item)

    def current_episode(self) -> int | None:
        """The number of the episode chosen in the table (None: none)."""
        return self.chosen

    def _selection_changed(self) -> None:
        items = self.table.selectedItems()
        if items and self.report is not None and not self._filling:
            self.chosen = self.report.episodes[items[0].row()].number
            self._show_cards()

    def select_episode(self, number: int) -> None:
        """Choose episode ``number`` in the table (its cards are listed)."""
        assert self.report is not None
        for row, e in enumerate(self.report.episodes):
            if e.number == number:
                self.chosen = number
                self.table.selectRow(row)
                self._show_cards()
                return

    # -- the chosen episode's cards ---------------------------------------------------------

    def _lane(self, number: int | None) -> list[BeatRecord]:
        if number is None or self.report is None:
            return []
        episode = next(e for e in self.report.episodes if e.number == number)
        return sorted((b for b in self.beats.values() if b.episode_id == episode.id),
                      key=lambda b: b.position)

    def _show_cards(self) -> None:
        lane = self._lane(self.current_episode())
        self._filling = True
        editable = can_edit(self.project, "beat")
        self.cards.setRowCount(len(lane))
        later = self._later_cards(lane[0].episode_id if lane else None)
        for row, beat in enumerate(lane):
            title = QTableWidgetItem(beat.title or _("(untitled card)"))
            title.setFlags(title.flags() & ~Qt.ItemFlag.ItemIsEditable)
            title.setData(BEAT_ROLE, beat.id)
            self.cards.setItem(row, 0, title)
            kind = QComboBox()
            kind.addItem("—", "")
            for name in CLIFFHANGER_TYPES:
                kind.addItem(cliffhanger_label(name), name)
            kind.setCurrentIndex(max(0, kind.findData(beat.cliffhanger_type)))
            kind.setEnabled(editable and beat.kind is BeatKind.CLIFFHANGER)
            kind.activated.connect(lambda _i, b=beat.id, box=kind: self.set_card(
                b, cliffhanger_type=box.currentData()))
            self.cards.setCellWidget(row, 1, kind)
            question = QTableWidgetItem(beat.setup_question)
            if not editable:
                question.setFlags(question.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.cards.setItem(row, 2, question)
            payoff = QComboBox()
            payoff.addItem("—", None)
            for card_id, label in later:
                payoff.addItem(label, card_id)
            payoff.setCurrentIndex(max(0, payoff.findData(beat.paid_off_by)))
            payoff.setEnabled(editable and bool(beat.setup_question.strip()))
            payoff.activated.connect(lambda _i, b=beat.id, box=payoff: self.set_card(
                b, paid_off_by=box.currentData()))
            self.cards.setCellWidget(row, 3, payoff)
        self._filling = False

    def _later_cards(self, episode_id: str | None) -> list[tuple[str, str]]:
        """(id, "episode N: title") of the cards that may pay off a setup of this episode."""
        if self.report is None or episode_id is None:
            return []
        numbers = {e.id: e.number for e in self.report.episodes}
        mine = numbers.get(episode_id, 0)
        cards = [(numbers[b.episode_id], b.position, b) for b in self.beats.values()
                 if b.episode_id in numbers and numbers[b.episode_id] >= mine]
        return [(b.id, _("Episode {n}: {title}").format(n=n, title=b.title or "…"))
                for n, _p, b in sorted(cards, key=lambda c: (c[0], c[1]))]

    def _question_edited(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != 2:
            return
        beat_id = self.cards.item(item.row(), 0).data(BEAT_ROLE)
        if self.beats[beat_id].setup_question != item.text():
            QTimer.singleShot(0, lambda: self.set_card(beat_id, setup_question=item.text()))

    def set_card(self, beat_id: str, **fields: object) -> bool:
        """Mark a card (cliffhanger kind, setup question, payoff card): one undoable edit."""
        try:
            self.project.run(Update("beat", beat_id, dict(fields)))
        except USER_ERRORS as exc:
            dialogs.show_error(self, _("Card not changed"), str(exc))
            return False
        self.refresh()
        return True

    # -- the preset and its settings ----------------------------------------------------------

    def _preset_chosen(self, _index: int) -> None:
        self.set_preset(self.preset.currentData())

    def set_preset(self, name: str) -> bool:
        """Check the project against preset ``name`` from now on (one undoable edit)."""
        try:
            self.project.run(SetRhythmSettings(preset=name))
        except USER_ERRORS as exc:
            dialogs.show_error(self, _("Preset not changed"), str(exc))
            return False
        self.refresh()
        return True

    def ask_settings(self) -> RhythmSettingsDialog:
        """Settings…: the rule values, speech rates and subtitle limits of this project."""
        if self.settings_dialog is not None:
            self.settings_dialog.deleteLater()
        self.settings_dialog = RhythmSettingsDialog(self.project, self)
        self.settings_dialog.accepted.connect(self.refresh)
        self.settings_dialog.open()
        return self.settings_dialog

    def _finding_chosen(self, item: QListWidgetItem) -> None:
        number = item.data(BEAT_ROLE + 1)
        if number is not None:
            self.select_episode(int(number))
        beat_id = item.data(BEAT_ROLE)
        if beat_id:
            self.card_requested.emit(beat_id)
