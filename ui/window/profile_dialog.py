"""Edit ▸ Profile…: the user's name (signs their notes) and role (writer, consultant,
translator). A consultant's projects have the script read-only; a new role applies at once,
to the open project too.
"""

from __future__ import annotations

import logging

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.enums import Role
from app.core.i18n import _
from app.store.profile import Profile, load_profile, save_profile
from ui import dialogs
from ui.dialogs import ok_cancel_buttons

logger = logging.getLogger(__name__)


def role_labels() -> dict[Role, str]:
    return {
        Role.WRITER: _("Writer"),
        Role.CONSULTANT: _("Cultural consultant (script read-only, notes only)"),
        Role.TRANSLATOR: _("Translator"),
    }


class ProfileDialog(QDialog):
    """Shows the saved profile; OK saves it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Profile"))
        self.setObjectName("profileDialog")
        current = load_profile()
        self.name = QLineEdit(current.name)
        self.name.setObjectName("profileName")
        self.role = QComboBox()
        self.role.setObjectName("profileRole")
        for role, label in role_labels().items():
            self.role.addItem(label, role.value)
        self.role.setCurrentIndex(self.role.findData(current.role.value))
        form = QFormLayout()
        form.addRow(_("Name:"), self.name)
        form.addRow(_("Role:"), self.role)
        self.buttons = ok_cancel_buttons(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def profile(self) -> Profile:
        """The profile the fields describe."""
        return Profile(name=self.name.text().strip(), role=Role(self.role.currentData()))

    def accept(self) -> None:
        """Save the profile; on a problem show why and stay open."""
        try:
            save_profile(self.profile())
        except OSError as exc:
            dialogs.show_error(
                self, _("Cannot save the profile"),
                _("Cannot save your profile ({reason}); check that Kiln's data folder is "
                  "writable.").format(reason=exc.strerror or exc))
            return
        super().accept()
