"""Export a script file straight to a shooting script, with no project in between.

``kiln export SCRIPT.fountain|.fdx|.txt|.docx --what shooting-script --format pdf|docx`` reads
the script with the importers' readers, checks what they made as every import is checked
(``app.formats.project_rows.check``), and lays the rows out with the shooting script's own
builder and renderers: the same document a project's export prints, without writing a ``.kiln``
file or loading the database layer (the rest of ``kiln export`` needs a project: a revision, a
packet, a dialogue list; ``app.formats.registry.convert`` makes one in memory for those).
"""

from __future__ import annotations

import logging
from pathlib import Path

from app.formats.common import ImportReport
from app.formats.document import shooting_script
from app.formats.document.collector import collector_paused
from app.formats.document.content import from_rows
from app.formats.document.labels import export_text
from app.formats.document.options import ExportOptions, Progress, never_cancel
from app.formats.document.typeset import halves, typeset
from app.formats.export_file import write_export
from app.formats.names import SHOOTING_SCRIPT
from app.formats.project_rows import check
from app.formats.readers import read_script
from app.store.own_files import refuse_as_output

logger = logging.getLogger(__name__)

#: The formats a script goes to in one step.
FORMATS = ("pdf", "docx")


def converts_directly(opts: ExportOptions) -> bool:
    """Whether the script alone is enough for ``opts``: a shooting script as PDF or Word,
    without a revision (that compares with a draft, which only a project keeps)."""
    return (opts.what == SHOOTING_SCRIPT and opts.format in FORMATS and not opts.revision
            and not opts.changed_pages_only and not opts.issue)


def convert_script(
    source: Path | str,
    opts: ExportOptions,
    out: Path | str,
    *,
    fmt: str = "auto",
    encoding: str = "auto",
    progress: Progress = never_cancel,
) -> ImportReport:
    """Write the shooting script of the script ``source`` to ``out`` as ``opts.format`` (see
    ``converts_directly``); return what the reader could not place. Nothing is written when
    the script cannot be read, ``out`` is the script itself, or the export fails or is
    cancelled (``ExportError``, ``ExportCancelled``)."""
    source, out = Path(source), Path(out)
    refuse_as_output(source, out)
    data, report = read_script(source, fmt, encoding)
    rows = check(data, source.name)
    language = opts.language or rows.project["source_language"]
    first, second = halves(progress)
    with collector_paused():  # millions of small objects, freed by their counts
        doc = shooting_script.build(from_rows(rows, opts), opts, export_text(language), first)
        del data, rows
        write_export(out, lambda tmp: typeset(doc, opts.format, tmp, second))
    logger.info("converted %s to %s as %s", source, out, opts.format)
    return report
