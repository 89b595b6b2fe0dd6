"""Turn the bytes of a plain-text script into text: UTF-8 (with or without BOM), GB18030, UTF-16.

Writers in China still save scripts as GB18030 (GBK) from older Word and WPS versions; Windows
Notepad saves UTF-16 with a BOM. Anything else — binary junk, or text in an encoding Kiln does
not read — is refused with one message, never turned into mojibake.

A NUL anywhere, or more than two other control characters in the first 200,000 characters, means
the file is not text (or not in the encoding it was read in): it is refused. Control characters
left in a text file are removed by the reader, line by line, with a warning (``clean_controls``).
"""

from __future__ import annotations

import codecs
import logging
import re
from pathlib import Path

from app.core.controls import CONTROLS
from app.core.i18n import _
from app.formats.common import ImportFailed
from app.formats.names import ENCODINGS

logger = logging.getLogger(__name__)

# Characters that nearly every Chinese script contains; text decoded as GB18030 without any
# of them is almost certainly some other encoding read wrongly.
_CHINESE_MARKERS = re.compile(r"[，。：、！？△【】“”的一是了不人在他有这我你]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _binary(path: Path) -> ImportFailed:
    return ImportFailed(
        _("{path} is not a text file; save the script as plain text (UTF-8) and try again.").format(
            path=path
        )
    )


def _wrong_encoding(path: Path) -> ImportFailed:
    return ImportFailed(
        _(
            "{path} is not in an encoding Kiln reads (UTF-8, GB18030 or UTF-16); "
            "save it as UTF-8 and try again."
        ).format(path=path)
    )


def _plausible(text: str) -> float:
    """Share of characters that belong in a script (printable text of the common scripts)."""
    sample = text[:20000]
    if not sample:
        return 0.0
    good = sum(
        1
        for ch in sample
        if ch in "\n\t\r" or (ch.isprintable() and not 0xE000 <= ord(ch) <= 0xF8FF)
    )
    return good / len(sample)


def _utf16_without_bom(raw: bytes) -> str | None:
    """UTF-16 text saved without a BOM: the decoding that gives readable text, if one does."""
    if len(raw) < 4 or len(raw) % 2 or b"\x00" not in raw[:65536]:
        return None
    best, best_score = None, 0.0
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            decoder = codecs.getincrementaldecoder(encoding)()
            score = _plausible(decoder.decode(raw[:65536], final=False))
        except UnicodeDecodeError:
            continue
        if score > best_score:
            best, best_score = encoding, score
    return best if best_score > 0.98 else None


def decode(raw: bytes, path: Path, encoding: str = "auto") -> str:
    """The text of ``raw`` read from ``path``, with line ends made ``\\n``."""
    return decode_text(raw, path, encoding)[0]


def decode_text(raw: bytes, path: Path, encoding: str = "auto") -> tuple[str, str]:
    """The text of ``raw`` (line ends made ``\\n``) and the name of the encoding it was read in
    (``UTF-8``, ``UTF-8 with BOM``, ``UTF-16LE with BOM``, ``UTF-16LE``, ``GB18030`` …)."""
    if encoding not in ENCODINGS:
        raise ImportFailed(
            _("{encoding} is not an encoding Kiln reads; use one of: {choices}.").format(
                encoding=encoding, choices=", ".join(ENCODINGS)
            )
        )
    if encoding == "auto":
        text, found = _auto(raw, path)
    else:
        try:
            text = raw.decode("utf-8-sig" if encoding == "utf-8" else encoding)
        except UnicodeDecodeError:
            raise _wrong_encoding(path) from None
        found = encoding.upper()
    if "\x00" in text or (_CONTROL.search(text[:200000])
                          and len(_CONTROL.findall(text[:200000])) > 2):
        raise _binary(path)
    return text.replace("\r\n", "\n").replace("\r", "\n"), found


def clean_controls(text: str) -> tuple[str, list[tuple[int, str, str]]]:
    """``text`` without control characters (tab and line feed stay), and where they were:
    ``(line, the line without them, the characters removed)`` for each line that held some
    (lines count from 1). Line ends must already be ``\\n``."""
    if not CONTROLS.search(text):
        return text, []
    found: list[tuple[int, str, str]] = []
    line, last = 1, 0
    position = 0
    while (match := CONTROLS.search(text, position)) is not None:
        start = text.rfind("\n", 0, match.start()) + 1
        end = text.find("\n", match.start())
        end = len(text) if end < 0 else end
        line += text.count("\n", last, start)
        last = start
        raw = text[start:end]
        found.append((line, CONTROLS.sub("", raw), "".join(CONTROLS.findall(raw))))
        position = end
    return CONTROLS.sub("", text), found


def _auto(raw: bytes, path: Path) -> tuple[str, str]:
    if raw.startswith(codecs.BOM_UTF8):
        return _strict(raw[3:], "utf-8", path), "UTF-8 with BOM"
    if raw.startswith(codecs.BOM_UTF16_LE):
        return _strict(raw, "utf-16", path), "UTF-16LE with BOM"
    if raw.startswith(codecs.BOM_UTF16_BE):
        return _strict(raw, "utf-16", path), "UTF-16BE with BOM"
    utf16 = _utf16_without_bom(raw)
    if utf16:
        return _strict(raw, utf16, path), utf16.upper()
    if b"\x00" in raw[:65536]:
        raise _binary(path)
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        raise _wrong_encoding(path) from None
    if not _CHINESE_MARKERS.search(text) or _looks_garbled(text):
        raise _wrong_encoding(path)
    logger.info("%s read as GB18030", path)
    return text, "GB18030"


def _strict(raw: bytes, encoding: str, path: Path) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        raise _wrong_encoding(path) from None


def _looks_garbled(text: str) -> bool:
    """GB18030 decodes most byte soup; real Chinese stays in the common CJK and ASCII ranges."""
    odd = 0
    total = 0
    for ch in text[:50000]:
        if ch.isascii():
            continue
        total += 1
        code = ord(ch)
        common = (
            0x4E00 <= code <= 0x9FFF
            or 0x3000 <= code <= 0x303F
            or 0xFF00 <= code <= 0xFFEF
            or 0x2000 <= code <= 0x27BF
            or code in (0xB7, 0xD7)
        )
        if not common:
            odd += 1
    return total > 0 and odd / total > 0.1
