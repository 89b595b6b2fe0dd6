"""Files crafted to hurt: XML entity bombs, external entities, DTDs, zip bombs, path traversal,
oversized files, and review packets that try to change the script. Each is refused with one
message naming the file, and nothing is written."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from app.core.enums import Role
from app.features.heritage.errors import HeritageError
from app.features.heritage.transfer import MAX_IMPORT_BYTES, read_rows
from app.features.notes import service
from app.features.notes.packet_format import MAX_PACKET_BYTES, PacketError
from app.features.notes.packets import build_packet, import_packet
from app.formats import project_json
from app.formats.common import MAX_BYTES, ImportFailed
from app.formats.project_json import ProjectJsonError
from app.formats.registry import import_script
from app.project.commands import CommandError, Update
from app.project.open_project import OpenProject
from tests.conftest import DATA

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<FinalDraft DocumentType="Script"><Content><Paragraph Type="Action"><Text>&lol4;</Text>
</Paragraph></Content></FinalDraft>"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<FinalDraft DocumentType="Script"><Content><Paragraph Type="Action"><Text>&secret;</Text>
</Paragraph></Content></FinalDraft>"""
DTD_ONLY = b"""<?xml version="1.0"?><!DOCTYPE FinalDraft SYSTEM "http://example.com/fd.dtd">
<FinalDraft DocumentType="Script"><Content/></FinalDraft>"""
XLIFF_BOMB = b"""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="zh" trgLang="fa">
<file id="f"><unit id="L00001"><segment><source>x</source><target>&b;</target></segment></unit>
</file></xliff>"""


def _refused(tmp: Path, name: str, data: bytes, fmt: str, words: str) -> None:
    source = tmp / name
    source.write_bytes(data)
    out = tmp / "out.kiln"
    with pytest.raises(ImportFailed) as caught:
        import_script(source, out, fmt=fmt)
    assert str(source) in str(caught.value) and words in str(caught.value)
    assert not out.exists()


@pytest.mark.timeout(30)
@pytest.mark.parametrize(
    "name, data",
    [("bomb.fdx", BILLION_LAUGHS), ("external.fdx", EXTERNAL), ("dtd.fdx", DTD_ONLY),
     ("utf16.fdx", "\ufeff".encode("utf-16-le") + BILLION_LAUGHS.decode().encode("utf-16-le"))],
)
def test_fdx_entities_and_dtds_are_refused(tmp_path: Path, name: str, data: bytes) -> None:
    _refused(tmp_path, name, data, "fdx", "DTD")


@pytest.mark.timeout(30)
def test_xliff_entity_bomb_is_refused(mini_kiln: Path, tmp_path: Path) -> None:
    from app.formats.xliff import read_xliff

    path = tmp_path / "bomb.xlf"
    path.write_bytes(XLIFF_BOMB)
    with OpenProject.open(mini_kiln, read_only=True) as project, \
            pytest.raises(ImportFailed, match="DTD"):
        read_xliff(project, path)


