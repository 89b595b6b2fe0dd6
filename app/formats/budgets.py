"""What a reader takes from one file at most: lines, characters in a line, paragraphs, XML
elements, script elements, scenes, episodes, notes, characters and locations.

Each limit is a named constant, far above what any real script holds (a feature film is ~200 KB,
~5,000 paragraphs; a 100-episode vertical series ~6,000), and low enough that any file within the
20 MB import limit is read — or refused — in bounded memory and time (docs/reliability.md has the
figures). Limits are enforced while reading: a ``Budget`` is counted as the reader goes and
refuses the file the moment a count passes its limit, with one sentence naming the file, what it
holds too much of and the fix (``…has more than 50,000 notes; Kiln reads at most 50,000…``).
"""

from __future__ import annotations

import logging
from pathlib import Path

from app.core.i18n import _, format_number, ngettext
from app.formats.errors import ImportFailed

logger = logging.getLogger(__name__)

#: Lines of a plain-text script (Fountain, Chinese text), empty ones included.
MAX_LINES = 300_000
#: Characters in one line (a paragraph of a Word or Final Draft file counts per line break).
MAX_LINE_CHARS = 100_000
#: Paragraphs of a Word document or a Final Draft script, empty ones included.
MAX_PARAGRAPHS = 200_000
#: XML elements of one FDX or XLIFF file, or of a Word document's text part.
MAX_XML_ELEMENTS = 1_000_000
#: XML attributes of one FDX or XLIFF file (counted as the ``=`` signs in it, before parsing:
#: a parser builds all the attributes of a tag before anyone can count them).
MAX_XML_ATTRIBUTES = 1_000_000
#: Bytes of XML between two ``<``: no tag, and no text between tags, is longer.
MAX_XML_STRETCH = 1024 * 1024
#: Script elements (scene headings, actions, lines of dialogue, …) made from one file.
MAX_ELEMENTS = 50_000
MAX_SCENES = 50_000
MAX_EPISODES = 2_000
#: Notes (Fountain ``[[…]]``, Final Draft script notes) of one file.
MAX_NOTES = 50_000
#: Fountain boneyard passages (``/* … */``) of one file.
MAX_BONEYARD = 10_000
#: Runs of Fountain emphasis markers (``*``, ``**``, ``_``…) of one file: each is read by hand,
#: and a file of nothing but markers would take seconds a megabyte.
MAX_EMPHASIS = 100_000
MAX_CHARACTERS = 10_000
MAX_LOCATIONS = 10_000

LIMITS: dict[str, int] = {
    "lines": MAX_LINES,
    "paragraphs": MAX_PARAGRAPHS,
    "xml_elements": MAX_XML_ELEMENTS,
    "xml_attributes": MAX_XML_ATTRIBUTES,
    "elements": MAX_ELEMENTS,
    "scenes": MAX_SCENES,
    "episodes": MAX_EPISODES,
    "notes": MAX_NOTES,
    "boneyard": MAX_BONEYARD,
    "emphasis": MAX_EMPHASIS,
    "characters": MAX_CHARACTERS,
    "locations": MAX_LOCATIONS,
}


def _sentence(what: str, n: int) -> str:
    """The refusal for ``what``, in the form for ``n`` (placeholders: path, count, limit)."""
    if what == "lines":
        return ngettext("{path} has {count} line; Kiln reads at most {limit}. Split the script "
                        "into smaller files or check that this is the right file.",
                        "{path} has {count} lines; Kiln reads at most {limit}. Split the script "
                        "into smaller files or check that this is the right file.", n)
    if what == "paragraphs":
        return ngettext("{path} has {count} paragraph; Kiln reads at most {limit}. Split the "
                        "script into smaller files or check that this is the right file.",
                        "{path} has {count} paragraphs; Kiln reads at most {limit}. Split the "
                        "script into smaller files or check that this is the right file.", n)
    if what == "xml_elements":
        return ngettext("{path} has {count} XML element; Kiln reads at most {limit}. Export it "
                        "again from its program or check that this is the right file.",
                        "{path} has {count} XML elements; Kiln reads at most {limit}. Export "
                        "it again from its program or check that this is the right file.", n)
    if what == "xml_attributes":
        return ngettext("{path} has {count} XML attribute; Kiln reads at most {limit}. Export "
                        "it again from its program or check that this is the right file.",
                        "{path} has {count} XML attributes; Kiln reads at most {limit}. Export "
                        "it again from its program or check that this is the right file.", n)
    if what == "elements":
        return ngettext("{path} has {count} script element (headings, actions, lines of "
                        "dialogue…); Kiln reads at most {limit}. Split the script into smaller "
                        "files.",
                        "{path} has {count} script elements (headings, actions, lines of "
                        "dialogue…); Kiln reads at most {limit}. Split the script into smaller "
                        "files.", n)
    if what == "scenes":
        return ngettext("{path} has {count} scene; Kiln reads at most {limit}. Split the script "
                        "into smaller files.",
                        "{path} has {count} scenes; Kiln reads at most {limit}. Split the script "
                        "into smaller files.", n)
    if what == "episodes":
        return ngettext("{path} has {count} episode; Kiln reads at most {limit}. Split the "
                        "series into smaller files.",
                        "{path} has {count} episodes; Kiln reads at most {limit}. Split the "
                        "series into smaller files.", n)
    if what == "notes":
        return ngettext("{path} has {count} note; Kiln reads at most {limit}. Remove notes you "
                        "no longer need, or split the script into smaller files.",
                        "{path} has {count} notes; Kiln reads at most {limit}. Remove notes you "
                        "no longer need, or split the script into smaller files.", n)
    if what == "boneyard":
        return ngettext("{path} has {count} boneyard passage (/* … */); Kiln reads at most "
                        "{limit}. Remove passages you no longer need.",
                        "{path} has {count} boneyard passages (/* … */); Kiln reads at most "
                        "{limit}. Remove passages you no longer need.", n)
    if what == "emphasis":
        return ngettext("{path} has {count} run of emphasis markers (* and _); Kiln reads at "
                        "most {limit}. Escape markers meant as text (\\*) or check that this is "
                        "the right file.",
                        "{path} has {count} runs of emphasis markers (* and _); Kiln reads at "
                        "most {limit}. Escape markers meant as text (\\*) or check that this is "
                        "the right file.", n)
    if what == "characters":
        return ngettext("{path} names {count} character; Kiln reads at most {limit}. Check "
                        "that this is the right file.",
                        "{path} names {count} characters; Kiln reads at most {limit}. Check "
                        "that this is the right file.", n)
    if what == "locations":
        return ngettext("{path} names {count} location; Kiln reads at most {limit}. Check "
                        "that this is the right file.",
                        "{path} names {count} locations; Kiln reads at most {limit}. Check "
                        "that this is the right file.", n)
    raise KeyError(what)


