"""File → Import… and File → Export as Fountain / Final Draft / XLIFF…, for the main window.

``InterchangeActions`` owns the menu actions; the window adds them to its File menu, tells it
the open project (``set_project``) and opens the project ``project_imported`` announces.
The work itself is ``import_file`` / ``export_file``, which tests call without file dialogs.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from app.core.i18n import _
from app.formats.common import ImportReport
from app.formats.document.options import ExportOptions
from app.project.errors import USER_ERRORS
from app.project.open_project import OpenProject
from ui import dialogs

logger = logging.getLogger(__name__)

_SUFFIX = {"fountain": ".fountain", "fdx": ".fdx", "xliff": ".xlf"}


def _import_filter() -> str:
    return ";;".join(
        [
            _("Scripts (*.fountain *.fdx *.txt *.docx)"),
            _("Fountain (*.fountain *.spmd)"),
            _("Final Draft (*.fdx)"),
            _("Chinese text or Word (*.txt *.docx)"),
            _("All files (*)"),
        ]
    )


class InterchangeActions(QObject):
    """The import and interchange-export actions of the File menu."""

    project_imported = Signal(Path)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.window = parent
        self.project: OpenProject | None = None
        self.import_action = QAction(_("Import…"), self)
        self.import_action.setObjectName("importAction")
        self.import_action.triggered.connect(self.ask_import)
        self.export_actions: dict[str, QAction] = {}
        for fmt, label in (
            ("fountain", _("Export as Fountain…")),
            ("fdx", _("Export as Final Draft…")),
            ("xliff", _("Export for translators (XLIFF)…")),
        ):
            action = QAction(label, self)
            action.setObjectName(f"export_{fmt}")
            action.triggered.connect(lambda _checked=False, f=fmt: self.ask_export(f))
            self.export_actions[fmt] = action
        self.set_project(None)

    def actions(self) -> list[QAction]:
        """All actions, in menu order."""
        return [self.import_action, *self.export_actions.values()]

    def set_project(self, project: OpenProject | None) -> None:
        """The project exports read from (None: exports are disabled)."""
        self.project = project
        for action in self.export_actions.values():
            action.setEnabled(project is not None)

    # -- the work -------------------------------------------------------------------------

    def import_file(self, source: Path, target: Path) -> ImportReport | None:
        """Import ``source`` as the new project ``target``; None (and a message) on failure."""
        # every reader and writer loads on the first import or export, not at start-up
        from app.formats.registry import import_script

        try:
            report = import_script(source, target)
        except USER_ERRORS as exc:
            dialogs.show_error(self.window, _("Import failed"), str(exc))
            return None
        if report:
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                _("Imported with warnings"),
                _("Some lines of {path} could not be placed:").format(path=source.name),
                QMessageBox.StandardButton.Ok,
                self.window,
            )
            box.setDetailedText("\n".join(report.lines()))
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
        self.project_imported.emit(target)
        return report

    def export_file(self, fmt: str, out: Path, language: str = "") -> bool:
        """Write the open project as ``fmt`` to ``out``; False (and a message) on failure."""
        if self.project is None:
            return False
        # every reader and writer loads on the first import or export, not at start-up
        from app.formats.registry import export, writer

        try:
            what = writer(fmt).documents[0]
            export(self.project, ExportOptions(what=what, format=fmt, language=language), out)
        except USER_ERRORS as exc:
            dialogs.show_error(self.window, _("Export failed"), str(exc))
            return False
        return True

    # -- dialogs --------------------------------------------------------------------------

    def ask_import(self) -> None:
        source, _selected = QFileDialog.getOpenFileName(
            self.window, _("Import a script"), "", _import_filter()
        )
        if not source:
            return
        target, _selected = QFileDialog.getSaveFileName(
            self.window,
            _("Save the imported project as"),
            str(Path(source).with_suffix(".kiln")),
            _("Kiln projects (*.kiln)"),
        )
        if target:
            self.import_file(Path(source), Path(target).with_suffix(".kiln"))

    def ask_export(self, fmt: str) -> None:
        if self.project is None:
            return
        language = ""
        if fmt == "xliff":
            languages = list(self.project.info().target_languages)
            language, ok = QInputDialog.getItem(
                self.window, _("Export for translators"), _("Target language"), languages, 0,
                False,
            )  # fmt: skip
            if not ok or not language:
                return
        suggested = self.project.path.with_suffix(
            (f".{language}" if language else "") + _SUFFIX[fmt]
        )
        out, _selected = QFileDialog.getSaveFileName(
            self.window, _("Export"), str(suggested), f"*{_SUFFIX[fmt]}"
        )
        if out and self.export_file(fmt, Path(out), language):
            logger.info("exported %s", out)
