"""The entry card of the heritage panel: an entry rendered as HTML for a QTextBrowser.

Names in Arabic and Persian are set right-to-left; sources become clickable links.
"""

from __future__ import annotations

import html
import logging
from typing import Any

from app.core.direction import direction
from app.core.i18n import _
from app.features.heritage.labels import list_labels

logger = logging.getLogger(__name__)

LANGUAGE_LABELS = {
    "zh-Hans": "中文",
    "en": "English",
    "ar": "العربية",
    "fa": "فارسی",
    "pt": "Português",
}


def _lang_block(lang: str, text: str, tag: str = "p") -> str:
    way = direction(lang)
    align = "right" if way == "rtl" else "left"
    return f'<{tag} dir="{way}" lang="{lang}" align="{align}">{html.escape(text)}</{tag}>'


def _section(title: str, body: str) -> str:
    return f"<h4>{html.escape(title)}</h4>{body}" if body else ""


def _inscriptions(entry: dict[str, Any]) -> str:
    rows = []
    labels = list_labels()
    for item in entry.get("inscriptions", []):
        year = item.get("year") or _("year not sourced")
        note = f" — {html.escape(item['note'])}" if item.get("note") else ""
        rows.append(f"<li>{html.escape(labels.get(item['list'], item['list']))}, {year}{note}</li>")
    if entry.get("national_batch"):
        number = entry.get("national_number") or ""
        rows.append(
            "<li>"
            + html.escape(
                _("China's national list, batch {batch} {number}")
                .format(batch=entry["national_batch"], number=number)
                .strip()
            )
            + "</li>"
        )
    return f"<ul>{''.join(rows)}</ul>" if rows else ""


def card_html(entry: dict[str, Any]) -> str:
    """The whole card of one entry."""
    names = entry.get("names", {})
    parts = [_lang_block("zh-Hans", names.get("zh-Hans", ""), "h2")]
    for lang in LANGUAGE_LABELS:
        if lang != "zh-Hans" and names.get(lang):
            parts.append(_lang_block(lang, names[lang]))
    aliases = entry.get("aliases", {})
    alias_html = "".join(
        _lang_block(lang, "、".join(items) if lang == "zh-Hans" else ", ".join(items))
        for lang, items in aliases.items()
        if items
    )
    parts.append(_section(_("Also called"), alias_html))
    where = ", ".join(
        x for x in [", ".join(entry.get("countries", [])), entry.get("region", "")] if x
    )
    parts.append(f"<p>{html.escape(where)}</p>")
    parts.append(_section(_("Inscriptions"), _inscriptions(entry)))
    description = entry.get("description", {})
    parts.append(
        _section(
            _("Description"),
            "".join(_lang_block(lang, text) for lang, text in description.items() if text),
        )
    )
    sections = (
        (_("Portrayal on screen"), "portrayal_notes"),
        (_("Sensitivities"), "sensitivities"),
    )
    for title, key in sections:
        if entry.get(key):
            parts.append(_section(title, f"<p>{html.escape(entry[key])}</p>"))
    sources = "".join(
        f'<li><a href="{html.escape(s["url"], quote=True)}">{html.escape(s["title"])}</a>'
        f" ({html.escape(s.get('read', ''))})</li>"
        for s in entry.get("sources", [])
    )
    parts.append(_section(_("Sources"), f"<ul>{sources}</ul>" if sources else ""))
    if entry.get("uncertain"):
        parts.append(
            _section(_("Not settled by a source"), f"<p>{html.escape(entry['uncertain'])}</p>")
        )
    review = entry.get("review", {})
    if review.get("status") == "reviewed":
        parts.append(
            "<p><i>"
            + html.escape(
                _("Reviewed by {by} on {at}.").format(
                    by=review.get("by", ""), at=review.get("at", "")
                )
            )
            + "</i></p>"
        )
    return "".join(parts)
