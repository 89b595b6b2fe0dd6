"""Import a script as a new project file: the one way in for ``kiln import`` and File ▸ Import….

A reader (``app.formats.readers``) turns the script into project JSON, ``project_rows.check``
checks it whole, and ``project_json.write_imported`` writes it with plain sqlite3, so an import
never loads SQLAlchemy or the export writers. ``app.formats.registry`` names ``import_script``
beside ``export``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from app.formats.common import ImportReport
from app.formats.project_json import write_imported
from app.formats.readers import read_script

logger = logging.getLogger(__name__)


def import_script(
    source: Path, out: Path, fmt: str = "auto", encoding: str = "auto"
) -> ImportReport:
    """Read ``source`` and write it as the new project ``out``; return what was not placed."""
    source, out = Path(source), Path(out)
    data, report = read_script(source, fmt, encoding)
    write_imported(data, out, source)
    logger.info("imported %s into %s", source, out)
    return report
