"""Import a script file of any supported kind into a new ``.kiln`` project.

One entry point for the command line and File → Import…: pick the reader by ``fmt`` (or guess
it from the file), build the project JSON, validate it and write the project atomically.
"""

from __future__ import annotations

import logging
from pathlib import Path

from app.core.i18n import _
from app.core.vocabulary import ZH_SCRIPT_MARKERS
from app.formats.common import ImportFailed, ImportReport, write_imported

logger = logging.getLogger(__name__)

FORMATS = ("auto", "fountain", "fdx", "zh-text", "docx")
_SUFFIXES = {
    ".fountain": "fountain",
    ".spmd": "fountain",
    ".fdx": "fdx",
    ".docx": "docx",
}


def guess_format(path: Path, encoding: str = "auto") -> str:
    """The reader for ``path``: by its suffix, and for ``.txt`` by what its lines look like."""
    fmt = _SUFFIXES.get(path.suffix.lower())
    if fmt:
        return fmt
    from app.formats.common import read_limited
    from app.formats.text_decoding import decode

    text = decode(read_limited(path), path, encoding)
    return "zh-text" if len(ZH_SCRIPT_MARKERS.findall(text[:200000])) >= 2 else "fountain"


def import_script(
    source: Path, out: Path, fmt: str = "auto", encoding: str = "auto"
) -> ImportReport:
    """Read ``source`` and write it as the new project ``out``; return what was not placed."""
    source, out = Path(source), Path(out)
    if fmt not in FORMATS:
        raise ImportFailed(
            _("{format} is not a format Kiln imports; use one of: {choices}.").format(
                format=fmt, choices=", ".join(FORMATS)
            )
        )
    if not source.is_file():
        raise ImportFailed(_("{path} does not exist or is not a file.").format(path=source))
    if fmt == "auto":
        fmt = guess_format(source, encoding)
    if fmt == "fountain":
        from app.formats.fountain.reader import import_fountain

        data, report = import_fountain(source, encoding)
    elif fmt == "fdx":
        from app.formats.fdx.reader import import_fdx

        data, report = import_fdx(source)
    elif fmt == "docx":
        from app.formats.chinese_text import import_docx

        data, report = import_docx(source)
    else:
        from app.formats.chinese_text import import_chinese_text

        data, report = import_chinese_text(source, encoding)
    write_imported(data, out, source)
    logger.info("imported %s as %s into %s", source, fmt, out)
    return report
