"""One control character in a heritage entry can no longer break the library (issue #24,
item 5): imports refuse it with the field named, and a library that already holds one (written
by an older Kiln) still searches and detects."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path

from app.cli.main import run
from app.features.heritage.detect import detector_for
from app.features.heritage.library import Library


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def _evil_file(tmp_path: Path, text: str) -> Path:
    with Library.open() as library:
        entry = copy.deepcopy(library.entries()[0])
    entry["id"] = "test-evil"
    entry["names"] = {lang: name + text for lang, name in entry["names"].items()}
    path = tmp_path / "evil.json"
    path.write_text(json.dumps({"format": "kiln-heritage", "version": 2, "entries": [entry]},
                               ensure_ascii=False), "utf-8")
    return path


def test_an_entry_with_a_nul_is_refused_and_the_library_keeps_working(tmp_path: Path) -> None:
    evil = _evil_file(tmp_path, "\x00hidden")
    data = json.loads(evil.read_text("utf-8"))
    exported = json.loads(_export(tmp_path))
    data["format"], data["version"] = exported["format"], exported["version"]
    evil.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    with Library.open() as library:
        count = len(library)
    code, _out, err = _cli("heritage", "import", str(evil))
    assert code == 1 and "control characters" in err and "Traceback" not in err
    with Library.open() as library:
        assert len(library) == count
    code, out, _err = _cli("heritage", "search", "青花")
    assert code == 0 and out.strip()


def _export(tmp_path: Path) -> str:
    out = tmp_path / "all.json"
    assert _cli("heritage", "export", "--format", "json", "--out", str(out))[0] == 0
    return out.read_text("utf-8")


def test_a_library_that_already_holds_a_nul_still_searches_and_detects(tmp_path: Path) -> None:
    with Library.open() as library:
        entry = copy.deepcopy(library.entries()[0])
        entry["id"] = "old-evil"
        entry["names"] = {lang: "坏\x00名" for lang in entry["names"]}
        library.write_entries([entry], origin="import")  # as an older Kiln let it in
    with Library.open() as library:
        assert library.search("青花")
        assert library.search("坏")
        found = detector_for(library).detect("景德镇的青花瓷与坏名")
        assert found
