"""Run an export: build the document, render it, write it atomically (or not at all)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from app.core.errors import CommandError
from app.core.i18n import _ as ui_
from app.formats.document.labels import _, export_text
from app.formats.document.model import Document
from app.formats.document.options import Cancelled, ExportOptions, Progress, never_cancel
from app.store.atomic import atomic_path

logger = logging.getLogger(__name__)


class ExportError(CommandError):
    """An export could not be made; the message names the file and the fix."""


class ExportCancelled(Exception):
    """The user cancelled; nothing was written."""


def build_document(project: Any, opts: ExportOptions, progress: Progress) -> Document:
    """The document model of ``opts.what`` for ``project``."""
    from app.formats.document import packet, shooting_script

    language = opts.language or project.info().source_language
    text = export_text(language)
    try:
        if opts.what == "shooting-script":
            return shooting_script.build(project, opts, text, progress)
        if opts.what == "translator-packet":
            return packet.build(project, opts, text, progress)
    except Cancelled as exc:
        raise ExportCancelled from exc
    raise ExportError(
        ui_("Unknown export {what!r}: use shooting-script or translator-packet.").format(
            what=opts.what
        )
    )


def export(
    project: Any, opts: ExportOptions, out: Path | str, progress: Progress = never_cancel
) -> Path:
    """Write the export to ``out`` through a temporary file; raise ``ExportCancelled`` on cancel.

    Building takes the first half of the progress, rendering the second.
    """
    out = Path(out)
    if opts.format not in ("pdf", "docx"):
        raise ExportError(
            ui_("Cannot write {path}: the format {format!r} is not pdf or docx.").format(
                path=out, format=opts.format
            )
        )
    if not out.parent.is_dir():
        raise ExportError(
            ui_("Cannot write {path}: the folder does not exist; create it first.").format(path=out)
        )

    def first(done: int, total: int) -> bool:
        return progress(done, 2 * max(total, 1))

    def second(done: int, total: int) -> bool:
        total = max(total, 1)
        return progress(total + done, 2 * total)

    doc = build_document(project, opts, first)
    text = export_text(doc.language)
    labels = {
        "page": text.gettext(_("Page {n}")),
        "more": text.gettext(_("(MORE)")),
        "contd": text.gettext(_("{name} (CONT'D)")),
        "digits": text.digits,
    }
    try:
        with atomic_path(out) as tmp:
            if opts.format == "pdf":
                from app.formats.pdf.render import render_pdf

                render_pdf(doc, tmp, labels, second)  # type: ignore[arg-type]
            else:
                from app.formats.docx.render import render_docx

                render_docx(doc, tmp, labels, second)  # type: ignore[arg-type]
    except Cancelled as exc:
        raise ExportCancelled from exc
    except OSError as exc:
        raise ExportError(
            ui_("Cannot write {path}: {reason}; choose another place.").format(
                path=out, reason=exc.strerror or exc
            )
        ) from exc
    logger.info("exported %s", out)
    return out
