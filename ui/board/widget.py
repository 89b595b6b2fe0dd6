"""The beat board panel: toolbar, filters, colour legend, the lanes and the card form.

Every edit is a command in the project's history (create, edit, move, delete, make a scene), so
the window's Undo covers the board like the editor. The board follows the project its bridge
(``ui.bridge``) follows and builds its lanes again (``app.features.board.lanes``) when the bridge
says the board changed; typing only changes the lanes' timing, which catches up after a pause.
"""

from __future__ import annotations

import html
import logging

from PySide6.QtCore import QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSlider,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.core.enums import BeatKind, BeatStatus
from app.core.i18n import _, format_number, ngettext
from app.features.board.cards import DeleteBeats, MoveBeats, scenes_left_behind
from app.features.board.impact import BoardImpact
from app.features.board.lanes import BoardData, Filters, apply_script_seconds, load_board
from app.features.script.outline import scene_seconds
from app.project.commands import Create, Update
from app.project.errors import USER_ERRORS
from app.project.open_project import OpenProject
from ui import dialogs
from ui.board.form import CardForm
from ui.board.items import CARD_HEIGHT, LANE_WIDTH, CardItem
from ui.board.style import KIND_COLOURS, kind_label, status_label
from ui.board.view import BoardView
from ui.bridge import ProjectBridge, can_edit
from ui.notes.approval import add_approval_actions
from ui.rhythm.lane_findings import LaneFindings
from ui.rhythm.markers import legend

logger = logging.getLogger(__name__)

#: Typing changes only the lanes' timing: the board catches up after this many milliseconds.
TIMING_PAUSE_MS = 1500


