"""Detection's Chinese segmentation gives exactly jieba's answers (words, counts, boundaries),
on a compact copy of jieba's dictionary and without importing jieba at run time."""

from __future__ import annotations

import logging
import random
import subprocess
import sys
from pathlib import Path

import jieba
import pytest

from app.features.heritage import chinese_words
from app.features.heritage.chinese_words import (
    CompactFrequencies,
    Segmenter,
    dictionary_path,
    load_frequencies,
    read_dictionary,
)

jieba.setLogLevel(logging.WARNING)
ROOT = Path(__file__).parents[2]
SMALL = {"天": 300, "天后": 50, "天后宫": 12, "三": 400, "三天": 90, "后": 800, "妈": 0, "妈祖": 7}
TERMS = ("成泥砚", "天后宫", "景德镇青花", "非遗传承", "Kiln窑", "龙泉青瓷")


@pytest.fixture(scope="module")
def reference() -> jieba.Tokenizer:
    """jieba's own tokenizer, with its full dictionary as a Python dict."""
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = None
    tokenizer.initialize()
    return tokenizer


@pytest.fixture(scope="module")
def segmenter(tmp_path_factory: pytest.TempPathFactory) -> Segmenter:
    patch = pytest.MonkeyPatch()
    patch.setenv("KILN_DATA_DIR", str(tmp_path_factory.mktemp("words")))
    try:
        return Segmenter.load()
    finally:
        patch.undo()


def test_the_mapping_answers_like_a_dict() -> None:
    words = CompactFrequencies.build(SMALL)
    for word, count in SMALL.items():
        assert word in words and words[word] == count and words.get(word) == count
    assert "宫" not in words and words.get("宫") is None and words.get("宫", 1) == 1
    with pytest.raises(KeyError):
        words["后天"]
    assert sorted(words) == sorted(SMALL) and len(words) == len(SMALL)
    words["后天"] = 0  # added words go beside the arrays
    words["天"] = 5
    assert words["后天"] == 0 and words["天"] == 5 and len(words) == len(SMALL) + 1


def test_the_arrays_survive_the_cache_file(tmp_path: Path) -> None:
    words = CompactFrequencies.build(SMALL)
    words.write(tmp_path / "words.bin", 1234)
    again, total = CompactFrequencies.read(tmp_path / "words.bin")
    assert total == 1234 and {w: again[w] for w in again} == SMALL
    with (tmp_path / "words.bin").open("ab") as grown:
        grown.write(b"x")
    with pytest.raises(ValueError):
        CompactFrequencies.read(tmp_path / "words.bin")


def test_every_word_and_count_is_jiebas(segmenter: Segmenter,
                                       reference: jieba.Tokenizer) -> None:
    assert dictionary_path() == Path(jieba.__file__).with_name("dict.txt")
    words = segmenter.frequencies
    assert segmenter.total == reference.total
    assert len(words) == len(reference.FREQ)
    assert all(words.get(w) == c for w, c in reference.FREQ.items())


def _texts() -> list[str]:
    source = dictionary_path().read_text(encoding="utf-8")
    words = [line.split(" ")[0] for line in source.splitlines()[::40]]
    words += ["，", "。", " ", "\r\n", "\t", "abc", "x", "7", "3.5", "C++", "a-b", "《", "》", "😀"]
    rng = random.Random(7)
    texts = ["三天后她去了天后宫拜妈祖", "他拿出一方成泥砚。", "明天后天都有京剧 abc 12",
             "", " ", "Kiln窑的龙泉青瓷", "x y", "a1b2 中文c"]
    texts += ["".join(rng.choice(words) for _ in range(rng.randint(1, 9)))[rng.randint(0, 2):]
              for _ in range(3000)]
    return texts


def test_boundaries_are_jiebas_with_library_terms_added(segmenter: Segmenter,
                                                       reference: jieba.Tokenizer) -> None:
    fresh = jieba.Tokenizer()
    fresh.FREQ, fresh.total = dict(reference.FREQ), reference.total
    fresh.initialized = True
    for term in TERMS:
        segmenter.add_word(term)
        fresh.add_word(term)  # each term's count depends on the ones added before it
        assert segmenter.frequencies[term] == fresh.FREQ[term]
    assert segmenter.total == fresh.total
    assert all(segmenter.frequencies.get(t[:n]) == fresh.FREQ[t[:n]]
               for t in TERMS for n in range(1, len(t) + 1))
    for text in _texts():
        assert list(segmenter.cut(text)) == list(fresh.cut(text, HMM=False)), text
        assert segmenter.ends(text) == [end for _w, _s, end in fresh.tokenize(text, HMM=False)]


def test_the_dictionary_is_built_once_then_read_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KILN_DATA_DIR", str(tmp_path))
    first, total = load_frequencies()
    cached = list((tmp_path / "cache").glob("jieba-compact-*.bin"))
    assert len(cached) == 1
    built = []
    monkeypatch.setattr(chinese_words, "read_dictionary", lambda *a: built.append(a))
    again, again_total = load_frequencies()
    assert built == [] and again_total == total and len(again) == len(first)
    cached[0].write_bytes(b"damaged")
    monkeypatch.undo()
    monkeypatch.setenv("KILN_DATA_DIR", str(tmp_path))
    rebuilt, rebuilt_total = load_frequencies()  # a damaged cache is built again, never trusted
    assert rebuilt_total == total and CompactFrequencies.read(cached[0])[1] == total


@pytest.mark.parametrize("header", [
    b'[4, "little", 10, -5, 1, 1, 1]',  # a negative size
    b'[4, "little", 10, 2, 1, 1]',  # an array missing
    b"\x80\x04\x95\x05\x00\x00\x00\x00\x00\x00\x00]\x94.",  # a pickle: never loaded
    b'{"format": 4}',
])
def test_a_forged_cache_header_is_refused(tmp_path: Path, header: bytes) -> None:
    path = tmp_path / "forged.bin"
    path.write_bytes(len(header).to_bytes(4, "little") + header + b"\x00" * 64)
    with pytest.raises(ValueError):
        CompactFrequencies.read(path)


def test_a_bad_dictionary_line_is_named(tmp_path: Path) -> None:
    (tmp_path / "dict.txt").write_text("天 3 n\n坏行\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 2"):
        read_dictionary(tmp_path / "dict.txt")
    (tmp_path / "dict.txt").write_text("天后宫 3 n\n天 5\n天后宫 4\n", encoding="utf-8")
    words, total = read_dictionary(tmp_path / "dict.txt")
    assert {w: words[w] for w in words} == {"天后宫": 4, "天": 5, "天后": 0} and total == 12


def test_detection_never_imports_jieba(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from app.features.heritage.detect import Detector\n"
        "d = Detector({'zh-Hans': {'天后': ['cn-mazu']}})\n"
        "assert [m.text for m in d.detect('天后宫，三天后')] == ['天后']\n"
        "assert 'jieba' not in sys.modules\n"
        "print('ok')\n"
    )
    env = {"KILN_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().endswith("ok")
