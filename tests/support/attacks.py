"""Hostile script files made on the fly (none is committed), and a runner that imports them in a
process of its own to measure what each costs: the outcome, the time and the peak memory.

Each maker takes a ``scale``: ``make test`` uses a smaller one where the full size takes long to
make or to refuse, ``make stress`` the size issue #24 reported (``KILN_ATTACK_SCALE=full``).
"""

from __future__ import annotations

import io
import json
import os
import random
import struct
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: Full-size attacks (``make stress``) or CI-size ones (``make test``).
FULL = os.environ.get("KILN_ATTACK_SCALE", "") == "full"
#: What any input of at most 20 MB may cost (issue #24).
MEMORY_LIMIT_MB = 500
#: A child still running after this long is a hang (never a timing assertion: a guard).
HANG_GUARD = 120

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
PACKAGE_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
DOCUMENT_HEAD = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W}">'
    "<w:body>"
).encode()
DOCUMENT_TAIL = b"<w:sectPr/></w:body></w:document>"
#: Characters of an ordinary Chinese script, to fill paragraphs that pack like real ones.
HANZI = "的一是了不人在他有这我你们来到时大地为子中说生国年着就那和要她出也得里后自以会家可下而过天去能对小多然于心学么之都好看起发当没成只如事把还用第样道想作种开美总从无情己面最女但现前些所同日手又行意动方期它头经长儿回位分爱老因很给名法间斯知世什两次使身者被高已亲其进此话常与活正感"  # noqa: E501


@dataclass
class Result:
    """How one import went in its own process."""

    source: str
    outcome: str  # "read", "refused", "crash" or "hang"
    message: str
    seconds: float
    peak_mb: float
    written: bool
    warnings: list[str]


def run_readers(jobs: list[tuple[str, Path]], tmp: Path, timeout: float = HANG_GUARD,
                cap_mb: int = 3072) -> list[Result]:
    """Import each ``(format, path)`` of ``jobs`` in one child process (in order); the results
    carry each input's time and the process's peak memory after it (peaks only grow, so run
    one input per call where each needs its own figure)."""
    work = [[fmt, str(path), str(tmp / f"{Path(path).stem}-{n}.kiln")]
            for n, (fmt, path) in enumerate(jobs)]
    for _fmt, _source, out in work:
        Path(out).unlink(missing_ok=True)
    env = dict(os.environ, KILN_CHILD_MEMORY_CAP=str(cap_mb * 2**20), PYTHONPATH=str(ROOT))
    try:
        done = subprocess.run(
            [sys.executable, "-m", "tests.support.reader_child"], input=json.dumps(work),
            capture_output=True, text=True, timeout=timeout, cwd=ROOT, env=env, check=False,
        )
        lines = done.stdout.splitlines()
        tail = done.stderr[-3000:]
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout or b""
        lines = (out.decode() if isinstance(out, bytes) else out).splitlines()
        tail = f"still running after {timeout:.0f} s"
    reports = [json.loads(line) for line in lines if line.startswith("{\"source\"")]
    results = [
        Result(r["source"], r["outcome"], r.get("message", ""), r["seconds"], r["peak_mb"],
               r["written"], r.get("warnings", []))
        for r in reports
    ]
    for _fmt, path, _out in work[len(results):]:
        hung = "still running" in tail
        results.append(Result(path, "hang" if hung else "crash", tail, timeout if hung else 0.0,
                              0.0, False, []))
    return results


def run_reader(fmt: str, path: Path, tmp: Path, **kwargs: float) -> Result:
    """One import in a process of its own."""
    return run_readers([(fmt, path)], tmp, **kwargs)[0]


# -- zips ------------------------------------------------------------------------------------


def write_docx(path: Path, document_chunks: Iterable[bytes], level: int = 6,
               stored: bool = False) -> Path:
    """A minimal Word package whose ``word/document.xml`` is the chunks, streamed to disk
    (``stored``: not packed, so repetitive text is not refused as a zip bomb)."""
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(path, "w", method, compresslevel=None if stored else level) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr("_rels/.rels", PACKAGE_RELS)
        with package.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(DOCUMENT_HEAD)
            for chunk in document_chunks:
                part.write(chunk)
            part.write(DOCUMENT_TAIL)
    return path


def document_xml(paragraphs: Iterable[str]) -> bytes:
    """A whole ``document.xml`` holding one plain paragraph per line."""
    body = "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{_xml_text(p)}</w:t></w:r></w:p>"
                   for p in paragraphs)
    return DOCUMENT_HEAD + body.encode() + DOCUMENT_TAIL


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass
class RawMember:
    """One member of a hand-made zip, with sizes that may lie."""

    name: str
    data: bytes  # as stored (compressed when ``method`` is 8)
    method: int = 8
    crc: int | None = None
    declared_size: int | None = None  # the uncompressed size the headers claim
    declared_packed: int | None = None
    flags: int = 0


