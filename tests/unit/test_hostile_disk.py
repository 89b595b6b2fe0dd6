"""A full disk (or a file-size limit) gives one sentence, never a traceback, and leaves no
half-written file; what a killed Kiln left behind is cleaned on the next write in that folder
(issue #24, items 10 and 13)."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from app.store.atomic import clean_leftovers, write_bytes_atomic

ROOT = Path(__file__).resolve().parents[2]
#: Bytes a process may write to one file: enough for nothing Kiln makes (a "full disk").
LIMIT = 20_000


def _limited() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails with EFBIG instead
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("disk")
    env = {**os.environ, "KILN_DATA_DIR": str(path / "data")}
    subprocess.run([sys.executable, "main.py", "demo", "--out", str(path / "s.kiln")], cwd=ROOT,
                   env=env, check=True, capture_output=True)
    return path


def _cases(folder: Path) -> dict[str, list[str]]:
    fountain = next((ROOT / "tests" / "data").rglob("*.fountain"))
    project = str(folder / "s.kiln")
    return {
        "demo": ["demo", "--out", str(folder / "d.kiln")],
        "new": ["new", str(folder / "n.kiln"), "--title", "x", "--episodes", "50"],
        "import": ["import", str(fountain), "--out", str(folder / "i.kiln")],
        "export pdf": ["export", project, "--format", "pdf", "--out", str(folder / "o.pdf")],
        "export docx": ["export", project, "--format", "docx", "--out", str(folder / "o.docx")],
        "export fdx": ["export", project, "--format", "fdx", "--out", str(folder / "o.fdx")],
        "export xliff": ["export", project, "--format", "xliff", "--lang", "ar", "--out",
                         str(folder / "o.xlf")],
        "heritage export": ["heritage", "export", "--format", "json", "--out",
                            str(folder / "h.json")],
    }


@pytest.mark.parametrize("case", ["demo", "new", "import", "export pdf", "export docx",
                                  "export fdx", "export xliff", "heritage export"])
def test_a_full_disk_is_one_sentence_and_leaves_nothing(folder: Path, tmp_path: Path,
                                                        case: str) -> None:
    args = _cases(folder)[case]
    out = Path(args[args.index("--out") + 1]) if "--out" in args else Path(args[1])
    env = {**os.environ, "KILN_DATA_DIR": str(tmp_path / "fresh-data")}
    before = sorted(p.name for p in folder.iterdir())
    done = subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, env=env, timeout=120,
                          capture_output=True, text=True, preexec_fn=_limited)
    assert done.returncode == 1, done.stdout
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert not out.exists()
    assert sorted(p.name for p in folder.iterdir()) == before  # no temporary file left


def test_leftovers_of_a_killed_kiln_are_cleaned_on_the_next_write(tmp_path: Path) -> None:
    dead = 2**22 + 12345  # far above this machine's pid_max: no such process
    stale = tmp_path / f".script.fountain.{dead}.k3j4.tmp"
    stale.write_bytes(b"half")
    journal = stale.with_name(stale.name + "-journal")
    journal.write_bytes(b"j")
    alive = tmp_path / f".script.fountain.{os.getppid()}.x9.tmp"  # a running writer's: kept
    alive.write_bytes(b"busy")
    other = tmp_path / f".notes.json.{dead}.q.tmp"  # another file's: only its own writes clean
    other.write_bytes(b"other")
    write_bytes_atomic(tmp_path / "script.fountain", b"INT. HOUSE - DAY\n")
    assert not stale.exists() and not journal.exists()
    assert alive.exists() and other.exists()
    assert clean_leftovers(tmp_path, "notes.json") == [other]
