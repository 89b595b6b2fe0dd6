"""Consent: which heritage entries a project depicts that their bearers restrict, and whether a
consultant approved them (the heritage library says which entries; the review, who approved).

A library entry may carry an access flag (``access.level``): ``open``, ``consult`` (consult the
bearers first) or ``restricted`` (e.g. "do not depict the ritual" without the bearers'
approval). The rule Kiln applies: a shooting script that depicts a restricted entry — the
entry is linked to a beat, scene or line of the project — needs a consultant's approval of that
entry (an approval note, ``app.features.notes.review``), or its cover page says that the
approval is missing. Detection underlines and the review summary show the same flag
(``app.features.heritage.labels.access_text``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from app.features.heritage.coverage import entry_name
from app.features.heritage.linking import snapshots
from app.features.heritage.migrate import access_level, migrate_entry
from app.features.notes.review import ApprovalStatus, approval_statuses
from app.project.open_project import OpenProject

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ConsentItem:
    """A linked entry whose bearers restrict or ask to be consulted about its depiction."""

    entry_id: str
    name: str
    level: str  # "consult" or "restricted"
    note: str
    status: ApprovalStatus

    @property
    def needs_approval(self) -> bool:
        """A restricted entry without a consultant's approval."""
        return self.level == "restricted" and self.status is not ApprovalStatus.APPROVED


def consent_items(
    project: OpenProject, library_entries: dict[str, dict[str, Any]] | None = None,
    language: str | None = None,
) -> list[ConsentItem]:
    """Every linked entry flagged ``consult`` or ``restricted``, restricted first, by name.

    The flag is read from ``library_entries`` (the current library) where it has the entry,
    else from the project's snapshot of it, so an export without the library still knows.
    """
    statuses = approval_statuses(project)
    items = []
    for entry_id, snapshot in snapshots(project).items():
        entry = migrate_entry((library_entries or {}).get(entry_id) or snapshot)
        level = access_level(entry)
        if level == "open":
            continue
        status = statuses.get(("heritage_item", entry_id), ApprovalStatus.UNREVIEWED)
        note = (entry.get("access") or {}).get("note", "")
        name = entry_name(entry, language.replace("-", "_") if language else None)
        items.append(ConsentItem(entry_id, name, level, note, status))
    return sorted(items, key=lambda i: (i.level != "restricted", i.name, i.entry_id))
