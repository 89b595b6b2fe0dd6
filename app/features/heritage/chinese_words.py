"""Chinese word segmentation for heritage detection: jieba's method on a compact dictionary.

Detection (``ChineseWords`` in ``app.features.heritage.detect``) segments the sentence around
each Chinese match as jieba 0.42 does without its HMM (``jieba.Tokenizer.tokenize(text,
HMM=False)``), with every library term added to the dictionary, to drop matches that cut across
a word. jieba itself keeps its dictionary as one Python dict of some 500,000 words and word
prefixes (about 60 MB in a running window) and its module loads HMM tables detection never uses
(10 MB more). Here:

- ``CompactFrequencies`` holds the same words and counts in four flat arrays (about 10 MB):
  the words joined in one string, where each starts, its count, and an open-addressing hash
  table over them, answering exactly what jieba's dict answers (``add_word``'s writes go to a
  small dict beside it). It is built once, a line at a time, from jieba's ``dict.txt`` and kept
  in the user cache folder; later loads read the arrays straight from that file.
- ``Segmenter`` is jieba's no-HMM segmentation written out over that mapping: the same blocks
  (jieba's default patterns), the same DAG of dictionary words, the same best route by log
  counts, the same joining of single Latin letters and digits, and the same word frequency
  for an added word. jieba's module is never imported at run time (its ``dict.txt`` is read
  from its package folder); the tests compare every word, count and boundary with jieba's own.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import zlib
from array import array
from collections.abc import Iterator
from importlib.util import find_spec
from math import log
from pathlib import Path

from app.core.paths import user_cache_dir
from app.store.atomic import atomic_path

logger = logging.getLogger(__name__)

#: Version of the cached arrays' layout (4: a JSON header; a cache file is never unpickled).
FORMAT = 4
#: Type codes of the starts, counts and table arrays.
_CODES = ("I", "I", "i")
_EMPTY = -1
#: jieba 0.42's default patterns (``re_han_default``, ``re_skip_default``, ``re_eng``): the
#: runs it segments with its dictionary, the whitespace it keeps whole elsewhere, and the single
#: Latin letters and digits it joins into one word.
_RUN = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)")
_SKIP = re.compile("(\r\n|\\s)")
_LATIN = re.compile("[a-zA-Z0-9]")


def _slot(word: str, mask: int) -> int:
    """Where ``word``'s probe starts: a hash that is the same in every process (CRC-32)."""
    return zlib.crc32(word.encode("utf-8")) & mask


class CompactFrequencies:
    """A read-mostly ``{word: count}`` mapping with jieba's dictionary in flat arrays.

    ``count == 0`` marks a prefix of a longer word, as in jieba. Writes (``Segmenter.add_word``,
    a few hundred library terms) go to ``extra``, which is read first.
    """

    def __init__(self, words: str, starts: array, counts: array, table: array) -> None:
        self.words, self.starts, self.counts, self.table = words, starts, counts, table
        self.mask = len(table) - 1
        self.extra: dict[str, int] = {}

    @classmethod
    def build(cls, frequencies: dict[str, int]) -> CompactFrequencies:
        """The arrays for ``frequencies`` (a dict like jieba's FREQ)."""
        builder = _Builder()
        for word, count in frequencies.items():
            builder.set(word, count)
        return builder.done()

    def _find(self, word: str) -> int:
        """The index of ``word`` in the arrays, or -1."""
        table, starts, words, mask = self.table, self.starts, self.words, self.mask
        slot = _slot(word, mask)
        while True:
            number = table[slot]
            if number == _EMPTY:
                return -1
            if words[starts[number] : starts[number + 1]] == word:
                return number
            slot = (slot + 1) & mask

    def get(self, word: str, default: int | None = None) -> int | None:
        if word in self.extra:
            return self.extra[word]
        number = self._find(word)
        return default if number < 0 else self.counts[number]

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and (word in self.extra or self._find(word) >= 0)

    def __getitem__(self, word: str) -> int:
        found = self.get(word)
        if found is None:
            raise KeyError(word)
        return found

    def __setitem__(self, word: str, count: int) -> None:
        self.extra[word] = count

    def __len__(self) -> int:
        return len(self.counts) + sum(1 for w in self.extra if self._find(w) < 0)

    def __iter__(self) -> Iterator[str]:
        starts, words = self.starts, self.words
        for number in range(len(self.counts)):
            yield words[starts[number] : starts[number + 1]]
        yield from (w for w in self.extra if self._find(w) < 0)

    def write(self, path: Path, total: int) -> None:
        """The cache file: a header, then the words (UTF-16) and the three arrays as they lie
        in memory, written from them (no copy of the whole file in between), so ``read``
        fills each array straight from the file."""
        words = self.words.encode("utf-16-le")
        parts = (self.starts, self.counts, self.table)
        header = json.dumps([FORMAT, sys.byteorder, total, len(words),
                             *map(len, parts)]).encode("ascii")
        with path.open("wb") as target:
            target.write(len(header).to_bytes(4, "little"))
            target.write(header)
            target.write(words)
            del words
            for part in parts:
                part.tofile(target)

    @classmethod
    def read(cls, path: Path) -> tuple[CompactFrequencies, int]:
        """``write``'s file read back: the mapping and the total count."""
        with path.open("rb") as source:
            header = json.loads(source.read(int.from_bytes(source.read(4), "little")))
            version, byteorder, total, size, *lengths = header
            if version != FORMAT or byteorder != sys.byteorder or len(lengths) != len(_CODES):
                raise ValueError("another layout")
            if not all(isinstance(n, int) and n >= 0 for n in (total, size, *lengths)):
                raise ValueError("a damaged header")
            words = source.read(size).decode("utf-16-le")
            arrays = [array(code) for code in _CODES]
            for target, length in zip(arrays, lengths, strict=True):
                target.fromfile(source, length)  # no copy of the file's bytes in between
            if source.read(1):
                raise ValueError("trailing bytes")
        return cls(words, *arrays), total


