"""Bring heritage entries of an older format up to the current one (format version 2).

Version 1 kept China's national listing as two loose fields (``national_batch``,
``national_number``), sensitivities as one free text and related entries as a bare list of
ids. Version 2 has a ``national`` object (code, serial number, batch, year, applicants,
extension listings), a ``unesco`` object (element number, URL, States), sensitivities as
typed items with their sources, a consent/access flag, typed relations and the provenance of
the UNESCO domains. ``migrate_entry`` turns a version-1 entry into a version-2 one and leaves a
version-2 entry as it is, so it can be applied to anything read (a user's library, an import,
a project's snapshot of an entry).
"""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

logger = logging.getLogger(__name__)

#: The current format version of seed files and exports.
FORMAT_VERSION = 2
#: Format versions an import or a library may hold (older ones are migrated on reading).
READABLE_VERSIONS = (1, 2)
#: The year of each batch of China's national list of intangible cultural heritage.
BATCH_YEARS = {1: 2006, 2: 2008, 3: 2011, 4: 2014, 5: 2021}
#: Sensitivity kinds, in the order a consultant reads them.
SENSITIVITY_KINDS = (
    "inter_state_dispute",
    "sacred_secret",
    "community_consent",
    "stereotype_risk",
    "naming",
    "other",
)
RELATION_KINDS = ("same_file", "listed_separately", "component_of", "related")
ACCESS_LEVELS = ("open", "consult", "restricted")
_UNESCO_ID = re.compile(r"^unesco-([0-9]{5})$")
_V1_KEYS = ("national_batch", "national_number", "related")


def is_version_1(entry: dict[str, Any]) -> bool:
    """Whether ``entry`` is in the version-1 shape (any of its fields, or text sensitivities)."""
    return any(key in entry for key in _V1_KEYS) or isinstance(entry.get("sensitivities"), str)


def migrate_entry(entry: Any) -> Any:
    """A version-2 copy of a version-1 entry; anything else is returned unchanged.

    Nothing is invented: a national batch becomes ``national.batch`` with the batch's year, the
    number becomes ``national.code``; a free-text sensitivity becomes one item of kind
    ``other`` with no source (a consultant classifies and sources it); related ids become
    ``related`` relations; the domains are marked as assigned by us (``ours``), since version 1
    never recorded where they came from. An ``unesco-NNNNN`` id gives the element number.
    """
    if not isinstance(entry, dict) or not is_version_1(entry):
        return entry
    new = copy.deepcopy(entry)
    batch = new.pop("national_batch", None)
    code = new.pop("national_number", "") or ""
    if (batch is not None or code) and "national" not in new:
        national: dict[str, Any] = {"code": code, "batch": batch}
        if isinstance(batch, int) and batch in BATCH_YEARS:
            national["year"] = BATCH_YEARS[batch]
        new["national"] = national
    text = new.get("sensitivities")
    if isinstance(text, str):
        new["sensitivities"] = (
            [{"kind": "other", "text": text.strip(), "sources": []}] if text.strip() else []
        )
    related = new.pop("related", None)
    if isinstance(related, list) and "relations" not in new:
        new["relations"] = [{"kind": "related", "id": rid} for rid in related]
    if new.get("unesco_domains") and "domains_source" not in new:
        new["domains_source"] = "ours"
    found = _UNESCO_ID.match(str(new.get("id", "")))
    if found and "unesco" not in new:
        new["unesco"] = {"element": found.group(1), "url": "", "states": list(new.get("countries",
                                                                                      []))}
    return new


def migrate_file(data: Any) -> Any:
    """A seed or export file (``{"format", "version", "entries"}``) in the current version."""
    if not isinstance(data, dict) or data.get("version") != 1:
        return data
    entries = data.get("entries")
    new = dict(data, version=FORMAT_VERSION)
    if isinstance(entries, list):
        new["entries"] = [migrate_entry(e) for e in entries]
    return new


def related_ids(entry: dict[str, Any]) -> list[str]:
    """The ids of every entry ``entry`` names in its relations, in order."""
    return [r["id"] for r in entry.get("relations", []) if isinstance(r, dict) and "id" in r]


def access_level(entry: dict[str, Any]) -> str:
    """``open``, ``consult`` or ``restricted`` (open when the entry says nothing)."""
    access = entry.get("access") or {}
    level = access.get("level", "open")
    return level if level in ACCESS_LEVELS else "open"
