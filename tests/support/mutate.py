"""A seeded byte mutator for fuzz tests: real fixture files, changed the ways files get broken.

Each mutation is a few random edits: flipped bits, bytes dropped, repeated or inserted, the file
cut short, and tokens that mean something to the readers (XML markup, JSON brackets, Fountain
and Chinese-layout markers, huge runs) spliced in. The structured mutations (issue #24) know the
format: zips whose headers lie, JSON with numbers of thousands of digits, NaN and deep nesting,
XML with entity and namespace tricks, text with pathological whitespace. The same seed gives the
same inputs.
"""

from __future__ import annotations

import io
import json
import os
import random
import zipfile
import zlib

from tests.support.attacks import RawMember, deflate, raw_zip

#: How many mutated inputs each reader gets (``make stress`` raises it).
EXAMPLES = int(os.environ.get("KILN_FUZZ_EXAMPLES", "60"))

TOKENS = [
    b"<", b">", b"</", b"<!--", b"]]>", b"<![CDATA[", b"&amp;", b"&#0;", b"&#x110000;", b"&lt",
    b"<Paragraph Type=\"Dialogue\">", b"<Text>", b"<unit id=\"x\">", b"<target>", b"xmlns=\"\"",
    b"{", b"}", b"[", b"]", b"\"", b":", b",", b"null", b"1e999", b"-0", b"\\u0000", b"\\ud800",
    b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"\r", b"\n\n", b"\t",
    b"INT. ", b"EXT. ", b".", b"@", b"~", b"!", b"=", b"#", b"/*", b"*/", b"[[", b"]]", b"> <",
    "第九十九集".encode(), "1-1 日 外 校门口".encode(), "人物：".encode(), "△".encode(),
    "【闪回】".encode(), "角色（OS）：".encode(), "：".encode(), "\u202e".encode(),
    b"id,name.zh-Hans,name.en\n", b"\"\"", b"\"a\nb\"",
]


def mutate(data: bytes, rng: random.Random, edits: int | None = None) -> bytes:
    """A broken copy of ``data``: ``edits`` (default 1–6) random changes."""
    out = bytearray(data)
    for _ in range(edits if edits is not None else rng.randint(1, 6)):
        size = len(out)
        op = rng.randrange(8)
        at = rng.randrange(size + 1) if size else 0
        if op == 0 and size:
            out[min(at, size - 1)] ^= 1 << rng.randrange(8)
        elif op == 1 and size:
            del out[at : at + rng.randint(1, 64)]
        elif op == 2:
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        elif op == 3:
            out[at:at] = rng.choice(TOKENS)
        elif op == 4 and size:
            start = rng.randrange(size)
            chunk = out[start : start + rng.randint(1, 256)]
            out[at:at] = chunk * rng.randint(1, 8)
        elif op == 5:
            del out[at:]
        elif op == 6:
            out[at:at] = rng.choice(TOKENS) * rng.randint(100, 5000)
        elif size:
            a, b = sorted(rng.randrange(size) for _ in range(2))
            out[a:b] = bytes(reversed(out[a:b]))
    return bytes(out)


# -- structured mutations: the shapes of issue #24 --------------------------------------------

#: Whitespace of every kind a script can hold, and some it should not.
WHITESPACE = [" ", "\t", "\u3000", "\u00a0", "\u2028", "\u2029", "\u200b", "\r", "\f", "\v",
              "\x85", "\n", " \n", "\r\n"]


def pathological_whitespace(data: bytes, rng: random.Random) -> bytes:
    """``data`` (UTF-8 text) with long runs of whitespace, blank lines and whitespace-only
    lines spliced in."""
    text = data.decode("utf-8", errors="replace")
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(text) + 1)
        run = "".join(rng.choice(WHITESPACE) for _ in range(rng.randint(1, 3)))
        text = text[:at] + run * rng.randint(1, 20_000) + text[at:]
    return text.encode("utf-8")


_JSON_VALUES = [
    "1" * 5000, "-" + "9" * 400, "1e999", "-1e999", "-0", "0.0", "1e-999", "NaN", "Infinity",
    "-Infinity", "true", "false", "null", '""', '"\\u0000"', '"\\u001b[31m"', '"\\ud800"',
    '"\\u202eabc"', '"' + "x" * 100_000 + '"', "[]", "{}", "[" * 3000 + "]" * 3000,
    '{"a":' * 900 + "1" + "}" * 900, "[" + ",".join(["{}"] * 20_000) + "]",
    '"' + "\\\\" * 1000 + '"', "9223372036854775808", "-9223372036854775809", "1.5", "[1,2,3]",
]


