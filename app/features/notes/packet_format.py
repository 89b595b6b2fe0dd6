"""Reading and checking a review packet file, before anything of it reaches a project.

Every problem is one ``PacketError`` whose message names the file and says what to do.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from app.core.anchors import Anchor
from app.core.enums import AnnotationKind, AnnotationStatus, AnnotationTarget, Role, Severity
from app.core.errors import CommandError
from app.core.i18n import _

logger = logging.getLogger(__name__)

#: The ``format`` field of every packet.
FORMAT = "kiln-review-packet"
#: The packet version this Kiln writes and reads.
VERSION = 1
#: Packets larger than this are refused unread (a review of a whole series is far smaller).
MAX_PACKET_BYTES = 16 * 1024 * 1024
_MAX_ID = 64
#: How far ahead of this computer's clock a packet's time may be: a later time is taken as now
#: plus this, so a note dated in the year 9999 cannot freeze another author's later change.
CLOCK_SKEW = timedelta(minutes=5)
#: Control characters (but tab and line breaks): no review note holds them, and they would
#: reach exports and terminals.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class PacketError(CommandError):
    """A review packet that cannot be imported; the message is for the user."""


@dataclass(frozen=True)
class PacketReply:
    id: str
    author: str
    role: str
    body: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class PacketNote:
    id: str
    target_type: str
    target_id: str
    anchor: Anchor | None
    text: str
    author: str
    role: str
    cultures: tuple[str, ...]
    kind: str
    severity: str
    status: str
    body: str
    created_at: datetime
    updated_at: datetime
    replies: tuple[PacketReply, ...]
    #: An approval's words as the exporting copy recorded them (None: none were recorded).
    words: tuple[tuple[str, str], ...] | None = None


@dataclass(frozen=True)
class Packet:
    project_id: str
    project_title: str
    revision: str
    notes: list[PacketNote]


class _Bad(Exception):
    """A field is wrong: ``where`` is its path in the packet, ``why`` what is wrong."""

    def __init__(self, where: str, why: str) -> None:
        super().__init__(f"{where}: {why}")
        self.where, self.why = where, why


def _obj(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Bad(where, _("an object is expected"))
    return value


def _str(data: dict[str, Any], key: str, where: str, *, limit: int | None = None) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        raise _Bad(f"{where}.{key}", _("text is expected"))
    if limit is not None and not 0 < len(value) <= limit:
        raise _Bad(f"{where}.{key}", _("an id of 1 to {n} characters is expected").format(n=limit))
    if _CONTROL.search(value):
        raise _Bad(f"{where}.{key}", _("it holds control characters"))
    return value


def _choice(data: dict[str, Any], key: str, enum: type, where: str) -> str:
    value = data.get(key)
    try:
        return enum(value).value
    except ValueError:
        why = _("{value!r} is not a known value").format(value=value)
        raise _Bad(f"{where}.{key}", why) from None


def _time(data: dict[str, Any], key: str, where: str) -> datetime:
    value = data.get(key)
    try:
        moment = datetime.fromisoformat(value)  # type: ignore[arg-type]
        moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    except (TypeError, ValueError, OverflowError):
        raise _Bad(f"{where}.{key}", _("a date and time (ISO 8601) is expected")) from None
    return min(moment, datetime.now(UTC) + CLOCK_SKEW)


def _list(data: dict[str, Any], key: str, where: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise _Bad(f"{where}.{key}", _("a list is expected"))
    return value


def _anchor(data: dict[str, Any], where: str) -> Anchor:
    a = _obj(data.get("anchor"), f"{where}.anchor")
    for key in ("start", "end"):
        if not isinstance(a.get(key), int) or isinstance(a.get(key), bool) or a[key] < 0:
            raise _Bad(f"{where}.anchor.{key}", _("a whole number of 0 or more is expected"))
    if a["end"] < a["start"]:
        raise _Bad(f"{where}.anchor.end", _("the range ends before it starts"))
    for key in ("quote", "prefix", "suffix"):
        _str(a, key, f"{where}.anchor")
    _str(a, "element_id", f"{where}.anchor", limit=_MAX_ID)
    return Anchor.from_json(a)


def _reply(value: Any, where: str) -> PacketReply:
    r = _obj(value, where)
    return PacketReply(
        id=_str(r, "id", where, limit=_MAX_ID),
        author=_str(r, "author", where),
        role=_choice(r, "role", Role, where),
        body=_str(r, "body", where),
        created_at=_time(r, "created_at", where),
        updated_at=_time(r, "updated_at", where),
    )


def _note(value: Any, where: str) -> PacketNote:
    n = _obj(value, where)
    target_type = _choice(n, "target_type", AnnotationTarget, where)
    anchor = _anchor(n, where) if target_type == AnnotationTarget.TEXT.value else None
    if anchor is not None and anchor.element_id != n.get("target_id"):
        raise _Bad(f"{where}.anchor.element_id", _("it differs from the note's target_id"))
    cultures = _list(n, "cultures", where)
    if not all(isinstance(c, str) for c in cultures):
        raise _Bad(f"{where}.cultures", _("a list of language tags is expected"))
    return PacketNote(
        id=_str(n, "id", where, limit=_MAX_ID),
        target_type=target_type,
        target_id=_str(n, "target_id", where, limit=_MAX_ID),
        anchor=anchor,
        text=_str(n, "text", where),
        author=_str(n, "author", where),
        role=_choice(n, "role", Role, where),
        cultures=tuple(cultures),
        kind=_choice(n, "kind", AnnotationKind, where),
        severity=_choice(n, "severity", Severity, where),
        status=_choice(n, "status", AnnotationStatus, where),
        body=_str(n, "body", where),
        created_at=_time(n, "created_at", where),
        updated_at=_time(n, "updated_at", where),
        replies=tuple(
            _reply(r, f"{where}.replies[{i}]") for i, r in enumerate(_list(n, "replies", where))
        ),
        words=_words(n, where),
    )


def _words(n: dict[str, Any], where: str) -> tuple[tuple[str, str], ...] | None:
    """An approval note's ``approved_words``: ``[[key, text], …]`` (optional)."""
    if "approved_words" not in n:
        return None
    items = _list(n, "approved_words", where)
    out = []
    for i, item in enumerate(items):
        if not (isinstance(item, list) and len(item) == 2
                and all(isinstance(x, str) for x in item)):
            raise _Bad(f"{where}.approved_words[{i}]", _("a [key, text] pair is expected"))
        out.append((item[0], _CONTROL.sub("", item[1])))
    return tuple(out)


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_PACKET_BYTES:
            raise PacketError(_too_big(path))
        with path.open("rb") as handle:
            data = handle.read(MAX_PACKET_BYTES + 1)
    except FileNotFoundError:
        raise PacketError(
            _("There is no review packet at {path}; check the file name.").format(path=path)
        ) from None
    except OSError as exc:
        raise PacketError(
            _("The review packet {path} cannot be read ({reason}); check that it is a file you "
              "may open.").format(path=path, reason=exc.strerror or exc)
        ) from None
    if len(data) > MAX_PACKET_BYTES:
        raise PacketError(_too_big(path))
    return data


