"""Fountain emphasis: ``*italic*``, ``**bold**``, ``***bold italic***``, ``_underline_`` and the
``\\*`` / ``\\_`` escapes, read into plain text with style ranges (``app.core.styles``) and
written back.

As in Markdown, a marker opens only before a non-space character and closes only after one
(``He dialed *69 and then *23`` has no emphasis), emphasis never spans a line break, and a run
of asterisks that could both open and close is not paired with a run when their lengths add up
to a multiple of three (so ``**bold *and italic***`` nests as written). The scanner is linear
and uses no regular expression, so hostile input cannot make it backtrack.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.core.styles import BOLD, ITALIC, UNDERLINE, Span, normalise, styled_runs, to_attrs

logger = logging.getLogger(__name__)

#: How far back a closing marker looks for its opening one (bounds pathological input).
_LOOKBACK = 64
#: The marker of each style, outermost first (the order markers are opened in).
_MARKERS = ((UNDERLINE, "_"), (BOLD, "**"), (ITALIC, "*"))
_MARK = dict(_MARKERS)
_ESCAPABLE = "*_"
#: Ranges ``render`` tries one by one when they cannot all be written (each try reads the whole
#: text back).
_MAX_CHOICE = 64
#: Stands in for a note or boneyard while a rendering is checked (never in user text: the
#: reader replaces such characters before parsing).
CHECK_MARK = "\U000f0000"


@dataclass(slots=True)
class _Delim:
    char: str
    count: int
    length: int
    can_open: bool
    can_close: bool


#: One token of a line: an escaped marker, a run of one marker, other text, a lone backslash.
_TOKEN = re.compile(r"\\[*_]|\*+|_+|[^*_\\]+|\\")


def _tokens(line: str) -> list[str | _Delim]:
    tokens: list[str | _Delim] = []
    buf: list[str] = []
    n = len(line)
    for m in _TOKEN.finditer(line):
        piece = m[0]
        ch = piece[0]
        if ch == "*" or ch == "_":
            if buf:
                tokens.append("".join(buf))
                buf = []
            i, j = m.span()
            before = line[i - 1] if i > 0 else " "
            after = line[j] if j < n else " "
            tokens.append(_Delim(ch, j - i, j - i, not after.isspace(), not before.isspace()))
        elif ch == "\\" and len(piece) == 2:
            buf.append(piece[1])  # an escaped marker is its character
        else:
            buf.append(piece)
    if buf:
        tokens.append("".join(buf))
    return tokens


def _forbidden(opener: _Delim, closer: _Delim) -> bool:
    """Markdown's rule of three for runs that could both open and close."""
    if opener.char != "*" or not (opener.can_close or closer.can_open):
        return False
    total = opener.length + closer.length
    return total % 3 == 0 and not (opener.length % 3 == 0 and closer.length % 3 == 0)


def _parse_line(line: str) -> tuple[str, list[Span]]:
    tokens = _tokens(line)
    stacks: dict[str, list[int]] = {"*": [], "_": []}
    pairs: list[tuple[int, int, str]] = []
    for index, token in enumerate(tokens):
        if isinstance(token, str):
            continue
        if token.can_close:
            stack = stacks[token.char]
            depth = len(stack) - 1
            while token.count and depth >= 0 and len(stack) - depth <= _LOOKBACK:
                opener = tokens[stack[depth]]
                assert isinstance(opener, _Delim)
                if opener.count == 0 or _forbidden(opener, token):
                    depth -= 1
                    continue
                if token.char == "_":
                    use, styles = min(opener.count, token.count), (UNDERLINE,)
                elif opener.count >= 3 and token.count >= 3:
                    use, styles = 3, (BOLD, ITALIC)
                elif opener.count >= 2 and token.count >= 2:
                    use, styles = 2, (BOLD,)
                else:
                    use, styles = 1, (ITALIC,)
                opener.count -= use
                token.count -= use
                pairs += [(stack[depth], index, style) for style in styles]
                del stack[depth + 1 :]  # openers inside a closed pair stay literal
                if opener.count == 0:
                    stack.pop()
                depth = len(stack) - 1
        if token.can_open and token.count:
            stacks[token.char].append(index)
    # Lay the tokens out: unused marker characters stay as literal text.
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    at = 0
    for token in tokens:
        starts.append(at)
        piece = token if isinstance(token, str) else token.char * token.count
        parts.append(piece)
        at += len(piece)
        ends.append(at)
    spans = [(ends[o], starts[c], style) for o, c, style in pairs]
    plain = "".join(parts)
    return plain, normalise(spans, len(plain))


def parse(text: str) -> tuple[str, list[Span]]:
    """The plain text and style ranges of Fountain ``text`` (several lines allowed)."""
    if "*" not in text and "_" not in text and "\\" not in text:
        return text, []
    plain_lines: list[str] = []
    spans: list[Span] = []
    at = 0
    for line in text.split("\n"):
        plain, line_spans = _parse_line(line)
        spans += [(s + at, e + at, style) for s, e, style in line_spans]
        plain_lines.append(plain)
        at += len(plain) + 1
    return "\n".join(plain_lines), spans


# -- writing ------------------------------------------------------------------------------------


