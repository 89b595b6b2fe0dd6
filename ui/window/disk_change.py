"""When another program changed the open project on disk: save my version as a copy, or reload.

Kiln refuses to write over a project file that another program (a sync tool, a second copy of
an editor) changed, replaced or removed while it was open (``ProjectChangedOnDisk`` from the
services). The history tells its listeners of the refusal; the window's bridge (``ui.bridge``)
passes it on once the refused edit is over, and the workspace asks what to do with this dialog.
Neither answer loses anything: the copy holds this window's version with the refused edit made
in it, and a reload first keeps this window's version in the backup folder.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.core.i18n import _
from app.project.errors import ProjectChangedOnDisk

logger = logging.getLogger(__name__)


class DiskChangeDialog(QMessageBox):
    """“… was changed by another program” with Save a Copy… / Reload from Disk / Cancel."""

    def __init__(self, error: ProjectChangedOnDisk, parent: QWidget | None = None) -> None:
        super().__init__(
            QMessageBox.Icon.Warning,
            _("The project changed on disk"),
            _("{name} was changed by another program while it was open here, so Kiln did not "
              "save over it.").format(name=error.path.name),
            QMessageBox.StandardButton.NoButton,
            parent,
        )
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setInformativeText(_(
            "Save your version as a copy (with your last change), or reload the file as the "
            "other program left it (your version is kept in the backups)."))
        self.error = error
        self.copy_button = self.addButton(_("Save My Version as a Copy…"),
                                          QMessageBox.ButtonRole.AcceptRole)
        self.reload_button = self.addButton(_("Reload from Disk"),
                                            QMessageBox.ButtonRole.DestructiveRole)
        self.addButton(QMessageBox.StandardButton.Cancel)
        self.setDefaultButton(self.copy_button)


def ask_copy_path(parent: QWidget, project: Path) -> Path | None:
    """Ask where to save this window's version; None when cancelled. Never the project itself."""
    suggested = project.with_name(_("{stem} (my version).kiln").format(stem=project.stem))
    name, _selected = QFileDialog.getSaveFileName(
        parent, _("Save my version as"), str(suggested),
        _("Kiln projects (*.kiln)") + ";;" + _("All files (*)"),
        # An existing file is refused with a clear message by the service; never overwritten.
        options=QFileDialog.Option.DontConfirmOverwrite,
    )
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".kiln" else path.with_name(path.name + ".kiln")