def _docx_with(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buffer.getvalue()


def _real_docx() -> dict[str, bytes]:
    import docx

    document = docx.Document()
    document.add_paragraph("1-1 日 外 校门口")
    buffer = io.BytesIO()
    document.save(buffer)
    package = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    return {item.filename: package.read(item) for item in package.infolist()}


@pytest.mark.timeout(30)
def test_docx_zip_bomb_is_refused_unpacked(tmp_path: Path) -> None:
    members = _real_docx()
    # 64 MB of one byte packs to ~64 KB: refused by its ratio before anything is unpacked.
    members["word/media/bomb.bin"] = b"\0" * (64 * 1024 * 1024)
    _refused(tmp_path, "bomb.docx", _docx_with(members), "docx", "zip bomb")


@pytest.mark.timeout(30)
def test_docx_deep_ratio_part_is_refused(tmp_path: Path) -> None:
    members = _real_docx()
    members["word/document.xml"] += b" " * (20 * 1024 * 1024)
    _refused(tmp_path, "ratio.docx", _docx_with(members), "docx", "zip bomb")


@pytest.mark.parametrize("evil", ["../evil.xml", "/etc/evil.xml", "word/../../evil.xml"])
def test_docx_path_traversal_is_refused(tmp_path: Path, evil: str) -> None:
    members = _real_docx()
    members[evil] = b"<x/>"
    _refused(tmp_path, "traversal.docx", _docx_with(members), "docx", "outside the document")
    assert not (tmp_path.parent / "evil.xml").exists()


def _sparse(path: Path, size: int) -> Path:
    with open(path, "wb") as handle:
        handle.truncate(size)
    return path


def test_oversized_files_are_refused_unread(tmp_path: Path, mini_kiln: Path) -> None:
    script = _sparse(tmp_path / "huge.fountain", MAX_BYTES + 1)
    with pytest.raises(ImportFailed, match="MB"):
        import_script(script, tmp_path / "out.kiln")
    with pytest.raises(HeritageError, match="too big"):
        read_rows(_sparse(tmp_path / "huge.csv", MAX_IMPORT_BYTES + 1))
    with pytest.raises(ProjectJsonError, match="too big"):
        project_json.load(_sparse(tmp_path / "huge.json", project_json.MAX_BYTES + 1))
    with OpenProject.open(mini_kiln, backup=False) as project, \
            pytest.raises(PacketError, match="too big"):
        import_packet(project, _sparse(tmp_path / "huge-packet.json", MAX_PACKET_BYTES + 1))


# -- review packets never change the script ------------------------------------------------


def _script(project: OpenProject) -> dict[str, tuple]:
    return {e.id: (e.text, e.kind, e.speaker, e.position)
            for sc in project.scenes() for e in project.elements(sc.id)}


def _crafted_packets(project: OpenProject) -> list[dict]:
    base = build_packet(project)
    scene = project.scenes()[0]
    element = project.elements(scene.id)[0]
    note = {
        "id": "evil-1", "target_type": "text", "target_id": element.id,
        "anchor": {"element_id": element.id, "start": 0, "end": 2, "quote": "x", "prefix": "",
                   "suffix": ""},
        "text": "REPLACED", "author": "m", "role": "consultant", "cultures": ["ar"],
        "kind": "accuracy", "severity": "info", "status": "open", "body": "b",
        "created_at": "2024-01-01T00:00:00+00:00", "updated_at": "2024-01-01T00:00:00+00:00",
        "replies": [],
    }
    crafted = []
    for change in (
        {"text": "REPLACED SCRIPT TEXT", "element_text": "REPLACED"},  # extra fields
        {"id": element.id},  # a note whose id is an element's id
        {"target_type": "scene", "target_id": scene.id, "anchor": None, "kind": "accuracy",
         "status": "resolved"},  # a status aimed at a scene
        {"replies": [{"id": element.id, "author": "m", "role": "writer", "body": "R" * 200_000,
                      "created_at": "2024-01-01T00:00:00+00:00",
                      "updated_at": "2024-01-01T00:00:00+00:00"}]},  # huge reply, element id
        {"anchor": {"element_id": element.id, "start": 0, "end": 10**9, "quote": "",
                    "prefix": "", "suffix": "", "text": "REPLACED"}},
    ):
        packet = json.loads(json.dumps(base))
        packet["notes"] = [{**note, **change}]
        packet["script"] = {element.id: "REPLACED"}  # unknown top-level field
        crafted.append(packet)
    return crafted


def test_crafted_packets_never_change_the_script(sample_kiln: Path, tmp_path: Path) -> None:
    with OpenProject.open(sample_kiln, backup=False) as project:
        before = _script(project)
        for n, packet in enumerate(_crafted_packets(project)):
            path = tmp_path / f"crafted-{n}.json"
            path.write_text(json.dumps(packet), encoding="utf-8")
            try:
                import_packet(project, path)
            except CommandError:
                pass  # refused whole is fine too
            assert _script(project) == before, f"crafted packet {n} changed the script"


def test_consultant_mode_holds_in_the_services(sample_kiln: Path) -> None:
    with OpenProject.open(sample_kiln, backup=False, role=Role.CONSULTANT) as project:
        before = _script(project)
        element_id = next(iter(before))
        with pytest.raises(CommandError, match="consultant mode"):
            project.run(Update("element", element_id, {"text": "changed"}))
        note = service.add_text_note(project, element_id, 0, 1, "fine", author="N")
        assert note
        assert _script(project) == before


DEEP = "[" * 100_000 + "]" * 100_000


def test_deeply_nested_json_is_refused_by_every_json_reader(
    tmp_path: Path, mini_kiln: Path
) -> None:
    """Found by fuzzing: json.loads raised RecursionError on brackets nested thousands deep."""
    path = tmp_path / "deep.json"
    path.write_text(DEEP, encoding="utf-8")
    with pytest.raises(ProjectJsonError, match="nested too deep"):
        project_json.load(path)
    with pytest.raises(HeritageError, match="nested too deep"):
        read_rows(path)
    packet = tmp_path / "deep-packet.json"
    packet.write_text('{"format": "kiln-review-packet", "notes": ' + DEEP + "}", encoding="utf-8")
    with OpenProject.open(mini_kiln, backup=False) as project, \
            pytest.raises(PacketError, match="nested too deep"):
        import_packet(project, packet)


def test_unknown_xml_encoding_is_refused(tmp_path: Path) -> None:
    """Found by fuzzing: an unknown encoding in the XML declaration raised LookupError."""
    data = (DATA / "interchange" / "all_elements.fdx").read_bytes()
    data = data.replace(b'encoding="UTF-8"', b'encoding="UTF-9"', 1)
    if b"UTF-9" not in data:
        data = b'<?xml version="1.0" encoding="UTF-9"?>' + data.split(b"?>", 1)[-1]
    _refused(tmp_path, "enc.fdx", data, "fdx", "not a readable")


def test_docx_with_a_foreign_document_part_is_refused(tmp_path: Path) -> None:
    """Found by fuzzing: a document.xml whose root is not w:document raised AttributeError."""
    members = _real_docx()
    members["word/document.xml"] = b'<?xml version="1.0"?><x><body/></x>'
    _refused(tmp_path, "foreign.docx", _docx_with(members), "docx", "Word (.docx)")


def test_lone_surrogate_escapes_are_refused(tmp_path: Path, mini_kiln: Path) -> None:
    """Found by fuzzing: "\\ud800" in project JSON reached SQLite and raised
    UnicodeEncodeError; library JSON and review packets had the same hole."""
    data = json.loads((DATA / "mini.kiln.json").read_text(encoding="utf-8"))
    data["project"]["title"] = "\ud800"
    path = tmp_path / "surrogate.json"
    path.write_text(json.dumps(data), encoding="utf-8")  # ensure_ascii: written as an escape
    with pytest.raises(ProjectJsonError, match="broken character escape"):
        project_json.load(path)
    path.write_text(json.dumps({"entries": [{"id": "\udfff"}]}), encoding="utf-8")
    with pytest.raises(HeritageError, match="broken character escape"):
        read_rows(path)
    with OpenProject.open(mini_kiln, backup=False) as project:
        packet = build_packet(project)
        packet["project"]["title"] = "\ud800"
        path.write_text(json.dumps(packet), encoding="utf-8")
        with pytest.raises(PacketError, match="broken character escape"):
            import_packet(project, path)


def test_docx_whose_directory_points_before_the_file_is_refused(tmp_path: Path) -> None:
    """Found by the full-scale fuzz run of 2026-12-07 (seed 35852): a central directory placed
    further on than the end record says makes zipfile give the first part a negative offset,
    and seeking there raised OSError. The end record's directory offset is moved by 6 here."""
    members = _real_docx()
    first = {"_rels/.rels": members.pop("_rels/.rels")}  # the part Kiln reads first, at offset 0
    data = bytearray(_docx_with(first | members))
    end = data.rfind(b"PK\x05\x06")
    offset = int.from_bytes(data[end + 16:end + 20], "little")
    data[end + 16:end + 20] = (offset + 6).to_bytes(4, "little")
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        assert z.infolist()[0].header_offset == -6  # the shape the fuzzer found
    _refused(tmp_path, "offset.docx", bytes(data), "docx", "damaged")
