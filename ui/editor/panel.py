"""The editor with its bar: current kind (also a chooser), layout switch and live duration."""

from __future__ import annotations

import logging

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.core.enums import ElementKind, ScriptLayout
from app.core.i18n import _
from app.features.script.editing import SHORTCUTS
from app.project.open_project import OpenProject
from ui.bridge import ProjectBridge
from ui.editor.widget import ScriptEditor

logger = logging.getLogger(__name__)


def kind_label(kind: ElementKind) -> str:
    """The interface's name for an element kind."""
    labels = {
        ElementKind.SCENE_HEADING: _("Scene heading"),
        ElementKind.ACTION: _("Action"),
        ElementKind.CHARACTER: _("Character"),
        ElementKind.PARENTHETICAL: _("Parenthetical"),
        ElementKind.DIALOGUE: _("Dialogue"),
        ElementKind.TRANSITION: _("Transition"),
        ElementKind.SHOT: _("Shot"),
        ElementKind.CAPTION: _("Caption"),
        ElementKind.FLASHBACK_START: _("Flashback"),
        ElementKind.FLASHBACK_END: _("End of flashback"),
        ElementKind.NOTE: _("Note"),
        ElementKind.LYRIC: _("Lyric"),
    }
    return labels.get(kind, kind.value)


class EditorPanel(QWidget):
    """``ScriptEditor`` plus the bar above it, for the project ``bridge`` follows."""

    def __init__(self, bridge: ProjectBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = ScriptEditor(bridge)
        self.kind_box = QComboBox()
        self.kind_box.setObjectName("kindBox")
        self.kind_box.setToolTip(_("Kind of the current paragraph (Tab and Enter change it)"))
        for kind in SHORTCUTS:
            self.kind_box.addItem(kind_label(kind), kind.value)
        self.kind_box.activated.connect(self._on_kind_chosen)
        self.layout_box = QComboBox()
        self.layout_box.addItem(_("Chinese layout"), ScriptLayout.ZH.value)
        self.layout_box.addItem(_("Hollywood layout"), ScriptLayout.HOLLYWOOD.value)
        self.layout_box.activated.connect(
            lambda _i: self.set_layout(ScriptLayout(self.layout_box.currentData())))
        self.read_only_label = QLabel(_("Read-only: your role is consultant"))
        self.read_only_label.setObjectName("readOnlyLabel")
        self.read_only_label.setStyleSheet("color: #8a5a00; font-weight: bold;")
        self.read_only_label.setVisible(self.editor.read_only)
        self.editor.permission_changed.connect(self._show_permission)
        self.duration_label = QLabel()
        self.duration_label.setObjectName("durationLabel")
        self.duration_label.setMinimumWidth(220)
        bar = QHBoxLayout()
        bar.addWidget(self.kind_box)
        bar.addWidget(self.read_only_label)
        bar.addStretch(1)
        bar.addWidget(self.duration_label)
        bar.addWidget(self.layout_box)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(bar)
        box.addWidget(self.editor, 1)
        self.editor.kind_changed.connect(self._show_kind)
        self.editor.duration_changed.connect(self._show_duration)
        self.kind_actions: list[QAction] = []
        for kind, keys in SHORTCUTS.items():
            action = QAction(kind_label(kind), self)
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(lambda _c=False, k=kind: self.editor.set_current_kind(k))
            self.editor.addAction(action)
            self.kind_actions.append(action)
        # After the editor's own connection: it takes the project's layout first.
        bridge.project_changed.connect(self._show_layout)
        self._show_layout(bridge.project)

    def _show_permission(self, read_only: bool) -> None:
        self.read_only_label.setVisible(read_only)
        self.kind_box.setEnabled(not read_only)

    def _show_layout(self, _project: OpenProject | None) -> None:
        self.layout_box.setCurrentIndex(
            self.layout_box.findData(self.editor.layout.value))

    def set_layout(self, layout: ScriptLayout) -> None:
        """Show the script in ``layout`` (a view choice: the words stay as they are)."""
        self.layout_box.setCurrentIndex(self.layout_box.findData(ScriptLayout(layout).value))
        self.editor.set_layout(layout)

    def _on_kind_chosen(self, _index: int) -> None:
        self.editor.set_current_kind(ElementKind(self.kind_box.currentData()))
        self.editor.setFocus()

    def _show_kind(self, kind: str) -> None:
        index = self.kind_box.findData(kind)
        self.kind_box.setEnabled(index >= 0 and not self.editor.read_only)
        if index >= 0:
            self.kind_box.setCurrentIndex(index)

    def _show_duration(self, scene: float, total: float) -> None:
        self.duration_label.setText(
            _("Scene ≈ {scene} s · shown ≈ {total} s").format(
                scene=round(scene), total=round(total)))
