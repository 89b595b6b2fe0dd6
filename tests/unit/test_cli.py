"""The command line: demo, new, stats, version and self-test, run as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import __version__
from app.core.paths import sample_project_source
from app.core.timing import element_seconds

ROOT = Path(__file__).resolve().parents[2]


def kiln(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=dict(os.environ),
        timeout=120,
    )


def expected_from_sample() -> list[dict[str, object]]:
    """Read the sample's JSON source directly, independent of Kiln's reader."""
    data = json.loads(sample_project_source().read_text(encoding="utf-8"))
    rows = []
    for episode in data["episodes"]:
        elements = [el for scene in episode["scenes"] for el in scene["elements"]]
        rows.append(
            {
                "number": episode["number"],
                "title": episode["title"],
                "scenes": len(episode["scenes"]),
                "beats": len(episode["beats"]),
                "dialogue_lines": sum(el["kind"] == "dialogue" for el in elements),
                "beat_seconds": sum(b.get("estimated_seconds") or 0 for b in episode["beats"]),
                "target_seconds": episode["target_seconds"],
                "estimated_seconds": round(
                    sum(element_seconds(el["kind"], el["text"]) for el in elements), 1
                ),
            }
        )
    return rows


def test_demo_then_stats_json_matches_the_sample(tmp_path: Path) -> None:
    out = tmp_path / "X.kiln"
    demo = kiln("demo", "--out", str(out))
    assert demo.returncode == 0, demo.stderr
    result = kiln("stats", str(out), "--json")
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    expected = expected_from_sample()
    assert stats["title"] == "青花约"
    assert stats["episodes"] == expected
    data = json.loads(sample_project_source().read_text(encoding="utf-8"))
    assert stats["totals"] == {
        "episodes": len(expected),
        "scenes": sum(e["scenes"] for e in expected),
        "beats": sum(e["beats"] for e in expected) + len(data["parking_lot"]),
        "parked_beats": len(data["parking_lot"]),
        "dialogue_lines": sum(e["dialogue_lines"] for e in expected),
        "estimated_seconds": round(sum(e["estimated_seconds"] for e in expected), 1),
        "characters": len(data["characters"]),
    }
    assert stats["characters"] == len(data["characters"])
    assert stats["logline"] == data["project"]["logline"]


def test_sample_matches_the_brief() -> None:
    """The sample is a complete micro-drama: 60–120 s episodes, hook first, cliffhanger last."""
    data = json.loads(sample_project_source().read_text(encoding="utf-8"))
    assert 5 <= len(data["episodes"]) <= 8
    assert sum(e["paywall"] for e in data["episodes"]) == 1
    for row, episode in zip(expected_from_sample(), data["episodes"], strict=True):
        assert 60 <= row["estimated_seconds"] <= 120, row
        assert episode["beats"][0]["kind"] == "hook"
        assert episode["beats"][-1]["kind"] == "cliffhanger"
    languages = {
        el.get("language")
        for ep in data["episodes"]
        for sc in ep["scenes"]
        for el in sc["elements"]
    }
    assert {"fa", "ar"} <= languages
    for character in data["characters"]:
        assert {"zh-Hans", "en", "fa", "ar"} <= set(character["names"])
    assert data["notes"]


def test_new_creates_an_empty_project(tmp_path: Path) -> None:
    out = tmp_path / "series.kiln"
    result = kiln("new", str(out), "--title", "丝路", "--layout", "hollywood", "--episodes", "3")
    assert result.returncode == 0, result.stderr
    stats = json.loads(kiln("stats", str(out), "--json").stdout)
    assert stats["title"] == "丝路"
    assert [e["number"] for e in stats["episodes"]] == [1, 2, 3]
    assert stats["totals"]["scenes"] == 0


@pytest.mark.parametrize(
    "args, words",
    [
        (["new", "{dir}/a.txt", "--title", "t"], "should end in .kiln"),
        (["new", "{dir}/a.kiln", "--title", "  "], "needs a title"),
        (["new", "{dir}/missing/a.kiln", "--title", "t"], "does not exist"),
        (["demo", "--out", "{dir}/a.docx"], "should end in .kiln"),
    ],
)
def test_bad_arguments_one_sentence(tmp_path: Path, args: list[str], words: str) -> None:
    result = kiln(*[a.format(dir=tmp_path) for a in args])
    assert result.returncode == 1
    assert words in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not any(p.suffix == ".kiln" for p in tmp_path.rglob("*"))


def test_demo_refuses_to_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "X.kiln"
    out.write_bytes(b"precious")
    result = kiln("demo", "--out", str(out))
    assert result.returncode == 1 and "already exists" in result.stderr
    assert out.read_bytes() == b"precious"


def test_usage_error_exits_2() -> None:
    assert kiln("stats").returncode == 2


def test_version() -> None:
    result = kiln("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"Kiln {__version__}"


def test_a_reader_that_goes_away_gets_no_traceback(tmp_path: Path) -> None:
    """`kiln stats FILE | head -1`: the closed pipe ends the command quietly."""
    project = tmp_path / "sample.kiln"
    assert kiln("demo", "--out", str(project)).returncode == 0
    env = dict(os.environ, KILN_LANG="en")
    pipeline = subprocess.run(
        ["bash", "-c", f'"{sys.executable}" main.py stats "{project}" | head -c 1 >/dev/null; '
         'echo "${PIPESTATUS[0]}" >&2'],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )
    assert "Traceback" not in pipeline.stderr
    assert "BrokenPipeError" not in pipeline.stderr


def test_main_knows_every_command_without_building_the_parser() -> None:
    """main.py's static list of commands is the real parser's list, and deciding between the
    window and the command line imports neither the parser nor SQLAlchemy."""
    import main
    from app.cli import main as cli

    assert main.COMMAND_NAMES == cli.command_names()
    probe = subprocess.run(
        [sys.executable, "-c",
         "import sys, main; "
         "assert main._wants_window(['x.kiln']) and not main._wants_window(['stats', 'x']); "
         "assert main._wants_window([]) and not main._wants_window(['exprt']); "
         "assert not main._wants_window(['--verb']); "
         "print(sorted(m for m in ('app.cli', 'sqlalchemy', 'app.project.open_project') "
         "if m in sys.modules))"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.strip() == "[]"


@pytest.mark.parametrize("language", ["fa", "zh_Hans"])
def test_argparse_speaks_the_interface_language(language: str) -> None:
    """argparse's own words come from Kiln's catalogs, not only Kiln's."""
    from app.formats.document.labels import export_text

    words = export_text(language).gettext
    env = dict(os.environ, KILN_LANG=language)
    helped = subprocess.run([sys.executable, str(ROOT / "main.py"), "--help"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert helped.returncode == 0
    assert words("show this help message and exit") != "show this help message and exit"
    assert words("show this help message and exit") in helped.stdout
    assert words("usage: ").strip() in helped.stdout
    wrong = subprocess.run([sys.executable, str(ROOT / "main.py"), "export"], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=60)
    assert wrong.returncode == 2
    required = words("the following arguments are required: %s").split("%s")[0].strip()
    assert required and required in wrong.stderr


def test_the_version_is_the_one_the_package_declares() -> None:
    """``app.__version__`` is written in the code (no metadata read at start-up); it must be
    the version ``pyproject.toml`` gives the package and the installers."""
    import tomllib

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    assert __version__ == declared
