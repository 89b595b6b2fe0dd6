"""Check heritage entries against ``resources/heritage/schema.json`` and fill in defaults.

The checker understands the part of JSON Schema the seed schema uses (``$ref``, ``type``,
``const``, ``enum``, ``required``, ``properties``, ``additionalProperties``, ``items``,
``minItems``, ``minLength``, ``pattern``, ``minimum``, ``maximum``), so Kiln needs no schema
library at run time. Each problem comes back as one sentence naming the field.
"""

from __future__ import annotations

import copy
import json
import logging
import re
from functools import cache
from typing import Any

from app.core.i18n import _, ngettext
from app.core.paths import RESOURCES
from app.features.heritage.migrate import migrate_file

logger = logging.getLogger(__name__)

SCHEMA_PATH = RESOURCES / "heritage" / "schema.json"
LANGUAGES = ("zh-Hans", "en", "ar", "fa", "pt")

_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
}


@cache
def schema() -> dict[str, Any]:
    """The seed schema, read once."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _is_type(value: Any, name: str) -> bool:
    if isinstance(value, bool) and name in ("integer", "number"):
        return False
    return isinstance(value, _TYPES[name])


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        path = node["$ref"].removeprefix("#/").split("/")
        target: Any = schema()
        for part in path:
            target = target[part]
        node = target
    return node


#: Control characters (but tab and line breaks) in a text: no entry holds them, and a NUL broke
#: every search of the library once it was in.
_CONTROL = re.compile("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f]")


def check(value: Any, node: dict[str, Any], where: str = "") -> list[str]:
    """Problems of ``value`` against the schema ``node`` (empty when it conforms)."""
    node = _resolve(node)
    field = where or _("the entry")
    if "const" in node and value != node["const"]:
        return [_("{field} must be {value}.").format(field=field, value=json.dumps(node["const"]))]
    if "enum" in node and value not in node["enum"]:
        allowed = ", ".join("null" if v is None else str(v) for v in node["enum"])
        return [_("{field} must be one of: {allowed}.").format(field=field, allowed=allowed)]
    types = node.get("type")
    if types is not None:
        names = [types] if isinstance(types, str) else types
        if not any(_is_type(value, t) for t in names):
            return [
                _("{field} must be of type {type}.").format(field=field, type=" or ".join(names))
            ]
    problems: list[str] = []
    if isinstance(value, dict):
        props = node.get("properties", {})
        for key in node.get("required", ()):
            if key not in value:
                problems.append(_("{field} is missing.").format(field=_join(where, key)))
        for key, item in value.items():
            if key in props:
                problems += check(item, props[key], _join(where, key))
            elif node.get("additionalProperties") is False:
                problems.append(_("{field} is not a known field.").format(field=_join(where, key)))
    elif isinstance(value, list):
        if len(value) < node.get("minItems", 0):
            problems.append(
                ngettext("{field} needs at least {n} item.", "{field} needs at least {n} items.",
                         node["minItems"]).format(field=field, n=node["minItems"])
            )
        if "items" in node:
            for i, item in enumerate(value):
                problems += check(item, node["items"], f"{where}[{i}]")
    elif isinstance(value, str):
        if len(value) < node.get("minLength", 0):
            problems.append(_("{field} must not be empty.").format(field=field))
        if _CONTROL.search(value):
            problems.append(_("{field} holds control characters.").format(field=field))
        if "pattern" in node and not re.search(node["pattern"], value):
            problems.append(_("{field} is not in the expected form.").format(field=field))
    elif _is_type(value, "number"):
        if "minimum" in node and value < node["minimum"]:
            problems.append(_("{field} is below {n}.").format(field=field, n=node["minimum"]))
        if "maximum" in node and value > node["maximum"]:
            problems.append(_("{field} is above {n}.").format(field=field, n=node["maximum"]))
    return problems


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def entry_problems(entry: Any) -> list[str]:
    """Problems of one entry (empty when it is valid)."""
    return check(entry, {"$ref": "#/$defs/entry"})


def file_problems(data: Any) -> list[str]:
    """Problems of a whole seed file: the schema, then ids unique within the file.

    A file of an older format version is checked as migrated (``migrate_file``).
    """
    data = migrate_file(data)
    problems = check(data, schema(), "")
    if problems:
        return problems
    seen: set[str] = set()
    for entry in data["entries"]:
        if entry["id"] in seen:
            problems.append(_("The id {id} appears twice.").format(id=entry["id"]))
        seen.add(entry["id"])
    return problems


def complete(entry: dict[str, Any]) -> dict[str, Any]:
    """A copy of a valid entry with every optional field present (empty when absent).

    ``national`` and ``unesco`` stay absent on entries that are not on those lists.
    """
    full = copy.deepcopy(entry)
    if full.get("unesco_domains"):
        full.setdefault("domains_source", "ours")
    full.setdefault("aliases", {})
    full.setdefault("china_category", None)
    full.setdefault("region", "")
    full.setdefault("community", "")
    if "national" in full:
        national = full["national"]
        national.setdefault("serial", None)
        national.setdefault("year", None)
        national.setdefault("applicants", [])
        national.setdefault("extensions", [])
    full.setdefault("portrayal_notes", "")
    full.setdefault("sensitivities", [])
    full.setdefault("access", {"level": "open", "note": ""})
    full["access"].setdefault("note", "")
    full.setdefault("relations", [])
    full.setdefault("uncertain", "")
    full.setdefault("review", {"status": "unreviewed", "by": "", "at": ""})
    return full
