"""File ▸ Import review notes… and File ▸ Export review notes… for the main window.

Both ask for a file when none is given, do the work through ``app.features.notes.packets``, and
tell the
user what happened in a message box that does not block (as ``ui.dialogs.show_error`` does).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.core.i18n import _, format_number, ngettext
from app.features.notes.packets import MergeReport, export_packet, import_packet
from app.project.errors import USER_ERRORS
from app.project.open_project import OpenProject
from app.store.profile import load_profile
from ui import dialogs

logger = logging.getLogger(__name__)


def _filter() -> str:
    return _("Kiln review packets (*.json)") + ";;" + _("All files (*)")


def show_info(parent: QWidget, title: str, message: str) -> QMessageBox:
    """Show ``message`` without blocking; the box is returned so tests can read it."""
    box = QMessageBox(QMessageBox.Icon.Information, title, message,
                      QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setObjectName("reviewPacketSummary")
    box.open()
    return box


def import_review_notes(
    parent: QWidget, project: OpenProject, path: Path | None = None
) -> MergeReport | None:
    """Merge a review packet into ``project`` and show a summary (None: cancelled or failed)."""
    if path is None:
        chosen, _selected = QFileDialog.getOpenFileName(
            parent, _("Import review notes"), str(project.path.parent), _filter())
        if not chosen:
            return None
        path = Path(chosen)
    try:
        report = import_packet(project, path)
    except USER_ERRORS as exc:
        logger.info("review packet %s refused: %s", path, exc)
        dialogs.show_error(parent, _("Cannot import the review notes"), str(exc))
        return None
    show_info(parent, _("Review notes imported"), report.describe())
    return report


def export_review_notes(
    parent: QWidget, project: OpenProject, path: Path | None = None
) -> Path | None:
    """Write ``project``'s notes to a review packet (None: cancelled or failed)."""
    if path is None:
        suggestion = project.path.with_name(project.path.stem + "-notes.json")
        chosen, _selected = QFileDialog.getSaveFileName(
            parent, _("Export review notes"), str(suggestion), _filter())
        if not chosen:
            return None
        path = Path(chosen)
    profile = load_profile()
    try:
        count = export_packet(project, path, {"name": profile.name, "role": profile.role.value})
    except USER_ERRORS as exc:
        dialogs.show_error(parent, _("Cannot export the review notes"), str(exc))
        return None
    show_info(parent, _("Review notes exported"),
              ngettext("Wrote {count} note to {path}.", "Wrote {count} notes to {path}.",
                       count).format(count=format_number(count), path=path))
    return path
