"""The colours of production revisions, in the order the industry issues them.

The Writers Guild's order (screenwriting.io, "What are colored revisions/drafts/pages?"): the
shooting script goes out on White; each later set of revised pages on the next colour — Blue,
Pink, Yellow, Green, Goldenrod, Buff, Salmon, Cherry — then the second round (Second Blue …
Second Cherry), and so on. ``revision_colour(n)`` is the colour of the n-th issue (0: White).
Names are marked for translation here and translated where they are shown (the interface, or
an export in its own language). Pure data.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from app.core.i18n import N_

logger = logging.getLogger(__name__)

#: (key, English name, page colour as #RRGGBB), White first.
COLOURS: tuple[tuple[str, str, str], ...] = (
    ("white", N_("White"), "#FFFFFF"),
    ("blue", N_("Blue"), "#A8CCFF"),
    ("pink", N_("Pink"), "#FFC4DA"),
    ("yellow", N_("Yellow"), "#FFF59A"),
    ("green", N_("Green"), "#B8F0B0"),
    ("goldenrod", N_("Goldenrod"), "#F2C84B"),
    ("buff", N_("Buff"), "#F0DCAF"),
    ("salmon", N_("Salmon"), "#FFA98F"),
    ("cherry", N_("Cherry"), "#E4546A"),
)
#: The rounds after the first name their colours "Second Blue", "Third Blue"…
ROUND_NAMES = (N_("Second {colour}"), N_("Third {colour}"), N_("Fourth {colour}"))
_AFTER_WHITE = COLOURS[1:]


@dataclass(frozen=True)
class RevisionColour:
    """The colour of one issue of the script: ``index`` 0 is White, 1 Blue … 9 Second Blue."""

    index: int
    key: str
    name: str  # English, untranslated (see ``label``)
    hex: str
    round: int  # 1 for White … Cherry, 2 for Second Blue … Second Cherry, …

    @property
    def slug(self) -> str:
        """A stable name for files and JSON: ``blue``, ``second-blue``, ``round-5-blue``."""
        if self.round == 1:
            return self.key
        if self.round - 2 < len(ROUND_NAMES):
            return f"{('second', 'third', 'fourth')[self.round - 2]}-{self.key}"
        return f"round-{self.round}-{self.key}"

    def label(self, gettext: Callable[[str], str]) -> str:
        """The colour's name translated by ``gettext`` ("Blue", "Second Blue", "蓝色"…)."""
        colour = gettext(self.name)
        if self.round == 1:
            return colour
        if self.round - 2 < len(ROUND_NAMES):
            return gettext(ROUND_NAMES[self.round - 2]).format(colour=colour)
        return f"{colour} ({self.round})"


def revision_colour(index: int) -> RevisionColour:
    """The colour of the ``index``-th issue of the script (0: White, the first issue)."""
    if index < 0:
        raise ValueError("a revision index counts from 0")
    if index == 0:
        key, name, hex_ = COLOURS[0]
        return RevisionColour(0, key, name, hex_, 1)
    round_, at = divmod(index - 1, len(_AFTER_WHITE))
    key, name, hex_ = _AFTER_WHITE[at]
    return RevisionColour(index, key, name, hex_, round_ + 1)


def colour_by_slug(slug: str) -> RevisionColour | None:
    """The colour whose ``slug`` is ``slug`` (None: no such colour), among the first 100."""
    wanted = slug.strip().lower()
    return next((c for c in map(revision_colour, range(100)) if c.slug == wanted), None)
