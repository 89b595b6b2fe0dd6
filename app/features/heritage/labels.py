"""The words for a heritage entry's coded fields (UNESCO domains, China's categories, lists),
shared by every window that shows or edits them, in the interface language."""

from __future__ import annotations

import logging
from typing import Any

from app.core.i18n import _
from app.features.heritage.migrate import access_level

logger = logging.getLogger(__name__)


def domain_labels() -> dict[str, str]:
    """UNESCO's five domains of intangible cultural heritage (2003 Convention, Article 2)."""
    return {
        "oral_traditions": _("Oral traditions"),
        "performing_arts": _("Performing arts"),
        "social_practices": _("Social practices, rituals, festivals"),
        "knowledge_nature": _("Knowledge of nature"),
        "traditional_craftsmanship": _("Traditional craftsmanship"),
    }


def category_labels() -> dict[str, str]:
    """The ten categories of China's national list of intangible cultural heritage."""
    return {
        "folk_literature": _("Folk literature"),
        "traditional_music": _("Traditional music"),
        "traditional_dance": _("Traditional dance"),
        "traditional_opera": _("Traditional opera"),
        "quyi": _("Quyi (storytelling and ballad singing)"),
        "sports_games_acrobatics": _("Sports, games and acrobatics"),
        "traditional_fine_arts": _("Traditional fine arts"),
        "traditional_craftsmanship": _("Traditional craftsmanship"),
        "traditional_medicine": _("Traditional medicine"),
        "folk_customs": _("Folk customs"),
    }


def list_labels() -> dict[str, str]:
    """UNESCO's lists (and the 2001–2005 Masterpieces) plus China's national list."""
    return {
        "representative": _("Representative List"),
        "urgent": _("Urgent Safeguarding List"),
        "good_practices": _("Register of Good Safeguarding Practices"),
        "masterpiece": _("Masterpiece (2001–2005)"),
        "national": _("China's national list"),
    }


def sensitivity_labels() -> dict[str, str]:
    """The kinds of sensitivity a cultural consultant flags."""
    return {
        "inter_state_dispute": _("Dispute between States"),
        "sacred_secret": _("Sacred or secret"),
        "community_consent": _("Community consent"),
        "stereotype_risk": _("Risk of stereotype"),
        "naming": _("Naming"),
        "other": _("Other (not yet classified)"),
    }


def access_labels() -> dict[str, str]:
    """The consent/access levels of an entry."""
    return {
        "open": _("Open (no restriction)"),
        "consult": _("Consult the bearers first"),
        "restricted": _("Restricted: needs the bearers' approval"),
    }


def relation_labels() -> dict[str, str]:
    """How two library entries are related."""
    return {
        "same_file": _("Same UNESCO file"),
        "listed_separately": _("Listed separately by another State"),
        "component_of": _("Component of"),
        "related": _("Related"),
    }


def access_text(entry: dict[str, Any]) -> str:
    """One line for a tooltip or card: the access level and its note ("" for open entries)."""
    level = access_level(entry)
    if level == "open":
        return ""
    note = (entry.get("access") or {}).get("note", "")
    label = access_labels()[level]
    return f"{label} — {note}" if note else label
