"""Note kinds and severities are words of the reader's language, in the window and in packets."""

from __future__ import annotations

from pathlib import Path

from app.core.enums import AnnotationKind, Severity
from app.features.notes.labels import kind_labels, severity_labels
from app.formats.document.labels import export_text
from app.formats.document.model import Paragraph
from app.formats.document.options import ExportOptions, never_cancel
from app.formats.documents import build_document
from app.project.open_project import OpenProject


def test_labels_follow_the_translation_they_are_given() -> None:
    arabic = export_text("ar").gettext
    assert kind_labels()[AnnotationKind.TRANSLATION_NOTE] == "Translation note"
    assert kind_labels(arabic)[AnnotationKind.TRANSLATION_NOTE] != "Translation note"
    assert severity_labels(arabic)[Severity.MAJOR] != "Major"


def test_a_persian_packet_names_note_kinds_in_persian(sample_kiln: Path) -> None:
    persian = export_text("fa").gettext
    with OpenProject.open(sample_kiln, read_only=True) as project:
        doc = build_document(
            project, ExportOptions(what="translator-packet", format="pdf", language="fa"),
            never_cancel,
        )
    texts = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    words = set(kind_labels(persian).values()) | set(severity_labels(persian).values())
    headings = [t for t in texts if any(w in t for w in words)]
    assert headings, "the cultural notes carry translated kinds"
    assert not any("translation_note" in t or "cultural_context" in t for t in texts)
