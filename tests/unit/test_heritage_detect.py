"""Heritage-term detection with spaCy PhraseMatchers, project scans, and linking entries."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from app.cli import main as cli
from app.features.heritage import detect, scan
from app.features.heritage.detect import Detector, detector_for, phrase_tables
from app.features.heritage.library import Library
from app.features.heritage.linking import link_entry, linked_entries, snapshots
from app.features.heritage.normalize import fold
from app.features.heritage.scan import detect_project
from app.project.commands import CommandError
from app.project.open_project import OpenProject

FIXTURE = Path(__file__).parents[1] / "data" / "heritage"


@pytest.fixture(scope="module")
def detector() -> Detector:
    entries = []
    for path in sorted(FIXTURE.glob("*.json")):
        entries += json.loads(path.read_text(encoding="utf-8"))["entries"]
    return Detector(phrase_tables(entries))


@pytest.fixture
def library(tmp_path: Path) -> Library:
    with Library.open(f"sqlite:///{tmp_path / 'lib.sqlite'}", seed=FIXTURE) as lib:
        yield lib


def found(detector: Detector, text: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(m.text, m.entry_ids) for m in detector.detect(text)]


def test_chinese(detector: Detector) -> None:
    text = "她在景德镇学画青花，晚上去看京剧。"
    assert found(detector, text) == [
        ("景德镇", ("cn-jingdezhen-handmade-porcelain",)),
        ("青花", ("cn-qinghua-porcelain",)),
        ("京剧", ("unesco-00418-peking-opera",)),
    ]
    # the longer name wins over the alias inside it
    assert found(detector, "一只青花瓷梅瓶") == [("青花瓷", ("cn-qinghua-porcelain",))]


def test_english_ignores_case(detector: Detector) -> None:
    text = "They argue about Blue and White Porcelain before the Peking Opera."
    assert found(detector, text) == [
        ("Blue and White Porcelain", ("cn-qinghua-porcelain",)),
        ("Peking Opera", ("unesco-00418-peking-opera",)),
    ]


def test_portuguese_without_and_with_accents(detector: Detector) -> None:
    assert found(detector, "Entraram na roda de capoeira ao som do berimbau.") == [
        ("roda de capoeira", ("unesco-00892-capoeira",))
    ]
    assert found(detector, "Ouviram um FADO em Alfama.") == [("FADO", ("unesco-00563-fado",))]
    assert found(detector, "Festival do Barco-Dragão") == [
        ("Festival do Barco-Dragão", ("unesco-00225-dragon-boat",))
    ]


def test_arabic_with_variant_letters_and_harakat(detector: Detector) -> None:
    text = "تعلّمت الخَطّ العربي في القاهرة، ثم عزفت على الكمنجه."
    matches = detector.detect(text)
    assert [m.entry_ids for m in matches] == [
        ("unesco-01718-arabic-calligraphy",),
        ("unesco-01276-kamancheh",),
    ]
    assert matches[0].text == "الخَطّ العربي"  # offsets point into the original text
    assert text[matches[1].start : matches[1].end] == "الكمنجه"


def test_persian_including_words_with_clitics(detector: Detector) -> None:
    assert found(detector, "مادرجون برای نوروز سفره می‌چیند.") == [
        ("نوروز", ("unesco-01161-nowruz",))
    ]
    text = "صدای کمانچه‌ای از کوچه می‌آمد؛ عيد نوروز نزديک است."
    assert found(detector, text) == [
        ("کمانچه", ("unesco-01276-kamancheh",)),
        ("عيد نوروز", ("unesco-01161-nowruz",)),
    ]


def test_text_without_terms(detector: Detector) -> None:
    assert detector.detect("") == []
    assert detector.detect("12345 !!!") == []
    assert detector.detect("她推开门。") == []


def test_detector_is_cached_by_content_hash(library: Library, _private_data_dir: Path) -> None:
    detect._cache.clear()
    first = detector_for(library)
    assert detector_for(library) is first
    cached = detect.cache_path(library.content_hash())
    assert cached.exists()
    detect._cache.clear()
    assert detector_for(library).tables == first.tables  # read back from the disk cache
    entry = dict(library.get("unesco-00563-fado"))
    entry["aliases"] = {"pt": ["fado", "fadinho"]}
    library.save_entry(entry)
    rebuilt = detector_for(library)
    assert rebuilt is not first
    assert found(rebuilt, "um fadinho") == [("fadinho", ("unesco-00563-fado",))]


def test_sample_project_terms_per_scene(sample_kiln: Path, detector: Detector) -> None:
    with OpenProject.open(sample_kiln, read_only=True, backup=False) as project:
        scenes = detect_project(project, detector)
        numbers = {s.number for s in project.scenes()}
    assert scenes and all(s.number in numbers for s in scenes)
    terms = {m.match.text for s in scenes for m in s.matches}
    assert {"青花", "景德镇"} <= terms
    first = scenes[0].matches[0]
    assert first.element >= 1 and first.match.entry_ids


def test_cli_detect_json(sample_kiln: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KILN_HERITAGE_SEED_DIR", str(FIXTURE))
    out, err = io.StringIO(), io.StringIO()
    assert cli.run(["detect", str(sample_kiln), "--json"], out, err) == 0, err.getvalue()
    payload = json.loads(out.getvalue())
    ids = {i for s in payload for m in s["matches"] for i in m["entry_ids"]}
    assert {"cn-qinghua-porcelain", "cn-jingdezhen-handmade-porcelain"} <= ids
    assert all(s["scene"].count("-") == 1 for s in payload)


def test_link_entry_keeps_a_snapshot_and_undoes(sample_kiln: Path, library: Library) -> None:
    with OpenProject.open(sample_kiln, backup=False) as project:
        scene = project.scenes()[0]
        link_entry(project, "scene", scene.id, "cn-qinghua-porcelain", library)
        assert linked_entries(project) == [("scene", scene.id, "cn-qinghua-porcelain")]
        snap = snapshots(project)["cn-qinghua-porcelain"]
        assert snap == library.get("cn-qinghua-porcelain")
        with pytest.raises(CommandError):
            link_entry(project, "scene", scene.id, "cn-qinghua-porcelain", library)
        with pytest.raises(CommandError):
            link_entry(project, "scene", scene.id, "no-such-entry", library)
        with pytest.raises(CommandError):
            link_entry(project, "character", scene.id, "cn-qinghua-porcelain", library)
        project.undo()
        assert linked_entries(project) == [] and snapshots(project) == {}
        project.redo()
        assert len(linked_entries(project)) == 1
    with OpenProject.open(sample_kiln, read_only=True, backup=False) as reopened:
        assert "cn-qinghua-porcelain" in snapshots(reopened)


@pytest.mark.parametrize(
    ("lang", "phrases"),
    [
        ("en", ["peking opera", "capoeira.", "peking opera's", "u.s. folk", "can't stop", "gonna"]),
        ("pt", ["roda de capoeira", "mãe-d'água", "festa do divino", "pé-de-moleque"]),
        ("fa", ["زیبایی", "کمانچه ای", "عید نوروز", "هنر ساخت و نواختن کمانچه"]),
        ("ar", ["الخط العربي", "فن صناعة آلة الكمنجة", "الكمنجة،"]),
        ("zh-Hans", ["青花瓷", "景德镇 制瓷", "京剧"]),
    ],
)
def test_pattern_tokens_equal_the_pipeline_tokens(lang: str, phrases: list[str]) -> None:
    import spacy

    nlp = spacy.blank(detect.PIPELINES[lang])
    expected = [
        tuple(nlp.vocab.strings.add(c) for c in p)
        if lang == "zh-Hans"
        else tuple(t.orth for t in nlp.make_doc(p))
        for p in phrases
    ]
    assert detect._keywords(nlp, lang, phrases) == expected


# -- word segmentation (jieba) and Arabic-script normalisation ------------------------------

MAZU = {"zh-Hans": {"天后": ["cn-mazu"], "妈祖": ["cn-mazu"], "京剧": ["unesco-00418"]}}


def test_a_short_chinese_alias_matches_only_as_a_word() -> None:
    """天后 (Mazu, Empress of Heaven) is a word in 天后宫 but not in 三天后 ("three days later")."""
    words = Detector(MAZU)
    assert found(words, "天后宫") == [("天后", ("cn-mazu",))]
    assert found(words, "三天后") == []
    assert found(words, "三天后她去了天后宫拜妈祖") == [
        ("天后", ("cn-mazu",)),
        ("妈祖", ("cn-mazu",)),
    ]
    assert found(words, "她信奉天后。") == [("天后", ("cn-mazu",))]
    assert found(words, "明天后天都有京剧") == [("京剧", ("unesco-00418",))]


def test_library_terms_are_added_to_the_segmenter() -> None:
    """A library name jieba does not know is still one word, so it matches whole."""
    words = Detector({"zh-Hans": {"成泥砚": ["cn-inkstone"]}})
    assert found(words, "他拿出一方成泥砚。") == [("成泥砚", ("cn-inkstone",))]
    assert "成泥砚" in words.words_zh.tokenizer().frequencies


@pytest.mark.parametrize(
    ("written", "term"),
    [
        ("إحياء نوروز", "احیاء نوروز"),  # hamza under alef, Arabic yeh
        ("أذان", "اذان"),  # hamza above alef
        ("ٱلقرآن", "القران"),  # alef wasla, madda
        ("الكمنجة", "الکمنجه"),  # Arabic kaf, teh marbuta
        ("كمانچه", "کمانچه"),  # Arabic kaf in a Persian word
        ("مَقام", "مقام"),  # harakat
        ("نقّالی", "نقالی"),  # shadda
        ("کمانچه\u200cنوازی", "کمانچهنوازی"),  # ZWNJ
        ("نقالي", "نقالی"),  # Arabic yeh in Persian
        ("ھنر", "هنر"),  # heh doachashmee
    ],
)
def test_arabic_and_persian_variants_fold_alike(written: str, term: str) -> None:
    assert fold(written) == fold(term)


def test_persian_term_matches_written_with_arabic_letters_and_zwnj() -> None:
    words = Detector({"fa": {"کمانچه نوازی": ["ir-kamancheh"], "نقالی": ["ir-naqqali"]},
                      "ar": {}})
    tables = phrase_tables([{"id": "ir-naqqali", "names": {"fa": "نقّالی"}}])
    assert "نقالی" in tables["fa"]
    assert found(words, "شب‌ها نقالي می‌شنیدیم.") == [("نقالي", ("ir-naqqali",))]


def test_segmentation_looks_at_the_sentence_around_a_long_paragraph() -> None:
    """Only the phrase around a match is segmented; a long paragraph decides alike."""
    words = Detector(MAZU)
    filler = "他们在码头上等了很久，" * 30
    assert found(words, filler + "三天后才回来。" + filler) == []
    assert found(words, filler + "她去了天后宫。" + filler) == [("天后", ("cn-mazu",))]


def test_a_project_scanned_in_batches_finds_what_one_pass_finds(
    sample_kiln: Path, detector: Detector, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Scenes are read and matched a few at a time; the answer is the one-pass answer."""
    with OpenProject.open(sample_kiln, read_only=True, backup=False) as project:
        monkeypatch.setattr(scan, "SCENE_BATCH", 10_000)
        whole = detect_project(project, detector)
        monkeypatch.setattr(scan, "SCENE_BATCH", 2)
        batches = scan.scene_batches(project)
        assert len(batches) > 2 and all(len(b) <= 2 for b in batches)
        assert [s for b in batches for s in b] == [s.id for s in project.scenes()]
        batched = detect_project(project, detector)
        chosen = {whole[0].scene_id, whole[-1].scene_id, project.scenes()[1].id}
        again = detect_project(project, detector, chosen)
    assert [(s.scene_id, s.number, s.matches) for s in batched] == [
        (s.scene_id, s.number, s.matches) for s in whole
    ]
    assert whole and sum(len(s.matches) for s in whole) > 3
    assert {s.scene_id for s in again} == chosen  # asked-for scenes come back, even empty


def test_chinese_text_outside_the_terms_does_not_grow_the_vocabulary(
    sample_kiln: Path, detector: Detector, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Runs of characters in no term reach spaCy as one placeholder each: the zh vocabulary
    keeps the terms' characters only, and the matches are those of the real runs."""
    with OpenProject.open(sample_kiln, read_only=True, backup=False) as project:
        texts = [e.text for s in project.scenes() for e in project.elements(s.id) if e.text]
    texts += ["三天后她去了天后宫拜妈祖", "昨天后来", "景德镇的青花瓷，景德镇。"]
    vocab = detector.pipelines["zh-Hans"].vocab
    detector.detect_many(texts)
    size = len(vocab)
    placed = detector.detect_many(texts + ["全新的句子里没有任何条目", "另一段从未见过的文字"])
    assert len(vocab) == size  # new text, no new lexemes
    monkeypatch.setattr(detect, "_PLACEHOLDER", "青")  # a term character: the runs go in whole
    whole = detector.detect_many(texts)
    assert len(vocab) > size
    assert placed[: len(texts)] == whole
    assert sum(len(m) for m in whole) > 5
