"""jieba's segmentation on the compact copy of its dictionary gives exactly jieba's answers."""

from __future__ import annotations

import logging
import random
from pathlib import Path

import jieba
import pytest

from app.features.heritage import chinese_words
from app.features.heritage.chinese_words import CompactFrequencies, compact_tokenizer

jieba.setLogLevel(logging.WARNING)

SMALL = {"天": 300, "天后": 50, "天后宫": 12, "三": 400, "三天": 90, "后": 800, "妈": 0, "妈祖": 7}


@pytest.fixture(scope="module")
def reference() -> jieba.Tokenizer:
    """jieba's own tokenizer, with its full dictionary as a Python dict."""
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = None
    tokenizer.initialize()
    return tokenizer


@pytest.fixture(scope="module")
def compact(tmp_path_factory: pytest.TempPathFactory) -> jieba.Tokenizer:
    mp = pytest.MonkeyPatch()
    mp.setenv("KILN_DATA_DIR", str(tmp_path_factory.mktemp("words")))
    try:
        return compact_tokenizer()
    finally:
        mp.undo()


def test_the_mapping_answers_like_a_dict() -> None:
    words = CompactFrequencies.build(SMALL)
    for word, count in SMALL.items():
        assert word in words and words[word] == count and words.get(word) == count
    assert "宫" not in words and words.get("宫") is None and words.get("宫", 1) == 1
    with pytest.raises(KeyError):
        words["后天"]
    assert sorted(words) == sorted(SMALL) and len(words) == len(SMALL)
    words["后天"] = 0  # jieba's add_word writes here
    words["天"] = 5
    assert words["后天"] == 0 and words["天"] == 5 and len(words) == len(SMALL) + 1


def test_the_arrays_survive_the_cache_file() -> None:
    words = CompactFrequencies.build(SMALL)
    again, total = CompactFrequencies.from_bytes(words.to_bytes(1234))
    assert total == 1234 and {w: again[w] for w in again} == SMALL


def test_every_word_and_count_is_jiebas(compact: jieba.Tokenizer,
                                       reference: jieba.Tokenizer) -> None:
    assert compact.total == reference.total
    assert len(compact.FREQ) == len(reference.FREQ)
    assert all(compact.FREQ.get(w) == c for w, c in reference.FREQ.items())


def test_segmentation_is_jiebas_with_library_terms_added(compact: jieba.Tokenizer,
                                                        reference: jieba.Tokenizer) -> None:
    fresh = jieba.Tokenizer()
    fresh.FREQ, fresh.total = dict(reference.FREQ), reference.total
    fresh.initialized = True
    for term in ("成泥砚", "天后宫", "景德镇青花", "非遗传承"):
        compact.add_word(term)
        fresh.add_word(term)
    source = Path(jieba.__file__).with_name("dict.txt").read_text(encoding="utf-8")
    words = [line.split(" ")[0] for line in source.splitlines()[::50]]
    rng = random.Random(7)
    texts = ["三天后她去了天后宫拜妈祖", "他拿出一方成泥砚。", "明天后天都有京剧 abc 12"]
    texts += ["".join(rng.choice(words) for _ in range(rng.randint(1, 7)))[rng.randint(0, 2):]
              for _ in range(1500)]
    for text in texts:
        assert list(compact.tokenize(text, HMM=False)) == list(fresh.tokenize(text, HMM=False))


def test_the_dictionary_is_built_once_then_read_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KILN_DATA_DIR", str(tmp_path))
    first = compact_tokenizer()
    cached = list((tmp_path / "cache").glob("jieba-compact-*.pickle"))
    assert len(cached) == 1
    built = []
    monkeypatch.setattr(CompactFrequencies, "build", lambda *a: built.append(a))
    again = compact_tokenizer()
    assert built == [] and again.total == first.total and len(again.FREQ) == len(first.FREQ)
    cached[0].write_bytes(b"damaged")
    monkeypatch.undo()
    monkeypatch.setenv("KILN_DATA_DIR", str(tmp_path))
    rebuilt = compact_tokenizer()  # a damaged cache is built again, never trusted
    assert rebuilt.total == first.total
    assert chinese_words.CompactFrequencies.from_bytes(cached[0].read_bytes())[1] == first.total
