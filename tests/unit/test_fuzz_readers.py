"""Fuzz every reader with broken copies of real files: only the documented user errors, no hang
(pytest-timeout), bounded memory (tracemalloc peak), and a failed import writes nothing.

``KILN_FUZZ_EXAMPLES`` inputs per reader (CI 60, ``make stress`` 2000); ``KILN_FUZZ_SEED``
repeats a run. Each reader starts from real fixtures under tests/data.
"""

from __future__ import annotations

import io
import json
import os
import random
import sqlite3
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from app.core.controls import CONTROLS
from app.core.enums import Role
from app.features.heritage.errors import HeritageError
from app.features.heritage.library import Library
from app.features.heritage.transfer import check_rows, read_rows
from app.features.notes.packet_format import PacketError, parse_packet
from app.features.notes.packets import import_packet
from app.formats import project_json
from app.formats.common import ImportFailed
from app.formats.project_json import ProjectJsonError
from app.formats.registry import import_script
from app.project.errors import ProjectFileError
from app.project.open_project import OpenProject
from tests.conftest import DATA
from tests.support.mutate import (
    EXAMPLES,
    mutate,
    mutate_json,
    mutate_xml,
    mutate_zip,
    pathological_whitespace,
)

SEED = int(os.environ.get("KILN_FUZZ_SEED", time.time_ns() % 100_000))
#: The errors a reader may raise for a bad file: each carries a message for the user.
USER_ERRORS = (ImportFailed, ProjectJsonError, HeritageError, PacketError, ProjectFileError)
#: Peak Python memory allowed for one input: generous, but far below what a bomb would take.
PEAK_LIMIT = 256 * 1024 * 1024
TIMEOUT = 60 + EXAMPLES // 2
TALLY: dict[str, dict[str, int]] = {}


