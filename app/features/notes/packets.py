"""Review packets: the notes of one project as a small JSON file that travels between laptops.

A packet holds the project's id and script revision and every note with the exact words it sits
on. Importing merges by id — new notes and replies are added, a note's status follows the latest
timestamp, importing twice changes nothing — in one undoable step that can only touch notes:
a packet never changes the script. A packet is read and checked whole before anything is
written, so a bad one leaves the project as it was. The format is described in docs/notes.md.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.core.anchors import Anchor, relocate
from app.core.enums import AnnotationKind, AnnotationTarget
from app.core.errors import CommandError
from app.core.i18n import _, format_list, join_sentences, ngettext
from app.features.notes.ledger import WORDS_KEY, as_anchor, recorded_words
from app.features.notes.packet_format import (
    FORMAT,
    MAX_PACKET_BYTES,
    VERSION,
    PacketError,
    PacketNote,
    parse_packet,
)
from app.features.notes.review import ApprovalStatus, read_ledger
from app.features.notes.service import CLAIM, aware
from app.project.changes import ChangeRecorder
from app.project.commands import Command
from app.project.history import ANNOTATION_TABLES
from app.project.open_project import OpenProject
from app.store import schema
from app.store.atomic import write_bytes_atomic

logger = logging.getLogger(__name__)

__all__ = ["MAX_PACKET_BYTES", "MergeReport", "PacketError", "export_packet", "import_packet"]


def script_revision(session: Any) -> str:
    """A fingerprint of the script's words: changes whenever any line's text changes."""
    digest = hashlib.sha256()
    for element_id, text in session.execute(
        select(schema.Element.id, schema.Element.text).order_by(schema.Element.id)
    ):
        digest.update(element_id.encode() + b"\0" + (text or "").encode("utf-8") + b"\0")
    return "sha256:" + digest.hexdigest()


def _iso(moment: datetime) -> str:
    return aware(moment).isoformat()


def build_packet(project: OpenProject, exported_by: dict[str, str] | None = None) -> dict:
    """The packet of every note of ``project`` as a JSON-ready dict."""
    with project.file.session() as s:
        info = s.scalars(select(schema.Project)).one()
        texts = dict(s.execute(select(schema.Element.id, schema.Element.text)).all())
        replies: dict[str, list[dict]] = {}
        for r in s.scalars(
            select(schema.AnnotationReply).order_by(schema.AnnotationReply.created_at)
        ):
            replies.setdefault(r.annotation_id, []).append(
                {"id": r.id, "author": r.author, "role": r.role, "body": r.body,
                 "created_at": _iso(r.created_at), "updated_at": _iso(r.updated_at)}
            )
        notes = []
        for a in s.scalars(select(schema.Annotation).order_by(schema.Annotation.created_at)):
            entry: dict[str, Any] = {
                "id": a.id, "target_type": a.target_type, "target_id": a.target_id,
                "author": a.author, "role": a.role, "cultures": list(a.cultures or ()),
                "kind": a.kind, "severity": a.severity, "status": a.status, "body": a.body,
                "created_at": _iso(a.created_at), "updated_at": _iso(a.updated_at),
                "replies": replies.get(a.id, []),
            }
            if a.target_type == AnnotationTarget.TEXT.value:
                anchor = Anchor.from_json(a.anchor or {})
                entry["anchor"] = anchor.to_json()
                text = texts.get(anchor.element_id, "") or ""
                entry["text"] = anchor.quote if anchor.orphan else text[anchor.start : anchor.end]
            elif a.kind == AnnotationKind.APPROVAL.value:
                words = recorded_words(a.anchor)
                if words is not None:
                    entry["approved_words"] = as_anchor(words)
            notes.append(entry)
        # approvals whose words changed since: the consultant sees what to look at again
        needs_review = [
            {"target_type": target_type, "target_id": target_id,
             "changes": [c.to_json() for c in changed]}
            for (target_type, target_id), (status, changed) in sorted(read_ledger(s).items())
            if status is ApprovalStatus.NEEDS_REVIEW
        ]
        return {
            "format": FORMAT,
            "version": VERSION,
            "project": {"id": info.id, "title": info.title, "revision": script_revision(s)},
            "exported_at": datetime.now(UTC).isoformat(),
            "exported_by": dict(exported_by or {}),
            "notes": notes,
            "needs_review": needs_review,
        }


def export_packet(
    project: OpenProject, out: Path | str, exported_by: dict[str, str] | None = None
) -> int:
    """Write the review packet of ``project`` to ``out`` (atomically); returns the note count."""
    project.file.refuse_as_output(out)
    packet = build_packet(project, exported_by)
    data = json.dumps(packet, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
    try:
        write_bytes_atomic(out, data)
    except OSError as exc:
        raise PacketError(
            _("Cannot write the review packet {path} ({reason}); choose a folder that exists "
              "and that you may write to.").format(path=out, reason=exc.strerror or exc)
        ) from None
    logger.info("exported %d notes to %s", len(packet["notes"]), out)
    return len(packet["notes"])


@dataclass
class MergeReport:
    """What an import did."""

    notes_added: int = 0
    replies_added: int = 0
    statuses_changed: int = 0
    orphans_added: int = 0
    unchanged: int = 0
    #: Approvals the packet brought: shown as claimed until a consultant here confirms them.
    claims: int = 0
    script_changed: bool = False
    notes_added_ids: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.notes_added or self.replies_added or self.statuses_changed)

    def describe(self) -> str:
        """One sentence for the user."""
        counts = [
            ngettext("{count} new note", "{count} new notes", self.notes_added).format(
                count=self.notes_added),
            ngettext("{count} new reply", "{count} new replies", self.replies_added).format(
                count=self.replies_added),
            ngettext("{count} status change", "{count} status changes",
                     self.statuses_changed).format(count=self.statuses_changed),
            ngettext("{count} note already up to date", "{count} notes already up to date",
                     self.unchanged).format(count=self.unchanged),
        ]
        text = _("Merged: {counts}.").format(counts=format_list(counts))
        if self.orphans_added:
            text = join_sentences([text, ngettext(
                "{count} new note could not find its words and is listed as an orphan.",
                "{count} new notes could not find their words and are listed as orphans.",
                self.orphans_added,
            ).format(count=self.orphans_added)])
        if self.claims:
            text = join_sentences([text, ngettext(
                "{count} approval comes from the packet alone: it shows as claimed until a "
                "consultant confirms it in this project.",
                "{count} approvals come from the packet alone: they show as claimed until a "
                "consultant confirms them in this project.",
                self.claims,
            ).format(count=self.claims)])
        return text


@dataclass
class _MergePacket(Command):
    """Merge the notes of a checked packet: one undoable step that touches notes only."""

    notes: list[PacketNote]
    report: MergeReport
    source: str = ""
    kind: str = "annotation"
    #: The text of each line the packet's notes are anchored to (read when applied).
    _texts: dict[str, str] = field(default_factory=dict, init=False, repr=False)

    @property
    def label(self) -> str:  # type: ignore[override]
        return _("Import review notes")

    def apply(self, rec: ChangeRecorder) -> None:
        s = rec.session
        # The notes, replies and lines the packet names, read in a few queries up front (one
        # query per note made a 2,000-note packet take seconds); new rows are added and written
        # in one flush at the end, which the recorder records row by row all the same.
        local_notes = _by_id(s, schema.Annotation, [n.id for n in self.notes])
        known_replies = set(_by_id(s, schema.AnnotationReply,
                                   [r.id for n in self.notes for r in n.replies]))
        self._texts = {
            e.id: e.text or "" for e in _by_id(s, schema.Element, [
                n.anchor.element_id for n in self.notes
                if n.target_type == AnnotationTarget.TEXT.value and n.anchor is not None
            ]).values()
        }
        for incoming in self.notes:
            local = local_notes.get(incoming.id)
            if local is None:
                local_notes[incoming.id] = self._add(rec, incoming)
            else:
                self._update(rec, local, incoming)
            for reply in incoming.replies:
                if reply.id not in known_replies:
                    row = schema.AnnotationReply(
                        annotation_id=incoming.id, author=reply.author, role=reply.role,
                        body=reply.body, created_at=reply.created_at, updated_at=reply.updated_at,
                    )
                    row.id = reply.id
                    s.add(row)
                    known_replies.add(reply.id)
                    self.report.replies_added += 1
        s.flush()
        if rec.changeset.tables - ANNOTATION_TABLES:  # never, but a packet must not touch text
            raise CommandError(_("A review packet may only change notes."))

    def _add(self, rec: ChangeRecorder, incoming: PacketNote) -> schema.Annotation:
        anchor: dict[str, Any] = {}
        if incoming.target_type == AnnotationTarget.TEXT.value and incoming.anchor is not None:
            text = self._texts.get(incoming.anchor.element_id)
            placed = (
                incoming.anchor.orphaned()
                if text is None
                else relocate(incoming.anchor, text)
            )
            if placed.orphan and not incoming.anchor.orphan:
                self.report.orphans_added += 1
            anchor = placed.to_json()
        if incoming.kind == AnnotationKind.APPROVAL.value:
            # The packet says who approved; the project decides who may (see review.CLAIMED).
            anchor = _claim(self.source, incoming)
            self.report.claims += 1
        row = schema.Annotation(
            target_type=incoming.target_type, target_id=incoming.target_id, anchor=anchor,
            author=incoming.author, role=incoming.role, cultures=list(incoming.cultures),
            kind=incoming.kind, severity=incoming.severity, status=incoming.status,
            body=incoming.body, created_at=incoming.created_at, updated_at=incoming.updated_at,
        )
        row.id = incoming.id
        rec.session.add(row)
        self.report.notes_added += 1
        self.report.notes_added_ids.append(incoming.id)
        return row

    def _update(self, rec: ChangeRecorder, local: schema.Annotation, incoming: PacketNote) -> None:
        if incoming.status != local.status and incoming.updated_at > aware(local.updated_at):
            values: dict[str, Any] = {"status": incoming.status, "updated_at": incoming.updated_at}
            if local.kind == AnnotationKind.APPROVAL.value:
                values["anchor"] = _claim(self.source, incoming)
                self.report.claims += 1
            rec.update(local, **values)
            self.report.statuses_changed += 1
        else:
            self.report.unchanged += 1


#: Ids in one ``IN (…)`` of a query (SQLite allows many more; this keeps statements small).
_IDS_PER_QUERY = 500


def _by_id(session: Any, kind: type[schema.Base], ids: list[str]) -> dict[str, Any]:
    """The rows of ``kind`` with these ids, by id (a few queries, whatever the count)."""
    wanted = sorted(set(ids))
    found: dict[str, Any] = {}
    for start in range(0, len(wanted), _IDS_PER_QUERY):
        chunk = wanted[start:start + _IDS_PER_QUERY]
        found.update((row.id, row) for row in session.scalars(
            select(kind).where(kind.id.in_(chunk))))  # type: ignore[attr-defined]
    return found


def _claim(source: str, incoming: PacketNote) -> dict[str, Any]:
    """The stored anchor of an approval a packet brought: a claim, with the words the approval
    was given on in the copy it came from (so a claim on words changed here needs review)."""
    anchor: dict[str, Any] = {CLAIM: source}
    if incoming.words is not None:
        anchor[WORDS_KEY] = as_anchor(incoming.words)
    return anchor


def import_packet(project: OpenProject, packet_path: Path | str) -> MergeReport:
    """Check the packet at ``packet_path`` whole, then merge it into ``project``.

    Raises ``PacketError`` (one sentence naming the file and the fix) and changes nothing when
    the packet is unreadable, malformed, of another version, cut short, too big, or of another
    project.
    """
    path = Path(packet_path)
    packet = parse_packet(path)
    with project.file.session() as s:
        info = s.scalars(select(schema.Project)).one()
        revision = script_revision(s)
        project_id, title = info.id, info.title
    if packet.project_id != project_id:
        raise PacketError(
            _("The review packet {path} belongs to another project ({other}), not to "
              "«{title}»; import it into the project it was exported from.").format(
                path=path, other=packet.project_title or packet.project_id, title=title)
        )
    report = MergeReport(script_changed=packet.revision != revision)
    command = _MergePacket(packet.notes, report, source=path.name)
    project.run(command)
    logger.info("imported %s: %s", path, report)
    return report
