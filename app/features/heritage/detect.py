"""Find heritage library names and aliases in script text with spaCy PhraseMatchers.

One blank pipeline per language (``spacy.blank``, nothing downloaded) and one PhraseMatcher
holding that language's names and aliases, folded like search (case, diacritics, Arabic and
Persian letter variants). Text is folded the same way, matched, and the matches are mapped back
to the original text. Which matchers run depends on the scripts in a paragraph: Han text goes
to zh, Arabic script to ar and fa, Latin to en and pt. Persian and Arabic words also match with
a clitic attached (``کمانچه‌ای``), since the tokenizers keep such words whole.

Chinese has no spaces, so a short term could match inside another word (天后, the goddess, in
三天后, "three days later"). A Chinese match is therefore kept only when it respects the words
of the paragraph as jieba segments it, with every library name and alias added to jieba's
dictionary: a word or a run of whole words, or a shorter word inside one longer word (天后 in
天后宫), never a match that cuts across a word boundary (三天|后).

Importing spaCy takes about a second (the word dictionary a fraction more), so this module
imports them only when a detector is built (spaCy without its command-line interface:
``app.features.heritage.spacy_import``);
built matchers are cached in memory and their phrase tables on disk, keyed by the library's
content hash.
"""

from __future__ import annotations

import logging
import pickle
import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Any

from app.core.direction import is_rtl
from app.core.paths import user_cache_dir
from app.features.heritage.chinese_words import Segmenter
from app.features.heritage.normalize import fold_with_map
from app.features.heritage.search import fold_all
from app.features.heritage.spacy_import import import_spacy
from app.store.atomic import write_bytes_atomic

logger = logging.getLogger(__name__)

#: Library language -> spaCy language code.
PIPELINES = {"zh-Hans": "zh", "en": "en", "pt": "pt", "ar": "ar", "fa": "fa"}
#: The right-to-left library languages (Arabic and Persian): their matchers read Arabic-script
#: text, and their words may carry clitics.
_RTL_PIPELINES = tuple(lang for lang in PIPELINES if is_rtl(lang))
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_ARABIC_WORD = re.compile(r"[\u0600-\u06ff]+")
#: Suffixes a Persian or Arabic word may carry and still be the library term.
_CLITICS = ("", "ی", "ای", "ها", "های", "هایی", "یی", "ش", "م", "ت", "مان", "تان", "شان")
CACHE_VERSION = 1
#: How far around a Chinese match its sentence is segmented (characters each side).
WINDOW = 16
#: The one token a Chinese Doc holds for a run of characters in no term (never in a term).
_PLACEHOLDER = "\x00"
#: Characters that end a sentence or phrase for segmentation (punctuation, spaces).
_BREAK = re.compile(
    r"[\s\u3000-\u303f\uff00-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
    r".,;:!?\"'()\[\]]"
)


@dataclass(frozen=True)
class Match:
    """A library term found in a text: where (in the original text) and which entries."""

    start: int
    end: int
    text: str
    language: str
    entry_ids: tuple[str, ...]


def phrase_tables(entries: list[dict[str, Any]]) -> dict[str, dict[str, list[str]]]:
    """For each language, folded name or alias -> ids of the entries that use it."""
    rows: list[tuple[str, str, str]] = []
    for entry in entries:
        rows += [(lang, name, entry["id"]) for lang, name in entry["names"].items()]
        rows += [
            (lang, alias, entry["id"])
            for lang, items in entry.get("aliases", {}).items()
            for alias in items
        ]
    tables: dict[str, dict[str, list[str]]] = {lang: defaultdict(list) for lang in PIPELINES}
    folded = fold_all([text for _lang, text, _id in rows])
    for (lang, _text, entry_id), phrase in zip(rows, folded, strict=True):
        minimum = 2 if lang == "zh-Hans" else 3
        if lang in tables and len(phrase) >= minimum:
            ids = tables[lang][phrase]
            if entry_id not in ids:
                ids.append(entry_id)
    return {lang: dict(table) for lang, table in tables.items()}


