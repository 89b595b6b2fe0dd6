"""The bundled sample project: a six-episode series about blue-and-white porcelain."""

from __future__ import annotations

import logging
from pathlib import Path

from app.core.paths import sample_project_source
from app.formats import project_json

logger = logging.getLogger(__name__)


def write_sample(out: Path | str, *, overwrite: bool = False) -> None:
    """Write the sample project to ``out`` as a `.kiln` file."""
    source = sample_project_source()
    data = project_json.load(source)
    project_json.write_imported(data, Path(out), source, overwrite=overwrite)
    logger.info("wrote the sample project to %s", out)