def _visible(text: str, spans: Iterable[Span]) -> list[Span]:
    """Ranges cut at line breaks and trimmed of surrounding spaces (markers cannot hug them)."""
    out: list[Span] = []
    for start, end, style in spans:
        pos = start
        while pos < end:
            stop = text.find("\n", pos, end)
            stop = end if stop < 0 else stop
            s, e = pos, stop
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if s < e:
                out.append((s, e, style))
            pos = stop + 1
    return normalise(out, len(text))


def _escape(piece: str) -> str:
    return "".join("\\" + ch if ch in _ESCAPABLE else ch for ch in piece)


def _markup(
    text: str, spans: list[Span], inserts: Sequence[tuple[int, str]], escape: bool
) -> str:
    """Markers around styled runs (properly nested), ``inserts`` placed between closing and
    opening markers at their offsets."""
    runs = styled_runs(text, {"styles": to_attrs(spans)})
    by_offset: dict[int, list[str]] = {}
    for offset, raw in inserts:
        by_offset.setdefault(min(max(offset, 0), len(text)), []).append(raw)
    out: list[str] = []
    open_styles: list[str] = []
    at = 0

    def emit_inserts(position: int) -> None:
        out.extend(by_offset.pop(position, []))

    def write_plain(piece: str, start: int) -> None:
        # Inserts that fall inside a run are placed between its characters.
        cuts = sorted(p for p in by_offset if start < p < start + len(piece))
        last = 0
        for p in cuts:
            chunk = piece[last : p - start]
            out.append(_escape(chunk) if escape else chunk)
            emit_inserts(p)
            last = p - start
        chunk = piece[last:]
        out.append(_escape(chunk) if escape else chunk)

    for run in runs:
        wanted = [style for style, _ in _MARKERS if style in run.styles]
        # Close from the innermost until every style still open is wanted.
        keep = 0
        while keep < len(open_styles) and open_styles[keep] in wanted:
            keep += 1
        for style in reversed(open_styles[keep:]):
            out.append(_MARK[style])
        open_styles = open_styles[:keep]
        emit_inserts(at)
        for style in wanted:
            if style not in open_styles:
                out.append(_MARK[style])
                open_styles.append(style)
        write_plain(run.text, at)
        at += len(run.text)
    for style in reversed(open_styles):
        out.append(_MARK[style])
    for offset in sorted(by_offset):
        out.extend(by_offset[offset])
    return "".join(out)


def lift(text: str, spans: Sequence[Span], mark: re.Pattern[str]
         ) -> tuple[str, list[Span], list[tuple[int, str]]]:
    """Take the characters ``mark`` (a one-character class) matches out of ``text``: the text
    without them, the ranges moved to match, and each mark with the offset it stood at."""
    found = [(m.start(), m[0]) for m in mark.finditer(text)]
    if not found:
        return text, list(spans), []
    marks = [(at - i, ch) for i, (at, ch) in enumerate(found)]
    plain = mark.sub("", text)
    places = [at for at, _ in found]

    def moved(position: int) -> int:
        return position - bisect.bisect_left(places, position)

    shifted = [(moved(s), moved(e), style) for s, e, style in spans]
    return plain, normalise(shifted, len(plain)), marks


_PROBE = re.compile(CHECK_MARK)


def _reads_back(markup: str, text: str, spans: list[Span]) -> bool:
    plain, found, _marks = lift(*parse(markup), _PROBE)
    return (plain, found) == (text, spans)


def render(
    text: str, spans: Iterable[Span] = (), inserts: Sequence[tuple[int, str]] = ()
) -> str:
    """Fountain markup of ``text`` with its ``spans`` as markers and the raw ``inserts``
    (``[[notes]]``, ``/* boneyard */``) at their offsets. Literal ``*`` and ``_`` are escaped
    only where the reader would otherwise take them for markers."""
    spans = list(spans)
    if not spans and not inserts and not any(ch in text for ch in "*_\\"):
        return text  # nothing to mark and nothing to escape
    visible = _visible(text, spans)
    probe = [(offset, CHECK_MARK) for offset, _raw in inserts]

    def first_exact(chosen: list[Span]) -> bool | None:
        for escape in (False, True):
            if _reads_back(_markup(text, chosen, probe, escape), text, chosen):
                return escape
        return None

    escape = first_exact(visible)
    if escape is None and len(visible) > _MAX_CHOICE:
        # Trying each range against the whole text costs ranges × text: past a few dozen
        # (no script styles a line so), the words are written plain rather than never.
        logger.info("emphasis of %r dropped: %d ranges cannot all be written", text[:60],
                    len(visible))
        visible = []
        escape = first_exact(visible)
    if escape is None:
        # Some ranges cannot be told apart in Fountain (bold ending where italic starts):
        # keep the longest ones that read back, drop the rest, never garble the words.
        chosen: list[Span] = []
        for span in sorted(visible, key=lambda span: span[0] - span[1]):
            trial = normalise([*chosen, span], len(text))
            if first_exact(trial) is not None:
                chosen = trial
        logger.debug("emphasis of %r cannot all be written in Fountain", text[:60])
        visible = chosen
        escape = first_exact(visible)
    return _markup(text, visible, inserts, bool(escape) if escape is not None else True)


def strip(text: str) -> str:
    """``text`` without emphasis markers (for titles and names)."""
    return parse(text)[0]


__all__ = ["CHECK_MARK", "lift", "parse", "render", "strip"]
