"""Notes ``[[…]]`` and boneyard ``/* … */`` of a Fountain text, lifted out before it is parsed.

Each note or boneyard is replaced by one private-use character (a *mark*) that travels with the
words around it through the parser: when an element is made, the marks left in its text say
exactly where each note and boneyard stood, so a note can be anchored on the words before it
and a boneyard written back where it was. Marks are characters no script contains (the reader
replaces any such character in its input first). Both scans are linear.
"""

from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass, field

from app.core.styles import Span, normalise
from app.formats.fountain import emphasis

logger = logging.getLogger(__name__)

#: Marks are characters of the Supplementary Private Use Area-B.
FIRST_MARK = 0x100000
MAX_MARKS = 0xFFFD
NOTE, BONEYARD = "note", "boneyard"
#: Punctuation that ends the words a note is anchored on (Chinese clauses have no spaces).
_CLAUSE_ENDS = "，。！？；：、,.!?;:…"
#: Punctuation that closes on the word before it: a note set off by a space before it is
#: written as ``JACK [[note]].``, and the space is not part of the words.
CLOSING = frozenset(".,;:!?)]}'\"…”’")
#: The longest quote a note takes from the words before it.
QUOTE_LIMIT = 24


#: Characters of the private-use planes 15 and 16 (marks and the emphasis probe): one class,
#: matched one character at a time.
PRIVATE = re.compile("[\U000f0000-\U0010ffff]")
#: The marks themselves.
MARK = re.compile(f"[{chr(FIRST_MARK)}-{chr(FIRST_MARK + MAX_MARKS - 1)}]")


def marks_in(text: str) -> list[str]:
    """The marks in ``text``, in order."""
    return MARK.findall(text) if MARK.search(text) else []


def unmarked(text: str) -> str:
    """``text`` without its marks."""
    return MARK.sub("", text) if MARK.search(text) else text


@dataclass(frozen=True)
class Mark:
    """A note or boneyard lifted out of the text; ``line`` is where it started (1-based)."""

    kind: str
    body: str
    line: int

    @property
    def raw(self) -> str:
        """The Fountain text it was lifted from."""
        return f"[[{self.body}]]" if self.kind == NOTE else f"/*{self.body}*/"


@dataclass
class Lifted:
    """A Fountain text with its notes and boneyard replaced by marks."""

    text: str
    marks: list[Mark] = field(default_factory=list)
    #: The lines each mark swallowed, by the line (0-based, in ``text``) it now stands on.
    swallowed: list[tuple[int, int]] = field(default_factory=list)
    #: ``"notes"`` or ``"boneyard"`` when the text held more than ``lift`` was allowed to take
    #: (the text is then not lifted to the end).
    over: str | None = None
    _lines: list[int] = field(default_factory=list, repr=False)
    _sums: list[int] = field(default_factory=list, repr=False)

    def mark(self, ch: str) -> Mark:
        return self.marks[ord(ch) - FIRST_MARK]

    def restore(self, text: str) -> str:
        """``text`` with its marks turned back into the Fountain they stood for."""
        if not MARK.search(text):
            return text
        return MARK.sub(lambda m: self.mark(m[0]).raw, text)

    def source_line(self, line: int) -> int:
        """The line (1-based) of the original text that line ``line`` (0-based) of ``text`` is."""
        if len(self._sums) != len(self.swallowed) + 1:  # running totals, made once
            self._lines = [at for at, _count in self.swallowed]
            self._sums = [0]
            for _at, count in self.swallowed:
                self._sums.append(self._sums[-1] + count)
        return line + 1 + self._sums[bisect.bisect_left(self._lines, line)]


def _blank_lines(text: str) -> list[int]:
    """Offsets of line breaks that start an empty line (a note may not span one)."""
    found = []
    at = text.find("\n")
    while at >= 0:
        nxt = text.find("\n", at + 1)
        line = text[at + 1 : nxt if nxt >= 0 else len(text)]
        if not line.strip() and len(line) < 2 and nxt >= 0:
            found.append(at)
        at = nxt
    return found


class _Cutter:
    """Builds a text from kept pieces and marks, counting lines as it goes (linear)."""

    def __init__(self, out: Lifted, source: str) -> None:
        self.out = out
        self.source = source
        self.pieces: list[str] = []
        self.pos = 0
        self.lines = 0  # line breaks in the source before ``pos``

    def keep_until(self, at: int) -> None:
        self.lines += self.source.count("\n", self.pos, at)
        self.pieces.append(self.source[self.pos : at])
        self.pos = at

    def replace(self, end: int, kind: str, body: str) -> None:
        self.out.marks.append(Mark(kind, body, self.lines + 1))
        self.pieces.append(chr(FIRST_MARK + len(self.out.marks) - 1))
        self.lines += self.source.count("\n", self.pos, end)
        self.pos = end

    def text(self) -> str:
        return "".join(self.pieces) + self.source[self.pos :]


