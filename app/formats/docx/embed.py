"""Fonts embedded in a DOCX, so it looks the same on a machine that has none of them.

Word's format (ECMA-376 Part 1, §17.8.1 and §17.8.3.3): each font file is a part of its own
(``word/fonts/fontN.odttf``), obfuscated with a key — a GUID named in ``word/fontTable.xml`` by
the ``w:embedRegular``/``w:embedBold`` element of the font's entry — by XOR-ing the file's first
32 bytes with the GUID's 16 bytes read from its last hexadecimal pair to its first. The settings
part says ``w:embedTrueTypeFonts``. Word and LibreOffice both read it.

The shipped fonts' licences allow embedding (OFL; WenQuanYi's OS/2 ``fsType`` says editable
embedding). WenQuanYi Micro Hei is 5 MB: it is embedded as a subset — every glyph the document
does not use emptied (``glyf`` and ``loca`` rebuilt, glyph names dropped), the rest of the font
unchanged, so its cmap, metrics and glyph numbers stay as they were. The others are small and go
in whole (Noto Naskh's joining forms and ligatures come from its GSUB: a subset would have to
follow them).
"""

from __future__ import annotations

import html
import io
import logging
import re
import struct
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

from app.formats.document import fonts
from app.formats.document.model import Document

logger = logging.getLogger(__name__)

FONT_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
OBFUSCATED = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PR = "http://schemas.openxmlformats.org/package/2006/relationships"
_TEXT = re.compile(r"<w:(?:t|instrText)(?: [^>]*)?>([^<]*)</w:(?:t|instrText)>")
#: Faces bigger than this are embedded as a subset of the glyphs the document uses.
SUBSET_ABOVE = 1_000_000


@dataclass(frozen=True)
class Embedded:
    """One embedded face: its family, which style it is, the part and the key."""

    family: str
    style: str  # "Regular" or "Bold"
    part: str
    key: str
    subset: bool


def key_bytes(key: str) -> bytes:
    """The 16 bytes of a font key ``{XXXXXXXX-XXXX-…}``, last hexadecimal pair first."""
    return bytes.fromhex(key.strip("{}").replace("-", ""))[::-1]


def obfuscate(data: bytes, key: str) -> bytes:
    """``data`` with its first 32 bytes XOR-ed with the key (the same call undoes it)."""
    mask = key_bytes(key)
    head = bytes(b ^ mask[i % 16] for i, b in enumerate(data[:32]))
    return head + data[32:]


# -- the font file ------------------------------------------------------------------------------


def _tables(data: bytes, subfont: int) -> dict[str, bytes]:
    """The tables of a TrueType file, or of one font of a collection (``.ttc``)."""
    offset = 0
    if data[:4] == b"ttcf":
        offset = struct.unpack_from(">I", data, 12 + 4 * subfont)[0]
    count = struct.unpack_from(">H", data, offset + 4)[0]
    out = {}
    for i in range(count):
        tag, _sum, at, length = struct.unpack_from(">4sIII", data, offset + 12 + 16 * i)
        out[tag.decode("latin-1")] = data[at : at + length]
    return out


def _checksum(data: bytes) -> int:
    padded = data + b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF


def _font_file(tables: dict[str, bytes]) -> bytes:
    """A TrueType file of ``tables`` (directory sorted by tag, checksums, head adjusted)."""
    tags = sorted(tables)
    count = len(tags)
    power = 1 << (count.bit_length() - 1)
    header = struct.pack(">IHHHH", 0x00010000, count, power * 16, power.bit_length() - 1,
                         count * 16 - power * 16)
    head = bytearray(tables["head"])
    head[8:12] = b"\0\0\0\0"
    tables = {**tables, "head": bytes(head)}
    offset = 12 + 16 * count
    directory, body = [], []
    for tag in tags:
        data = tables[tag]
        directory.append(struct.pack(">4sIII", tag.encode("latin-1"), _checksum(data), offset,
                                     len(data)))
        padded = data + b"\0" * (-len(data) % 4)
        body.append(padded)
        offset += len(padded)
    font = bytearray(header + b"".join(directory) + b"".join(body))
    at = 12 + 16 * tags.index("head")
    head_at = struct.unpack_from(">I", font, at + 8)[0]
    struct.pack_into(">I", font, head_at + 8, (0xB1B0AFBA - _checksum(bytes(font))) & 0xFFFFFFFF)
    return bytes(font)


