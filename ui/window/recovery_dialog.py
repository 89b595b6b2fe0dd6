"""The offer made when a project file is damaged: open its newest good backup as a new file.

"… is damaged (reason). Open the backup from <date> as <new name>?" The damaged file is never
written to; accepting writes the backup beside it under the new name and opens that. When the
file is well formed and only its seal differs (another program changed it, or a byte of a text
flipped), the user may also open it as it is: only they know whether the change was theirs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from app.core.i18n import _
from app.project.errors import ProjectDamaged
from app.project.recover import suggested_name

logger = logging.getLogger(__name__)


class RecoveryDialog(QMessageBox):
    """Asks whether to open the newest good backup of a damaged project as ``target`` (None: it
    has none) or, when only its seal differs, the file as it is."""

    def __init__(
        self, damage: ProjectDamaged, target: Path | None, parent: QWidget | None = None
    ) -> None:
        taken = damage.backup_taken.astimezone().strftime("%Y-%m-%d %H:%M") \
            if damage.backup_taken else "?"
        if target is not None:
            question = _("{name} is damaged ({reason}). Open the backup from {date} as {new}?")
        else:
            question = _("{name} is damaged ({reason}).")
        super().__init__(
            QMessageBox.Icon.Warning,
            _("The project is damaged"),
            question.format(name=damage.path.name, reason=damage.reason, date=taken,
                            new=target.name if target else ""),
            QMessageBox.StandardButton.NoButton,
            parent,
        )
        self.setTextFormat(Qt.TextFormat.PlainText)
        notes = []
        if target is not None:
            notes.append(_(
                "Kiln leaves the damaged file {path} as it is; the backup is written beside it as "
                "a new file.").format(path=damage.path))
        if damage.contents_only:
            notes.append(_(
                "The file itself is well formed: if you changed it with another program on "
                "purpose, open it as it is."))
        self.setInformativeText("\n\n".join(notes))
        self.damage, self.target = damage, target
        self.open_button = self.as_is_button = None
        if target is not None:
            self.open_button = self.addButton(
                _("Open the Backup"), QMessageBox.ButtonRole.AcceptRole)
        if damage.contents_only:
            self.as_is_button = self.addButton(
                _("Open As It Is"), QMessageBox.ButtonRole.DestructiveRole)
        self.addButton(QMessageBox.StandardButton.Cancel)
        self.setDefaultButton(self.open_button or self.as_is_button)


def offer_recovery(
    parent: QWidget,
    damage: ProjectDamaged,
    accepted: Callable[[Path], None],
    as_is: Callable[[], None] | None = None,
) -> RecoveryDialog | None:
    """Show the offer without blocking; call ``accepted(target)`` when the user takes the
    backup, ``as_is()`` when they open the file as it is. None (and nothing shown) when there is
    nothing to offer: no good backup, and more wrong than the seal."""
    target = suggested_name(damage)
    if target is None and not (damage.contents_only and as_is is not None):
        return None
    box = RecoveryDialog(damage, target, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def done(_result: int) -> None:
        clicked = box.clickedButton()
        if clicked is not None and clicked is box.open_button and target is not None:
            accepted(target)
        elif clicked is not None and clicked is box.as_is_button and as_is is not None:
            as_is()

    box.finished.connect(done)
    box.open()
    return box
