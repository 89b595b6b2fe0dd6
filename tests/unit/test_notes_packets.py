"""Review packets: a writer ↔ consultant round trip on the sample, merging, and bad packets."""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.cli.main import run
from app.core.enums import AnnotationStatus, Role
from app.features.notes import packets, service
from app.features.notes.packet_format import MAX_PACKET_BYTES, PacketError
from app.formats.sample import write_sample
from app.project.commands import Update
from app.project.open_project import OpenProject
from app.store.profile import Profile, save_profile


def _content(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, to check a project is unchanged by content."""
    with sqlite3.connect(path) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: sorted(map(repr, db.execute(f'SELECT * FROM "{t}"'))) for t in tables}


def _cli(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue() + err.getvalue()


def _find(project: OpenProject, words: str) -> tuple[str, int]:
    for scene in project.scenes():
        for element in project.elements(scene.id):
            if words in element.text:
                return element.id, element.text.index(words)
    raise AssertionError(words)


def test_round_trip_writer_consultant_writer(tmp_path: Path) -> None:
    writer_file, consultant_file = tmp_path / "writer.kiln", tmp_path / "consultant.kiln"
    write_sample(writer_file)
    shutil.copy(writer_file, consultant_file)  # the consultant was sent the project earlier
    to_consultant, to_writer = tmp_path / "to-consultant.json", tmp_path / "to-writer.json"

    # The writer answers one note and resolves another, then exports.
    save_profile(Profile("Writer", Role.WRITER))
    with OpenProject.open(writer_file, backup=False) as w:
        first, second = service.notes(w)[:2]
        service.reply(w, first.id, "收到，保留。", author="Writer", role=Role.WRITER)
        service.resolve(w, second.id)
    assert _cli("notes", "export", str(writer_file), "--out", str(to_consultant))[0] == 0
    assert json.loads(to_consultant.read_text("utf-8"))["exported_by"]["role"] == "writer"

    # The consultant imports, annotates Chinese and Arabic words, exports.
    save_profile(Profile("Noura", Role.CONSULTANT))
    code, said = _cli("notes", "import", str(consultant_file), str(to_consultant))
    assert code == 0 and "1 new reply" in said and "1 status change" in said
    with OpenProject.open(consultant_file, backup=False, role=Role.CONSULTANT) as c:
        assert service.note(c, second.id).status is AnnotationStatus.RESOLVED
        with pytest.raises(Exception, match="consultant mode"):
            c.run(Update("element", _find(c, "苏麻离青")[0], {"text": "x"}))
        zh_line, zh_at = _find(c, "开窑")
        ar_line, ar_at = _find(c, "يا أستاذ شن")
        zh_note = service.add_text_note(c, zh_line, zh_at, zh_at + 2, "开窑 is a ritual moment",
                                        author="Noura", cultures=["zh-CN"])
        ar_note = service.add_text_note(c, ar_line, ar_at, ar_at + 11, "respectful address",
                                        author="Noura", cultures=["ar-AE"])
        service.reply(c, first.id, "شكراً", author="Noura", role=Role.CONSULTANT)
    assert _cli("notes", "export", str(consultant_file), "--out", str(to_writer))[0] == 0

    # Meanwhile the writer edited the Chinese line in front of the consultant's words.
    save_profile(Profile("Writer", Role.WRITER))
    with OpenProject.open(writer_file, backup=False) as w:
        zh_line_w, _ = _find(w, "开窑")
        old = next(e.text for s in w.scenes() for e in w.elements(s.id) if e.id == zh_line_w)
        w.run(Update("element", zh_line_w, {"text": "（停顿）" + old}))
    code, said = _cli("notes", "import", str(writer_file), str(to_writer))
    assert code == 0 and "2 new note" in said and "1 new reply" in said
    with OpenProject.open(writer_file, backup=False) as w:
        records = service.notes(w)
        assert len(records) == 8 and len({n.id for n in records}) == 8  # every note once
        by_id = {n.id: n for n in records}
        assert service.anchored_text(w, by_id[zh_note]) == "开窑"
        assert service.anchored_text(w, by_id[ar_note]) == "يا أستاذ شن"
        assert by_id[ar_note].author == "Noura" and by_id[zh_note].cultures == ("zh-CN",)
        assert [r.body for r in by_id[first.id].replies] == ["收到，保留。", "شكراً"]
        assert by_id[second.id].status is AnnotationStatus.RESOLVED
    before = _content(writer_file)
    code, said = _cli("notes", "import", str(writer_file), str(to_writer))
    assert code == 0 and "Merged: 0 new notes, 0 new replies, 0 status changes, and 8 notes" in said
    assert _content(writer_file) == before  # importing twice changes nothing


def _packet(project_file: Path, tmp_path: Path) -> dict:
    out = tmp_path / "p.json"
    with OpenProject.open(project_file, backup=False) as p:
        packets.export_packet(p, out)
    return json.loads(out.read_text("utf-8"))


def test_status_changes_follow_the_latest_timestamp(sample_kiln: Path, tmp_path: Path) -> None:
    data = _packet(sample_kiln, tmp_path)
    target = data["notes"][0]
    later = datetime.now(UTC) + timedelta(hours=1)
    target["status"], target["updated_at"] = "accepted", later.isoformat()
    older = data["notes"][1]
    older["status"], older["updated_at"] = "resolved", "2000-01-01T00:00:00+00:00"
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    with OpenProject.open(sample_kiln, backup=False) as p:
        report = packets.import_packet(p, path)
        assert report.statuses_changed == 1 and report.unchanged == 5
        assert service.note(p, target["id"]).status is AnnotationStatus.ACCEPTED
        assert service.note(p, older["id"]).status is AnnotationStatus.OPEN
        assert packets.import_packet(p, path).statuses_changed == 0


def test_a_packet_never_changes_the_script(sample_kiln: Path, tmp_path: Path) -> None:
    data = _packet(sample_kiln, tmp_path)
    forged = dict(data["notes"][0], id="11111111-2222-3333-4444-555555555555", replies=[])
    forged["text"] = "REWRITTEN LINE"
    forged["anchor"] = dict(forged["anchor"], quote="REWRITTEN LINE", start=0, end=14)
    data["notes"].append(forged)
    path = tmp_path / "forged.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    with OpenProject.open(sample_kiln, backup=False) as p:
        scripts = [[e.text for e in p.elements(s.id)] for s in p.scenes()]
        report = packets.import_packet(p, path)
        assert report.notes_added == 1 and report.orphans_added == 1
        assert [[e.text for e in p.elements(s.id)] for s in p.scenes()] == scripts
        assert service.note(p, forged["id"]).orphan


def _bad_packets(good: dict, tmp_path: Path) -> dict[str, tuple[Path, str]]:
    text = json.dumps(good, ensure_ascii=False, indent=2)
    cases: dict[str, tuple[str | bytes, str]] = {
        "malformed": (text.replace('"notes":', '"notes"', 1), "not valid JSON"),
        "truncated": (text[: len(text) // 2], "cut short"),
        "wrong version": (json.dumps(dict(good, version=99)), "version 99"),
        "other project": (
            json.dumps(dict(good, project=dict(good["project"], id="another-project"))),
            "another project",
        ),
        "not a packet": (json.dumps({"format": "kiln-project"}), "not a Kiln review packet"),
        "damaged field": (
            json.dumps(dict(good, notes=[dict(good["notes"][0], severity="apocalyptic")])),
            "damaged at notes[0].severity",
        ),
        "not utf-8": (b"\xff\xfe{}", "not UTF-8"),
    }
    paths = {}
    for name, (content, expected) in cases.items():
        path = tmp_path / f"{name.replace(' ', '-')}.json"
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        paths[name] = (path, expected)
    huge = tmp_path / "huge.json"
    with huge.open("wb") as handle:
        handle.write(text[:-2].encode("utf-8"))
        handle.truncate(MAX_PACKET_BYTES + 10)  # a sparse file: big, but cheap to make
    paths["huge"] = (huge, "too big")
    paths["missing"] = (tmp_path / "nowhere.json", "no review packet")
    return paths


def test_bad_packets_give_one_message_and_leave_the_project_as_it_was(
    sample_kiln: Path, tmp_path: Path
) -> None:
    cases = _bad_packets(_packet(sample_kiln, tmp_path), tmp_path)
    before_bytes = sample_kiln.read_bytes()
    for name, (path, expected) in cases.items():
        code, said = _cli("notes", "import", str(sample_kiln), str(path))
        assert code == 1, name
        assert expected in said and str(path) in said, (name, said)
        assert said.count("\n") == 1, (name, said)  # one message, one line
    assert sample_kiln.read_bytes() == before_bytes  # byte for byte
    with OpenProject.open(sample_kiln, backup=False) as p:
        for path, _expected in cases.values():
            with pytest.raises(PacketError):
                packets.import_packet(p, path)
        assert p.history.undo_label is None


def test_export_to_a_bad_place_fails_cleanly(sample_kiln: Path, tmp_path: Path) -> None:
    code, said = _cli("notes", "export", str(sample_kiln), "--out", str(tmp_path / "no" / "p.json"))
    assert code == 1 and "p.json" in said
    assert not (tmp_path / "no").exists()
