"""The Fountain title page: ``Key: value`` lines before the first empty line, read and written.

Keys may be in any case; a value may continue on indented lines (``Contact:`` then one line per
address line). ``Title`` and ``Author``/``Authors`` fill the project's title and authors, Kiln's
own ``Draft``, ``Registration`` and ``Logline`` its draft label, licence number and logline, and
every other key is kept in ``project.title_page`` (``Draft date`` → ``draft_date``). The FDX
reader and writer label the fields of a Final Draft title page with the same keys (``store``,
``label``). The keys as written and their
order are kept in the private ``title_page["_keys"]`` so the page is written back as it was read;
keys starting with ``_`` are never printed.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from app.formats.builder import ScriptBuilder
from app.formats.fountain import emphasis

if TYPE_CHECKING:  # the exporters' gathered script: its module reads the database
    from app.formats.script_source import ScriptOut

logger = logging.getLogger(__name__)

_KEY = re.compile(r"^([A-Za-z][A-Za-z0-9 _-]{0,30})\s*:(.*)$")
#: Keys the syntax page and the common apps use; one of them marks a block as a title page.
KNOWN_KEYS = {
    "title", "credit", "author", "authors", "source", "draft date", "date", "contact",
    "copyright", "notes", "revision", "draft", "registration", "licence", "license", "logline",
}  # fmt: skip
KEYS = "_keys"
_ORDER = ("credit", "authors", "source", "logline", "draft_date", "date", "contact", "copyright",
          "notes")


def _norm(key: str) -> str:
    return re.sub(r"[\s-]+", "_", key.strip().lower())


def _key(line: str) -> re.Match[str] | None:
    head = line[:40]
    return _KEY.match(line) if ":" in head and not line[:1].isspace() else None


def read_title_page(
    lines: list[str], builder: ScriptBuilder, restore: Callable[[str], str] = str
) -> int:
    """Read the title page at the top of ``lines`` into ``builder``; return the index of the
    first line after it (0 when there is none). ``restore`` turns notes or boneyard lifted out
    of a value back into their Fountain text."""
    if not lines or not _key(lines[0]):
        return 0
    fields: list[tuple[str, list[str]]] = []
    end = 0
    while end < len(lines) and lines[end].strip():
        line = lines[end]
        if m := _key(line):
            value = m[2].strip()
            fields.append((m[1].strip(), [value] if value else []))
        elif fields:
            fields[-1][1].append(line.strip())
        end += 1
    if not any(name.lower() in KNOWN_KEYS for name, _values in fields):
        return 0  # "CUT TO:" alone is a transition, not a title page
    b = builder
    written: list[str] = []
    for name, values in fields:
        values = [restore(v) for v in values]
        key = _norm(name)
        value = "\n".join(values)
        written.append(name)
        if key == "title":
            plain = " ".join(emphasis.strip(v) for v in values).strip()
            b.project["title"] = plain or b.project["title"]
            if value != plain:
                b.title_page["title"] = value
        else:
            store(b, key, value)
    b.title_page[KEYS] = written
    return end


def norm_key(name: str) -> str:
    """The key Kiln keeps a title-page field under (``Draft date`` → ``draft_date``)."""
    return _norm(name)


def store(builder: ScriptBuilder, key: str, value: str) -> None:
    """Keep the title-page field ``key`` (normalised, not the title): authors, draft,
    registration number and logline are the project's own fields, the rest ``title_page``'s."""
    b = builder
    if key in ("author", "authors"):
        b.project["authors"] = [v.strip() for v in value.split("\n") if v.strip()]
    elif key in ("registration", "licence", "license"):
        b.project["registration_number"] = value
    elif key == "draft":
        b.project["draft"] = value
    elif key == "logline":
        b.project["logline"] = value
    else:
        b.title_page[key] = value


def _field(key: str, value: str) -> list[str]:
    rows = value.split("\n")
    if len(rows) == 1:
        return [f"{key}: {value}"]
    return [f"{key}:"] + [f"    {row}" for row in rows]


def label(key: str) -> str:
    """The key as a title page writes it (``draft_date`` → ``Draft date``)."""
    return key.replace("_", " ").capitalize()


def write_title_page(script: ScriptOut) -> list[str]:
    """The title page of ``script`` as Fountain lines, in the order it was read."""
    info = script.info
    extra: dict[str, Any] = script.title_page
    written_keys = [k for k in extra.get(KEYS) or [] if isinstance(k, str)]
    fields = {k: v for k, v in extra.items() if not k.startswith("_") and v}
    authors = "\n".join(info.authors)

    def value_of(key: str) -> str:
        if key == "title":
            return str(fields.get("title") or info.title)
        if key in ("author", "authors"):
            return authors
        if key == "draft":
            return info.draft
        if key in ("registration", "licence", "license"):
            return info.registration_number
        if key == "logline":
            return info.logline
        return str(fields.get(key, ""))

    out: list[str] = []
    done: set[str] = set()
    for name in written_keys:
        key = _norm(name)
        group = "authors" if key in ("author", "authors") else key
        if group in done:
            continue
        done.add(group)
        if value := value_of(key):
            out += _field(name, value)
    order = ["title", "credit", "authors", *_ORDER[2:], "draft", "registration"]
    order += sorted(k for k in fields if k not in order)
    for key in order:
        if key in done:
            continue
        done.add(key)
        if key == "authors":
            if info.authors:
                out += _field("Author" if len(info.authors) == 1 else "Authors", authors)
        elif value := value_of(key):
            out += _field(label(key), value)
    return out
