"""Format version 2 of heritage entries: migration of user libraries, old files, round trips."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from app.core.paths import RESOURCES
from app.features.heritage import store
from app.features.heritage.errors import HeritageError
from app.features.heritage.library import Library, read_seed
from app.features.heritage.migrate import migrate_entry, migrate_file
from app.features.heritage.store import LibraryEntry, LibraryMeta, entry_hash
from app.features.heritage.transfer import export_library, import_file
from app.features.heritage.validate import entry_problems

FIXTURE = Path(__file__).parents[1] / "data" / "heritage"

V1_ENTRY = {
    "id": "cn-local-craft",
    "names": {"zh-Hans": "本地技艺", "en": "A local craft"},
    "aliases": {},
    "unesco_domains": ["traditional_craftsmanship"],
    "china_category": "traditional_craftsmanship",
    "countries": ["CN"],
    "region": "",
    "community": "",
    "inscriptions": [],
    "national_batch": 4,
    "national_number": "Ⅷ-240",
    "description": {"en": "A craft.", "zh-Hans": "一种技艺。"},
    "portrayal_notes": "",
    "sensitivities": "Ask the workshop before filming the kiln.",
    "related": ["unesco-00418-peking-opera"],
    "sources": [{"url": "https://example.org/a", "title": "A page", "read": "2026-11-23"}],
    "uncertain": "",
    "review": {"status": "unreviewed", "by": "", "at": ""},
}


def test_a_version_1_entry_becomes_a_valid_version_2_entry() -> None:
    new = migrate_entry(V1_ENTRY)
    assert entry_problems(new) == []
    assert new["national"] == {"code": "Ⅷ-240", "batch": 4, "year": 2014}
    assert new["sensitivities"] == [
        {"kind": "other", "text": "Ask the workshop before filming the kiln.", "sources": []}
    ]
    assert new["relations"] == [{"kind": "related", "id": "unesco-00418-peking-opera"}]
    assert new["domains_source"] == "ours"
    assert "national_batch" not in new and "related" not in new
    assert migrate_entry(new) == new  # a version-2 entry is left alone
    old_unesco = dict(V1_ENTRY, id="unesco-00418", national_batch=None, national_number="")
    migrated = migrate_entry(old_unesco)
    assert migrated["unesco"] == {"element": "00418", "url": "", "states": ["CN"]}
    assert "national" not in migrated


def _downgrade(url: str, entry_id: str, *, edited: bool) -> None:
    """Make the library at ``url`` look as an older Kiln left it: format 1, one v1 entry."""
    engine = store.make_engine(url)
    with engine.begin() as connection:
        data = dict(V1_ENTRY, id=entry_id)
        connection.execute(
            LibraryEntry.__table__.update()
            .where(LibraryEntry.id == entry_id)
            .values(data=data, data_hash=entry_hash(data), locally_edited=edited)
        )
        connection.execute(
            LibraryMeta.__table__.update()
            .where(LibraryMeta.key == "schema_version")
            .values(value="1")
        )
    engine.dispose()


def test_opening_an_old_library_migrates_edited_entries_and_refreshes_the_others(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'lib.sqlite'}"
    with Library.open(url, seed=FIXTURE) as lib:
        seeded = lib.get("unesco-00081-kunqu")
    _downgrade(url, "cn-qinghua-porcelain", edited=True)
    engine = store.make_engine(url)
    with engine.begin() as connection:  # an unedited row still in the version-1 shape
        old = dict(V1_ENTRY, id="unesco-00081-kunqu")
        connection.execute(LibraryEntry.__table__.update().where(
            LibraryEntry.id == "unesco-00081-kunqu").values(
                data=old, data_hash=entry_hash(old), seed_hash=entry_hash(old)))
    engine.dispose()
    with Library.open(url, seed=FIXTURE) as lib:
        assert lib.meta("schema_version") == store.SCHEMA_VERSION
        kept = lib.get("cn-qinghua-porcelain")
        assert lib.is_locally_edited("cn-qinghua-porcelain")
        assert kept["national"]["code"] == "Ⅷ-240"  # the local edit survives, migrated
        assert kept["sensitivities"][0]["kind"] == "other"
        assert all(entry_problems(e) == [] for e in lib.entries())
        assert lib.get("unesco-00081-kunqu") == seeded  # migrated, then refreshed from the seed


def test_a_library_from_a_newer_kiln_is_refused_not_downgraded(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'lib.sqlite'}"
    Library.open(url, seed=FIXTURE).close()
    engine = store.make_engine(url)
    with engine.begin() as connection:
        connection.execute(LibraryMeta.__table__.update().where(
            LibraryMeta.key == "schema_version").values(value="3"))
    engine.dispose()
    with pytest.raises(HeritageError, match="newer Kiln"):
        Library.open(url, seed=FIXTURE)
    engine = store.make_engine(url)
    with engine.connect() as connection:
        version = connection.execute(select(LibraryMeta.value).where(
            LibraryMeta.key == "schema_version")).scalar()
    engine.dispose()
    assert version == "3"


def test_version_1_files_import(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (tmp_path / "old.json").write_text(json.dumps(
        {"format": "kiln-heritage", "version": 1, "entries": [V1_ENTRY]}, ensure_ascii=False),
        encoding="utf-8")
    old_csv = tmp_path / "old.csv"
    columns = ["id", "name.zh-Hans", "name.en", "countries", "national_batch", "national_number",
               "description.en", "description.zh-Hans", "sensitivities", "related", "sources"]
    with old_csv.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns)
        writer.writeheader()
        writer.writerow({"id": "cn-old-row", "name.zh-Hans": "旧行", "name.en": "Old row",
                         "countries": "CN", "national_batch": "2", "national_number": "Ⅳ-1",
                         "description.en": "x", "description.zh-Hans": "x",
                         "sensitivities": "Sacred.", "related": "",
                         "sources": json.dumps(V1_ENTRY["sources"])})
    with Library.open(f"sqlite:///{tmp_path / 'lib.sqlite'}", seed=empty) as lib:
        import_file(lib, tmp_path / "old.json")
        import_file(lib, old_csv)
        assert lib.get("cn-local-craft")["national"]["batch"] == 4
        row = lib.get("cn-old-row")
        assert row["national"] == {"code": "Ⅳ-1", "batch": 2, "year": 2008, "serial": None,
                                   "applicants": [], "extensions": []}
        assert row["sensitivities"][0]["text"] == "Sacred."


def test_a_file_of_a_newer_format_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    path = tmp_path / "new.json"
    path.write_text(json.dumps({"format": "kiln-heritage", "version": 9, "entries": []}))
    with Library.open(f"sqlite:///{tmp_path / 'lib.sqlite'}", seed=empty) as lib:
        with pytest.raises(HeritageError, match="newer than this Kiln"):
            import_file(lib, path)


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_the_bundled_library_round_trips_every_field(tmp_path: Path, fmt: str) -> None:
    """Every structured field of the real seed (UNESCO, national, sensitivities, access,
    relations, descriptions in five languages) survives an export and an import."""
    seed = RESOURCES / "heritage"
    with Library.open(f"sqlite:///{tmp_path / 'a.sqlite'}", seed=seed) as lib:
        out = tmp_path / f"all.{fmt}"
        export_library(lib, out, fmt)
        empty = tmp_path / "empty"
        empty.mkdir()
        with Library.open(f"sqlite:///{tmp_path / 'b.sqlite'}", seed=empty) as other:
            import_file(other, out)
            assert other.entries() == lib.entries()


def test_seed_files_are_in_the_current_format() -> None:
    entries, _hash = read_seed(RESOURCES / "heritage")
    for path in (RESOURCES / "heritage").glob("*.json"):
        if path.name != "schema.json":
            data = json.loads(path.read_text(encoding="utf-8"))
            assert data["version"] == 2 and migrate_file(data) is data, path.name
    assert not any("national_batch" in e or "related" in e for e in entries)