class Detector:
    """PhraseMatchers over the library's names and aliases, one per language."""

    def __init__(self, tables: dict[str, dict[str, list[str]]]) -> None:
        spacy = import_spacy()  # without its command-line interface: 17 MB less
        from spacy.matcher import PhraseMatcher

        self.tables = tables
        self.pipelines: dict[str, Any] = {}
        self.matchers: dict[str, Any] = {}
        self.by_keyword: dict[str, dict[tuple[int, ...], list[str]]] = {}
        self.words: dict[str, dict[str, list[str]]] = {}
        self.segments = _segmenter(list(tables.get("zh-Hans", {})))
        self.words_zh = ChineseWords(list(tables.get("zh-Hans", {})))
        for lang, table in tables.items():
            nlp = spacy.blank(PIPELINES[lang])
            nlp.max_length = 10**9  # no parser or NER runs here; texts are joined in bulk
            phrases = list(table)
            keywords = _keywords(nlp, lang, phrases)
            keyed: dict[tuple[int, ...], list[str]] = {}
            for keyword, phrase in zip(keywords, phrases, strict=True):
                keyed.setdefault(keyword, []).extend(table[phrase])
            matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
            if keyed:
                # A pattern may be given as its sequence of ORTH hashes instead of a Doc
                # (spaCy's PhraseMatcher.add takes either); it saves building 100,000 Docs.
                matcher.add(lang, list(keyed))
            self.pipelines[lang], self.matchers[lang], self.by_keyword[lang] = nlp, matcher, keyed
            if lang in _RTL_PIPELINES:
                self.words[lang] = {p: ids for p, ids in table.items() if " " not in p}

    def languages_for(self, text: str) -> list[str]:
        """The library languages whose matchers should read ``text``."""
        found = []
        if _HAN.search(text):
            found.append("zh-Hans")
        if _ARABIC.search(text):
            found += _RTL_PIPELINES
        if _LATIN.search(text):
            found += ["en", "pt"]
        return [lang for lang in found if lang in self.matchers]

    def detect(self, text: str) -> list[Match]:
        """Every library term in ``text``, in order; overlapping shorter terms are dropped."""
        return self.detect_many([text])[0]

    def detect_many(self, texts: list[str]) -> list[list[Match]]:
        """``detect`` for many paragraphs at once: one spaCy Doc per language for all of them."""
        folded = [fold_with_map(text) for text in texts]
        found: list[dict[tuple[int, int], tuple[str, set[str]]]] = [{} for _ in texts]
        routes: dict[str, list[int]] = {}
        for number, text in enumerate(texts):
            for lang in self.languages_for(text):
                routes.setdefault(lang, []).append(number)
        for lang, numbers in routes.items():
            self._match_language(lang, [folded[n][0] for n in numbers], numbers, found)
        for number in routes.get("zh-Hans", []):
            if any(lang == "zh-Hans" for lang, _ids in found[number].values()):
                found[number] = self.words_zh.keep_words(folded[number][0], found[number])
        return [
            _to_matches(text, origin, spans)
            for text, (_f, origin), spans in zip(texts, folded, found, strict=True)
        ]

    def _match_language(
        self,
        lang: str,
        parts: list[str],
        numbers: list[int],
        found: list[dict[tuple[int, int], tuple[str, set[str]]]],
    ) -> None:
        starts, at = [], 0
        for part in parts:
            starts.append(at)
            at += len(part) + 1
        joined = "\n".join(parts)  # paragraphs hold no line breaks once folded
        doc, edges = _make_doc(self.pipelines[lang], lang, joined, self.segments)
        orths = doc.to_array("ORTH").tolist() if len(doc) else []
        keyed = self.by_keyword[lang]
        for _key, start, end in self.matchers[lang](doc):
            if edges is None:
                a = doc[start].idx
                b = doc[end - 1].idx + len(doc[end - 1])
            else:
                a, b = edges[start], edges[end]
            part = bisect_right(starts, a) - 1
            ids = keyed.get(tuple(orths[start:end]), [])
            _add(found[numbers[part]], a - starts[part], b - starts[part], lang, ids)
        words = self.words.get(lang)
        if words:
            for word in _ARABIC_WORD.finditer(joined):
                for stem, ids in _stems(word.group(), words):
                    part = bisect_right(starts, word.start()) - 1
                    a = word.start() - starts[part]
                    _add(found[numbers[part]], a, a + len(stem), lang, ids)


