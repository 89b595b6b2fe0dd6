"""What the command line prints cannot drive the terminal: control characters that came from a
file (a title, a heritage name, a note) are shown as escapes, never sent raw.

An ESC sequence in a packet's title could clear the screen or retitle the terminal window when a
warning printed it. ``Escaped`` wraps the streams the command line writes to; tab and line
breaks pass through.
"""

from __future__ import annotations

import io
import re
from typing import TextIO

#: C0 and C1 controls but tab and line feed (carriage return included: it can hide what
#: came before it on the line).
_CONTROL = re.compile("[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f]")


def escape_controls(text: str) -> str:
    """``text`` with each control character written as ``\\xNN``."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


class Escaped(io.TextIOBase):
    """A text stream that writes to ``stream`` with control characters escaped."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(escape_controls(text))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.stream.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.stream, "encoding", "utf-8")
