"""Kiln beside two other tools: a feature-length Fountain screenplay to a PDF.

``python -m tests.bench.bench_peers [ROUNDS]``. The screenplay is ``bench_interchange``'s
generated one (valid Fountain that every tool here accepts). Each round runs, one after the
other, as a user would from a shell:

- Kiln: ``main.py import x.fountain --out x.kiln`` then ``main.py export x.kiln --format pdf``
  (a shooting script), two processes, timed together;
- Kiln in one step: ``main.py export x.fountain --format pdf`` (the same reader and shooting
  script, laid out from the reader's rows: no project, no database);
- screenplain (PyPI), from its own virtual environment ``build/peers/venv``;
- afterwriting (npm), from ``build/peers/node_modules``.

``make bench`` installs the peers there (never into Kiln's environment). Each PDF is read back
with pypdf; a tool that is missing or fails gets an error instead of a number.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from tests.bench.bench_interchange import screenplay

ROOT = Path(__file__).resolve().parents[2]
PEERS = ROOT / "build" / "peers"
PAGES = 110  # the generator's estimate; the tools lay it out on 110-130 pages


def _commands(source: Path, out: Path) -> dict[str, list[list[str]]]:
    kiln = [sys.executable, str(ROOT / "main.py")]
    project = out / "kiln.kiln"
    return {
        "kiln": [
            [*kiln, "import", str(source), "--out", str(project), "--format", "fountain"],
            [*kiln, "export", str(project), "--format", "pdf", "--out", str(out / "kiln.pdf")],
        ],
        "kiln_one_step": [[*kiln, "export", str(source), "--format", "pdf", "--out",
                           str(out / "kiln_one_step.pdf")]],
        "screenplain": [[str(PEERS / "venv" / "bin" / "screenplain"), "--format", "pdf",
                         str(source), str(out / "screenplain.pdf")]],
        "afterwriting": [[str(PEERS / "node_modules" / ".bin" / "afterwriting"), "--source",
                          str(source), "--pdf", str(out / "afterwriting.pdf"), "--overwrite"]],
    }


def _run(tool: str, commands: list[list[str]], out: Path, env: dict[str, str]) -> float:
    (out / "kiln.kiln").unlink(missing_ok=True)
    started = time.perf_counter()
    for command in commands:
        if not Path(command[0]).exists():
            raise RuntimeError(f"{command[0]} is missing; `make bench` installs it")
        done = subprocess.run(command, cwd=out, env=env, capture_output=True, text=True,
                              timeout=600)
        if done.returncode != 0:
            raise RuntimeError(f"{tool} failed: {(done.stderr or done.stdout).strip()[-800:]}")
    return time.perf_counter() - started


def _versions() -> dict[str, str]:
    """The peers' versions, as installed under ``build/peers``."""
    found = {}
    package = PEERS / "node_modules" / "afterwriting" / "package.json"
    if package.exists():
        found["afterwriting_version"] = json.loads(package.read_text("utf-8"))["version"]
    probes = {
        "screenplain_version": [str(PEERS / "venv" / "bin" / "python"), "-c",
                                "import importlib.metadata as m; print(m.version('screenplain'))"],
        "node_version": ["node", "--version"],
    }
    for key, command in probes.items():
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=60)
        except OSError:
            continue
        if done.returncode == 0:
            found[key] = done.stdout.strip().removeprefix("v")
    return found


def measure(rounds: int = 5) -> dict[str, Any]:
    """Seconds per round for each tool, peer/Kiln ratios, page counts, versions and errors."""
    result: dict[str, Any] = {"errors": {}, **_versions()}
    with tempfile.TemporaryDirectory(prefix="kiln-peers-") as tmp:
        out = Path(tmp)
        source = out / "feature.fountain"
        source.write_text(screenplay(PAGES), encoding="utf-8")
        env = dict(os.environ, KILN_DATA_DIR=str(out / "data"))
        commands = _commands(source, out)
        times: dict[str, list[float]] = {tool: [] for tool in commands}
        for _ in range(rounds):
            for tool, steps in commands.items():
                if tool in result["errors"]:
                    continue
                try:
                    times[tool].append(_run(tool, steps, out, env))
                except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
                    result["errors"][tool] = str(exc)
        for tool, samples in times.items():
            if samples and tool not in result["errors"]:
                result[f"{tool}_s"] = samples
                result[f"{tool}_pages"] = len(PdfReader(out / f"{tool}.pdf").pages)
        for peer in ("screenplain", "afterwriting"):
            if f"{peer}_s" in result and "kiln_s" in result:
                result[f"{peer}_ratio"] = [
                    p / k for p, k in zip(result[f"{peer}_s"], result["kiln_s"], strict=True)
                ]
        peers = [result[f"{p}_s"] for p in ("screenplain", "afterwriting") if f"{p}_s" in result]
        if peers:
            fastest = [min(each) for each in zip(*peers, strict=True)]
            for key, kiln in (("one_step_to_fastest", "kiln_one_step_s"),
                              ("two_step_to_fastest", "kiln_s")):
                if kiln in result:
                    result[key] = [k / f for k, f in zip(result[kiln], fastest, strict=True)]
    return result


if __name__ == "__main__":
    print(json.dumps(measure(int(sys.argv[1]) if len(sys.argv) > 1 else 5), indent=2))
