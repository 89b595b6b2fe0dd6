"""Review packets carry notes, never authority: approvals they bring are claims, their clocks
cannot freeze another author's note, duplicate ids and control characters are refused, and odd
but honest files (a byte-order mark) are read (issue #24, items 7, 9, 10 and 13)."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.core.enums import AnnotationStatus, AnnotationTarget, Role
from app.core.errors import CommandError
from app.features.notes import packet_format, packets, review, service
from app.features.notes.packet_format import PacketError
from app.project.open_project import OpenProject


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _packet(project_path: Path, tmp_path: Path, name: str = "packet.json") -> tuple[Path, dict]:
    """An honest packet of the project, as JSON to tamper with."""
    out = tmp_path / name
    with OpenProject.open(project_path, read_only=True) as project:
        packets.export_packet(project, out, {"name": "Leila", "role": "consultant"})
    return out, json.loads(out.read_text("utf-8"))


def _write(path: Path, data: dict) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path


def _moment(project: OpenProject) -> review.HeritageMoment:
    return review.heritage_moments(project)[0]


def _approval_note(moment: review.HeritageMoment, note_id: str, status: str,
                   when: str) -> dict:
    return {
        "id": note_id, "target_type": moment.target_type.value, "target_id": moment.target_id,
        "text": "", "author": "Leila", "role": "consultant", "cultures": [],
        "kind": "approval", "severity": "info", "status": status, "body": "",
        "created_at": when, "updated_at": when, "replies": [],
    }


def test_a_writer_importing_a_consultants_approval_gets_a_claim_not_an_approval(
    sample_kiln: Path, tmp_path: Path
) -> None:
    path, data = _packet(sample_kiln, tmp_path)
    with OpenProject.open(sample_kiln, backup=False, role=Role.WRITER) as project:
        moment = _moment(project)
    now = datetime.now(UTC).isoformat()
    data["notes"].append(_approval_note(moment, "forged-approval", "accepted", now))
    _write(path, data)
    with OpenProject.open(sample_kiln, backup=False, role=Role.WRITER) as project:
        report = packets.import_packet(project, path)
        assert report.claims == 1 and "claimed" in report.describe()
        status = _moment(project).status
        assert status is review.ApprovalStatus.CLAIMED
        summary = review.review_summary(project)
        assert summary.approved == 0
        # The writer still cannot approve in this project ...
        with pytest.raises(CommandError):
            review.set_approval(project, (moment.target_type, moment.target_id),
                                review.ApprovalStatus.APPROVED, author="Writer")
    # ... a consultant here can confirm it.
    with OpenProject.open(sample_kiln, backup=False, role=Role.CONSULTANT) as project:
        review.set_approval(project, (moment.target_type, moment.target_id),
                            review.ApprovalStatus.APPROVED, author="Leila")
        assert _moment(project).status is review.ApprovalStatus.APPROVED


def test_a_packet_from_the_future_cannot_freeze_a_note(sample_kiln: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(packet_format, "CLOCK_SKEW", timedelta(0))
    path, data = _packet(sample_kiln, tmp_path)
    note = data["notes"][0]
    note["status"], note["updated_at"] = "resolved", "9999-12-31T00:00:00+00:00"
    _write(path, data)
    with OpenProject.open(sample_kiln, backup=False) as project:
        packets.import_packet(project, path)
    # Later, the consultant really reopens it: that change must land.
    later, data2 = _packet(sample_kiln, tmp_path, "later.json")
    mine = next(n for n in data2["notes"] if n["id"] == note["id"])
    mine["status"] = "open"
    mine["updated_at"] = (datetime.now(UTC) + timedelta(seconds=1)).isoformat()
    _write(later, data2)
    with OpenProject.open(sample_kiln, backup=False) as project:
        report = packets.import_packet(project, later)
        assert report.statuses_changed == 1
        assert service.note(project, note["id"]).status is AnnotationStatus.OPEN


@pytest.mark.parametrize(
    ("attack", "message"),
    [
        ("duplicate reply", "reply twice"),
        ("huge number", "number too long"),
        ("overflowing time", "damaged at"),
        ("NUL in a body", "control characters"),
        ("ESC in an author", "control characters"),
    ],
)
def test_forged_or_broken_packets_are_refused_with_one_sentence(
    sample_kiln: Path, tmp_path: Path, attack: str, message: str
) -> None:
    path, data = _packet(sample_kiln, tmp_path)
    text = None
    note = data["notes"][0]
    if attack == "duplicate reply":
        reply = {"id": "r1", "author": "A", "role": "writer", "body": "x",
                 "created_at": "2026-01-01T00:00:00+00:00",
                 "updated_at": "2026-01-01T00:00:00+00:00"}
        note["replies"] = [reply, dict(reply, body="second")]
    elif attack == "huge number":
        text = json.dumps(data).replace('"version": 1', '"version": ' + "9" * 5000)
    elif attack == "overflowing time":
        note["updated_at"] = "9999-12-31T23:59:59-23:59"
    elif attack == "NUL in a body":
        note["body"] = "fine\x00hidden"
    else:
        note["author"] = "\x1b[2J\x1b[31mroot"
    if text is None:
        _write(path, data)
    else:
        path.write_text(text, "utf-8")
    before = _digest(sample_kiln)
    with OpenProject.open(sample_kiln, backup=False) as project:
        with pytest.raises(PacketError, match=message) as caught:
            packets.import_packet(project, path)
    assert str(path) in str(caught.value) and "\x1b" not in str(caught.value)
    assert _digest(sample_kiln) == before


def test_a_packet_with_a_byte_order_mark_is_read(sample_kiln: Path, tmp_path: Path) -> None:
    path, _data = _packet(sample_kiln, tmp_path)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    with OpenProject.open(sample_kiln, backup=False) as project:
        report = packets.import_packet(project, path)
    assert report.unchanged > 0


def test_a_claimed_approval_is_still_the_moments_status_after_a_reload(sample_kiln: Path,
                                                                      tmp_path: Path) -> None:
    path, data = _packet(sample_kiln, tmp_path)
    with OpenProject.open(sample_kiln, backup=False) as project:
        moment = _moment(project)
    data["notes"].append(_approval_note(moment, "claim-2", "accepted",
                                        datetime.now(UTC).isoformat()))
    _write(path, data)
    with OpenProject.open(sample_kiln, backup=False) as project:
        packets.import_packet(project, path)
    with OpenProject.open(sample_kiln, read_only=True) as project:
        records = service.notes(project)
        claimed = [n for n in records if n.id == "claim-2"]
        assert claimed and claimed[0].claimed
        status = review.approval_status(records, AnnotationTarget(moment.target_type).value,
                                        moment.target_id)
        assert status is review.ApprovalStatus.CLAIMED
