"""A seeded byte mutator for fuzz tests: real fixture files, changed the ways files get broken.

Each mutation is a few random edits: flipped bits, bytes dropped, repeated or inserted, the file
cut short, and tokens that mean something to the readers (XML markup, JSON brackets, Fountain
and Chinese-layout markers, huge runs) spliced in. The same seed gives the same inputs.
"""

from __future__ import annotations

import os
import random

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
