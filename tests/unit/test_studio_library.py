"""The studio's shared heritage library: searched on the server with pg_trgm (and the array of
Chinese characters and pairs for one- and two-character queries), copied to laptops for
offline use, and edited on one laptop for the others."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.features.heritage.library import Library, read_seed, seed_dir
from app.features.studio import library as shared
from app.features.studio import server
from tests.support.studio import StudioFixture


@pytest.fixture
def seeded(studio: StudioFixture) -> StudioFixture:
    entries, _hash = read_seed(seed_dir())
    with server.transaction(studio.address("admin")) as conn:
        assert shared.upload(conn, entries) == len(entries)
        assert shared.upload(conn, entries) == 0  # unchanged entries are not sent again
    return studio


def _ids(studio: StudioFixture, query: str, **kw: object) -> list[str]:
    with server.transaction(studio.address("leila"), read_only=True) as conn:
        return [h.entry_id for h in shared.search(conn, query, **kw)]


def test_one_and_two_character_chinese_queries_find_their_entries(seeded: StudioFixture) -> None:
    assert "cn-jingdezhen-porcelain" in _ids(seeded, "青花")
    assert {"cn-jingdezhen-porcelain", "cn-jun-porcelain"} <= set(_ids(seeded, "瓷", limit=50))
    assert "cn-jun-porcelain" in _ids(seeded, "钧瓷")
    assert _ids(seeded, "青花瓷")[0] == "cn-jingdezhen-porcelain"
    assert "cn-jingdezhen-porcelain" in _ids(seeded, "Porcelain making")
    assert _ids(seeded, "no such thing at all") == []


def test_the_searches_use_their_indexes(seeded: StudioFixture) -> None:
    cluster, db = seeded.cluster, seeded.database
    cluster.psql("SET enable_seqscan = off", db)
    plan = cluster.psql(
        "SET enable_seqscan = off; EXPLAIN SELECT id FROM studio.heritage_entry "
        "WHERE grams @> ARRAY['青花']", db)
    assert "heritage_grams" in plan
    plan = cluster.psql(
        "SET enable_seqscan = off; EXPLAIN SELECT id FROM studio.heritage_entry "
        "WHERE search_text LIKE '%porcelain%'", db)
    assert "heritage_trgm" in plan


def test_a_laptop_copies_the_studio_library_and_an_edit_travels(
    seeded: StudioFixture, tmp_path: Path
) -> None:
    first = Library.open(f"sqlite:///{tmp_path / 'a.sqlite'}")
    second = Library.open(f"sqlite:///{tmp_path / 'b.sqlite'}")
    try:
        assert shared.sync_library(first, seeded.address("amira")).received > 0
        entry = dict(first.get("cn-jun-porcelain"))
        entry["portrayal_notes"] = "工作室审过：窑变不可预知。"
        first.save_entry(entry)
        sent = shared.sync_library(first, seeded.address("leila"))
        assert sent.sent == 1 and sent.kept_aside == []
        got = shared.sync_library(second, seeded.address("bo"))
        assert second.get("cn-jun-porcelain")["portrayal_notes"] == "工作室审过：窑变不可预知。"
        assert shared.sync_library(second, seeded.address("bo")).received == 0
        assert got.head > 0
        # Both change one entry: the studio's stays, the laptop's goes to a file, not lost.
        mine = dict(second.get("cn-jun-porcelain"), portrayal_notes="第二台")
        second.save_entry(mine)
        theirs = dict(first.get("cn-jun-porcelain"), portrayal_notes="第一台")
        first.save_entry(theirs)
        shared.sync_library(first, seeded.address("leila"))
        clash = shared.sync_library(second, seeded.address("bo"))
        assert len(clash.kept_aside) == 1 and "第二台" in Path(clash.kept_aside[0]).read_text()
        assert second.get("cn-jun-porcelain")["portrayal_notes"] == "第一台"
    finally:
        first.close()
        second.close()


def test_a_translator_may_read_but_not_change_the_library(seeded: StudioFixture) -> None:
    import psycopg

    with psycopg.connect(seeded.url("tariq")) as conn:
        assert conn.execute("SELECT count(*) FROM studio.heritage_entry").fetchone()[0] > 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE studio.heritage_entry SET search_text = ''")


def test_the_library_words_of_the_command_line(studio: StudioFixture) -> None:
    from tests.unit.test_studio_cli import kiln

    code, out, err = kiln("studio", "library", "publish", studio.url("admin"))
    assert code == 0, err
    code, out, err = kiln("studio", "library", "search", studio.url("tariq"), "青花")
    assert code == 0 and out.startswith("cn-jingdezhen-porcelain\t"), err
    code, out, err = kiln("studio", "library", "sync", studio.url("amira"))
    assert code == 0 and "sent 0" in out, err