def over_budget(path: Path, what: str, count: int | None = None) -> ImportFailed:
    """The refusal of ``path`` for holding ``count`` of ``what`` (None: more than the limit,
    when the reader stopped counting there)."""
    limit = LIMITS[what]
    if count is None:
        shown = _("more than {limit}").format(limit=format_number(limit))
        count = limit + 1
    else:
        shown = format_number(count)
    logger.info("%s refused: %s %s > %s", path, count, what, limit)
    return ImportFailed(_sentence(what, count).format(path=path, count=shown,
                                                      limit=format_number(limit)))


def line_too_long(path: Path, line: int, length: int) -> ImportFailed:
    """The refusal of ``path`` for a line of ``length`` characters (``line`` counts from 1)."""
    return ImportFailed(
        ngettext("{path}: line {line} has {count} character; Kiln reads lines of at most "
                 "{limit}. Break it into paragraphs or check that this is the right file.",
                 "{path}: line {line} has {count} characters; Kiln reads lines of at most "
                 "{limit}. Break it into paragraphs or check that this is the right file.",
                 length).format(path=path, line=format_number(line),
                                count=format_number(length),
                                limit=format_number(MAX_LINE_CHARS))
    )


def xml_stretch(path: Path) -> ImportFailed:
    """The refusal of ``path`` for a tag or text longer than ``MAX_XML_STRETCH``."""
    return ImportFailed(
        _("{path} holds an XML tag or text longer than {mb} MB; export it again from its "
          "program or check that this is the right file.").format(
            path=path, mb=MAX_XML_STRETCH // 2**20)
    )


class XmlStretch:
    """Follows XML bytes chunk by chunk and refuses the file when more than
    ``MAX_XML_STRETCH`` bytes pass without a ``<`` (a tag with a million attributes, or a
    text no script holds, before the parser builds it)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.since = 0  # bytes since the last "<"

    def feed(self, chunk: bytes) -> None:
        first = chunk.find(b"<")
        if first < 0:
            self.since += len(chunk)
        else:
            if self.since + first > MAX_XML_STRETCH:
                raise xml_stretch(self.path)
            self.since = len(chunk) - 1 - chunk.rfind(b"<")
        if self.since > MAX_XML_STRETCH:
            raise xml_stretch(self.path)


class Budget:
    """What one reader has taken from ``path`` so far; ``take`` refuses the file the moment a
    count passes its limit."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.counts: dict[str, int] = dict.fromkeys(LIMITS, 0)

    def take(self, what: str, n: int = 1) -> None:
        """Count ``n`` more of ``what``; refuse the file when that passes the limit."""
        count = self.counts[what] + n
        self.counts[what] = count
        if count > LIMITS[what]:
            raise over_budget(self.path, what)

    def line(self, number: int, text: str) -> None:
        """Check one line of text (``number`` counts from 1) against the line length limit."""
        if len(text) > MAX_LINE_CHARS:
            raise line_too_long(self.path, number, len(text))


def check_text(text: str, path: Path) -> None:
    """Refuse a plain-text script with too many lines or a line too long, before it is split
    into lines (counting is linear and makes no copies)."""
    count = text.count("\n") + 1
    if count > MAX_LINES:
        raise over_budget(path, "lines", count)
    if len(text) <= MAX_LINE_CHARS:
        return
    start, number = 0, 1
    while True:
        end = text.find("\n", start)
        stop = len(text) if end < 0 else end
        if stop - start > MAX_LINE_CHARS:
            raise line_too_long(path, number, stop - start)
        if end < 0:
            return
        start, number = end + 1, number + 1


__all__ = [
    "LIMITS",
    "MAX_BONEYARD",
    "MAX_CHARACTERS",
    "MAX_ELEMENTS",
    "MAX_EMPHASIS",
    "MAX_EPISODES",
    "MAX_LINES",
    "MAX_LINE_CHARS",
    "MAX_LOCATIONS",
    "MAX_NOTES",
    "MAX_PARAGRAPHS",
    "MAX_SCENES",
    "MAX_XML_ATTRIBUTES",
    "MAX_XML_ELEMENTS",
    "MAX_XML_STRETCH",
    "Budget",
    "XmlStretch",
    "check_text",
    "line_too_long",
    "over_budget",
    "xml_stretch",
]
