"""Small dialogs of the main window: error message, open and new project files, About."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6 import QtCore
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QMessageBox,
    QWidget,
)

import app
from app.core.i18n import _

logger = logging.getLogger(__name__)

SUFFIX = ".kiln"


def _file_filter() -> str:
    return _("Kiln projects (*.kiln)") + ";;" + _("All files (*)")


def show_error(parent: QWidget, title: str, message: str) -> QMessageBox:
    """Show ``message`` in a critical message box without blocking the caller.

    The box is window-modal and deletes itself when closed; it is returned so callers (and
    tests) can reach it.
    """
    box = QMessageBox(QMessageBox.Icon.Critical, title, message, QMessageBox.StandardButton.Ok,
                      parent)
    box.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setTextFormat(QtCore.Qt.TextFormat.PlainText)  # file names and messages are never markup
    box.open()
    return box


def ask_open_path(parent: QWidget, start: Path) -> Path | None:
    """Ask which project file to open; None when cancelled."""
    name, _selected = QFileDialog.getOpenFileName(
        parent, _("Open project"), str(start), _file_filter())
    return Path(name) if name else None


def ask_new_project_path(parent: QWidget, start: Path, title: str) -> Path | None:
    """Ask where to save a new project titled ``title``; None when cancelled."""
    name, _selected = QFileDialog.getSaveFileName(
        parent, _("Save the new project as"), str(start / f"{title}{SUFFIX}"), _file_filter(),
        # An existing file is refused with a clear message by new_project; never overwritten.
        options=QFileDialog.Option.DontConfirmOverwrite,
    )
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower() != SUFFIX:
        path = path.with_name(path.name + SUFFIX)
    return path


def show_about(parent: QWidget) -> None:
    """The About Kiln box with the version."""
    QMessageBox.about(
        parent,
        _("About Kiln"),
        _("Kiln {version}\n\nA workbench for writing micro-dramas about intangible cultural "
          "heritage.").format(version=app.__version__),
    )


def ok_cancel_buttons(dialog: QDialog) -> QDialogButtonBox:
    """OK and Cancel buttons wired to the dialog's accept and reject."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons
