"""JSON for the command line's ``--json``: readable by people, quick to write for 20,000 rows.

``json.dumps(..., indent=2)`` runs Python's own encoder (the C one only writes unindented JSON)
and gives every field of every row a line of its own. Here the outer levels are indented and
each value below ``depth`` is written on one line by the C encoder: one row, one line.
"""

from __future__ import annotations

import json
import logging
from typing import Any

logger = logging.getLogger(__name__)

_ONE_LINE = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))


def readable_json(value: Any, depth: int = 2) -> str:
    """``value`` as JSON text: objects and lists indented two spaces for ``depth`` levels,
    everything deeper on one line."""
    parts: list[str] = []
    _write(value, depth, "", parts)
    return "".join(parts)


def _write(value: Any, depth: int, indent: str, parts: list[str]) -> None:
    if depth <= 0 or not isinstance(value, dict | list) or not value:
        parts.append(_ONE_LINE.encode(value))
        return
    inner = indent + "  "
    if isinstance(value, dict):
        opening, closing = "{", "}"
        items = [(_ONE_LINE.encode(str(k)) + ": ", v) for k, v in value.items()]
    else:
        opening, closing = "[", "]"
        items = [("", v) for v in value]
    parts.append(opening)
    for n, (key, item) in enumerate(items):
        parts.append(("\n" if n == 0 else ",\n") + inner + key)
        _write(item, depth - 1, inner, parts)
    parts.append("\n" + indent + closing)
