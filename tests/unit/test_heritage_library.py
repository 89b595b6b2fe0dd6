"""The heritage library: seed validation, creation, search in five languages, filters, merging."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from app.core.paths import RESOURCES
from app.features.heritage.errors import HeritageError
from app.features.heritage.library import Library, read_seed
from app.features.heritage.migrate import related_ids
from app.features.heritage.search import ALIAS, DESCRIPTION, EXACT_NAME, NAME_PREFIX, Filters
from app.features.heritage.validate import entry_problems, file_problems

FIXTURE = Path(__file__).parents[1] / "data" / "heritage"
SEED = RESOURCES / "heritage"


@pytest.fixture
def library(tmp_path: Path) -> Library:
    with Library.open(f"sqlite:///{tmp_path / 'lib.sqlite'}", seed=FIXTURE) as lib:
        yield lib


def ids(hits) -> list[str]:
    return [h.entry_id for h in hits]


# -- seed ---------------------------------------------------------------------------------


def test_fixture_files_validate() -> None:
    for path in FIXTURE.glob("*.json"):
        assert file_problems(json.loads(path.read_text(encoding="utf-8"))) == [], path


def test_validator_names_each_problem() -> None:
    entry = json.loads((FIXTURE / "china.json").read_text(encoding="utf-8"))["entries"][0]
    entry["names"].pop("en")
    entry["countries"] = ["China"]
    entry["national"] = {"code": "8-1", "batch": 9}
    entry["sources"] = []
    problems = entry_problems(entry)
    assert any("names.en" in p for p in problems)
    assert any("countries[0]" in p for p in problems)
    assert any("national.batch" in p for p in problems)
    assert any("national.code" in p for p in problems)
    assert any("sources" in p for p in problems)


# china-national fell from 60 to 51 on 2026-12-07: nine entries sourced only by a content farm
# were removed until an official source is found (resources/heritage/SOURCES.md).
SEED_FILES = {"unesco-china.json": 45, "china-national.json": 51, "partners.json": 44}


@pytest.mark.skipif(not (SEED / "unesco-china.json").exists(), reason="seed not written yet")
def test_bundled_seed_validates_and_has_the_counts() -> None:
    entries, _hash = read_seed(SEED)  # raises on any schema problem or duplicate id
    by_file = {}
    for name, minimum in SEED_FILES.items():
        data = json.loads((SEED / name).read_text(encoding="utf-8"))
        assert file_problems(data) == []
        by_file[name] = data["entries"]
        assert len(data["entries"]) >= minimum, name
    known = {e["id"] for e in entries}
    for entry in entries:
        assert set(related_ids(entry)) <= known, entry["id"]
    assert all(e["inscriptions"] for e in by_file["unesco-china.json"])


def test_a_broken_seed_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text('{"format": "kiln-heritage", "version": 1}')
    with pytest.raises(HeritageError, match="bad.json"):
        read_seed(tmp_path)


# -- creation -----------------------------------------------------------------------------


def test_first_open_creates_the_file_in_the_data_folder(_private_data_dir: Path) -> None:
    with Library.open(seed=FIXTURE) as lib:
        assert len(lib) == 10
    assert (_private_data_dir / "heritage.sqlite").exists()
    assert not list(_private_data_dir.glob("*.tmp"))
    with Library.open(seed=FIXTURE) as again:
        assert again.get("unesco-00418-peking-opera")["names"]["zh-Hans"] == "京剧"


# -- search -------------------------------------------------------------------------------


def test_two_character_chinese_finds_blue_and_white(library: Library) -> None:
    assert ids(library.search("青花"))[0] == "cn-qinghua-porcelain"
    assert ids(library.search("京剧")) == ["unesco-00418-peking-opera"]
    assert library.search("京剧")[0].tier == EXACT_NAME


def test_one_character_chinese(library: Library) -> None:
    found = ids(library.search("瓷"))
    assert set(found) == {"cn-qinghua-porcelain", "cn-jingdezhen-handmade-porcelain"}


def test_english_finds_porcelain_entries(library: Library) -> None:
    found = ids(library.search("porcelain"))
    assert set(found) == {"cn-qinghua-porcelain", "cn-jingdezhen-handmade-porcelain"}
    assert ids(library.search("PEKING"))[0] == "unesco-00418-peking-opera"


def test_portuguese_ignores_diacritics(library: Library) -> None:
    assert ids(library.search("cancao popular")) == ["unesco-00563-fado"]
    assert ids(library.search("capoeíra"))[0] == "unesco-00892-capoeira"
    assert ids(library.search("Barco-Dragao")) == ["unesco-00225-dragon-boat"]


def test_arabic_letter_variants_fold(library: Library) -> None:
    # ة written as ه, and with harakat and tatweel added
    assert ids(library.search("الكمنجه")) == ["unesco-01276-kamancheh"]
    assert ids(library.search("الخَـطّ العربى")) == ["unesco-01718-arabic-calligraphy"]
    assert ids(library.search("اوبرا")) == ["unesco-00418-peking-opera"]  # أ without hamza


def test_persian_letter_variants_fold(library: Library) -> None:
    assert ids(library.search("نوروز"))[0] == "unesco-01161-nowruz"
    # Arabic kaf ك and yeh ي for Persian ک and ی
    assert ids(library.search("كمانچه")) == ["unesco-01276-kamancheh"]
    assert ids(library.search("خوشنويسي")) == ["unesco-01718-arabic-calligraphy"]


def test_descriptions_are_searched_last(library: Library) -> None:
    hits = library.search("berimbau")
    assert ids(hits) == ["unesco-00892-capoeira"] and hits[0].tier == DESCRIPTION
    hits = library.search("钴料")
    assert ids(hits) == ["cn-qinghua-porcelain"]


def test_ranking_orders_exact_prefix_alias(library: Library) -> None:
    hits = library.search("fado")
    assert hits[0].entry_id == "unesco-00563-fado" and hits[0].tier == NAME_PREFIX
    hits = library.search("昆剧")
    assert hits[0].tier == ALIAS
    # "jingdezhen" is a name prefix of one entry and only in descriptions elsewhere
    assert ids(library.search("jingdezhen"))[0] == "cn-jingdezhen-handmade-porcelain"


def test_filters(library: Library) -> None:
    assert set(ids(library.search("", Filters(domain="traditional_craftsmanship")))) == {
        "cn-jingdezhen-handmade-porcelain",
        "cn-qinghua-porcelain",
        "unesco-01276-kamancheh",
        "unesco-01718-arabic-calligraphy",
    }
    assert ids(library.search("", Filters(category="folk_customs"))) == ["unesco-00225-dragon-boat"]
    assert set(ids(library.search("", Filters(country="ir")))) == {
        "unesco-01161-nowruz",
        "unesco-01276-kamancheh",
    }
    assert ids(library.search("", Filters(inscription_list="masterpiece"))) == [
        "unesco-00081-kunqu"
    ]
    years = ids(library.search("", Filters(year_from=2010, year_to=2011)))
    assert set(years) == {"unesco-00418-peking-opera", "unesco-00563-fado"}
    national = Filters(inscription_list="national", year_to=2006)
    assert "cn-jingdezhen-handmade-porcelain" in ids(library.search("", national))
    assert ids(library.search("opera", Filters(year_to=2005))) == ["unesco-00081-kunqu"]
    assert library.search("青花", Filters(country="BR")) == []


def test_empty_query_without_filters_finds_nothing(library: Library) -> None:
    assert library.search("   ") == []


# -- merging a newer seed -----------------------------------------------------------------


def test_newer_seed_merges_without_overwriting_local_edits(tmp_path: Path) -> None:
    seed = tmp_path / "seed"
    shutil.copytree(FIXTURE, seed)
    url = f"sqlite:///{tmp_path / 'lib.sqlite'}"
    with Library.open(url, seed=seed) as lib:
        edited = dict(lib.get("unesco-00418-peking-opera"))
        edited["portrayal_notes"] = "Consultant: the painted face is red for loyalty."
        before = lib.content_hash()
        lib.save_entry(edited)
        assert lib.content_hash() != before
        assert lib.is_locally_edited("unesco-00418-peking-opera")

    data = json.loads((seed / "china.json").read_text(encoding="utf-8"))
    for entry in data["entries"]:
        entry["region"] = "Seed v2"
    data["entries"].append(
        {**data["entries"][0], "id": "cn-zz-new", "names": {"zh-Hans": "新条目", "en": "New entry"}}
    )
    (seed / "china.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    with Library.open(url, seed=seed) as lib:
        kept = lib.get("unesco-00418-peking-opera")
        assert kept["portrayal_notes"].startswith("Consultant")
        assert kept["region"] == "Beijing"
        assert lib.get("unesco-00081-kunqu")["region"] == "Seed v2"
        assert lib.get("cn-zz-new")["names"]["en"] == "New entry"
        assert ids(lib.search("新条目")) == ["cn-zz-new"]


def test_saving_an_invalid_entry_changes_nothing(library: Library) -> None:
    entry = dict(library.get("unesco-00563-fado"))
    entry["countries"] = []
    before = library.content_hash()
    with pytest.raises(HeritageError, match="unesco-00563-fado"):
        library.save_entry(entry)
    assert library.content_hash() == before


def test_search_index_is_cached_by_content(tmp_path: Path, _private_data_dir: Path) -> None:
    url = f"sqlite:///{tmp_path / 'lib.sqlite'}"
    with Library.open(url, seed=FIXTURE) as lib:
        assert ids(lib.search("京剧")) == ["unesco-00418-peking-opera"]
        cached = list((_private_data_dir / "cache").glob("heritage-index-*.pickle"))
        assert len(cached) == 1
    with Library.open(url, seed=FIXTURE) as lib:
        assert ids(lib.search("京剧")) == ["unesco-00418-peking-opera"]  # from the cache
        entry = dict(lib.get("unesco-00418-peking-opera"), aliases={"zh-Hans": ["皮黄"]})
        lib.save_entry(entry)
        assert ids(lib.search("皮黄")) == ["unesco-00418-peking-opera"]
        assert ids(lib.search("京戏")) == []
    assert len(list((_private_data_dir / "cache").glob("heritage-index-*.pickle"))) == 2
    for path in (_private_data_dir / "cache").glob("heritage-index-*.pickle"):
        path.write_bytes(b"not a pickle")
    with Library.open(url, seed=FIXTURE) as lib:
        assert ids(lib.search("皮黄")) == ["unesco-00418-peking-opera"]
