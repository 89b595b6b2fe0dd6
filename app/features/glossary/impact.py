"""What a changeset means to the glossary: its terms, their frequencies, the forms of address."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from app.project.changes import Changeset

logger = logging.getLogger(__name__)

#: Terms and renderings, and what the glossary gathers terms from (names, linked heritage).
TERM_TABLES = frozenset({"glossary_term", "glossary_rendering", "character", "location",
                         "heritage_link", "heritage_snapshot"})
#: The formality table and the characters it pairs.
ADDRESS_TABLES = frozenset({"address_form", "character"})


@dataclass(frozen=True)
class GlossaryImpact:
    """Which parts of the glossary one changeset changed."""

    #: Terms, renderings or the names they are gathered from: read the list again.
    terms: bool = False
    #: Only the script's words: the frequencies may be counted again after a pause.
    frequencies: bool = False
    #: The forms of address, or the characters they pair.
    address_forms: bool = False

    def __bool__(self) -> bool:
        return self.terms or self.frequencies or self.address_forms


def glossary_impact(changeset: Changeset) -> GlossaryImpact:
    """What ``changeset`` changed of the glossary."""
    tables = changeset.tables
    terms = bool(tables & TERM_TABLES)
    return GlossaryImpact(terms=terms, frequencies=not terms and "element" in tables,
                          address_forms=bool(tables & ADDRESS_TABLES))
