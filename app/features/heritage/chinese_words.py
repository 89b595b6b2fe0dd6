"""jieba's Chinese word segmentation on a compact copy of its dictionary, for heritage detection.

Detection (``ChineseWords`` in ``app.features.heritage.detect``) segments the sentence around
each Chinese match with jieba (no HMM), with every library term added to jieba's dictionary, to
drop matches that cut across a word. jieba keeps its dictionary as one Python dict of some
500,000 words and word prefixes (``Tokenizer.FREQ``): about 60 MB in a running window.
``CompactFrequencies`` holds the same words and counts in four flat arrays (about 12 MB): the
words joined in one string, where each starts, its count, and an open-addressing hash table over
them. It answers exactly what jieba's dict answers (``in``, ``[]``, ``get``; ``add_word`` writes
go to a small dict beside it) and the segmentation is jieba's own code, so the boundaries are
identical. The arrays are built once from jieba's ``dict.txt`` (that first build holds jieba's
dict for a moment) and kept in the user cache folder; later loads read them from there.
"""

from __future__ import annotations

import logging
import os
import pickle
import zlib
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from app.core.paths import user_cache_dir
from app.store.atomic import write_bytes_atomic

logger = logging.getLogger(__name__)

#: Version of the cached arrays' layout.
FORMAT = 2
_EMPTY = -1


def _slot(word: str, mask: int) -> int:
    """Where ``word``'s probe starts: a hash that is the same in every process (CRC-32)."""
    return zlib.crc32(word.encode("utf-8")) & mask


class CompactFrequencies:
    """A read-mostly ``{word: count}`` mapping with jieba's dictionary in flat arrays.

    ``count == 0`` marks a prefix of a longer word, as in jieba. Writes (jieba's ``add_word``)
    go to ``extra``, which is read first.
    """

    def __init__(self, words: str, starts: array, counts: array, table: array) -> None:
        self.words, self.starts, self.counts, self.table = words, starts, counts, table
        self.mask = len(table) - 1
        self.extra: dict[str, int] = {}

    @classmethod
    def build(cls, frequencies: dict[str, int]) -> CompactFrequencies:
        """The arrays for ``frequencies`` (jieba's FREQ dict)."""
        keys = sorted(frequencies)
        starts = array("I", [0])
        counts = array("I")
        at = 0
        for key in keys:
            at += len(key)
            starts.append(at)
            counts.append(frequencies[key])
        size = 1 << max(4, (2 * len(keys)).bit_length())  # at most half full
        table = array("i", [_EMPTY]) * size
        mask = size - 1
        for number, key in enumerate(keys):
            slot = _slot(key, mask)
            while table[slot] != _EMPTY:
                slot = (slot + 1) & mask
            table[slot] = number
        return cls("".join(keys), starts, counts, table)

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

    def to_bytes(self, total: int) -> bytes:
        """The arrays and jieba's total count, for the cache file."""
        parts = (self.starts, self.counts, self.table)
        return pickle.dumps((FORMAT, total, self.words, *(p.tobytes() for p in parts)))

    @classmethod
    def from_bytes(cls, data: bytes) -> tuple[CompactFrequencies, int]:
        """``to_bytes`` read back: the mapping and the total count."""
        version, total, words, *raw = pickle.loads(data)
        if version != FORMAT:
            raise ValueError("another layout")
        arrays = [array(code) for code in ("I", "I", "i")]
        for target, blob in zip(arrays, raw, strict=True):
            target.frombytes(blob)
        return cls(words, *arrays), total


def _dictionary_cache(tokenizer: Any) -> Path:
    """The cache file for the tokenizer's dictionary (its path, size and time in the name)."""
    with tokenizer.get_dict_file() as source:
        path = os.path.abspath(source.name)
    stat = os.stat(path)
    key = zlib.crc32(f"{path}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return user_cache_dir() / f"jieba-compact-{FORMAT}-{key:08x}.pickle"


def compact_tokenizer() -> Any:
    """A ``jieba.Tokenizer`` whose dictionary is a ``CompactFrequencies`` (from the cache, or
    built from jieba's dictionary and cached)."""
    import jieba  # half a second and 10 MB: only in the detection worker, never at start-up

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    cache = _dictionary_cache(tokenizer)
    frequencies: CompactFrequencies | None = None
    if cache.exists():
        try:
            frequencies, total = CompactFrequencies.from_bytes(cache.read_bytes())
        except Exception:  # a damaged or older cache is rebuilt, never trusted
            logger.warning("Rebuilding the damaged word cache %s", cache)
            frequencies = None
    if frequencies is None:
        full, total = tokenizer.gen_pfdict(tokenizer.get_dict_file())
        frequencies = CompactFrequencies.build(full)
        del full
        cache.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(cache, frequencies.to_bytes(total))
    tokenizer.FREQ, tokenizer.total = frequencies, total
    tokenizer.initialized = True  # jieba's own initialize() would load its full dict again
    return tokenizer
