"""The scripts Kiln reads, and the one way to read one: by its suffix, or for ``.txt`` by what
its lines look like (Fountain or the Chinese layout).

A ``Reader`` turns one kind of script file into project JSON and a report of what it could not
place. ``app.formats.registry`` imports through here, and a one-step export reads here too:
nothing in this module loads the database layer.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.chinese_lines import LineKind, read_line
from app.core.i18n import _
from app.core.vocabulary import ZH_SCRIPT_MARKERS
from app.formats.common import ImportFailed, ImportReport, has_cjk, read_limited
from app.formats.names import IMPORT_FORMATS
from app.formats.text_decoding import decode

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reader:
    """One kind of script file: ``read(path, encoding)`` gives project JSON and a report.

    The reader's function is named (``module:function``) and loaded when it first reads: the
    XML and Word readers pull in lxml, which a Fountain conversion never needs."""

    format: str
    suffixes: tuple[str, ...]
    target: str
    #: Whether the file is text in some encoding (Fountain, Chinese plain text).
    text: bool = True

    def read(self, path: Path, encoding: str) -> tuple[dict[str, Any], ImportReport]:
        """The project JSON of ``path`` and what could not be placed."""
        module, _sep, name = self.target.partition(":")
        function: Callable[..., tuple[dict[str, Any], ImportReport]] = getattr(
            importlib.import_module(module), name)
        return function(path, encoding) if self.text else function(path)


READERS: dict[str, Reader] = {
    r.format: r
    for r in (
        Reader("fountain", (".fountain", ".spmd"), "app.formats.fountain.reader:import_fountain"),
        Reader("fdx", (".fdx",), "app.formats.fdx.reader:import_fdx", text=False),
        Reader("docx", (".docx",), "app.formats.chinese_text:import_docx", text=False),
        Reader("zh-text", (), "app.formats.chinese_text:import_chinese_text"),
    )
}


def guess_format(path: Path, encoding: str = "auto") -> str:
    """The reader for ``path``: by its suffix, and for ``.txt`` by what its lines look like."""
    suffix = path.suffix.lower()
    for reader in READERS.values():
        if suffix in reader.suffixes:
            return reader.format
    text = decode(read_limited(path), path, encoding)
    return "zh-text" if looks_chinese(text) else "fountain"


def looks_chinese(text: str) -> bool:
    """Whether a plain-text script is in the Chinese layout: mostly Chinese, with at least one
    line only that layout has (an episode or scene heading, 人物：, △ action, 【字幕】…)."""
    sample = text[:200000]
    if not has_cjk(sample):
        return False
    if ZH_SCRIPT_MARKERS.search(sample):
        return True
    layout_kinds = (LineKind.EPISODE, LineKind.SCENE, LineKind.CAST, LineKind.CAPTION,
                    LineKind.FLASHBACK_START, LineKind.FLASHBACK_END)
    return any(
        item.kind in layout_kinds
        for line in sample.split("\n", 5000)[:5000]
        for item in read_line(line)
    )


def read_script(
    source: Path, fmt: str = "auto", encoding: str = "auto"
) -> tuple[dict[str, Any], ImportReport]:
    """Read the script ``source`` as project JSON with the reader of ``fmt`` (``auto``: by its
    suffix, and for ``.txt`` by what its lines look like); what was not placed is reported."""
    source = Path(source)
    if fmt not in IMPORT_FORMATS:
        raise ImportFailed(
            _("{format} is not a format Kiln imports; use one of: {choices}.").format(
                format=fmt, choices=", ".join(IMPORT_FORMATS)
            )
        )
    if not source.is_file():
        raise ImportFailed(_("{path} does not exist or is not a file.").format(path=source))
    if fmt == "auto":
        fmt = guess_format(source, encoding)
    data, report = READERS[fmt].read(source, encoding)
    logger.info("read %s as %s", source, fmt)
    return data, report
