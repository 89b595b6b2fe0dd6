"""The command line imports only what the command that runs needs (issue #19), and ``kiln
export`` converts a script to a document in one step, with no project file.

Import costs are checked as *which modules* a fresh interpreter loaded, never as times (the
benchmarks time them: ``make bench``).
"""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.cli import main as cli
from app.formats import names, registry
from app.formats.cli_export import SCRIPT_SUFFIXES
from app.store import verified

ROOT = Path(__file__).resolve().parents[2]
FOUNTAIN = ROOT / "tests" / "data" / "fountain_samples" / "brick_and_steel.fountain"

#: Libraries no command should load unless it uses them.
HEAVY = ("sqlalchemy", "psycopg", "spacy", "reportlab", "PySide6", "docx", "openpyxl", "jieba")


def _loaded_after(code: str, *args: str) -> list[str]:
    """The heavy top-level packages a fresh interpreter holds after running ``code``."""
    probe = (
        f"{code}\nimport sys, json\n"
        f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))))"
    )
    done = subprocess.run([sys.executable, "-c", probe, *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_parser_and_the_command_table_load_nothing_heavy() -> None:
    """Building every command's words imports no SQLAlchemy, Qt, spaCy, psycopg or reportlab."""
    code = "import app.cli.main as m; parser, handlers = m.parser_and_handlers(); assert handlers"
    assert _loaded_after(code) == []


def test_help_and_usage_errors_load_nothing_heavy() -> None:
    code = (
        "import contextlib, io, app.cli.main as m\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):"
        "\n    assert m.run(['--help']) == 0\n    assert m.run(['stats']) == 2\n"
        "    assert m.run(['export', 'x.kiln', '--format', 'nope', '--out', 'y']) == 2\n"
    )
    assert _loaded_after(code) == []


def test_stats_loads_nothing_heavy_even_for_the_full_inspection(mini_kiln: Path) -> None:
    """``kiln stats`` reads with plain sqlite3 (issue #19): no SQLAlchemy, studio, detection or
    documents. The first read of a file's bytes, the full inspection, compares its tables with
    the generated schema (app.store.ddl), not the ORM's; later reads remember the inspection."""
    code = (
        "import contextlib, io, sys, app.cli.main as m\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert m.run(['stats', sys.argv[1], '--json']) == 0\n"
    )
    digest = verified.file_digest(mini_kiln)
    assert verified.recall(digest) is None  # never inspected: the first read inspects it whole
    assert _loaded_after(code, str(mini_kiln)) == []
    assert verified.recall(digest) is not None
    assert _loaded_after(code, str(mini_kiln)) == []
    end_to_end = subprocess.run(
        [sys.executable, "-X", "importtime", "main.py", "stats", str(mini_kiln), "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert end_to_end.returncode == 0, end_to_end.stderr
    assert json.loads(end_to_end.stdout)["totals"]["episodes"] > 0
    imported = {line.rpartition("|")[2].strip() for line in end_to_end.stderr.splitlines()}
    assert not {m.split(".")[0] for m in imported} & set(HEAVY)


def test_import_writes_the_project_without_sqlalchemy(tmp_path: Path) -> None:
    """``kiln import`` reads the script and writes the project with plain sqlite3 (issue #19):
    no SQLAlchemy, Qt, documents or Word libraries; the file it writes opens and exports."""
    code = (
        "import contextlib, io, sys, app.cli.main as m\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert m.run(['import', sys.argv[1], '--out', sys.argv[2]]) == 0\n"
    )
    project = tmp_path / "feature.kiln"
    assert _loaded_after(code, str(FOUNTAIN), str(project)) == []
    end_to_end = subprocess.run(
        [sys.executable, "-X", "importtime", "main.py", "import", str(FOUNTAIN), "--out",
         str(tmp_path / "again.kiln")], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert end_to_end.returncode == 0, end_to_end.stderr
    imported = {line.rpartition("|")[2].strip() for line in end_to_end.stderr.splitlines()}
    assert not {m.split(".")[0] for m in imported} & set(HEAVY)
    assert "app.store.schema" not in imported and "app.store.new_file" in imported
    pdf = tmp_path / "feature.pdf"
    out, err = StringIO(), StringIO()
    assert cli.run(["export", str(project), "--format", "pdf", "--out", str(pdf)],
                   out, err) == 0, err.getvalue()
    assert "BRICK" in PdfReader(pdf).pages[0].extract_text().upper()


def test_every_registered_handler_resolves_inside_app() -> None:
    """Each command's ``module:function`` imports and is callable; the modules are Kiln's own
    (app.cli or a layer below it), never the window's."""
    _parser, handlers = cli.parser_and_handlers()
    assert set(handlers) == cli.command_names()
    for name, target in {**handlers, "--self-test": cli.SELF_TEST}.items():
        module = target.partition(":")[0]
        assert module.startswith("app."), (name, target)
        assert not module.startswith(("app.cli.main", "ui.")), (name, target)
        assert callable(cli.resolve(target)), (name, target)


def test_resolve_refuses_a_name_outside_app() -> None:
    for bad in ("os:system", "ui.application:run_window", "app.cli.stats", "app.cli.stats:"):
        with pytest.raises(ValueError):
            cli.resolve(bad)
    with pytest.raises(AttributeError):
        cli.resolve("app.cli.stats:no_such_handler")


def test_the_light_names_agree_with_the_registry() -> None:
    """The parser offers exactly the formats the registry has writers and readers for."""
    assert names.EXPORT_FORMATS == tuple(registry.WRITERS)
    assert names.SCRIPT_FORMATS == tuple(registry.READERS)
    assert names.IMPORT_FORMATS == ("auto", *registry.READERS)
    assert set(names.DOCUMENTS) == {d for w in registry.WRITERS.values() for d in w.documents}
    assert names.REPORT_FORMATS == tuple(
        f for f, w in registry.WRITERS.items() if names.CHANGES in w.documents)
    assert {".fountain", ".fdx", ".docx", ".txt"} <= SCRIPT_SUFFIXES


def test_export_converts_a_script_in_one_step(tmp_path: Path) -> None:
    """``kiln export SCRIPT.fountain`` writes the same PDF as import then export, and no .kiln."""
    source = tmp_path / "feature.fountain"
    source.write_bytes(FOUNTAIN.read_bytes())
    out, err = StringIO(), StringIO()
    one_step = tmp_path / "one-step.pdf"
    assert cli.run(["export", str(source), "--format", "pdf", "--out", str(one_step)],
                   out, err) == 0, err.getvalue()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["feature.fountain", "one-step.pdf"]

    project = tmp_path / "feature.kiln"
    two_step = tmp_path / "two-step.pdf"
    assert cli.run(["import", str(source), "--out", str(project)], out, err) == 0
    assert cli.run(["export", str(project), "--format", "pdf", "--out", str(two_step)],
                   out, err) == 0
    one, two = PdfReader(one_step), PdfReader(two_step)
    assert len(one.pages) == len(two.pages) > 1
    assert [p.extract_text() for p in one.pages] == [p.extract_text() for p in two.pages]
    assert "BRICK" in one.pages[0].extract_text().upper()


def test_export_converts_a_script_to_docx_and_fountain(tmp_path: Path) -> None:
    source = tmp_path / "feature.fountain"
    source.write_bytes(FOUNTAIN.read_bytes())
    out, err = StringIO(), StringIO()
    docx = tmp_path / "feature.docx"
    assert cli.run(["export", str(source), "--format", "docx", "--out", str(docx)],
                   out, err) == 0, err.getvalue()
    assert docx.read_bytes()[:2] == b"PK"
    again = tmp_path / "again.fountain"
    assert cli.run(["export", str(source), "--format", "fountain", "--out", str(again)],
                   out, err) == 0, err.getvalue()
    assert "INT." in again.read_text(encoding="utf-8").upper()


def test_one_step_export_refuses_bad_input_in_one_sentence(tmp_path: Path) -> None:
    """A missing script, or an export over the script itself: exit 1, one sentence, no file."""
    out, err = StringIO(), StringIO()
    missing = tmp_path / "missing.fountain"
    assert cli.run(["export", str(missing), "--format", "pdf", "--out",
                    str(tmp_path / "x.pdf")], out, err) == 1
    assert str(missing) in err.getvalue() and "Traceback" not in err.getvalue()
    source = tmp_path / "feature.fountain"
    source.write_bytes(FOUNTAIN.read_bytes())
    err = StringIO()
    assert cli.run(["export", str(source), "--format", "fountain", "--out", str(source)],
                   out, err) == 1
    assert "another name" in err.getvalue()
    assert source.read_bytes() == FOUNTAIN.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["feature.fountain"]


def test_a_script_to_pdf_in_one_step_loads_no_database_layer(tmp_path: Path) -> None:
    """``kiln export x.fountain --format pdf`` reads and typesets without SQLAlchemy (or Word's
    libraries): the issue's one step has no SQLite round trip."""
    code = (
        "import contextlib, io, sys, app.cli.main as m\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert m.run(['export', sys.argv[1], '--format', 'pdf', '--out', sys.argv[2]]) == 0\n"
    )
    out = tmp_path / "feature.pdf"
    assert _loaded_after(code, str(FOUNTAIN), str(out)) == ["reportlab"]
    assert out.read_bytes()[:5] == b"%PDF-"
