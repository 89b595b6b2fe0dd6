"""Add a note on words selected in the script editor.

``TextRange`` (``app.core.anchors``) is a range of one script line's own text, in code points
(the editor's ``selected_words`` makes one from a selection, counting Qt's UTF-16 positions);
``NoteDialog`` asks for the note and adds it through ``app.features.notes.service``. Its
languages-or-cultures field takes BCP-47 tags: a bare language (``en``) addresses that target
language's translator, a tag with a region (``ar-AE``) a culture (both reach the packet of their
language, ``app.formats.document.sources``).
"""

from __future__ import annotations

import logging
import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.anchors import TextRange
from app.core.enums import AnnotationKind, Severity
from app.core.i18n import _
from app.features.notes import service
from app.features.notes.labels import kind_labels, severity_labels
from app.project.errors import USER_ERRORS
from app.project.open_project import OpenProject
from app.store.profile import Profile, load_profile
from ui import dialogs
from ui.dialogs import ok_cancel_buttons

logger = logging.getLogger(__name__)


class NoteDialog(QDialog):
    """Write a note on a range of a script line; ``created_id`` is set once it is added."""

    def __init__(
        self,
        project: OpenProject,
        target: TextRange,
        profile: Profile | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Add a note"))
        self.setObjectName("noteDialog")
        self.project = project
        self.target = target
        self.profile = profile or load_profile()
        self.created_id: str | None = None

        quote = QLabel(f"«{target.quote}»")
        quote.setTextFormat(Qt.TextFormat.PlainText)  # the words come from the script
        quote.setWordWrap(True)
        quote.setObjectName("noteQuote")
        self.body = QPlainTextEdit()
        self.body.setObjectName("noteBody")
        self.body.setPlaceholderText(_("What should the writer know about these words?"))
        self.kind = QComboBox()
        for kind, label in kind_labels().items():
            self.kind.addItem(label, kind.value)
        self.severity = QComboBox()
        for severity, label in severity_labels().items():
            self.severity.addItem(label, severity.value)
        self.cultures = QLineEdit()
        self.cultures.setObjectName("noteCultures")
        self.cultures.setPlaceholderText(_("for example en, ar-AE, fa-IR"))
        self.cultures.setToolTip(cultures_help())
        self.author = QLineEdit(self.profile.name)
        self.author.setObjectName("noteAuthor")

        form = QFormLayout()
        form.addRow(_("Words:"), quote)
        form.addRow(_("Kind:"), self.kind)
        form.addRow(_("Severity:"), self.severity)
        self.cultures_label = QLabel(_("Languages or cultures:"))
        self.cultures_label.setToolTip(cultures_help())
        self.cultures_label.setBuddy(self.cultures)
        form.addRow(self.cultures_label, self.cultures)
        form.addRow(_("Author:"), self.author)
        self.buttons = ok_cancel_buttons(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.body)
        layout.addWidget(self.buttons)

    def accept(self) -> None:
        """Add the note; on a problem show why and stay open."""
        try:
            self.created_id = service.add_text_note(
                self.project,
                self.target.element_id,
                self.target.start,
                self.target.end,
                self.body.toPlainText(),
                author=self.author.text() or self.profile.name,
                role=self.profile.role,
                cultures=culture_codes(self.cultures.text()),
                kind=AnnotationKind(self.kind.currentData()),
                severity=Severity(self.severity.currentData()),
            )
        except USER_ERRORS as exc:
            logger.info("note not added: %s", exc)
            dialogs.show_error(self, _("Cannot add the note"), str(exc))
            return
        super().accept()


def cultures_help() -> str:
    """What the cultures field means: who the note addresses."""
    return _("Whom the note is for. A bare language tag addresses that target language: a note "
             "tagged en reaches the English translator packet. A tag with a region (ar-AE, "
             "fa-IR) addresses a culture, and reaches that language's packet too. Leave it "
             "empty for everyone.")


def culture_codes(text: str) -> list[str]:
    """The culture codes typed in ``text``, split on Latin, Arabic (،) or Chinese (，、) commas
    and on spaces, so whatever keyboard the consultant types on works."""
    return [code for code in re.split(r"[\s,،，、;؛]+", text) if code]
