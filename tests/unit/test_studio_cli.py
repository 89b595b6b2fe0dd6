"""The studio's command-line words, end to end against a real server: init, user add, publish,
clone, sync, status and the audit log per scene; errors are one sentence and exit 1."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli.main import run
from app.core.enums import ElementKind
from app.features.studio.address import PASSWORD_VARIABLE
from app.formats.sample import write_sample
from app.project.commands import Update
from app.project.open_project import OpenProject
from tests.support.pg_cluster import Cluster
from tests.support.studio import PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def kiln(*args: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        code = run(list(args), out, err)
    finally:
        sys.stdin = saved
    return code, out.getvalue(), err.getvalue()


def test_a_studio_from_init_to_the_audit_log(pg_cluster: Cluster, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    database = "cli_studio"
    owner = pg_cluster.new_database(database)
    assert kiln("studio", "init", owner)[0] == 0
    for name, role, extra in (("cli_admin", "admin", []), ("cli_writer", "writer", []),
                              ("cli_tr", "translator", ["--lang", "fa"])):
        code, out, err = kiln("studio", "user", "add", owner, name, "--role", role, *extra,
                              "--password-stdin", stdin=PASSWORD + "\n")
        assert code == 0, err
        assert name in out
    code, _out, err = kiln("studio", "user", "add", owner, "cli_tr2", "--role", "translator",
                           "--password-stdin", stdin=PASSWORD + "\n")
    assert code == 1 and "--lang" in err

    monkeypatch.setenv(PASSWORD_VARIABLE, PASSWORD)
    admin_url = pg_cluster.url(database, "cli_admin")
    writer_url = pg_cluster.url(database, "cli_writer")
    source = tmp_path / "series.kiln"
    write_sample(source)
    code, out, err = kiln("studio", "publish", str(source), admin_url, "--name", "series")
    assert code == 0, err
    assert kiln("studio", "projects", writer_url)[1].startswith("series\t")
    mine = tmp_path / "mine.kiln"
    assert kiln("studio", "clone", writer_url, "series", "--out", str(mine))[0] == 0

    with OpenProject.open(mine, backup=False) as project:
        scene = project.scenes()[0]
        line = next(e for e in project.elements(scene.id) if e.kind is ElementKind.DIALOGUE)
        project.run(Update("element", line.id, {"text": "命令行改的台词"}))
    code, out, _err = kiln("studio", "status", str(mine), "--json")
    status = json.loads(out)
    assert (status["pending"], status["member"], status["project"]) == (1, "cli_writer",
                                                                         "series")
    code, out, err = kiln("studio", "sync", str(mine))
    assert code == 0, err
    assert "1" in out
    assert json.loads(kiln("studio", "status", str(mine), "--json")[1])["pending"] == 0

    code, out, err = kiln("studio", "log", str(mine))
    assert code == 0, err
    first_scene = out.splitlines()[0]
    assert first_scene.startswith(scene.number)
    assert "cli_writer" in out and "text" in out
    entries = json.loads(kiln("studio", "log", str(mine), "--json")[1])
    mine_scene = next(g for g in entries if g["scene_id"] == scene.id)
    assert [c["author"] for c in mine_scene["changes"]] == ["cli_admin", "cli_writer"]


def test_studio_errors_are_one_sentence_with_exit_status_1(tmp_path: Path) -> None:
    lonely = tmp_path / "lonely.kiln"
    write_sample(lonely)
    env = {**os.environ, "KILN_LANG": "en"}
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "studio", "sync",
                             str(lonely)], capture_output=True, text=True, cwd=ROOT, env=env,
                            timeout=60)
    assert result.returncode == 1
    assert "is not linked to a studio" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    code, _out, err = kiln("studio", "clone",
                           "postgresql://a@studio.example.org/kiln?sslmode=prefer", "x",
                           "--out", str(tmp_path / "x.kiln"))
    assert code == 1 and "sslmode=verify-full" in err