def raw_zip(members: list[RawMember], comment: bytes = b"") -> bytes:
    """A zip written byte by byte, so headers can claim what the data is not."""
    out = io.BytesIO()
    central = []
    for m in members:
        name = m.name.encode()
        crc = m.crc if m.crc is not None else 0
        size = m.declared_size if m.declared_size is not None else len(m.data)
        packed = m.declared_packed if m.declared_packed is not None else len(m.data)
        offset = out.tell()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, m.flags, m.method, 0, 0, crc,
                              packed, size, len(name), 0))
        out.write(name)
        out.write(m.data)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, m.flags, m.method,
                                   0, 0, crc, packed, size, len(name), 0, 0, 0, 0, 0, offset)
                       + name)
    start = out.tell()
    for record in central:
        out.write(record)
    size = out.tell() - start
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), size, start,
                          len(comment)) + comment)
    return out.getvalue()


def deflate(chunks: Iterable[bytes], level: int = 9) -> tuple[bytes, int, int]:
    """Raw deflate of the chunks: the packed bytes, their CRC-32 and the unpacked size."""
    packer = zlib.compressobj(level, zlib.DEFLATED, -15)
    out, crc, size = [], 0, 0
    for chunk in chunks:
        crc = zlib.crc32(chunk, crc)
        size += len(chunk)
        out.append(packer.compress(chunk))
    out.append(packer.flush())
    return b"".join(out), crc, size


# -- the attacks of issue #24 (item 3) --------------------------------------------------------


def _script_paragraphs(rng: random.Random, count: int) -> Iterator[str]:
    """Lines of a plausible Chinese script: scenes, actions and dialogue, from a vocabulary of
    a few hundred words (so they pack the way a real script does)."""
    vocabulary = ["".join(rng.choice(HANZI) for _ in range(rng.randint(1, 4)))
                  for _ in range(2000)]
    for n in range(count):
        words = "".join(rng.choice(vocabulary) for _ in range(rng.randint(3, 9)))
        kind = n % 12
        if kind == 0:
            yield f"{n // 12 + 1}-1 日 内 {words[:4]}"
        elif kind % 3 == 1:
            yield f"△{words}。"
        else:
            yield f"{words[:2]}：{words[2:]}。"


def _word_paragraph(rng: random.Random, text: str) -> str:
    """A paragraph as Word writes it: revision ids of the editing session, properties, a run."""
    ids = [f"00{rng.choice((0x3A1F2C, 0x7B04E1, 0x9C55D0, 0x1E8A47)):06X}" for _ in range(3)]
    return (
        f'<w:p w:rsidR="{ids[0]}" w:rsidRDefault="{ids[1]}" w:rsidP="{ids[2]}"><w:pPr>'
        '<w:spacing w:line="360" w:lineRule="auto"/><w:rPr><w:rFonts w:hint="eastAsia"/>'
        f'</w:rPr></w:pPr><w:r w:rsidRPr="{ids[2]}"><w:rPr><w:rFonts w:hint="eastAsia"/>'
        f"</w:rPr><w:t>{text}</w:t></w:r></w:p>"
    )


def huge_document_docx(path: Path, unpacked_mb: int) -> Path:
    """A Word script whose ``document.xml`` unpacks to ``unpacked_mb`` MB, ten times its packed
    size (issue #24: 18.7 MB packed, 190 MB unpacked, ran past 10 GB and 300 s)."""
    rng = random.Random(24)
    block = "".join(_word_paragraph(rng, p) for p in _script_paragraphs(rng, 4000)).encode()
    # Blocks differ only far apart (beyond deflate's 32 KB window), so it packs like Word.
    repeats = max(1, unpacked_mb * 2**20 // len(block))
    return write_docx(path, (block for _ in range(repeats)), level=6)


def falsified_sizes_docx(path: Path, unpacked_mb: int = 340) -> Path:
    """A ~342 KB Word package whose ``document.xml`` claims 2 KB but unpacks to ``unpacked_mb``
    MB (issue #24: peaked at 671 MB before being refused)."""
    chunk = b"<w:p><w:r><w:t>" + b"a" * 4000 + b"</w:t></w:r></w:p>"
    count = unpacked_mb * 2**20 // len(chunk)
    data, crc, _size = deflate(
        [DOCUMENT_HEAD] + [chunk] * count + [DOCUMENT_TAIL]
    )
    members = [
        RawMember("[Content_Types].xml", CONTENT_TYPES, method=0, crc=zlib.crc32(CONTENT_TYPES)),
        RawMember("_rels/.rels", PACKAGE_RELS, method=0, crc=zlib.crc32(PACKAGE_RELS)),
        RawMember("word/document.xml", data, crc=crc, declared_size=2048),
    ]
    path.write_bytes(raw_zip(members))
    return path


def short_paragraphs(fmt: str, path: Path, count: int) -> Path:
    """``count`` one-character paragraphs (issue #24: 5.4 M were refused after 157 s at
    4.2 GB): lines of a Chinese text, Fountain paragraphs, Word or Final Draft paragraphs."""
    rng = random.Random(5)
    letters = "abcdefghijklmnopqrstuvwxyz"
    if fmt == "zh-text":  # GB18030, as older Word and WPS save: two bytes a character
        path.write_text("".join(f"{rng.choice(HANZI)}\n" for _ in range(count)),
                        encoding="gb18030")
    elif fmt == "fountain":
        path.write_text("".join(f"{rng.choice(letters)}\n\n" for _ in range(count)),
                        encoding="utf-8")
    elif fmt == "docx":
        def chunks() -> Iterator[bytes]:
            for start in range(0, count, 100_000):
                yield "".join(f"<w:p><w:r><w:t>{rng.choice(letters)}</w:t></w:r></w:p>"
                              for _ in range(min(100_000, count - start))).encode()
        write_docx(path, chunks(), level=1)
    elif fmt == "fdx":
        path.write_bytes(fdx_document(f"{rng.choice(letters)}" for _ in range(count)))
    else:
        raise ValueError(fmt)
    return path


def fdx_document(actions: Iterable[str], heading: str = "INT. KILN - NIGHT") -> bytes:
    """A Final Draft script: one scene heading, then one action paragraph per item."""
    body = "".join(f'<Paragraph Type="Action"><Text>{_xml_text(a)}</Text></Paragraph>'
                   for a in actions)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="no" ?>\n'
        '<FinalDraft DocumentType="Script" Template="No" Version="5"><Content>'
        f'<Paragraph Type="Scene Heading"><Text>{heading}</Text></Paragraph>{body}'
        "</Content></FinalDraft>"
    ).encode()


