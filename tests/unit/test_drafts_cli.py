"""`kiln drafts …`, `kiln compare` and `kiln export --revision/--changed-pages-only/--issue`, run
as a user runs them: exit statuses, one-sentence errors, files read back."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from docx import Document as Docx

from app.cli.main import run
from app.core.enums import Role
from app.project.commands import Update
from app.project.open_project import OpenProject

ROOT = Path(__file__).resolve().parents[2]


def kiln(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run([str(a) for a in args], out, err)
    return status, out.getvalue(), err.getvalue()


def _edit(path: Path, text: str = "林青禾放下了笔。") -> str:
    with OpenProject.open(path, backup=False, role=Role.WRITER) as project:
        line = project.elements(project.scenes()[0].id)[2]
        project.run(Update("element", line.id, {"text": text}))
        return line.text


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def test_save_list_compare_restore_delete(sample_kiln: Path, tmp_path: Path) -> None:
    assert kiln("drafts", "save", sample_kiln, "--name", "第一稿", "--note", "交稿")[0] == 0
    status, out, _err = kiln("drafts", "list", sample_kiln, "--json")
    listed = json.loads(out)
    assert status == 0 and listed["locked"] is False
    assert [(d["name"], d["note"], d["issued"]) for d in listed["drafts"]] == [
        ("第一稿", "交稿", None)]
    before = _edit(sample_kiln)
    report = tmp_path / "changes.json"
    assert kiln("drafts", "compare", sample_kiln, "--from", "第一稿", "--format", "json",
                "--out", report)[0] == 0
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["from"] == {"draft": "第一稿"} and data["to"] == {"now": True}
    (scene,) = data["scenes"]["changed"]
    assert scene["scene"] == "1-1"
    assert [(line["old"], line["new"]) for line in scene["lines"]] == [
        (before, "林青禾放下了笔。")]
    for fmt in ("pdf", "docx"):
        out_file = tmp_path / f"changes.{fmt}"
        status, _out, err = kiln("drafts", "compare", sample_kiln, "--from", "第一稿",
                                 "--format", fmt, "--lang", "en", "--out", out_file)
        assert status == 0, err
    text = " ".join(_pdf_text(tmp_path / "changes.pdf").split())
    assert "Changes:" in text and "林青禾放下了笔。" in text and "1-1" in text
    docx_text = "\n".join(p.text for p in Docx(str(tmp_path / "changes.docx")).paragraphs)
    assert "林青禾放下了笔。" in docx_text and before in docx_text
    status, out, _err = kiln("drafts", "restore", sample_kiln, "--name", "第一稿")
    assert status == 0 and "“第一稿 (restored)”" in out
    status, out, _err = kiln("drafts", "list", sample_kiln)
    assert "第一稿 (restored)" in out
    assert kiln("drafts", "delete", sample_kiln, "--name", "第一稿 (restored)")[0] == 0
    names = [d["name"] for d in json.loads(kiln("drafts", "list", sample_kiln, "--json")[1])[
        "drafts"]]
    assert names == ["第一稿"]


def test_errors_are_one_sentence_and_leave_the_file_alone(sample_kiln: Path, tmp_path: Path
                                                          ) -> None:
    kiln("drafts", "save", sample_kiln, "--name", "A")
    digest = hashlib.sha256(sample_kiln.read_bytes()).hexdigest()
    for args, message in (
        (("drafts", "save", sample_kiln, "--name", "A"), "already a draft called “A”"),
        (("drafts", "compare", sample_kiln, "--from", "B", "--format", "json", "--out",
          tmp_path / "x.json"), "has no draft called “B”; its drafts are: “A”"),
        (("export", sample_kiln, "--format", "pdf", "--revision", "B", "--out",
          tmp_path / "x.pdf"), "has no draft called “B”"),
        (("export", sample_kiln, "--format", "docx", "--revision", "A", "--changed-pages-only",
          "--out", tmp_path / "x.docx"), "Only a shooting script PDF"),
        (("drafts", "delete", sample_kiln, "--name", "B"), "no draft called “B”"),
        (("drafts", "unlock", sample_kiln), "not locked"),
    ):
        status, _out, err = kiln(*args)
        assert status == 1 and message in err, (args, err)
        assert err.count("\n") == 1 and err.startswith("kiln: ")
    assert hashlib.sha256(sample_kiln.read_bytes()).hexdigest() == digest
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sample.kiln"]


def test_issue_revise_and_changed_pages_only(sample_kiln: Path, tmp_path: Path) -> None:
    white = tmp_path / "white.pdf"
    assert kiln("export", sample_kiln, "--format", "pdf", "--issue", "--out", white)[0] == 0
    listed = json.loads(kiln("drafts", "list", sample_kiln, "--json")[1])
    assert listed["locked"] is True
    (issued,) = listed["drafts"]
    assert issued["issued"] == "white"
    _edit(sample_kiln)
    blue, pages = tmp_path / "blue.pdf", tmp_path / "pages.pdf"
    assert kiln("export", sample_kiln, "--format", "pdf", "--revision", issued["name"],
                "--lang", "en", "--out", blue)[0] == 0
    assert kiln("export", sample_kiln, "--format", "pdf", "--revision", issued["name"],
                "--changed-pages-only", "--out", pages)[0] == 0
    assert "Blue Revision" in _pdf_text(blue)
    page_count = _pdf_text(pages).count("\f")
    assert page_count == 2 < _pdf_text(blue).count("\f")  # the title page and the changed one
    fdx = tmp_path / "blue.fdx"
    assert kiln("export", sample_kiln, "--format", "fdx", "--revision", issued["name"], "--out",
                fdx)[0] == 0
    assert 'RevisionID="0"' in fdx.read_text(encoding="utf-8")
    fountain = tmp_path / "blue.fountain"
    assert kiln("export", sample_kiln, "--format", "fountain", "--revision", issued["name"],
                "--out", fountain)[0] == 0
    assert "Revision: 蓝色修订" in fountain.read_text(encoding="utf-8")  # the script's language


def test_compare_two_project_files_end_to_end(sample_kiln: Path, tmp_path: Path) -> None:
    studio = tmp_path / "studio.kiln"
    shutil.copy(sample_kiln, studio)
    before = _edit(studio, "林青禾把笔放下。")
    out = tmp_path / "copies.json"
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "compare", str(sample_kiln),
                           str(studio), "--format", "json", "--out", str(out)],
                          capture_output=True, text=True, cwd=ROOT, env=dict(os.environ),
                          timeout=120)
    assert done.returncode == 0, done.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["from"] == {"file": str(sample_kiln)} and data["to"] == {"file": str(studio)}
    (scene,) = data["scenes"]["changed"]
    assert scene["lines"][0]["old"] == before and scene["lines"][0]["new"] == "林青禾把笔放下。"
    status, _out, err = kiln("compare", studio, studio, "--format", "json", "--out",
                             tmp_path / "self.json")
    assert status == 1 and "is the project itself" in err
