"""Characters no script holds, found in one place: control characters and the bidi controls that
reorder the text around them.

Control characters (every C0 character but tab and line feed, DEL, the C1 range, and the two
non-characters U+FFFE and U+FFFF) have no place in a script: XML cannot carry them (an FDX or
DOCX export would be broken), and on a terminal an ESC starts a command. The readers remove them
at the boundary and say where (``app.formats``); the command line prints what it did not make
itself through ``for_terminal``.

Bidi embeddings, overrides and isolates (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI) reorder the
text after them. In a line of the script the writer sees what they do and can take them out, so
they are kept there — closed at the end of the line, so they cannot spill into words printed
after it. In a name or a title, which Kiln prints inside other lines (cues, headings, lists,
file names), they are removed (``label``). The marks LRM, RLM and ALM only nudge neutral
characters and are always kept.
"""

from __future__ import annotations

import logging
import re

logger = logging.getLogger(__name__)

#: Control characters as the body of a regex class: C0 but tab and line feed, DEL, C1, and the
#: non-characters U+FFFE/U+FFFF (XML 1.0 refuses all of them; carriage returns are line ends
#: that text readers turn into line feeds before this applies).
CONTROL_CLASS = "\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff"
CONTROLS = re.compile(f"[{CONTROL_CLASS}]")
#: Line and paragraph separators (kept in the script; never printed raw on a terminal).
SEPARATORS = "\u2028\u2029"
#: Embeddings and overrides, the PDF that closes them, isolates and the PDI that closes them.
OPENERS = "\u202a\u202b\u202d\u202e"
PDF = "\u202c"
ISOLATES = "\u2066\u2067\u2068"
PDI = "\u2069"
BIDI_FORMATTING = OPENERS + PDF + ISOLATES + PDI
_BIDI = re.compile(f"[{BIDI_FORMATTING}]")
_LABEL = re.compile(f"[{CONTROL_CLASS}{BIDI_FORMATTING}]")
_TERMINAL = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f\\ufffe\\uffff{BIDI_FORMATTING}{SEPARATORS}]")


def code_points(chars: str) -> str:
    """``"\\x1b\\x00"`` → ``U+0000, U+001B`` (each character once, in code order)."""
    return ", ".join(f"U+{ord(ch):04X}" for ch in sorted(set(chars)))


def controls_in(text: str) -> str:
    """The control characters of ``text`` (each once), "" when there are none."""
    return "".join(sorted(set(CONTROLS.findall(text)))) if CONTROLS.search(text) else ""


def without_controls(text: str) -> str:
    """``text`` without its control characters."""
    return CONTROLS.sub("", text) if CONTROLS.search(text) else text


def bidi_in(text: str) -> str:
    """The bidi embeddings, overrides and isolates of ``text`` (each once), "" when none."""
    return "".join(sorted(set(_BIDI.findall(text)))) if _BIDI.search(text) else ""


def label(text: str) -> str:
    """A name or title as Kiln keeps it: without control characters and bidi formatting, its
    line breaks made spaces."""
    if _LABEL.search(text):
        text = _LABEL.sub("", text)
    if "\u2028" in text or "\u2029" in text:
        text = text.replace("\u2028", " ").replace("\u2029", " ")
    return text


def balanced(text: str) -> str:
    """``text`` with every embedding, override and isolate it leaves open closed at its end
    (the closers the Unicode bidi algorithm would supply at the end of a paragraph)."""
    if not _BIDI.search(text):
        return text
    stack: list[str] = []
    for ch in text:
        if ch in OPENERS or ch in ISOLATES:
            stack.append(ch)
        elif ch == PDF and stack and stack[-1] in OPENERS:
            stack.pop()
        elif ch == PDI and any(c in ISOLATES for c in stack):
            # A PDI closes the nearest isolate and everything opened inside it.
            while stack and stack.pop() not in ISOLATES:
                pass
    closers = "".join(PDI if ch in ISOLATES else PDF for ch in reversed(stack))
    return text + closers


def for_terminal(text: str, keep_newlines: bool = False) -> str:
    """``text`` safe to print on a terminal: control characters, bidi formatting and line
    separators written as escapes (``\\x1b``, ``\\u202e``); line feeds kept when asked."""

    def escape(match: re.Match[str]) -> str:
        ch = match[0]
        if keep_newlines and ch == "\n":
            return ch
        return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"

    return _TERMINAL.sub(escape, text) if _TERMINAL.search(text) else text


__all__ = [
    "BIDI_FORMATTING",
    "CONTROLS",
    "CONTROL_CLASS",
    "balanced",
    "bidi_in",
    "code_points",
    "controls_in",
    "for_terminal",
    "label",
    "without_controls",
]