def dictionary_path() -> Path:
    """jieba's ``dict.txt``, found beside its package without importing it."""
    spec = find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the jieba package is not installed")
    return Path(list(spec.submodule_search_locations)[0]) / "dict.txt"


class _Builder:
    """Fills the arrays one word at a time, so building never holds a dict of every word.

    The words wait in a UTF-32 buffer (four bytes a character, so character offsets are byte
    offsets divided by four) until ``done`` makes them one string; the table doubles when half
    full.
    """

    def __init__(self, expected: int = 8) -> None:
        size = 1 << max(4, (2 * expected).bit_length())  # at most half full when as expected
        self.text = bytearray()
        self.starts = array(_CODES[0], [0])
        self.counts = array(_CODES[1])
        self.table = array(_CODES[2], [_EMPTY]) * size
        self.mask = size - 1

    def _slot_of(self, word: str, encoded: bytes) -> tuple[int, int]:
        """(slot, index) of ``word``: its slot in the table, and -1 when it is not there."""
        table, starts, text = self.table, self.starts, self.text
        slot = _slot(word, self.mask)
        while True:
            number = table[slot]
            if number == _EMPTY:
                return slot, -1
            if text[4 * starts[number] : 4 * starts[number + 1]] == encoded:
                return slot, number
            slot = (slot + 1) & self.mask

    def set(self, word: str, count: int, *, keep: bool = False) -> None:
        """``word``'s count is ``count`` (with ``keep``, only when it has none yet)."""
        encoded = word.encode("utf-32-le")
        slot, number = self._slot_of(word, encoded)
        if number >= 0:
            if not keep:
                self.counts[number] = count
            return
        self.table[slot] = len(self.counts)
        self.text += encoded
        self.starts.append(self.starts[-1] + len(word))
        self.counts.append(count)
        if 2 * len(self.counts) > len(self.table):
            self._grow()

    def _grow(self) -> None:
        size = 2 * len(self.table)
        self.table, self.mask = array(_CODES[2], [_EMPTY]) * size, size - 1
        starts, text = self.starts, self.text
        for number in range(len(self.counts)):
            word = text[4 * starts[number] : 4 * starts[number + 1]].decode("utf-32-le")
            slot = _slot(word, self.mask)
            while self.table[slot] != _EMPTY:
                slot = (slot + 1) & self.mask
            self.table[slot] = number

    def done(self) -> CompactFrequencies:
        words = self.text.decode("utf-32-le")
        self.text = bytearray()
        return CompactFrequencies(words, self.starts, self.counts, self.table)