def lift(text: str, max_notes: int = MAX_MARKS, max_boneyard: int = MAX_MARKS) -> Lifted:
    """Replace each boneyard, then each note, by a mark (boneyards first: a note inside one is
    part of the boneyard). Line numbers of marks count lines of ``text``. Past ``max_boneyard``
    boneyard passages or ``max_notes`` notes it stops and sets ``over`` (together they must
    stay under ``MAX_MARKS``)."""
    if max_notes + max_boneyard > MAX_MARKS:
        raise ValueError("more marks than the private-use plane holds")
    out = Lifted("")
    cut = _Cutter(out, text)
    while (start := text.find("/*", cut.pos)) >= 0:
        end = text.find("*/", start + 2)
        if end < 0:
            break
        if len(out.marks) >= max_boneyard:
            out.over = BONEYARD
            return out
        cut.keep_until(start)
        cut.replace(end + 2, BONEYARD, text[start + 2 : end])
    boneyards = len(out.marks)
    middle = cut.text()
    # Notes: ``[[`` … ``]]`` with no empty line between.
    closings: list[int] = []
    at = middle.find("]]")
    while at >= 0:
        closings.append(at)
        at = middle.find("]]", at + 2)
    blanks = _blank_lines(middle)
    cut = _Cutter(out, middle)
    search = 0
    while (start := middle.find("[[", search)) >= 0:
        i = bisect.bisect_left(closings, start + 2)
        if i == len(closings):
            break
        end = closings[i]
        j = bisect.bisect_left(blanks, start)
        if j < len(blanks) and blanks[j] < end:
            search = start + 2  # an empty line inside: not a note
            continue
        if len(out.marks) - boneyards >= max_notes:
            out.over = "notes"
            return out
        # A boneyard inside a note belongs to the note's words.
        body = out.restore(middle[start + 2 : end])
        cut.keep_until(start)
        cut.replace(end + 2, NOTE, body)
        search = end + 2
    out.text = cut.text()
    # How many line breaks each mark swallowed, by the line it now stands on.
    line, last = 0, 0
    for m in MARK.finditer(out.text):
        line += out.text.count("\n", last, m.start())
        last = m.start()
        if count := out.mark(m[0]).raw.count("\n"):
            out.swallowed.append((line, count))
    return out


@dataclass
class Inline:
    """The words of one element: plain text, emphasis ranges and the marks within it."""

    text: str
    spans: list[Span] = field(default_factory=list)
    marks: list[tuple[int, str]] = field(default_factory=list)

    @classmethod
    def read(cls, raw: str, styled: bool = True) -> Inline:
        """Parse emphasis in ``raw`` (unless ``styled`` is False), then take the marks out; a
        note or boneyard written between two spaces leaves one space, not two."""
        text, spans = emphasis.parse(raw) if styled else (raw, [])
        plain, spans, marks = emphasis.lift(text, spans, MARK)
        # "walks [[n]] in" → "walks in"; "JACK [[n]]." → "JACK." (the writer puts them back)
        gaps = sorted(
            {at for at, _ch in marks if 0 < at < len(plain) and plain[at - 1] == " "
             and plain[at] == " "}
            | {at - 1 for at, _ch in marks if 0 < at < len(plain) and plain[at - 1] == " "
               and plain[at] in CLOSING}
        )
        if not gaps:
            return cls(plain, spans, marks)
        for at in reversed(gaps):
            plain = plain[:at] + plain[at + 1 :]

        def moved(position: int) -> int:
            return position - bisect.bisect_right(gaps, position - 1)

        spans = normalise([(moved(a), moved(b), st) for a, b, st in spans], len(plain))
        return cls(plain, spans, [(moved(at), ch) for at, ch in marks])

    def sliced(self, start: int, end: int | None = None) -> Inline:
        """The part ``text[start:end]`` (marks just outside it are kept at its edges)."""
        end = len(self.text) if end is None else end
        spans = [(max(s, start) - start, min(e, end) - start, st) for s, e, st in self.spans]
        marks = [(min(max(p, start), end) - start, ch) for p, ch in self.marks]
        return Inline(self.text[start:end], normalise(spans, end - start), marks)

    def stripped(self, keep_indent: bool = False) -> Inline:
        """Without surrounding whitespace (leading kept with ``keep_indent``, except one space
        left by a note or boneyard that opened the line)."""
        end = len(self.text.rstrip())
        start = 0
        if not keep_indent:
            start = len(self.text) - len(self.text.lstrip())
        elif self.marks and self.marks[0][0] == 0 and self.text[:1] == " ":
            start = 1 if self.text[1:2] != " " else 0
        if start == 0 and end == len(self.text):
            return self
        return self.sliced(start, max(start, end))


def quote_at(text: str, offset: int) -> tuple[int, int]:
    """The words a note written at ``offset`` is anchored on: those just before it (back to a
    space or the end of a clause), or, when nothing comes before, those just after it."""
    offset = min(max(offset, 0), len(text))
    end = offset
    while end > 0 and text[end - 1].isspace():
        end -= 1
    start = end
    if start > 0:
        start -= 1  # the character just before, even when it ends a clause
        while (
            start > 0
            and end - start < QUOTE_LIMIT
            and not text[start - 1].isspace()
            and text[start - 1] not in _CLAUSE_ENDS
        ):
            start -= 1
        return start, end
    start = offset
    while start < len(text) and text[start].isspace():
        start += 1
    end = start
    while end < len(text) and end - start < QUOTE_LIMIT and not text[end].isspace():
        end += 1
    return start, end
