"""The entry card of the heritage panel: an entry rendered as HTML for a QTextBrowser.

Names in Arabic and Persian are set right-to-left; sources become clickable links.
"""

from __future__ import annotations

import html
import logging
from typing import Any

from app.core.direction import direction
from app.core.i18n import _
from app.features.heritage.labels import (
    access_labels,
    list_labels,
    relation_labels,
    sensitivity_labels,
)
from app.features.heritage.migrate import access_level, migrate_entry

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
    unesco = entry.get("unesco") or {}
    if unesco.get("element"):
        number = html.escape(_("UNESCO element {number}").format(number=unesco["element"]))
        if unesco.get("url"):
            number = f'<a href="{html.escape(unesco["url"], quote=True)}">{number}</a>'
        rows.append(f"<li>{number}</li>")
    for item in entry.get("inscriptions", []):
        year = item.get("year") or _("year not sourced")
        extra = [item[k] for k in ("decision", "note") if item.get(k)]
        note = f" — {html.escape('; '.join(extra))}" if extra else ""
        rows.append(f"<li>{html.escape(labels.get(item['list'], item['list']))}, {year}{note}</li>")
    national = entry.get("national") or {}
    if national.get("batch") or national.get("code"):
        text = _("China's national list, batch {batch} ({year}) {number}").format(
            batch=national.get("batch") or "?", year=national.get("year") or "?",
            number=national.get("code", ""))
        rows.append("<li>" + html.escape(text.strip()) + "</li>")
    return f"<ul>{''.join(rows)}</ul>" if rows else ""


def _sensitivities(entry: dict[str, Any]) -> str:
    kinds = sensitivity_labels()
    rows = []
    for item in entry.get("sensitivities", []):
        cited = "".join(
            f' <a href="{html.escape(s["url"], quote=True)}">[{n}]</a>'
            for n, s in enumerate(item.get("sources", []), start=1))
        rows.append(f"<li><b>{html.escape(kinds.get(item['kind'], item['kind']))}</b>: "
                    f"{html.escape(item['text'])}{cited}</li>")
    return f"<ul>{''.join(rows)}</ul>" if rows else ""


def _consent(entry: dict[str, Any]) -> str:
    level = access_level(entry)
    if level == "open":
        return ""
    note = (entry.get("access") or {}).get("note", "")
    colour = "#c0392b" if level == "restricted" else "#b9770e"
    text = access_labels()[level] + (f" — {note}" if note else "")
    return f'<p style="color: {colour};"><b>{html.escape(text)}</b></p>'


def _relations(entry: dict[str, Any]) -> str:
    kinds = relation_labels()
    rows = [f"<li>{html.escape(kinds.get(r['kind'], r['kind']))}: {html.escape(r['id'])}</li>"
            for r in entry.get("relations", [])]
    return f"<ul>{''.join(rows)}</ul>" if rows else ""


def card_html(entry: dict[str, Any]) -> str:
    """The whole card of one entry."""
    entry = migrate_entry(entry)  # a project's snapshot may be in the older format
    names = entry.get("names", {})
    parts = [_lang_block("zh-Hans", names.get("zh-Hans", ""), "h2"), _consent(entry)]
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
    if entry.get("portrayal_notes"):
        parts.append(_section(_("Portrayal on screen"),
                              f"<p>{html.escape(entry['portrayal_notes'])}</p>"))
    parts.append(_section(_("Sensitivities"), _sensitivities(entry)))
    parts.append(_section(_("Related entries"), _relations(entry)))
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