def _too_big(path: Path) -> str:
    return _("The review packet {path} is larger than {mb} MB, too big to be a review packet; "
             "export it again from Kiln.").format(path=path, mb=MAX_PACKET_BYTES // (1024 * 1024))


def _cut_short(text: str, exc: json.JSONDecodeError) -> bool:
    """True when the JSON stops mid-way (a partial copy) rather than being wrong somewhere."""
    if exc.pos >= len(text.rstrip()):
        return True
    rest = text[exc.pos + 1 :].replace("\\\\", "").replace('\\"', "")
    return exc.msg.startswith("Unterminated string") and '"' not in rest


def parse_packet(path: Path) -> Packet:
    """Read and check the whole packet at ``path``; raises ``PacketError``."""
    raw = _read_bytes(path)
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark (Windows Notepad) is fine
        root = json.loads(text)
    except UnicodeDecodeError:
        raise PacketError(
            _("The review packet {path} is not UTF-8 text; export it again from Kiln.").format(
                path=path)
        ) from None
    except RecursionError:  # brackets nested thousands deep: no packet looks like that
        raise PacketError(
            _("The review packet {path} is not valid JSON (it is nested too deep); export it "
              "again from Kiln.").format(path=path)
        ) from None
    except json.JSONDecodeError as exc:
        if _cut_short(text, exc):
            message = _("The review packet {path} is cut short (it ends in the middle); copy or "
                        "export it again.")
        else:
            message = _("The review packet {path} is not valid JSON (line {line}, column "
                        "{column}); export it again from Kiln rather than editing it by hand.")
        raise PacketError(message.format(path=path, line=exc.lineno, column=exc.colno)) from None
    except ValueError:  # a number of thousands of digits (Python refuses to convert it)
        raise PacketError(
            _("The review packet {path} holds a number too long to be one of Kiln's; export it "
              "again from Kiln.").format(path=path)
        ) from None
    try:  # "\ud800" escapes decode to text that SQLite cannot store
        json.dumps(root, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise PacketError(
            _("The review packet {path} holds a broken character escape; export it again from "
              "Kiln.").format(path=path)
        ) from None
    if not isinstance(root, dict) or root.get("format") != FORMAT:
        raise PacketError(
            _("{path} is not a Kiln review packet; choose a file made by “Export review "
              "notes”.").format(path=path)
        )
    version = root.get("version")
    if version != VERSION:
        raise PacketError(
            _("The review packet {path} has version {version}, but this Kiln reads version "
              "{ours}; export it again with the same Kiln version.").format(
                path=path, version=version if version is not None else "?", ours=VERSION)
        )
    try:
        project = _obj(root.get("project"), "project")
        notes = [_note(n, f"notes[{i}]") for i, n in enumerate(_list(root, "notes", "packet"))]
        packet = Packet(
            project_id=_str(project, "id", "project", limit=_MAX_ID),
            project_title=_str(project, "title", "project"),
            revision=_str(project, "revision", "project"),
            notes=notes,
        )
    except _Bad as bad:
        raise PacketError(
            _("The review packet {path} is damaged at {where}: {why}; export it again from "
              "Kiln.").format(path=path, where=bad.where, why=bad.why)
        ) from None
    ids = [n.id for n in notes]
    if len(ids) != len(set(ids)):
        raise PacketError(
            _("The review packet {path} lists a note twice; export it again from Kiln.").format(
                path=path)
        )
    replies = [r.id for n in notes for r in n.replies]
    if len(replies) != len(set(replies)):
        raise PacketError(
            _("The review packet {path} lists a reply twice; export it again from Kiln.").format(
                path=path)
        )
    return packet