class BoardWidget(QWidget):
    """The whole beat board of the project ``bridge`` follows."""

    beat_selected = Signal(str)  # the card whose scenes the editor should show
    scene_made = Signal(str, str)  # beat id, new scene id
    #: right-click on a lane (its header or its empty part) or the board's background:
    #: the episode of the lane (None: the parking lot or no lane), the global position
    lane_menu_requested = Signal(object, QPoint)

    def __init__(self, bridge: ProjectBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("beatBoard")
        self.bridge = bridge
        self.project: OpenProject | None = None
        self._script_seconds: dict[str, float] = {}
        self._timing_queue: list[str] = []
        self.data: BoardData | None = None
        self.filters = Filters()
        self.view = BoardView()
        self.form = CardForm()
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.timeout.connect(self.reload)
        self._timing_timer = QTimer(self)
        self._timing_timer.setSingleShot(True)
        self._timing_timer.timeout.connect(self._load_timing)
        self._inline: QLineEdit | None = None
        self._form_shows: tuple[object, int] = (None, 0)
        self._scenes_offer: tuple[list[str], str | None] | None = None
        self.read_only = True
        self._build()
        # the series rhythm's findings per lane, read off the UI thread after changes
        self.findings = LaneFindings(bridge, self)
        self.findings.updated.connect(
            lambda: self.view.set_rhythm_findings(self.findings.markers))
        bridge.project_changed.connect(self.set_project)
        bridge.board_changed.connect(self._on_board_changed)
        bridge.role_changed.connect(self._apply_permission)
        if bridge.project is not None:
            self.set_project(bridge.project)

    def _build(self) -> None:
        self.new_button = new_button = QPushButton(_("New card"))
        new_button.setToolTip(_("Add a card after the selected one (Insert)"))
        new_button.clicked.connect(self._new_after_selection)
        self.delete_button = delete_button = QPushButton(_("Delete"))
        delete_button.clicked.connect(lambda: self.delete_cards(self.view.selected_ids()))
        overview = QPushButton(_("Overview"))
        overview.clicked.connect(self.view.zoom_to_fit_lanes)
        detail = QPushButton(_("Detail"))
        detail.clicked.connect(lambda: self.view.set_zoom(1.0))
        self.zoom_slider = QSlider(Qt.Orientation.Horizontal)
        self.zoom_slider.setRange(4, 200)
        self.zoom_slider.setValue(100)
        self.zoom_slider.setMaximumWidth(140)
        self.zoom_slider.setToolTip(_("Zoom (Ctrl+wheel)"))
        self.zoom_slider.valueChanged.connect(lambda v: self.view.set_zoom(v / 100))
        self.view.zoom_changed.connect(self._show_zoom)
        self.kind_filter = self._combo(_("All kinds"),
                                       [(kind_label(k), k.value) for k in BeatKind])
        self.status_filter = self._combo(_("All statuses"),
                                         [(status_label(s), s.value) for s in BeatStatus])
        self.character_filter = self._combo(_("All characters"), [])
        self.heritage_filter = self._combo(_("All heritage items"), [])
        # Two short rows and a legend that wraps: the board fits a 1280×720 laptop screen beside
        # the navigator and the notes panel (issue 16: one long row made the window 1309 px).
        tools = QHBoxLayout()
        for widget in (new_button, delete_button, overview, detail, self.zoom_slider):
            tools.addWidget(widget)
        tools.addStretch(1)
        filters = QHBoxLayout()
        for combo in (self.kind_filter, self.status_filter, self.character_filter,
                      self.heritage_filter):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
            filters.addWidget(combo, 1)
        swatches = [f'<span style="color:{colour}">■</span>&nbsp;'
                    f"{html.escape(kind_label(kind))}" for kind, colour in KIND_COLOURS.items()]
        self.legend = QLabel(html.escape(_("Kinds:")) + " " + " &nbsp; ".join(swatches))
        self.legend.setObjectName("boardLegend")
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setToolTip(_("Series rhythm markers in the lane headers:") + "\n" + legend())
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.view)
        splitter.addWidget(self.form)
        splitter.setStretchFactor(0, 1)
        splitter.setSizes([900, 260])
        splitter.setCollapsible(0, False)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        self.scenes_text = QLabel()
        self.scenes_text.setWordWrap(True)
        move_along = QPushButton(_("Move them too"))
        move_along.setObjectName("moveScenesAlong")
        move_along.clicked.connect(self.move_scenes_along)
        dismiss = QPushButton(_("Leave them"))
        dismiss.clicked.connect(lambda: self.scenes_bar.hide())
        self.scenes_bar = QWidget()
        self.scenes_bar.setObjectName("scenesBar")
        bar = QHBoxLayout(self.scenes_bar)
        bar.setContentsMargins(4, 2, 4, 2)
        bar.addWidget(self.scenes_text, 1)
        bar.addWidget(move_along)
        bar.addWidget(dismiss)
        self.scenes_bar.hide()
        box.addLayout(tools)
        box.addLayout(filters)
        box.addWidget(self.scenes_bar)
        box.addWidget(self.legend)
        box.addWidget(splitter, 1)
        self.view.move_requested.connect(self.move_cards)
        self.view.delete_requested.connect(self.delete_cards)
        self.view.create_requested.connect(self.create_card)
        self.view.edit_requested.connect(self.edit_inline)
        self.view.selection_changed.connect(self._on_selection)
        # a heritage card's menu: Approve, Request changes…, Reopen (also in consultant mode)
        self.card_menu: QMenu | None = None
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._show_card_menu)
        self.form.changed.connect(self.update_card)
        self.form.make_scene.connect(self.make_scene)

    def _combo(self, everything: str, items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        combo.addItem(everything, None)
        for text, data in items:
            combo.addItem(text, data)
        combo.activated.connect(lambda _i: self._apply_filters())
        return combo

    # -- project ----------------------------------------------------------------------------

    def set_project(self, project: OpenProject | None) -> None:
        """Show ``project``'s board (None: none); the bridge calls it when its project changes."""
        self.project = project
        self._script_seconds = {}
        self._apply_permission(project)
        self.reload()

    def _apply_permission(self, project: OpenProject | None) -> None:
        """Whether the cards may be changed (not in consultant mode, not in a read-only file)."""
        self.read_only = project is None or not can_edit(project, "beat")
        for widget in (self.new_button, self.delete_button, self.form):
            widget.setEnabled(not self.read_only)

    def _on_board_changed(self, impact: BoardImpact) -> None:
        if self.project is None:
            return
        if impact.lanes:
            self._reload_timer.start(0)
        elif impact.timing and not self._reload_timer.isActive():
            self._reload_timer.start(TIMING_PAUSE_MS)

    def reload(self) -> None:
        """Rebuild the board from the file, keeping selection and scroll."""
        self._reload_timer.stop()
        selected = self.view.selected_ids()
        if self.project is None:
            self.data = None
            self.view.scene().clear()
            self.form.show_beat(None)
            return
        self.data = load_board(self.project, self._script_seconds)
        self._fill_filter(self.character_filter, [(name, c) for c, name in self.data.characters])
        self._fill_filter(self.heritage_filter, [(name, e) for e, name in self.data.heritage])
        h, v = self.view.horizontalScrollBar().value(), self.view.verticalScrollBar().value()
        self.view.show_board(self.data, self.filters, selected)
        self._show_form(self.view.selected_ids())  # the cards' records are new
        self.view.horizontalScrollBar().setValue(h)
        self.view.verticalScrollBar().setValue(v)
        # the script's timing follows once the board is on screen, one episode per turn of
        # the event loop, so a 100-episode series stays responsive while it is counted
        self._timing_queue = [lane.episode_id for lane in self.data.lanes if lane.episode]
        self._timing_timer.start(0)

    def _load_timing(self) -> None:
        if self.project is None or self.data is None or not self._timing_queue:
            return
        episode_id = self._timing_queue.pop(0)
        seconds = sum(scene_seconds(self.project, episode_id).values())
        self._script_seconds[episode_id] = seconds
        apply_script_seconds(self.data, self._script_seconds)
        for header in self.view.headers:
            if header.lane.episode_id == episode_id:
                header.refresh()
        if self._timing_queue:
            self._timing_timer.start(0)

    def timing_pending(self) -> bool:
        """True while the script's timing is still being counted lane by lane, or the series
        rhythm's lane markers are being read."""
        return bool(self._timing_queue) or self.findings.busy()

    def shutdown(self) -> None:
        """The window closes: stop reading the rhythm findings."""
        self.findings.shutdown()

    def _fill_filter(self, combo: QComboBox, items: list[tuple[str, str]]) -> None:
        current = combo.currentData()
        while combo.count() > 1:
            combo.removeItem(1)
        for text, data in items:
            combo.addItem(text, data)
        combo.setCurrentIndex(max(0, combo.findData(current)) if current else 0)

    def _apply_filters(self) -> None:
        kind, status = self.kind_filter.currentData(), self.status_filter.currentData()
        self.filters = Filters(
            kind=BeatKind(kind) if kind else None,
            status=BeatStatus(status) if status else None,
            character_id=self.character_filter.currentData(),
            heritage_id=self.heritage_filter.currentData(),
        )
        if self.data is not None:
            self.view.show_board(self.data, self.filters, self.view.selected_ids())

    def _show_zoom(self, zoom: float) -> None:
        self.zoom_slider.blockSignals(True)
        self.zoom_slider.setValue(round(zoom * 100))
        self.zoom_slider.blockSignals(False)

    def _on_selection(self, ids: list[str]) -> None:
        """The writer selected other cards (the view announces only a real change)."""
        self._show_form(ids)
        if ids:
            self.beat_selected.emit(ids[0])

    def _show_form(self, ids: list[str]) -> None:
        beat = self._beat(ids[0]) if len(ids) == 1 else None
        scenes = len(self.data.facts.scenes.get(beat.id, ())) if beat and self.data else 0
        if (beat, scenes) != self._form_shows or beat is None:
            self._form_shows = (beat, scenes)  # the same again: leave what is being typed there
            self.form.show_beat(beat, scenes)

    def _beat(self, beat_id: str):  # noqa: ANN202 - a BeatRecord or None
        card = self.view.cards.get(beat_id)
        return card.beat if card is not None else None

    # -- the card menu -----------------------------------------------------------------------

    def menu_for_card(self, beat_id: str) -> QMenu | None:
        """The right-click menu of a card: its heritage moments' approval actions (None for a
        card that is no heritage moment). Kept until the next one, so a dialog it opened can
        still act."""
        card = self.view.cards.get(beat_id)
        if self.project is None or self.data is None or card is None:
            return None
        menu = QMenu(self)
        menu.setObjectName("cardMenu")
        if add_approval_actions(menu, self.project, self.data.approvals.get(beat_id)) is None:
            menu.deleteLater()
            return None
        if self.card_menu is not None:
            self.card_menu.deleteLater()
        self.card_menu = menu
        return menu

    def _show_card_menu(self, pos: QPoint) -> None:
        item = self.view.itemAt(pos)
        while item is not None and not isinstance(item, CardItem):
            item = item.parentItem()  # a badge or mark drawn as a child of the card
        if not isinstance(item, CardItem):
            self.lane_menu_requested.emit(self.lane_at(pos),
                                          self.view.viewport().mapToGlobal(pos))
            return
        if not item.isSelected():  # right-click selects the card, as a left click would
            self.view.select([item.beat.id])
        menu = self.menu_for_card(item.beat.id)
        if menu is not None:
            menu.popup(self.view.viewport().mapToGlobal(pos))

    def lane_at(self, pos: QPoint) -> str | None:
        """The episode of the lane at ``pos`` (view coordinates); None: the parking lot."""
        if self.data is None or not self.data.lanes:
            return None
        lane, _index = self.view.slot_at(self.view.mapToScene(pos))
        return self.data.lanes[lane].episode_id

    def new_card_in(self, episode_id: str | None) -> str | None:
        """Add a card at the end of the lane of ``episode_id`` (None: the parking lot)."""
        if self.data is None:
            return None
        lane = next((lane for lane in self.data.lanes if lane.episode_id == episode_id), None)
        return self.create_card(episode_id, len(lane.beats) if lane is not None else 0)

    # -- edits ------------------------------------------------------------------------------

    def _run(self, command) -> bool:  # noqa: ANN001 - any Command
        if self.project is None or self.read_only:
            return False
        try:
            self.project.run(command)
        except USER_ERRORS as exc:
            dialogs.show_error(self, _("Cannot change the board"), str(exc))
            return False
        self.reload()
        return True

    def create_card(self, episode_id: str | None, position: int) -> str | None:
        """Add a card to a lane at ``position`` and start editing its title."""
        command = Create("beat", {"episode_id": episode_id, "title": _("New card")},
                         position=position)
        if not self._run(command):
            return None
        self.view.select([command.created_id])
        self.edit_inline(command.created_id)
        return command.created_id

    def _new_after_selection(self) -> None:
        ids = self.view.selected_ids()
        if ids and self.data is not None:
            card = self.view.cards[ids[-1]]
            self.create_card(self.data.lanes[card.lane].episode_id, card.index + 1)
        else:
            self.create_card(None, len(self.data.lanes[0].beats) if self.data else 0)

    def update_card(self, beat_id: str, fields: dict) -> None:
        self._run(Update("beat", beat_id, fields))

    def move_cards(self, beat_ids: list[str], episode_id: str | None, position: int) -> None:
        """Move cards (one undo step); when their scenes stay in another episode, the bar above
        the lanes offers to move those along."""
        if self._run(MoveBeats(list(beat_ids), episode_id, position)):
            self.view.select(list(beat_ids))
            self._offer_scenes(list(beat_ids), episode_id)
        else:
            self.reload()  # put the dragged cards back where they are in the file

    def _offer_scenes(self, beat_ids: list[str], episode_id: str | None) -> None:
        left = scenes_left_behind(self.project, beat_ids, episode_id) if self.project else 0
        self._scenes_offer = (beat_ids, episode_id) if left else None
        self.scenes_bar.setVisible(bool(left))
        if left:
            self.scenes_text.setText(ngettext(
                "{count} scene of the moved card is still in another episode.",
                "{count} scenes of the moved cards are still in other episodes.",
                left).format(count=format_number(left)))

    def move_scenes_along(self) -> bool:
        """Move the scenes the last moved cards left in other episodes to the cards' episode
        (one undo step)."""
        offer, self._scenes_offer = self._scenes_offer, None
        self.scenes_bar.hide()
        if offer is None or offer[1] is None:
            return False
        beat_ids, episode_id = offer
        return self._run(MoveBeats([], episode_id, 0, with_scenes=True, scenes_of=beat_ids))

    def delete_cards(self, beat_ids: list[str]) -> None:
        if beat_ids:
            self._run(DeleteBeats(list(beat_ids)))

    def make_scene(self, beat_id: str) -> str | None:
        """Create a scene linked to the card, at the end of its episode."""
        beat = self._beat(beat_id)
        if beat is None or beat.episode_id is None:
            return None
        command = Create("scene", {"episode_id": beat.episode_id, "beat_id": beat.id})
        if not self._run(command):
            return None
        self.view.select([beat_id])
        self.scene_made.emit(beat_id, command.created_id)
        return command.created_id

    def edit_inline(self, beat_id: str) -> QLineEdit | None:
        """Edit a card's title in place; Enter saves, Escape or leaving cancels nothing."""
        card = self.view.cards.get(beat_id)
        if card is None or self.read_only:
            return None
        if self._inline is not None:
            self._inline.hide()
            self._inline.deleteLater()
        top_left = self.view.mapFromScene(card.pos())
        zoom = self.view.zoom
        editor = QLineEdit(card.beat.title, self.view.viewport())
        editor.setObjectName("inlineTitle")
        editor.setGeometry(QRect(top_left.x() + int(12 * zoom), top_left.y() + int(18 * zoom),
                                 max(120, int((LANE_WIDTH - 20) * zoom)),
                                 max(22, int(CARD_HEIGHT * 0.22 * zoom))))
        editor.selectAll()
        editor.show()
        editor.setFocus()

        def finish() -> None:
            if self._inline is not editor:
                return
            self._inline = None
            text = editor.text().strip()
            editor.hide()  # gone from the screen now, not when Qt gets round to deleting it
            editor.deleteLater()
            self.view.viewport().update()
            if text and text != card.beat.title:
                self.update_card(beat_id, {"title": text})
            self.view.setFocus()

        editor.editingFinished.connect(finish)
        self._inline = editor
        return editor