def _components(glyph: bytes) -> list[int]:
    """The glyphs a composite glyph is made of."""
    if len(glyph) < 10 or struct.unpack_from(">h", glyph, 0)[0] >= 0:
        return []
    found, at = [], 10
    while at + 4 <= len(glyph):
        flags, index = struct.unpack_from(">HH", glyph, at)
        found.append(index)
        at += 4 + (4 if flags & 0x1 else 2)
        at += 2 if flags & 0x8 else 4 if flags & 0x40 else 8 if flags & 0x80 else 0
        if not flags & 0x20:
            break
    return found


def subset(tables: dict[str, bytes], glyphs: set[int]) -> dict[str, bytes]:
    """``tables`` with every glyph outside ``glyphs`` (and their components) emptied."""
    head = bytearray(tables["head"])
    count = struct.unpack_from(">H", tables["maxp"], 4)[0]
    long = struct.unpack_from(">h", head, 50)[0] == 1
    loca = tables["loca"]
    if long:
        offsets = list(struct.unpack(f">{count + 1}I", loca[: 4 * (count + 1)]))
    else:
        offsets = [2 * x for x in struct.unpack(f">{count + 1}H", loca[: 2 * (count + 1)])]
    glyf = tables["glyf"]
    keep = {0} | {g for g in glyphs if 0 <= g < count}
    todo = list(keep)
    while todo:
        g = todo.pop()
        for part in _components(glyf[offsets[g] : offsets[g + 1]]):
            if part not in keep and part < count:
                keep.add(part)
                todo.append(part)
    out, new_offsets = bytearray(), []
    for g in range(count):
        new_offsets.append(len(out))
        if g in keep:
            out += glyf[offsets[g] : offsets[g + 1]]
            out += b"\0" * (-len(out) % 4)
    new_offsets.append(len(out))
    struct.pack_into(">h", head, 50, 1)  # long offsets
    post = bytearray(tables["post"][:32])
    post[0:4] = struct.pack(">I", 0x00030000)  # no glyph names
    return {
        **tables,
        "glyf": bytes(out),
        "loca": struct.pack(f">{count + 1}I", *new_offsets),
        "head": bytes(head),
        "post": bytes(post),
    }


def font_bytes(key: str, text: str) -> tuple[bytes, bool]:
    """The file to embed for the shipped face ``key``, subset to ``text`` when it is big."""
    face = fonts.FACES[key]
    data = face.path.read_bytes()
    tables = _tables(data, face.subfont)
    if len(data) <= SUBSET_ABOVE:
        return (data if data[:4] != b"ttcf" else _font_file(tables)), False
    char_to_glyph = fonts.register(key).face.charToGlyph  # type: ignore[attr-defined]
    glyphs = {char_to_glyph[ord(c)] for c in set(text) if ord(c) in char_to_glyph}
    return _font_file(subset(tables, glyphs)), True


# -- the package --------------------------------------------------------------------------------


def faces_of(doc: Document, text: str) -> dict[str, list[tuple[str, str]]]:
    """The shipped faces a DOCX of ``doc`` names, by family: ``[(style, face key)]``. A face
    whose script the text does not use is left out."""
    wanted: dict[str, list[tuple[str, str]]] = {}

    def add(key: str, style: str) -> None:
        wanted.setdefault(fonts.FACES[key].family, []).append((style, key))

    if doc.style.family == "screenplay":
        add("courier", "Regular")
        add("courier-bold", "Bold")
    if doc.style.family != "screenplay" or re.search("[\u2e80-\u9fff\uff00-\uffef]", text):
        add("cjk", "Regular")
    if re.search("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]", text):
        add("arabic", "Regular")
        add("arabic-bold", "Bold")
    return wanted


def _font_table(entries: dict[str, list[Embedded]], rels: dict[str, str], old: str) -> str:
    """``word/fontTable.xml`` with an entry per embedded family (others kept)."""
    kept = re.findall(r"<w:font [^>]*w:name=\"([^\"]*)\"[^>]*>.*?</w:font>", old, re.S)
    blocks = [m.group(0) for m in re.finditer(r"<w:font [^>]*>.*?</w:font>", old, re.S)]
    out = [b for name, b in zip(kept, blocks, strict=False) if name not in entries]
    subsetted = ' w:subsetted="1"'
    for family, faces in entries.items():
        embeds = "".join(
            f'<w:embed{e.style} r:id="{rels[e.part]}" w:fontKey="{e.key}"'
            f'{subsetted if e.subset else ""}/>'
            for e in faces
        )
        out.append(f'<w:font w:name="{html.escape(family)}"><w:charset w:val="00"/>'
                   f'<w:family w:val="auto"/><w:pitch w:val="variable"/>{embeds}</w:font>')
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:fonts xmlns:w="{_W}" xmlns:r="{_R}">{"".join(out)}</w:fonts>')