def read_dictionary(path: Path) -> tuple[CompactFrequencies, int]:
    """jieba's dictionary file as jieba reads it: word -> count (0 for a prefix of a longer
    word, unless it is a word itself; a repeated word keeps its last count), and the total of
    the counts (every line's)."""
    # about one word or prefix per 10 bytes of file (jieba's: 499,181 in 5.07 MB): a table
    # sized for that is never copied while it fills
    builder = _Builder(path.stat().st_size // 10)
    total = 0
    # A buffer of 1 MiB: a loop over a file lets go of the GIL at every buffer it reads and takes
    # it straight back, and a thread doing that every few lines starves the UI thread (CPython's
    # switching never asks it to hand over then): with the default 8 KiB buffer the window froze
    # for the whole first build (0.9 s between a 5 ms timer's ticks); 1 MiB means five reads.
    with path.open("rb", buffering=1 << 20) as source:
        for number, line in enumerate(source, 1):
            try:
                word, count_text = line.strip().decode("utf-8").split(" ")[:2]
                count = int(count_text)
            except ValueError as exc:
                raise ValueError(f"{path}, line {number}: not 'word count'") from exc
            builder.set(word, count)
            total += count
            for end in range(1, len(word)):
                builder.set(word[:end], 0, keep=True)
    return builder.done(), total


def _dictionary_cache(path: Path) -> Path:
    """The cache file for the dictionary at ``path`` (its path, size and time in the name)."""
    stat = path.stat()
    key = zlib.crc32(f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return user_cache_dir() / f"jieba-compact-{FORMAT}-{key:08x}.bin"


def load_frequencies(path: Path | None = None) -> tuple[CompactFrequencies, int]:
    """The compact dictionary of ``path`` (jieba's by default) and its total count: from the
    cache, or built from the dictionary file and cached."""
    path = path or dictionary_path()
    cache = _dictionary_cache(path)
    if cache.exists():
        try:
            return CompactFrequencies.read(cache)
        except Exception:  # a damaged or older cache is rebuilt, never trusted
            logger.warning("Rebuilding the damaged word cache %s", cache)
    frequencies, total = read_dictionary(path)
    cache.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(cache) as part:
        frequencies.write(part, total)
    return frequencies, total


class Segmenter:
    """jieba's segmentation without its HMM, over a ``CompactFrequencies``."""

    def __init__(self, frequencies: CompactFrequencies, total: int) -> None:
        self.frequencies = frequencies
        self.total = total

    @classmethod
    def load(cls) -> Segmenter:
        """A segmenter with jieba's dictionary (see ``load_frequencies``)."""
        return cls(*load_frequencies())

    def add_word(self, word: str) -> None:
        """Add ``word`` with a count just high enough to be cut whole (jieba's ``add_word``
        without a frequency: ``suggest_freq``), and its prefixes."""
        count = self._suggested_count(word)
        words = self.frequencies
        words[word] = count
        self.total += count
        for end in range(1, len(word)):
            if word[:end] not in words:
                words[word[:end]] = 0

    def _suggested_count(self, word: str) -> int:
        words, whole = self.frequencies, float(self.total)
        chance: float = 1
        for part in self.cut(word):
            chance *= words.get(part, 1) / whole  # a prefix's 0 counts, as in jieba
        return max(int(chance * self.total) + 1, words.get(word, 1))

    def ends(self, text: str) -> list[int]:
        """Where each word of ``text`` ends, in order (jieba's ``tokenize`` end offsets)."""
        found, at = [], 0
        for word in self.cut(text):
            at += len(word)
            found.append(at)
        return found

    def cut(self, text: str) -> Iterator[str]:
        """The words of ``text`` in order (jieba's ``cut(text, HMM=False)``)."""
        for block in _RUN.split(text):
            if not block:
                continue
            if _RUN.match(block):
                yield from self._cut_run(block)
                continue
            for part in _SKIP.split(block):
                if _SKIP.match(part):
                    yield part
                else:
                    yield from part  # one character at a time

    def _cut_run(self, run: str) -> Iterator[str]:
        route = self._route(run)
        at, size, letters = 0, len(run), ""
        while at < size:
            end = route[at] + 1
            word = run[at:end]
            if len(word) == 1 and _LATIN.match(word):
                letters += word  # single letters and digits join into one word
            else:
                if letters:
                    yield letters
                    letters = ""
                yield word
            at = end
        if letters:
            yield letters

    def _route(self, run: str) -> list[int]:
        """For each position, where the best word starting there ends (jieba's DAG and
        ``calc``: the highest sum of log(count / total) to the end of the run)."""
        words, size = self.frequencies, len(run)
        log_total = log(self.total)
        best: list[tuple[float, int]] = [(0.0, 0)] * (size + 1)
        for start in range(size - 1, -1, -1):
            ends = []
            end, piece = start, run[start]
            while end < size:
                count = words.get(piece)
                if count is None:  # neither a word nor the start of one
                    break
                if count:
                    ends.append(end)
                end += 1
                piece = run[start : end + 1]
            best[start] = max(
                (log(words.get(run[start : x + 1]) or 1) - log_total + best[x + 1][0], x)
                for x in ends or [start]
            )
        return [x for _score, x in best]
