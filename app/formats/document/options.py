"""What the user asked an export to contain."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

#: ``progress(done, total)``; returning False cancels the export.
Progress = Callable[[int, int], bool]

#: Timed-text characters per subtitle line by language (DOMAIN.md; Persian treated as Arabic).
LINE_LIMITS = {"zh": 16, "ar": 42, "fa": 42, "pt": 42, "en": 42}


class Cancelled(Exception):
    """Raised inside an export when the progress callback asks to stop."""


def line_limit(language: str, overrides: dict[str, int] | None = None) -> int:
    """The characters-per-line limit for ``language``; ``overrides`` win."""
    overrides = overrides or {}
    if language in overrides:
        return overrides[language]
    return LINE_LIMITS.get(language.split("-")[0].lower(), 42)


def never_cancel(done: int, total: int) -> bool:
    """A progress callback that never cancels."""
    return True


@dataclass(frozen=True)
class ExportOptions:
    """Options of one export; ``language`` is the export's language (labels, dates)."""

    what: str = "shooting-script"
    format: str = "pdf"
    language: str = ""
    episodes: tuple[int, int] | None = None
    notes: bool = False
    heritage: bool = False
    bilingual: str = ""
    line_limits: dict[str, int] = field(default_factory=dict)
    #: the date printed (title page, packet cover); today when None (golden files fix it)
    date: dt.date | None = None
    #: a named draft: a shooting script marks what changed since it (``*`` in the margin, the
    #: revision's colour and date in the page header); a changes report starts from it
    revision: str = ""
    #: a changes report ends at this draft ("": the script as it is now)
    revision_to: str = ""
    #: a changes report starts from this other project file instead of a draft
    against: str = ""
    #: a revised shooting script keeps only the pages that carry a change (PDF)
    changed_pages_only: bool = False
    #: keep this export's script as the next issue to production (a draft with the next
    #: revision colour; the first issue also locks the scene numbers)
    issue: bool = False

    def wants(self, number: int) -> bool:
        """True when episode ``number`` is in the chosen range."""
        return self.episodes is None or self.episodes[0] <= number <= self.episodes[1]