def embed_fonts(path: Path, doc: Document) -> list[Embedded]:
    """Embed in the DOCX at ``path`` the shipped faces it names; return what was embedded."""
    data, embedded = with_fonts(Path(path).read_bytes(), doc)
    Path(path).write_bytes(data)
    return embedded


def with_fonts(docx_bytes: bytes, doc: Document, body: str = "") -> tuple[bytes, list[Embedded]]:
    """The DOCX ``docx_bytes`` with the shipped faces it names embedded, and what was embedded
    (all in memory: a failed write later leaves no half-written zip behind). ``body`` (the
    body's paragraphs and tables as WordprocessingML text) goes into ``word/document.xml``
    before its closing section properties, as text: the zip is written once, whole."""
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    if body:
        xml = parts["word/document.xml"].decode("utf-8")
        cut = xml.rindex("<w:sectPr")
        parts["word/document.xml"] = (xml[:cut] + body + xml[cut:]).encode("utf-8")
    text = "0123456789.".join(
        html.unescape(t)
        for name, data in parts.items()
        if name.startswith("word/") and name.endswith(".xml")
        for t in _TEXT.findall(data.decode("utf-8"))
    )
    embedded: dict[str, list[Embedded]] = {}
    rels: dict[str, str] = {}
    for family, faces in faces_of(doc, text).items():
        for style, key in faces:
            data, is_subset = font_bytes(key, text)
            font_key = "{" + str(uuid.uuid4()).upper() + "}"
            part = f"fonts/font{len(rels) + 1}.odttf"
            parts[f"word/{part}"] = obfuscate(data, font_key)
            rels[part] = f"rIdFont{len(rels) + 1}"
            embedded.setdefault(family, []).append(
                Embedded(family, style, part, font_key, is_subset)
            )
    if not embedded and not body:
        return docx_bytes, []
    old = parts.get("word/fontTable.xml", b"").decode("utf-8")
    parts["word/fontTable.xml"] = _font_table(embedded, rels, old).encode("utf-8")
    parts["word/_rels/fontTable.xml.rels"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{_PR}">'
        + "".join(f'<Relationship Id="{rid}" Type="{FONT_REL}" Target="{part}"/>'
                  for part, rid in rels.items())
        + "</Relationships>"
    ).encode("utf-8")
    types = parts["[Content_Types].xml"].decode("utf-8")
    if 'Extension="odttf"' not in types:
        types = types.replace(
            "<Default ", f'<Default Extension="odttf" ContentType="{OBFUSCATED}"/><Default ', 1
        )
    if "word/fontTable.xml" not in types:
        types = types.replace(
            "</Types>",
            '<Override PartName="/word/fontTable.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/></Types>',
        )
    parts["[Content_Types].xml"] = types.encode("utf-8")
    settings = parts.get("word/settings.xml", b"").decode("utf-8")
    if settings and "embedTrueTypeFonts" not in settings:
        # the schema's order: after w:zoom, before w:proofState and w:defaultTabStop
        at = min((i for i in (settings.find("<w:proofState"), settings.find("<w:defaultTabStop"))
                  if i >= 0), default=-1)
        tag = "<w:embedTrueTypeFonts/><w:saveSubsetFonts/>"
        settings = settings[:at] + tag + settings[at:] if at >= 0 else settings
        parts["word/settings.xml"] = settings.encode("utf-8")
    _ensure_font_table_rel(parts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    logger.info("embedded %s", ", ".join(embedded))
    return out.getvalue(), [e for faces in embedded.values() for e in faces]


def _ensure_font_table_rel(parts: dict[str, bytes]) -> None:
    """The document part must point at the font table (python-docx's template does)."""
    rels = parts.get("word/_rels/document.xml.rels", b"").decode("utf-8")
    if rels and "fontTable.xml" not in rels:
        rels = rels.replace(
            "</Relationships>",
            '<Relationship Id="rIdFontTable" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>'
            "</Relationships>",
        )
        parts["word/_rels/document.xml.rels"] = rels.encode("utf-8")
