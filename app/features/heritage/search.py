"""Search of the heritage library: an in-memory index over folded names, aliases, descriptions.

SQLite 3.40's FTS5 trigram tokenizer cannot find the one- and two-character Chinese words most
queries are, so the library builds this index once from its entries (1–3 s for 20,000
entries; the library caches it on disk) and answers every query from memory. The fields of each
kind (names, aliases, descriptions) and language are folded and joined into one string;
``str.find`` walks it in C and a bisect maps a hit back to its entry. Sorted fields serve exact
and prefix look-ups, a word index multi-word queries. Ranking: exact name, name prefix, alias,
name substring, description; then entries in which every word of the query starts a word.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from app.features.heritage.migrate import BATCH_YEARS
from app.features.heritage.normalize import fold

logger = logging.getLogger(__name__)

#: Years of China's national list batches.

#: Ranks of a hit, best first.
EXACT_NAME, NAME_PREFIX, ALIAS, NAME_SUBSTRING, DESCRIPTION, ALL_WORDS, FILTERED = range(7)
TIER_FIELDS = ("name", "name", "alias", "name", "description", "words", "")

_SEP = "\x1f"
_WORD = re.compile(r"\w+")  # folds to a space in queries, so a match never spans two fields


@dataclass(frozen=True)
class Filters:
    """Narrow a search. ``inscription_list`` may also be ``"national"`` (China's list)."""

    domain: str | None = None
    category: str | None = None
    country: str | None = None
    inscription_list: str | None = None
    year_from: int | None = None
    year_to: int | None = None

    def active(self) -> bool:
        return any(v is not None and v != "" for v in vars(self).values())


@dataclass(frozen=True)
class Hit:
    """One search result: the entry, how it matched and the text that matched."""

    entry_id: str
    tier: int
    field: str
    language: str
    matched: str


def fold_all(texts: list[str]) -> list[str]:
    """``fold`` of each text, done as one call on the joined texts (much quicker)."""
    if not texts:
        return []
    # NUL survives folding and is no word character; a NUL inside a text (a library written
    # before imports refused control characters) must not shift every text after it.
    joined = fold("\x00".join(text.replace("\x00", " ") for text in texts))
    return [part.strip() for part in joined.split("\x00")]


class _Column:
    """One kind of field of every entry, folded. For substring search the fields of each
    language are joined into one string (a Latin-only string is searched much faster than one
    holding Chinese); the folded fields are also kept sorted for exact and prefix look-ups."""

    def __init__(self, rows: list[tuple[int, str, str]]) -> None:
        folded_texts = fold_all([text for _owner, _lang, text in rows])
        kept = [(row, f) for row, f in zip(rows, folded_texts, strict=True) if f]
        self.owners = [row[0] for row, _f in kept]
        self.languages = [row[1] for row, _f in kept]
        self.originals = [row[2] for row, _f in kept]
        self.folded = [f for _row, f in kept]
        by_language: dict[str, list[int]] = defaultdict(list)
        for field, language in enumerate(self.languages):
            by_language[language].append(field)
        self.blobs = [
            _Blob(fields, [self.folded[f] for f in fields]) for fields in by_language.values()
        ]
        order = sorted(range(len(self.folded)), key=self.folded.__getitem__)
        self.sorted_texts = [self.folded[i] for i in order]
        self.sorted_fields = order

    def with_prefix(self, query: str) -> Iterator[tuple[int, bool]]:
        """(field number, exact?) of fields starting with ``query``: exact ones first, then
        the rest in alphabetical order."""
        texts = self.sorted_texts
        i = bisect_left(texts, query)
        while i < len(texts) and texts[i].startswith(query):
            yield self.sorted_fields[i], len(texts[i]) == len(query)
            i += 1

    def find(self, query: str) -> Iterator[tuple[int, int]]:
        """(field number, where in the field) of the first hit in each field containing it."""
        for blob in self.blobs:
            yield from blob.find(query)


class _Blob:
    """Some fields joined by a separator, with where each starts."""

    def __init__(self, fields: list[int], texts: list[str]) -> None:
        self.fields = fields
        self.starts: list[int] = []
        at = 0
        for text in texts:
            self.starts.append(at)
            at += len(text) + 1
        self.text = _SEP.join(texts)

    def find(self, query: str) -> Iterator[tuple[int, int]]:
        text, starts = self.text, self.starts
        pos = text.find(query)
        while pos >= 0:
            i = bisect_right(starts, pos) - 1
            yield self.fields[i], pos - starts[i]
            nxt = starts[i + 1] if i + 1 < len(starts) else len(text)
            pos = text.find(query, nxt)


class _Words:
    """Every word of every entry (names, aliases, descriptions), for multi-word queries."""

    def __init__(self, columns: tuple[_Column, ...], count: int) -> None:
        texts: list[list[str]] = [[] for _ in range(count)]
        for column in columns:
            for owner, text in zip(column.owners, column.folded, strict=True):
                texts[owner].append(text)
        self.texts = [_SEP.join(t) for t in texts]
        owners: dict[str, set[int]] = defaultdict(set)
        for owner, text in enumerate(self.texts):
            for word in set(_WORD.findall(text)):
                owners[word].add(owner)
        self.vocabulary = sorted(owners)
        self.owners = [owners[w] for w in self.vocabulary]

    def starting_with(self, prefix: str) -> set[int]:
        """Entries having a word that starts with ``prefix``."""
        i = bisect_left(self.vocabulary, prefix)
        j = bisect_left(self.vocabulary, prefix + "\U0010ffff", i)
        return set().union(*self.owners[i:j])


class SearchIndex:
    """The folded text and filter facts of every entry, ready for queries."""

    def __init__(self, entries: list[dict[str, Any]]) -> None:
        self.ids = [e["id"] for e in entries]
        self.sort_names = fold_all([e["names"].get("en", "") for e in entries])
        self.names = _Column(
            [(i, lang, text) for i, e in enumerate(entries) for lang, text in e["names"].items()]
        )
        self.aliases = _Column(
            [
                (i, lang, text)
                for i, e in enumerate(entries)
                for lang, texts in e.get("aliases", {}).items()
                for text in texts
            ]
        )
        self.descriptions = _Column(
            [
                (i, lang, text)
                for i, e in enumerate(entries)
                for lang, text in e.get("description", {}).items()
            ]
        )
        self._facets = _Facets(entries)
        self._words = _Words((self.names, self.aliases, self.descriptions), len(self.ids))
        self._allowed_for: dict[Filters, set[int]] = {}

    def __len__(self) -> int:
        return len(self.ids)

    def search(self, query: str, filters: Filters | None = None, limit: int = 50) -> list[Hit]:
        """Entries matching ``query`` (folded) and ``filters``, best first, at most ``limit``.

        Tiers are filled in rank order and each stops once ``limit`` entries are found, so a
        one-character query over 20,000 entries costs no more than a precise one.
        """
        allowed = self._allowed(filters) if filters is not None and filters.active() else None
        q = fold(query).replace("\x00", "")
        if not q:
            if allowed is None:
                return []
            chosen = sorted(allowed, key=lambda i: (self.sort_names[i], self.ids[i]))[:limit]
            return [Hit(self.ids[i], FILTERED, "", "", "") for i in chosen]
        hits: list[Hit] = []
        seen: set[int] = set()

        def take(column: _Column, field: int, tier: int) -> bool:
            """Add the field's entry unless seen or filtered out; True once the list is full."""
            owner = column.owners[field]
            if owner not in seen and (allowed is None or owner in allowed):
                seen.add(owner)
                hits.append(
                    Hit(
                        self.ids[owner],
                        tier,
                        TIER_FIELDS[tier],
                        column.languages[field],
                        column.originals[field],
                    )
                )
            return len(hits) >= limit

        names, aliases = self.names, self.aliases
        exact = [f for f, is_exact in _exact_first(names.with_prefix(q)) if is_exact]
        for field in exact:
            if take(names, field, EXACT_NAME):
                return hits
        for field, is_exact in names.with_prefix(q):
            if not is_exact and take(names, field, NAME_PREFIX):
                return hits
        for field, _is_exact in aliases.with_prefix(q):
            if take(aliases, field, ALIAS):
                return hits
        for field, _at in aliases.find(q):
            if take(aliases, field, ALIAS):
                return hits
        for field, _at in names.find(q):
            if take(names, field, NAME_SUBSTRING):
                return hits
        for field, _at in self.descriptions.find(q):
            if take(self.descriptions, field, DESCRIPTION):
                return hits
        if " " in q:
            self._all_words(q.split(" "), seen, allowed, hits, limit)
        return hits

    def _all_words(
        self,
        words: list[str],
        seen: set[int],
        allowed: set[int] | None,
        hits: list[Hit],
        limit: int,
    ) -> None:
        """Entries in which every word starts a word (the shortest ones may occur anywhere)."""
        words = sorted((w for w in words if w), key=len, reverse=True)
        candidates = self._words.starting_with(words[0]) - seen
        for word in words[1:]:
            if len(word) >= 2 and len(candidates) > limit:
                candidates &= self._words.starting_with(word)
        if allowed is not None:
            candidates &= allowed
        texts = self._words.texts
        for owner in sorted(candidates):
            if all(w in texts[owner] for w in words):
                seen.add(owner)
                hits.append(Hit(self.ids[owner], ALL_WORDS, TIER_FIELDS[ALL_WORDS], "", ""))
                if len(hits) >= limit:
                    return

    def _allowed(self, filters: Filters) -> set[int]:
        allowed = self._allowed_for.get(filters)
        if allowed is None:
            if len(self._allowed_for) > 32:
                self._allowed_for.clear()
            allowed = self._allowed_for[filters] = self._facets.allowed(filters)
        return allowed


def _exact_first(found: Iterator[tuple[int, bool]]) -> Iterator[tuple[int, bool]]:
    """The leading exact matches of a prefix walk (they sort before longer texts)."""
    for field, is_exact in found:
        if not is_exact:
            return
        yield field, is_exact


class _Facets:
    """Which entries have each domain, category, country and listing (for quick filtering)."""

    def __init__(self, entries: list[dict[str, Any]]) -> None:
        self.everyone = set(range(len(entries)))
        self.domains: dict[str, set[int]] = defaultdict(set)
        self.categories: dict[str, set[int]] = defaultdict(set)
        self.countries: dict[str, set[int]] = defaultdict(set)
        self.listings: list[tuple[str, int | None, int]] = []  # (list, year, entry)
        for i, entry in enumerate(entries):
            for domain in entry.get("unesco_domains", []):
                self.domains[domain].add(i)
            if entry.get("china_category"):
                self.categories[entry["china_category"]].add(i)
            for country in entry.get("countries", []):
                self.countries[country].add(i)
            for item in entry.get("inscriptions", []):
                self.listings.append((item["list"], item.get("year"), i))
            national = entry.get("national")
            if national:
                for listing in [national, *national.get("extensions", [])]:
                    year = listing.get("year") or BATCH_YEARS.get(listing.get("batch") or 0)
                    if year or listing.get("batch") or listing.get("code"):
                        self.listings.append(("national", year, i))

    def allowed(self, f: Filters) -> set[int]:
        """The entries that pass every filter."""
        sets = []
        if f.domain:
            sets.append(self.domains.get(f.domain, set()))
        if f.category:
            sets.append(self.categories.get(f.category, set()))
        if f.country:
            sets.append(self.countries.get(f.country.upper(), set()))
        if f.inscription_list or f.year_from is not None or f.year_to is not None:
            sets.append(
                {
                    entry
                    for name, year, entry in self.listings
                    if (not f.inscription_list or name == f.inscription_list)
                    and (f.year_from is None or (year is not None and year >= f.year_from))
                    and (f.year_to is None or (year is not None and year <= f.year_to))
                }
            )
        if not sets:
            return self.everyone
        smallest = min(sets, key=len)
        return smallest.intersection(*[s for s in sets if s is not smallest])
