"""Build the document of an export (shooting script or translator packet) and render it to PDF
or DOCX; ``app.formats.registry.export`` makes the file atomic and handles cancelling."""

from __future__ import annotations

import logging
from pathlib import Path

from app.core.errors import CommandError
from app.core.i18n import _ as ui_
from app.formats.document import changes_report, packet, shooting_script, sources
from app.formats.document.collector import collector_paused
from app.formats.document.labels import export_text
from app.formats.document.model import Document
from app.formats.document.options import ExportOptions, Progress
from app.formats.document.typeset import halves, typeset
from app.formats.revisions import comparison_of
from app.project.open_project import OpenProject

logger = logging.getLogger(__name__)


def build_document(project: OpenProject, opts: ExportOptions, progress: Progress) -> Document:
    """The document model of ``opts.what`` for ``project``."""
    language = opts.language or project.info().source_language
    text = export_text(language)
    if opts.what == "shooting-script":
        content = sources.script_content(project, opts, text.language)
        return shooting_script.build(content, opts, text, progress)
    if opts.what == "translator-packet":
        return packet.build(project, opts, text, progress)
    if opts.what == "changes":
        info = project.info()
        return changes_report.build(comparison_of(project, opts), info.title, info.layout, opts,
                                    text, progress)
    raise CommandError(
        ui_("Unknown export {what!r}: use shooting-script, translator-packet or changes.").format(
            what=opts.what
        )
    )


def render_document(
    project: OpenProject, opts: ExportOptions, out: Path, progress: Progress
) -> None:
    """Build the document and render it as ``opts.format`` (pdf or docx) to ``out``.

    Building takes the first half of the progress, rendering the second.
    """
    first, second = halves(progress)
    with collector_paused():  # millions of small objects, freed by their counts
        doc = build_document(project, opts, first)
        typeset(doc, opts.format, out, second)
        del doc  # freed now: the collector's first walk when it resumes has it no more
