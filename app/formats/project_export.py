"""``kiln export X.kiln --what shooting-script --format pdf|docx`` without the database layer.

A project's shooting script is read from its file with plain sqlite3
(``app.store.reading.read_only_connection``: the same header check, inspection and schema
refusal as opening it) into the rows the shooting script lays out
(``app.formats.document.project_tables``), then built and typeset as every export is. The
ORM, the writers' registry and the feature modules are never loaded. What only an open project
can say stays on the full path (``app.formats.registry.export``): a revision, issuing to
production, and a title page's consent list (the approvals it needs are read by the review's
ledger).
"""

from __future__ import annotations

import logging
from pathlib import Path

from app.formats.document import shooting_script
from app.formats.document.collector import collector_paused
from app.formats.document.labels import export_text
from app.formats.document.options import ExportOptions, Progress, never_cancel
from app.formats.document.project_tables import asks_consent, stored_content
from app.formats.document.typeset import halves, typeset
from app.formats.export_file import write_export
from app.store.own_files import refuse_as_output
from app.store.reading import read_only_connection

logger = logging.getLogger(__name__)


def export_stored(project: Path | str, opts: ExportOptions, out: Path | str,
                  progress: Progress = never_cancel) -> bool:
    """Write the shooting script of the project file ``project`` to ``out`` as ``opts.format``
    and return True; return False, having written nothing, when the project needs the full
    path (its title page lists heritage that asks for consent). ``opts`` must be one that
    ``one_step.converts_directly`` accepts. A file that cannot be read raises the
    ``ProjectFileError`` opening it would."""
    project, out = Path(project), Path(out)
    refuse_as_output(project, out)
    with read_only_connection(project) as conn:
        if asks_consent(conn):
            logger.info("%s lists heritage that asks for consent: the full export", project)
            return False
        content = stored_content(conn, project, opts)
    language = opts.language or content.info.source_language
    first, second = halves(progress)
    with collector_paused():  # millions of small objects, freed by their counts
        doc = shooting_script.build(content, opts, export_text(language), first)
        del content
        write_export(out, lambda tmp: typeset(doc, opts.format, tmp, second))
    logger.info("exported %s to %s as %s (plain reading)", project, out, opts.format)
    return True