class ChineseWords:
    """Which Chinese matches are words: jieba's segmentation with the library's terms added.

    The dictionary is loaded on first use, in the thread that builds the detector: a compact
    copy of jieba's, cached in the user cache folder, segmented as jieba does without its HMM
    (``app.features.heritage.chinese_words``).
    """

    def __init__(self, terms: list[str]) -> None:
        self.terms = terms
        self._tokenizer: Segmenter | None = None

    def tokenizer(self) -> Segmenter:
        """The segmenter with every library term in its dictionary."""
        if self._tokenizer is None:
            # jieba's dictionary in flat arrays (about 10 MB instead of 60), jieba's no-HMM
            # segmentation over it: the same boundaries, without importing jieba
            tokenizer = Segmenter.load()
            for term in self.terms:
                if " " not in term:  # jieba's dictionary holds no spaces
                    tokenizer.add_word(term)  # frequency: just enough to be cut whole
            self._tokenizer = tokenizer
        return self._tokenizer

    def bounds(self, text: str) -> list[int]:
        """The offsets where the words of ``text`` start and end, in order."""
        return [0, *self.tokenizer().ends(text)]

    def _respects_words(
        self, text: str, a: int, b: int, cache: dict[tuple[int, int], tuple[list[int], set[int]]]
    ) -> bool:
        """Whether ``text[a:b]`` is a word, a run of words or lies inside one word.

        Only the sentence around the match is segmented (up to ``WINDOW`` characters each side,
        cut at punctuation or spaces): segmentation depends on nearby characters only, and a
        whole series then costs a fraction of segmenting every paragraph in full.
        """
        start = a
        while start > 0 and a - start < WINDOW and not _BREAK.match(text[start - 1]):
            start -= 1
        end = b
        while end < len(text) and end - b < WINDOW and not _BREAK.match(text[end]):
            end += 1
        if (start, end) not in cache:
            bounds = [start + x for x in self.bounds(text[start:end])]
            cache[(start, end)] = (bounds, set(bounds))
        bounds, edges = cache[(start, end)]
        if a in edges and b in edges:
            return True
        after = bisect_right(bounds, a)  # the first boundary after a
        return not (after < len(bounds) and bounds[after] < b)

    def keep_words(
        self, text: str, found: dict[tuple[int, int], tuple[str, set[str]]]
    ) -> dict[tuple[int, int], tuple[str, set[str]]]:
        """``found`` without the Chinese matches that cut across a word of ``text``.

        A match is kept when it starts and ends on word boundaries (a word or a run of words),
        or lies inside one word (a shorter word inside a longer one, as jieba's search mode
        would give: 天后 in 天后宫); it is dropped when a boundary falls inside it while one of
        its ends does not (天后 in 三天|后).
        """
        kept = {}
        cache: dict[tuple[int, int], tuple[list[int], set[int]]] = {}
        for (a, b), value in found.items():
            if value[0] == "zh-Hans" and not self._respects_words(text, a, b, cache):
                continue
            kept[(a, b)] = value
        return kept


def _make_doc(
    nlp: Any, lang: str, text: str, segments: re.Pattern[str] | None
) -> tuple[Any, list[int] | None]:
    """Tokenize like the language's blank pipeline; for Chinese, also where each token starts.

    Chinese is one token per character (the zh char segmenter), except that a run of
    characters found in no Chinese term becomes one token: it can never be part of a match,
    and 20,000 entries' worth of terms then needs far fewer tokens. Such a run goes into the
    Doc as one placeholder (NUL), so the pipeline's vocabulary keeps only the terms' characters
    instead of growing with every run of script text it is ever shown; the token offsets
    (``edges``: token i spans ``text[edges[i]:edges[i + 1]]``) come from the real runs. The
    Doc is built directly (the zh tokenizer's own alignment step is slow on long texts).
    """
    if lang != "zh-Hans":
        return nlp.make_doc(text), None
    from spacy.tokens import Doc

    if segments is None:
        words = list(text)
    else:
        words = segments.findall(text)
    edges = [0, *accumulate(len(word) for word in words)]
    if segments is not None and _PLACEHOLDER not in segments.pattern:
        term_char = re.compile(segments.pattern.split("|", 1)[0])
        words = [w if len(w) == 1 and term_char.fullmatch(w) else _PLACEHOLDER for w in words]
    return Doc(nlp.vocab, words=words, spaces=[False] * len(words)), edges


def _segmenter(phrases: list[str]) -> re.Pattern[str] | None:
    """A pattern splitting text into term characters (one each) and runs of other characters."""
    chars = "".join(sorted(set("".join(phrases))))
    if not chars:
        return None
    klass = "".join(re.escape(c) for c in chars)
    return re.compile(f"[{klass}]|[^{klass}]+", re.DOTALL)