def _zh_docx(tmp: Path) -> bytes:
    import docx

    document = docx.Document()
    for line in (DATA / "interchange" / "zh_layout.txt").read_text(encoding="utf-8").split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _mutate_docx_xml(docx_bytes: bytes, rng: random.Random,
                     how: Callable[[bytes, random.Random], bytes]) -> bytes:
    """A DOCX whose zip is fine but whose document.xml is changed by ``how``."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = how(data, rng)
            out.writestr(item, data)
    return buffer.getvalue()


def _fuzz(name: str, seeds: list[bytes], suffix: str, tmp: Path,
          read: Callable[[Path], object], rng: random.Random,
          extras: list[Callable[[random.Random], bytes]] | None = None) -> None:
    """Every other input from one of ``extras`` (the structured mutations), the rest from the
    byte mutator."""
    tally = TALLY.setdefault(name, {"inputs": 0, "refused": 0, "read": 0})
    for n in range(EXAMPLES):
        if extras and n % 2:
            data = rng.choice(extras)(rng)
        else:
            data = mutate(rng.choice(seeds), rng)
        path = tmp / f"input-{n}{suffix}"
        path.write_bytes(data)
        tracemalloc.start()
        try:
            read(path)
            tally["read"] += 1
        except USER_ERRORS as exc:
            assert str(exc).strip(), f"{name} #{n}: an empty message"
            tally["refused"] += 1
        except Exception as exc:  # pragma: no cover - a fuzz finding
            keep = tmp / f"crash-{name}-{SEED}-{n}{suffix}"
            keep.write_bytes(data)
            raise AssertionError(f"{name}: {type(exc).__name__}: {exc} (input kept: {keep})") \
                from exc
        finally:
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        assert peak < PEAK_LIMIT, f"{name} #{n} peaked at {peak // 2**20} MB"
        tally["inputs"] += 1
        path.unlink()
    print(f"\nfuzz {name} (seed {SEED}): {tally}")


def _import_to(tmp: Path, fmt: str) -> Callable[[Path], object]:
    def read(path: Path) -> object:
        out = tmp / "imported.kiln"
        try:
            report = import_script(path, out, fmt=fmt)
            bad = [t for t in _texts(out) if CONTROLS.search(t)]
            assert not bad, f"a control character reached the project: {bad[0][:80]!r}"
            return report
        except USER_ERRORS:
            assert not out.exists(), "a failed import left a project behind"
            raise
        finally:
            out.unlink(missing_ok=True)

    return read


def _texts(kiln: Path) -> list[str]:
    """Every text stored in a project file."""
    found: list[str] = []
    with sqlite3.connect(kiln) as db:
        for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall():
            for row in db.execute(f'SELECT * FROM "{table}"'):  # noqa: S608 - our own tables
                found += [v for v in row if isinstance(v, str)]
    return found


def _texts_of(seeds: list[bytes]) -> Callable[[random.Random], bytes]:
    return lambda rng: pathological_whitespace(rng.choice(seeds), rng)


@pytest.mark.timeout(TIMEOUT)
def test_fuzz_fountain(tmp_path: Path) -> None:
    folder = DATA / "interchange"
    seeds = [p.read_bytes() for p in sorted(folder.glob("*.fountain"))]
    _fuzz("fountain", seeds, ".fountain", tmp_path, _import_to(tmp_path, "fountain"),
          random.Random(SEED), extras=[_texts_of(seeds)])


@pytest.mark.timeout(TIMEOUT)
def test_fuzz_fdx(tmp_path: Path) -> None:
    seeds = [(DATA / "interchange" / "all_elements.fdx").read_bytes()]
    _fuzz("fdx", seeds, ".fdx", tmp_path, _import_to(tmp_path, "fdx"), random.Random(SEED),
          extras=[lambda rng: mutate_xml(seeds[0], rng)])


@pytest.mark.timeout(TIMEOUT)
def test_fuzz_chinese_text(tmp_path: Path) -> None:
    raw = (DATA / "interchange" / "zh_layout.txt").read_bytes()
    seeds = [raw, raw.decode("utf-8").encode("gb18030"), raw.decode("utf-8").encode("utf-16")]
    _fuzz("chinese-text", seeds, ".txt", tmp_path, _import_to(tmp_path, "zh-text"),
          random.Random(SEED), extras=[_texts_of([raw])])


@pytest.mark.timeout(TIMEOUT)
def test_fuzz_docx(tmp_path: Path) -> None:
    good = _zh_docx(tmp_path)
    _fuzz("docx", [good], ".docx", tmp_path, _import_to(tmp_path, "docx"), random.Random(SEED),
          extras=[lambda rng: _mutate_docx_xml(good, rng, mutate),
                  lambda rng: _mutate_docx_xml(good, rng, mutate_xml),
                  lambda rng: _mutate_docx_xml(good, rng, pathological_whitespace),
                  lambda rng: mutate_zip(good, rng)])


@pytest.mark.timeout(TIMEOUT)
def test_fuzz_project_json(tmp_path: Path) -> None:
    seeds = [(DATA / "mini.kiln.json").read_bytes()]
    out = tmp_path / "built.kiln"

    def read(path: Path) -> None:
        from app.project.open_project import write_project

        try:
            write_project(out, project_json.populator(project_json.load(path), path.name))
        except USER_ERRORS:
            assert not out.exists()
            raise
        finally:
            out.unlink(missing_ok=True)

    _fuzz("project-json", seeds, ".json", tmp_path, read, random.Random(SEED),
          extras=[lambda rng: mutate_json(seeds[0], rng)])


@pytest.mark.timeout(TIMEOUT)
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_fuzz_library_import(tmp_path: Path, fmt: str) -> None:
    from app.features.heritage.transfer import export_library

    with Library.open(f"sqlite:///{tmp_path / 'lib.sqlite'}", seed=DATA / "heritage") as library:
        exported = tmp_path / f"library.{fmt}"
        export_library(library, exported, fmt)
        seeds = [exported.read_bytes()]
        _fuzz(f"library-{fmt}", seeds, f".{fmt}", tmp_path,
              lambda path: check_rows(library, read_rows(path)), random.Random(SEED))


@pytest.mark.timeout(TIMEOUT)
def test_fuzz_review_packet(sample_kiln: Path, tmp_path: Path) -> None:
    from app.features.notes import service
    from app.features.notes.packets import export_packet

    with OpenProject.open(sample_kiln, backup=False) as project:
        scene = project.scenes()[0]
        element = project.elements(scene.id)[0]
        note = service.add_text_note(project, element.id, 0, 2, "看这里", author="Noura")
        service.reply(project, note, "ok", author="Ana", role=Role.WRITER)
        packet = tmp_path / "packet.json"
        export_packet(project, packet)
        seeds = [packet.read_bytes()]
        texts = {e.id: e.text for sc in project.scenes() for e in project.elements(sc.id)}

        def read(path: Path) -> None:
            parse_packet(path)
            import_packet(project, path)

        _fuzz("review-packet", seeds, ".json", tmp_path, read, random.Random(SEED))
        after = {e.id: e.text for sc in project.scenes() for e in project.elements(sc.id)}
        assert after == texts, "a review packet changed the script"


def test_fuzz_inputs_are_reproducible() -> None:
    """The same seed gives the same broken inputs (so a finding can be replayed)."""
    seed = json.dumps({"a": 1}).encode()
    first = [mutate(seed, random.Random(7)) for _ in range(3)]
    assert first == [mutate(seed, random.Random(7)) for _ in range(3)]
