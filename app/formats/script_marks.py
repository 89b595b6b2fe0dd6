"""Revision data in the script formats, where the format can keep it.

Final Draft keeps revision marks: every changed stretch of a line becomes a ``<Text
RevisionID=…>`` run of a revision set named after the revision's colour (``Blue Revision``, mark
``*``, Final Draft's page colour), added to the sets the file kept from an earlier import.
Fountain has no revision marks: its title page says which revision it is (``Revision: Blue
Revision (2025-03-10)``), and the locked scene numbers travel as ``#3-2A#`` as always. Both
writers read these from the gathered script (``app.formats.script_source``), so they only need
the marks put on it here.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

from app.formats.document.labels import ExportText, _
from app.formats.fdx.reader import REVISIONS_KEY
from app.formats.revisions import Revision
from app.formats.script_source import ScriptOut

logger = logging.getLogger(__name__)


def revision_title(revision: Revision, text: ExportText) -> str:
    """``Blue Revision``, in the export's language."""
    return text.gettext(_("{colour} Revision")).format(
        colour=revision.colour.label(text.gettext))


def fdx_colour(hex_: str) -> str:
    """``#A8CCFF`` as Final Draft writes colours (16 bits a channel): ``#A8A8CCCCFFFF``."""
    digits = hex_.lstrip("#")
    return "#" + "".join(digits[i : i + 2] * 2 for i in range(0, 6, 2)).upper()


def mark_script(script: ScriptOut, revision: Revision, text: ExportText) -> None:
    """Put ``revision``'s marks on the lines of ``script`` and its set on its title page."""
    kept: dict[str, Any] = dict(script.title_page.get(REVISIONS_KEY) or {})
    sets = [dict(s) for s in kept.get("sets") or [] if isinstance(s, dict)]
    taken = {str(s.get("ID")) for s in sets}
    number = 1 + max((int(i) for i in taken if str(i).isdigit()), default=-1)
    ident = str(number)
    title = revision_title(revision, text)
    sets.append({"Color": fdx_colour(revision.colour.hex), "FullRevision": "No", "ID": ident,
                 "Mark": "*", "Name": title, "Style": ""})
    attrs = {**(kept.get("attrs") or {}), "ActiveSet": ident, "RevisionMode": "Yes",
             "ShowAllMarks": "No", "ShowAllSets": "No"}
    page = dict(script.info.title_page or {})
    page[REVISIONS_KEY] = {"attrs": attrs, "sets": sets}
    page["revision"] = f"{title} ({revision.date.isoformat()})"
    script.info = dataclasses.replace(script.info, title_page=page)
    for episode in script.episodes:
        for scene in episode.scenes:
            scene.elements = [_marked(e, revision, ident) for e in scene.elements]


def _marked(element: Any, revision: Revision, ident: str) -> Any:
    mark = revision.marks.lines.get(element.id)
    if mark is None or not element.text:
        return element
    _fields, spans = mark
    end = len(element.text)
    stretches = [(max(0, a), min(b, end)) for a, b in spans if min(b, end) > max(0, a)]
    if not stretches:  # only words taken out, or only the speaker changed: the whole line
        stretches = [(0, end)]
    attrs = dict(element.attrs or {})
    attrs["revisions"] = [*list(attrs.get("revisions") or []),
                          *([a, b, ident] for a, b in stretches)]
    return dataclasses.replace(element, attrs=attrs)