def mutate_json(data: bytes, rng: random.Random) -> bytes:
    """``data`` (a JSON document) with values swapped for numbers of thousands of digits,
    NaN, overflowing floats, deep nesting, wrong types, control characters and lone
    surrogates, and keys given twice."""
    try:
        doc = json.loads(data)
    except ValueError:
        return mutate(data, rng)
    slots: list[tuple[object, object]] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key in node:
                slots.append((node, key))
                walk(node[key])
        elif isinstance(node, list):
            for i, item in enumerate(node):
                slots.append((node, i))
                walk(item)

    walk(doc)
    marks: dict[str, str] = {}
    for n in range(rng.randint(1, 3)):
        if not slots:
            break
        parent, key = rng.choice(slots)
        mark = f"@@MUTATION{n}@@"
        marks[mark] = rng.choice(_JSON_VALUES)
        parent[key] = mark  # type: ignore[index]
    text = json.dumps(doc, ensure_ascii=rng.random() < 0.5)
    for mark, value in marks.items():
        text = text.replace(f'"{mark}"', value)
    if rng.random() < 0.2 and text.startswith("{"):  # a key given twice: the last one wins
        text = '{"format": "kiln-project", ' + text[1:]
    return text.encode("utf-8")


_XML_TRICKS = [
    '<!DOCTYPE x [<!ENTITY e "eeeeeeeeee">]>', "&#0;", "&#x1b;", "&#xD800;", "&#x110000;",
    "&#x9b;", "&#x7f;", "&#13;", "&#xFFFE;", "&undefined;", "<![CDATA[ ]]>", "<?pi x?>",
    "<!-- -- -->", "<a:b/>", " xmlns=\"urn:other\"", " xmlns:a=\"urn:a\"",
    " xml:space=\"preserve\"",
]


def mutate_xml(data: bytes, rng: random.Random) -> bytes:
    """``data`` (an XML document) with entity and namespace tricks: a DTD, character references
    XML forbids or lets through, undefined prefixes and entities, the default namespace moved,
    thousands of namespace declarations, elements nested thousands deep, huge attributes."""
    text = data.decode("utf-8", errors="replace")
    for _ in range(rng.randint(1, 3)):
        op = rng.randrange(6)
        if op == 0:  # a trick at a random place
            at = rng.randrange(len(text) + 1)
            text = text[:at] + rng.choice(_XML_TRICKS) + text[at:]
        elif op == 1:  # the default namespace moved on the root
            text = text.replace("<FinalDraft", '<FinalDraft xmlns="urn:not-final-draft"', 1)
        elif op == 2:  # thousands of namespace declarations on one element
            decls = "".join(f' xmlns:n{i}="urn:n{i}"' for i in range(rng.randint(100, 20_000)))
            text = text.replace("<Content", "<Content" + decls, 1)
        elif op == 3:  # nested deep inside a paragraph's text
            depth = rng.randint(100, 5_000)
            text = text.replace("<Text>", "<Text>" + "<x>" * depth + "</x>" * depth, 1)
        elif op == 4:  # an attribute of a megabyte, or thousands of attributes
            if rng.random() < 0.5:
                attrs = f' Big="{"v" * rng.randint(1000, 1_000_000)}"'
            else:
                attrs = "".join(f' a{i}="1"' for i in range(rng.randint(100, 50_000)))
            text = text.replace("<Paragraph ", "<Paragraph" + attrs + " ", 1)
        else:  # a character reference in text, where the reader will see it
            text = text.replace("<Text>", "<Text>" + rng.choice(_XML_TRICKS[1:10]), 1)
    return text.encode("utf-8")


def mutate_zip(data: bytes, rng: random.Random) -> bytes:
    """``data`` (a zip package) rebuilt with headers that lie: sizes understated or overstated,
    CRCs wrong, compression methods Word never uses, the encryption flag, names given twice or
    outside the package, thousands of parts, a part swapped for a deflate bomb."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        members = []
        for item in package.infolist():
            raw = package.read(item)
            packed = zlib.compressobj(6, zlib.DEFLATED, -15)
            body = packed.compress(raw) + packed.flush()
            members.append(RawMember(item.filename, body, crc=zlib.crc32(raw),
                                     declared_size=len(raw)))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, zlib.error):
        return mutate(data, rng)
    for _ in range(rng.randint(1, 2)):
        m = rng.choice(members)
        op = rng.randrange(9)
        if op == 0:
            m.declared_size = rng.choice([0, 1, (m.declared_size or 1) // 2])
        elif op == 1:
            m.declared_size = (m.declared_size or 0) * rng.randint(2, 1000)
        elif op == 2:
            m.declared_packed = rng.choice([0, len(m.data) // 2, len(m.data) * 100])
        elif op == 3:
            m.crc = (m.crc or 0) ^ (1 << rng.randrange(32))
        elif op == 4:
            m.method = rng.choice([1, 9, 12, 14, 93, 99])
        elif op == 5:
            m.flags |= 1
        elif op == 6:
            members.append(RawMember(m.name, m.data, crc=m.crc, declared_size=m.declared_size))
        elif op == 7:
            members += [RawMember(f"word/media/p{i}.bin", b"", method=0, crc=0)
                        for i in range(rng.randint(100, 3000))]
        else:  # the part unpacks to far more than it claims
            bomb, crc, _size = deflate([b"<w:p/>" * 100_000] * rng.randint(1, 60))
            m.data, m.crc, m.declared_size = bomb, crc, rng.choice([2048, len(bomb)])
    return raw_zip(members)
