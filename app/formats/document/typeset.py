"""Typeset a built ``Document`` as a PDF or a Word file, with the labels of its language.

The renderer of each format is loaded by name when it is first used: each pulls in its own
library (reportlab, python-docx with lxml), and a PDF export need not load Word's. Nothing here
loads the database layer, so a one-step export (``app.formats.one_step``) typesets through here
as a project's export does (``app.formats.documents``).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.formats.document.labels import _, export_text
from app.formats.document.model import Document
from app.formats.document.options import Progress

logger = logging.getLogger(__name__)

#: The module and function that render each format.
_RENDERERS = {
    "pdf": ("app.formats.pdf.render", "render_pdf"),
    "docx": ("app.formats.docx.render", "render_docx"),
}


def renderer(fmt: str) -> Callable[[Document, Path, dict[str, Any], Progress], None]:
    """The function that renders ``fmt`` (``pdf`` or ``docx``)."""
    module, name = _RENDERERS[fmt]
    return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]


def typeset(doc: Document, fmt: str, out: Path, progress: Progress) -> None:
    """Render ``doc`` as ``fmt`` to ``out`` (its page labels in the document's language)."""
    text = export_text(doc.language)
    labels = {
        "page": text.gettext(_("Page {n}")),
        "more": text.gettext(_("(MORE)")),
        "contd": text.gettext(_("{name} (CONT'D)")),
        "digits": text.digits,
    }
    renderer(fmt)(doc, out, labels, progress)


def halves(progress: Progress) -> tuple[Progress, Progress]:
    """``progress`` split in two: building reports the first half, rendering the second."""

    def first(done: int, total: int) -> bool:
        return progress(done, 2 * max(total, 1))

    def second(done: int, total: int) -> bool:
        total = max(total, 1)
        return progress(total + done, 2 * total)

    return first, second
