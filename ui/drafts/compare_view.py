"""The compare view: what changed between two drafts, or a draft and the script now.

On the left every changed scene, grouped by episode, with what happened to it (added, removed,
moved, changed) and how many lines changed; on the right the chosen scene's lines word by word
(``ui.drafts.html``), or every scene when the episode is chosen. Export report… writes the same
comparison as a PDF, DOCX or JSON changes report through the export registry. The view does not
block the window; it shows the comparison it was opened with (Compare again reads a new one).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import _, format_number
from app.features.drafts.compare import Comparison, SceneChange
from app.formats.document.options import ExportOptions
from app.formats.names import CHANGES
from app.project.errors import USER_ERRORS
from app.project.open_project import OpenProject
from ui import dialogs
from ui.drafts.html import scene_html, scene_status

logger = logging.getLogger(__name__)

SCENE_ROLE = Qt.ItemDataRole.UserRole + 1
REPORT_SUFFIX = {"pdf": ".pdf", "docx": ".docx", "json": ".json"}


def summary_text(comparison: Comparison) -> str:
    """The comparison's counts in a sentence."""
    if comparison.empty:
        return _("Nothing changed.")
    return _("{added} added, {removed} removed, {moved} moved, {changed} changed; {lines} "
             "changed lines.").format(
        added=format_number(len(comparison.added)),
        removed=format_number(len(comparison.removed)),
        moved=format_number(len(comparison.moved)),
        changed=format_number(len(comparison.changed)),
        lines=format_number(comparison.lines_changed()))


class CompareView(QDialog):
    """The changes of ``comparison`` (made with ``opts``: its drafts or file) in ``project``."""

    def __init__(self, project: OpenProject, comparison: Comparison, opts: ExportOptions,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareView")
        self.project = project
        self.comparison = comparison
        self.opts = opts
        old = comparison.old_label
        new = comparison.new_label or _("the script now")
        self.setWindowTitle(_("Compare: {old} → {new}").format(old=old, new=new))
        self.summary = QLabel(summary_text(comparison))
        self.summary.setObjectName("compareSummary")
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("compareScenes")
        self.tree.setHeaderLabels([_("Scene"), _("What changed"), _("Lines")])
        self.tree.currentItemChanged.connect(lambda item, _old: self.show_item(item))
        self.text = QTextBrowser()
        self.text.setObjectName("compareText")
        self.text.setOpenLinks(False)
        splitter = QSplitter()
        splitter.addWidget(self.tree)
        splitter.addWidget(self.text)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([320, 640])
        self.export_button = QPushButton(_("Export report…"))
        self.export_button.setObjectName("exportChanges")
        self.export_button.clicked.connect(lambda _checked=False: self.ask_export())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        row = QHBoxLayout()
        row.addWidget(self.export_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addLayout(row)
        self.resize(980, 620)
        self._fill()

    def _fill(self) -> None:
        self.scenes: dict[str, SceneChange] = {}
        first: QTreeWidgetItem | None = None
        for number, scenes in self.comparison.by_episode():
            title = self.comparison.episode_titles.get(number or 0, "")
            label = _("Episode {n}").format(n=number) if number is not None else _(
                "Without an episode")
            episode = QTreeWidgetItem([f"{label}: {title}" if title else label, "",
                                       format_number(sum(len(s.lines) for s in scenes))])
            episode.setData(0, SCENE_ROLE, [s.id for s in scenes])
            self.tree.addTopLevelItem(episode)
            for scene in scenes:
                self.scenes[scene.id] = scene
                item = QTreeWidgetItem([scene.number, scene_status(scene),
                                        format_number(len(scene.lines))])
                item.setData(0, SCENE_ROLE, [scene.id])
                episode.addChild(item)
                first = first or item
            episode.setExpanded(True)
        for column in range(3):
            self.tree.resizeColumnToContents(column)
        if first is not None:
            self.tree.setCurrentItem(first)
        else:
            nothing = _("Nothing changed.")
            self.text.setHtml(f"<p>{nothing}</p>")

    def show_item(self, item: QTreeWidgetItem | None) -> None:
        """Show the chosen scene's changes (an episode: all of its scenes')."""
        if item is None:
            return
        ids = item.data(0, SCENE_ROLE) or []
        self.text.setHtml("".join(scene_html(self.scenes[i]) for i in ids if i in self.scenes))

    def rows(self) -> list[tuple[str, str]]:
        """(scene number, what changed) of every scene listed, in order (for checks)."""
        out = []
        for i in range(self.tree.topLevelItemCount()):
            episode = self.tree.topLevelItem(i)
            out += [(episode.child(k).text(0), episode.child(k).text(1))
                    for k in range(episode.childCount())]
        return out

    def ask_export(self) -> None:
        """Export report…: ask where and in which format, then write it."""
        filters = {_("PDF document (*.pdf)"): "pdf", _("Word document (*.docx)"): "docx",
                   _("JSON (*.json)"): "json"}
        start = self.project.path.with_name(f"{self.project.path.stem}-changes.pdf")
        name, chosen = QFileDialog.getSaveFileName(self, _("Export the changes report"),
                                                   str(start), ";;".join(filters))
        if name:
            self.export_to(Path(name), filters.get(chosen, "pdf"))

    def export_to(self, path: Path, fmt: str) -> Path | None:
        """Write the changes report as ``fmt`` to ``path`` (a refusal shows in a dialog)."""
        if path.suffix.lower() != REPORT_SUFFIX[fmt]:
            path = path.with_name(path.name + REPORT_SUFFIX[fmt])
        # the writers (reportlab, python-docx) load on the first export, not at start-up
        from app.formats.registry import export

        opts = ExportOptions(what=CHANGES, format=fmt, revision=self.opts.revision,
                             revision_to=self.opts.revision_to, against=self.opts.against)
        try:
            return export(self.project, opts, path)
        except USER_ERRORS as exc:
            dialogs.show_error(self, _("Cannot export the changes"), str(exc))
            return None
