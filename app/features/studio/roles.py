"""Who may change what on a studio server, said once and enforced by PostgreSQL.

Each studio member logs in as a database role of their own and belongs to one group role per
studio: writer (script, board, characters, glossary, notes: everything of a project),
consultant (notes, approvals, glossary renderings, heritage review; never the script),
translator (the translations and glossary renderings of their own languages, notes) or admin
(everything, and adds members). The groups' names carry the studio database's name, so two
studios on one PostgreSQL cluster never share rights.

These sets become grants and row-level security policies (``app.features.studio.ddl``); the
client only mirrors them to say "no" early.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from app.core.i18n import _
from app.features.studio.errors import StudioError
from app.features.studio.role_names import StudioRole
from app.project.history import CONSULTANT_TABLES
from app.store.schema import LOCAL_TABLES, Base

logger = logging.getLogger(__name__)


def project_tables() -> list[str]:
    """The tables of a project a studio keeps: every table of the .kiln but its local ones,
    parents before children."""
    return [t.name for t in Base.metadata.sorted_tables if t.name not in LOCAL_TABLES]


#: Tables each role may write (insert, update, delete); every member may read every table.
WRITABLE: dict[StudioRole, frozenset[str]] = {
    StudioRole.CONSULTANT: frozenset(CONSULTANT_TABLES),
    StudioRole.TRANSLATOR: frozenset(
        {"line_translation", "glossary_rendering", "annotation", "annotation_reply"}
    ),
}
#: Tables whose rows a translator may write only in their own languages (the column naming it).
LANGUAGE_COLUMN = {"line_translation": "language", "glossary_rendering": "language"}


def writable(role: StudioRole) -> frozenset[str]:
    """The project tables ``role`` may change."""
    if role in (StudioRole.WRITER, StudioRole.ADMIN):
        return frozenset(project_tables())
    return WRITABLE[role]


_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,62}$")


def check_member_name(name: str) -> str:
    """A member's login name: letters, digits, ``_ . -``, at most 63 characters."""
    if not _NAME.match(name):
        raise StudioError(
            _("{name} cannot be a member's name: use letters, digits, '_', '.' or '-' "
              "(at most 63), starting with a letter.").format(name=name)
        )
    return name


@dataclass(frozen=True)
class Groups:
    """The group roles of one studio database."""

    prefix: str

    @property
    def owner(self) -> str:
        """Owns the studio's schemas, tables and functions (the studio's administrators and
        the role that set it up are members)."""
        return f"{self.prefix}_owner"

    @property
    def member(self) -> str:
        """Every member: may connect and read."""
        return f"{self.prefix}_member"

    def of(self, role: StudioRole) -> str:
        return f"{self.prefix}_{role.value}"

    def all(self) -> list[str]:
        return [self.owner, self.member, *(self.of(r) for r in StudioRole)]


def groups_for(database: str) -> Groups:
    """The group roles of the studio in ``database``."""
    safe = re.sub(r"[^a-z0-9_]", "_", database.lower())[:40]
    return Groups(prefix=f"kiln_{safe}")