def _keywords(nlp: Any, lang: str, phrases: list[str]) -> list[tuple[int, ...]]:
    """Each phrase as the ORTH hashes of its tokens, exactly as the pipeline tokenizes it.

    Chinese is one token per character. Elsewhere a space-separated chunk that no special case,
    prefix, suffix or infix rule of the tokenizer touches is one token, so it is hashed
    directly; the other phrases go through the tokenizer, all joined into one text.
    """
    add = nlp.vocab.strings.add
    if lang == "zh-Hans":
        return [tuple(add(char) for char in phrase) for phrase in phrases]
    simple = _simple_chunk_test(nlp)
    keywords: list[tuple[int, ...] | None] = []
    hard: list[int] = []
    for number, phrase in enumerate(phrases):
        chunks = phrase.split(" ")
        if all(simple(chunk) for chunk in chunks):
            keywords.append(tuple(add(chunk) for chunk in chunks if chunk))
        else:
            keywords.append(None)
            hard.append(number)
    for number, keyword in zip(
        hard, _tokenize_joined(nlp, [phrases[n] for n in hard]), strict=True
    ):
        keywords[number] = keyword
    return [k or () for k in keywords]


def _simple_chunk_test(nlp: Any) -> Any:
    tokenizer = nlp.tokenizer
    rules = tokenizer.rules or {}
    checks = [
        f
        for f in (
            tokenizer.prefix_search,
            tokenizer.suffix_search,
            tokenizer.token_match,
            tokenizer.url_match,
        )
        if f is not None
    ]
    infix = tokenizer.infix_finditer
    known: dict[str, bool] = {}  # words repeat across names: test each once

    def simple(chunk: str) -> bool:
        answer = known.get(chunk)
        if answer is None:
            answer = known[chunk] = not (
                chunk in rules
                or any(check(chunk) for check in checks)
                or (infix is not None and next(iter(infix(chunk)), None) is not None)
            )
        return answer

    return simple


def _tokenize_joined(nlp: Any, phrases: list[str]) -> list[tuple[int, ...]]:
    """Tokenize phrases as one text joined by line breaks (each line is tokenized alone)."""
    if not phrases:
        return []
    doc = nlp.make_doc("\n".join(phrases))
    newline = nlp.vocab.strings.add("\n")
    keywords: list[tuple[int, ...]] = []
    current: list[int] = []
    for orth in doc.to_array("ORTH").tolist():
        if orth == newline:
            keywords.append(tuple(current))
            current = []
        else:
            current.append(orth)
    keywords.append(tuple(current))
    if len(keywords) != len(phrases):  # a tokenizer that joined across lines: go one by one
        keywords = [tuple(t.orth for t in nlp.make_doc(p)) for p in phrases]
    return keywords


def _add(
    found: dict[tuple[int, int], tuple[str, set[str]]], a: int, b: int, lang: str, ids: list[str]
) -> None:
    if ids:
        found.setdefault((a, b), (lang, set()))[1].update(ids)


def _stems(word: str, words: dict[str, list[str]]) -> list[tuple[str, list[str]]]:
    result = []
    for clitic in _CLITICS:
        stem = word[: len(word) - len(clitic)] if clitic else word
        if clitic and not word.endswith(clitic):
            continue
        if stem in words:
            result.append((stem, words[stem]))
            break
    return result


def _to_matches(
    text: str, origin: list[int] | None, found: dict[tuple[int, int], tuple[str, set[str]]]
) -> list[Match]:
    if not found:
        return []
    spans = sorted(found.items(), key=lambda item: (item[0][0], -(item[0][1] - item[0][0])))
    result: list[Match] = []
    covered_to = -1
    for (a, b), (lang, ids) in spans:
        if a < covered_to:
            continue  # inside a longer match that starts earlier or at the same place
        start, end = (a, b) if origin is None else (origin[a], origin[b - 1] + 1)
        result.append(Match(start, end, text[start:end], lang, tuple(sorted(ids))))
        covered_to = b
    return result


_cache: dict[str, Detector] = {}


def cache_path(content_hash: str) -> Path:
    """Where the phrase tables of a library version are kept."""
    return user_cache_dir() / f"heritage-phrases-{content_hash[:24]}.pickle"


def detector_for(library: Any) -> Detector:
    """The detector for ``library``'s current content, from memory, disk or built afresh."""
    key = library.content_hash()
    detector = _cache.get(key)
    if detector is not None:
        return detector
    path = cache_path(key)
    tables = None
    if path.exists():
        try:
            version, tables = pickle.loads(path.read_bytes())
            if version != CACHE_VERSION:
                tables = None
        except Exception:  # a damaged cache is rebuilt, never trusted
            logger.warning("Ignoring the damaged phrase cache %s", path)
            tables = None
    if tables is None:
        tables = phrase_tables(library.entries())
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(path, pickle.dumps((CACHE_VERSION, tables)))
    detector = Detector(tables)
    _cache.clear()
    _cache[key] = detector
    return detector
