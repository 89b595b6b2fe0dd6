"""What every script importer shares: reading a file safely, the report, and the way out.

Importers turn a foreign script into Kiln's project JSON (docs/project-json.md) with a
``ScriptBuilder`` (``app.formats.builder``); ``project_json.write_imported`` writes it, so there
is one validated path into a ``.kiln`` file: atomic, and nothing is written on failure. Nothing
here loads the database layer: a one-step export reads scripts without it.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from app.core.i18n import _
from app.formats.errors import ImportFailed

logger = logging.getLogger(__name__)

#: Scripts larger than this are refused before they are read (a feature film is ~200 KB).
MAX_BYTES = 20 * 1024 * 1024

#: An import reports at most this many lines one by one (a wrong file would flood the screen).
MAX_PROBLEMS = 500

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class Problem:
    """One line an importer could not place where it stood, and where it went instead."""

    line: int
    text: str
    reason: str
    #: Where the line was kept ("" when it was left out).
    kept: str = ""

    def __str__(self) -> str:
        if self.line <= 0:  # not tied to a line (a name, a note of an XML file)
            if self.kept:
                return _("{reason} (kept {kept}): {text}").format(
                    reason=self.reason, kept=self.kept, text=self.text
                )
            return _("{reason}: {text}").format(reason=self.reason, text=self.text)
        if self.kept:
            return _("line {line}: {reason} (kept {kept}): {text}").format(
                line=self.line, reason=self.reason, kept=self.kept, text=self.text
            )
        return _("line {line}: {reason}: {text}").format(
            line=self.line, reason=self.reason, text=self.text
        )


@dataclass
class ImportReport:
    """The lines an importer skipped or could not place, in file order."""

    problems: list[Problem] = field(default_factory=list)
    #: Problems beyond ``MAX_PROBLEMS``, counted but not kept.
    more: int = 0
    #: The encoding a text file was read in ("" for XML and Word files).
    encoding: str = ""

    def add(self, line: int, text: str, reason: str, kept: str = "") -> None:
        """Report ``text`` at ``line``: why it was not placed, and where it was ``kept``."""
        if len(self.problems) >= MAX_PROBLEMS:
            self.more += 1
            return
        self.problems.append(Problem(line, text[:400].strip()[:120], reason, kept))

    def lines(self) -> list[str]:
        """The problems as lines for the user, with a count of any left out."""
        out = [str(p) for p in self.problems]
        if self.more:
            out.append(_("… and {n} more lines.").format(n=self.more))
        return out

    def __bool__(self) -> bool:
        return bool(self.problems)


def read_limited(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of ``path``; refuses missing, oversized and unreadable files with one message."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > limit:
            raise ImportFailed(
                _(
                    "{path} is {size} MB, more than the {limit} MB Kiln imports; "
                    "split the script or check that this is the right file."
                ).format(path=path, size=size // (1024 * 1024), limit=limit // (1024 * 1024))
            )
        return path.read_bytes()
    except OSError as exc:
        raise ImportFailed(
            _("{path} could not be read ({detail}).").format(path=path, detail=exc.strerror or exc)
        ) from exc


def has_cjk(text: str, share: float = 0.2) -> bool:
    """Whether Chinese characters make up at least ``share`` of the letters of ``text``."""
    letters = sum(1 for ch in text[:20000] if ch.isalpha())
    return letters > 0 and len(_CJK.findall(text[:20000])) / letters >= share

