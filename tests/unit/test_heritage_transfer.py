"""Import and export of the heritage library: round trips, all-or-nothing imports, duplicates."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from app.cli import main as cli
from app.features.heritage.errors import ImportRejected
from app.features.heritage.library import Library
from app.features.heritage.transfer import export_library, import_file

FIXTURE = Path(__file__).parents[1] / "data" / "heritage"


@pytest.fixture
def library(tmp_path: Path) -> Library:
    with Library.open(f"sqlite:///{tmp_path / 'lib.sqlite'}", seed=FIXTURE) as lib:
        yield lib


def _empty_library(tmp_path: Path, name: str) -> Library:
    empty = tmp_path / f"empty-{name}"
    empty.mkdir()
    return Library.open(f"sqlite:///{tmp_path / name}", seed=empty)


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_then_import_round_trips(library: Library, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"library.{fmt}"
    assert export_library(library, out, fmt) == 10
    with _empty_library(tmp_path, f"other-{fmt}.sqlite") as other:
        report = import_file(other, out)
        assert (report.added, report.replaced) == (10, 0)
        assert other.entries() == library.entries()
        assert other.is_locally_edited("unesco-00563-fado")


def test_reimporting_replaces_by_id(library: Library, tmp_path: Path) -> None:
    out = tmp_path / "lib.json"
    export_library(library, out, "json")
    data = json.loads(out.read_text(encoding="utf-8"))
    data["entries"][0]["community"] = "Edited in a spreadsheet"
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    report = import_file(library, out)
    assert (report.added, report.replaced) == (0, 10)
    assert library.get(data["entries"][0]["id"])["community"] == "Edited in a spreadsheet"


def test_csv_with_bad_rows_imports_nothing_and_names_each_line(
    library: Library, tmp_path: Path
) -> None:
    out = tmp_path / "lib.csv"
    export_library(library, out, "csv")
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    fields = list(rows[0])
    new = dict(rows[0], id="cn-new-one", **{"name.zh-Hans": "新的", "name.en": "A new one"})
    bad_year = dict(new, id="cn-bad-year", **{"name.en": "Bad year"})
    bad_year["inscriptions"] = '[{"list": "representative", "year": 1990}]'
    no_name = dict(new, id="cn-no-name", **{"name.en": ""})
    bad_batch = dict(new, id="cn-bad-batch", **{"name.en": "Bad batch", "national.batch": "two"})
    same_name = dict(rows[1], id="cn-copy")  # same names and country as an existing entry
    with (tmp_path / "in.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows([new, bad_year, no_name, bad_batch, same_name])
    before = library.content_hash()
    with pytest.raises(ImportRejected) as caught:
        import_file(library, tmp_path / "in.csv")
    problems = caught.value.problems
    assert [p.split(":")[0] for p in problems] == ["line 3", "line 4", "line 5", "line 6"]
    assert "inscriptions[0].year" in problems[0]
    assert "names.en" in problems[1]
    assert "national.batch" in problems[2]
    assert rows[1]["id"] in problems[3]
    assert library.content_hash() == before
    assert library.get("cn-new-one") is None


def test_json_duplicates_within_the_file_are_reported(library: Library, tmp_path: Path) -> None:
    entry = dict(library.get("unesco-00563-fado"), id="pt-fado-copy")
    twin = dict(entry)
    same_id = dict(entry, names={"zh-Hans": "别的", "en": "Something else"})
    path = tmp_path / "in.json"
    path.write_text(json.dumps({"entries": [entry, twin, same_id, "not an entry"]}))
    with pytest.raises(ImportRejected) as caught:
        import_file(library, path)
    text = "\n".join(caught.value.problems)
    assert "entry 1: " in text  # same name and country as the library's Fado
    assert "entry 2: the id pt-fado-copy is also used at entry 1" in text
    assert "entry 3: the id pt-fado-copy is also used at entry 1" in text
    assert "entry 4: " in text
    assert library.get("pt-fado-copy") is None


def test_cli_import_export_and_search(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.setenv("KILN_HERITAGE_SEED_DIR", str(FIXTURE))
    out, err = io.StringIO(), io.StringIO()
    target = tmp_path / "lib.csv"
    assert cli.run(["heritage", "export", "--format", "csv", "--out", str(target)], out, err) == 0
    assert target.read_text(encoding="utf-8-sig").startswith("id,name.zh-Hans")
    bad = tmp_path / "bad.json"
    bad.write_text('{"entries": [{"id": "X"}]}')
    assert cli.run(["heritage", "import", str(bad)], out, err) == 1
    assert "bad.json" in err.getvalue() and "entry 1: " in err.getvalue()
    out = io.StringIO()
    assert cli.run(["heritage", "search", "青花", "--json"], out, err) == 0
    assert json.loads(out.getvalue())[0]["id"] == "cn-qinghua-porcelain"
    out = io.StringIO()
    assert cli.run(["heritage", "search", "porcelain", "--json"], out, err) == 0
    assert {h["id"] for h in json.loads(out.getvalue())} == {
        "cn-qinghua-porcelain",
        "cn-jingdezhen-handmade-porcelain",
    }
    out = io.StringIO()
    assert cli.run(["heritage", "search", "", "--list", "masterpiece"], out, err) == 0
    assert "unesco-00081-kunqu" in out.getvalue()
