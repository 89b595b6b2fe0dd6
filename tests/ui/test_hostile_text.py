"""Words from files are shown as the text they are, never as markup (issue #24, item 12): a
name or note ``<img width=900 …>`` used to render as a 900-pixel picture in a tooltip."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel

from app.core.anchors import TextRange
from app.core.enums import AnnotationTarget, Role
from app.features.notes import service
from app.project.open_project import OpenProject
from app.store.profile import Profile
from ui.bridge import ProjectBridge
from ui.notes.note_dialog import NoteDialog
from ui.notes.panel import NotesPanel
from ui.plain import plain_tip

HOSTILE = '<img width=900 height=900 src="x"><b>bold</b>'


def _shown(tooltip: str) -> str:
    """What a tooltip shows, read the way QToolTip reads it."""
    document = QTextDocument()
    if tooltip.lstrip().startswith("<") or "<" in tooltip:
        document.setHtml(tooltip)
    else:
        document.setPlainText(tooltip)
    return document.toPlainText()


@pytest.mark.parametrize("text", [HOSTILE, "a\nb", "plain", "&amp; <br> &lt;"])
def test_plain_tip_shows_the_text_as_it_is(qapp, text: str) -> None:  # noqa: ANN001
    assert _shown(plain_tip(text)).replace("\u2029", "\n") == text


def test_a_hostile_note_is_plain_in_the_notes_panel(qtbot, sample_kiln: Path) -> None:  # noqa: ANN001
    with OpenProject.open(sample_kiln, backup=False) as project:
        beat = project.beats()[0]
        note_id = service.add_note(project, AnnotationTarget.BEAT, beat.id, HOSTILE,
                                   author=HOSTILE)
        panel = NotesPanel(ProjectBridge(project), Profile("Noura", Role.CONSULTANT))
        qtbot.addWidget(panel)
        item = panel._items[note_id]
        assert _shown(item.toolTip(0)) == HOSTILE
        assert HOSTILE in item.text(3)  # item texts are plain already


def test_the_note_dialog_quotes_words_as_plain_text(qtbot, sample_kiln: Path) -> None:  # noqa: ANN001
    with OpenProject.open(sample_kiln, backup=False) as project:
        element = next(e for s in project.scenes() for e in project.elements(s.id) if e.text)
        target = TextRange(element.id, 0, 3, HOSTILE)
        dialog = NoteDialog(project, target, Profile("Noura", Role.CONSULTANT))
        qtbot.addWidget(dialog)
        quote = dialog.findChild(QLabel, "noteQuote")
        assert quote.textFormat() == quote.textFormat().PlainText