def fdx_paragraphs(path: Path, count: int) -> Path:
    """A Final Draft script of ``count`` short action paragraphs (issue #24: 100 k took
    420 MB)."""
    path.write_bytes(fdx_document(f"Action {n}." for n in range(count)))
    return path


def fountain_notes(path: Path, count: int) -> Path:
    """A Fountain script of ``count`` notes, each a paragraph of its own (issue #24: 300 k notes
    in 1.5 MB took 1.4 GB; 15 MB took 14 GB)."""
    path.write_text("INT. KILN - NIGHT\n\n" + "[[]]\n\n" * count, encoding="utf-8")
    return path


def fountain_notes_inline(path: Path, count: int) -> Path:
    """A Fountain script of ``count`` notes, twenty to a line of action."""
    line = "Mei" + "[[n]]" * 20 + "\n"
    path.write_text("INT. KILN - NIGHT\n\n" + line * (count // 20), encoding="utf-8")
    return path


def largest_fountain(path: Path, count: int) -> Path:
    """A Fountain script just under the budgets: ``count`` lines of dialogue by ``count // 5``
    characters, each line with a note, in scenes of ten lines."""
    out = []
    for n in range(count):
        if n % 10 == 0:
            out.append(f"INT. KILN {n // 1000} - NIGHT\n\n")
        out.append(f"SPEAKER {n % max(1, count // 5)}\nLine {n} of the script. [[note {n}]]\n\n")
    path.write_text("".join(out), encoding="utf-8")
    return path


def front_matter(path: Path, count: int, width: int = 60) -> Path:
    """A Chinese text of ``count`` lines of ``width`` letters before any scene, none of them
    front matter Kiln knows (each went on the title page's notes, copying the notes so far:
    quadratic)."""
    rng = random.Random(7)
    letters = "abcdefghijklmnopqrstuvwxyz"
    path.write_text("".join("".join(rng.choice(letters) for _ in range(width)) + "\n"
                            for _ in range(count)), encoding="utf-8")
    return path


def fdx_attributes(path: Path, count: int) -> Path:
    """A Final Draft file with one paragraph carrying ``count`` attributes."""
    attributes = b" ".join(b'a%d=""' % n for n in range(count))
    path.write_bytes(b'<?xml version="1.0"?><FinalDraft><Content><Paragraph ' + attributes
                     + b' Type="Action"><Text>x</Text></Paragraph></Content></FinalDraft>')
    return path


def fdx_empty_elements(path: Path, count: int) -> Path:
    """A Final Draft file of ``count`` empty elements."""
    path.write_bytes(b'<?xml version="1.0"?><FinalDraft><Content>' + b"<a/>" * count
                     + b"</Content></FinalDraft>")
    return path


def blank_lines_chinese(path: Path, size: int) -> Path:
    """A Chinese plain-text script followed by ``size`` bytes of blank lines (issue #24: 100 KB
    took 40 s, 200 KB 185 s, in the multiline marker pattern that guesses the layout)."""
    path.write_text("《窑火》\n编剧：林\n" + "\n" * size, encoding="utf-8")
    return path


def fdx_styled_title_page(path: Path, runs: int) -> Path:
    """A Final Draft script whose title page is one paragraph of ``runs`` one-letter runs in
    bold, bold italic and italic by turns (ranges Fountain cannot all write: each was tried
    against the whole paragraph, and each cut of the paragraph scanned every range)."""
    styles = ("Bold", "Bold+Italic", "Italic")
    body = "".join(f'<Text Style="{styles[n % 3]}">{"ab"[n % 2]}</Text>' for n in range(runs))
    path.write_bytes(fdx_document(["Mei waits."]).replace(
        b"</FinalDraft>",
        f"<TitlePage><Content><Paragraph>{body}</Paragraph></Content></TitlePage>"
        "</FinalDraft>".encode()))
    return path
