"""Benchmark rows of the features: start-up, board and editor, heritage library, interchange,
exports, notes, the Translations dock, series rhythm and fit, drafts, peak memory and the peer
tools.

Each feature's own bench module measures; this module runs it in a fresh interpreter, so Qt and
caches from one feature never flatter another, and turns its numbers into report rows with the
issues' budgets. A bench returns, per key, either one number or a list of samples; a feature
whose bench gives one sample per process is run ``rounds`` times (``PER_PROCESS``) and the
samples of all its processes are pooled.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.bench import bench_notes

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Row:
    """One report row: its name, how it is measured, budget, the bench's key and unit."""

    name: str
    how: str
    budget: float | None
    key: str
    unit: str = "s"  # "s", "MB" or "×" (a ratio)


STARTUP_ROWS = [
    Row("Start-up to window mapped (`python main.py BIG.kiln`)",
        "fresh processes on a virtual X screen (Xvfb, {mode}): launch to the X server mapping "
        "the window, seen from outside the process (a `MapNotify` on the root window), "
        "alternating with the bare window (`tests/bench/startup.py`).", 1.0,
        "kiln_window_shown_s"),
    Row("Start-up to window mapped, bare PySide6 window (the floor)",
        "an empty `QMainWindow`, timed the same way, in the same rounds.", None,
        "bare_window_shown_s"),
    Row("Start-up: Kiln's window over the bare window", "each round's Kiln time divided by the "
        "bare window's of the same round.", 1.5, "kiln_to_bare_ratio", "×"),
    Row("Start-up to project ready (100-episode project, board shown)",
        "`KILN_QUIT_WHEN_SHOWN=ready`: launch to just after the board's first paint with the "
        "project open (workspace built after the first frame, project opened with its backup, "
        "the board and the panels following it), as Kiln reports it.", 1.0,
        "kiln_project_ready_s"),
    Row("Start-up to the page (navigator filled, first scene in the editor)",
        "the same runs: launch to the editor's paint of the scene where the writer left off, "
        "which Kiln fills in right after the board's first paint.", None,
        "kiln_page_shown_s"),
]
UI_ROWS = [
    Row("Open the 100-episode project and show the board",
        "a fresh process per round, imports done first: open, board painted "
        "(`tests/bench/bench_ui.py`).", 1.5, "open_and_show_board"),
    Row("Keystroke to repaint in a 100-scene episode",
        "200 key presses in the editor per process, each timed to the end of its repaint.",
        0.008, "keystroke_samples"),
    Row("Board full repaint, overview", "30 repaints of all 100 lanes per process.", 0.008,
        "board_repaint_overview_samples"),
    Row("Board full repaint, detail", "30 repaints at 100 % zoom per process.", 0.008,
        "board_repaint_detail_samples"),
    Row("Board scroll step", "30 scroll steps at 100 % zoom per process, each to the end of its "
        "repaint.", 0.008, "board_scroll_step_samples"),
]
HERITAGE_ROWS = [
    Row("Heritage search on 20,000 entries", "18 queries in five languages × 3 filter sets × 20 "
        "rounds on a generated library (`tests/bench/bench_heritage.py`).", 0.010,
        "search_samples"),
    Row("Build the detection matchers for 20,000 entries", "PhraseMatchers of every name and "
        "alias in five languages, from scratch, 5 times.", 3.0, "build_matchers_samples"),
    Row("Detect heritage terms in the whole 100-episode project", "5 runs with built matchers, "
        "after a first run.", 2.0, "detect_project_samples"),
    Row("Detect heritage terms in the whole project, first run", "the first run of the process: "
        "one per suite run, since the heritage process first generates and indexes the "
        "20,000-entry library.", None, "detect_project_first_s"),
    Row("Re-detect one edited paragraph", "one paragraph, 200 rounds.", 0.010,
        "detect_paragraph_samples"),
]
INTERCHANGE_ROWS = [
    Row("Import a 120-page Fountain screenplay into a .kiln", "imports of a generated "
        "feature-length screenplay, one after the other (`tests/bench/bench_interchange.py`).",
        1.0, "import fountain → .kiln (120 pages)"),
    Row("Export that screenplay as Fountain", "one after the other.", None, "export fountain"),
    Row("Export that screenplay as FDX", "one after the other.", None, "export fdx"),
    Row("Export that screenplay as XLIFF", "one after the other.", None, "export xliff"),
]
EXPORT_ROWS = [
    Row("Shooting script PDF of the 100-episode project", "Chinese layout; the three exports "
        "take turns, round after round (`tests/bench/bench_export.py`).", 3.0,
        "export shooting script pdf"),
    Row("Shooting script DOCX of the 100-episode project", "as above.", 1.5,
        "export shooting script docx"),
    Row("Translator packet (ar) PDF of the 100-episode project", "as above.", 3.0,
        "export translator packet ar pdf"),
    Row("Shooting script PDF, CPU time", "the same runs' `time.process_time`: the cost of the "
        "work itself when other programs share the cores.", None,
        "export shooting script pdf (cpu)"),
    Row("Shooting script DOCX, CPU time", "as above.", None, "export shooting script docx (cpu)"),
    Row("Translator packet (ar) PDF, CPU time", "as above.", None,
        "export translator packet ar pdf (cpu)"),
]
NOTES_ROWS = [
    Row(bench_notes.ROW_TYPE, "one edit that re-anchors every note on the line, a fresh "
        "process and project per round (`tests/bench/bench_notes.py`).", None,
        bench_notes.ROW_TYPE),
    Row(bench_notes.ROW_EXPORT, "one per process.", None, bench_notes.ROW_EXPORT),
    Row(bench_notes.ROW_IMPORT, "one per process, every note new.", 0.5, bench_notes.ROW_IMPORT),
    Row(bench_notes.ROW_REIMPORT, "one per process; nothing changes.", None,
        bench_notes.ROW_REIMPORT),
]
TRANSLATIONS_ROWS = [
    Row("Translations dock: type one character while it is shown",
        "20 typing edits of a dialogue line, each from the command to the dock showing the new "
        "source text (commit included); the dock re-reads only that line "
        "(`tests/bench/bench_translations.py`). Until now the dock read every line again after "
        "each edit, which costs about what the next row measures.", None, "edit_samples"),
    Row("Translations dock: open it (read and show every line of one language)",
        "{rows:,} lines of the 100-episode project, the dock made anew each round.", 0.3,
        "open_samples"),
]
RHYTHM_ROWS = [
    Row("`kiln rhythm --json` on the 100-episode project",
        "in a fresh process after its imports: read-only open, every episode and series rule, "
        "JSON written (`tests/bench/bench_rhythm.py`); after one warm-up run.", 1.0, "rhythm_s"),
    Row("`kiln fit --lang ar --json` on the 100-episode project",
        "as above: every line's reading speed, subtitle lines and dub ratio in Arabic.", 1.0,
        "fit_s"),
    Row("`kiln rhythm --json`, CPU time", "the same runs' `time.process_time`: the cost of the "
        "work itself when other programs share the cores.", None, "rhythm_cpu_s"),
    Row("`kiln fit --lang ar --json`, CPU time", "as above.", None, "fit_cpu_s"),
    Row("`kiln rhythm --json` end to end", "wall time of `python main.py rhythm FILE --json` "
        "in a subprocess: interpreter start-up, imports, open, report, JSON.", None,
        "rhythm_cli_s"),
    Row("`kiln fit --lang ar --json` end to end", "as above for `fit`.", None, "fit_cli_s"),
    Row("`kiln fit --lang ar --json`, bytes never opened before", "in this process, with the "
        "memo of inspected files emptied before each run (app/store/verified.py): the file's "
        "every check runs, as on the first read after another program changed it.", None,
        "fit_first_s"),
]
DRAFTS_ROWS = [
    Row("Save a named draft of the 100-episode project",
        "20 drafts of a copy, 20 edited lines in random scenes between two drafts; each save "
        "timed (`tests/bench/bench_drafts.py`).", 1.0, "save_s"),
    Row("Compare two drafts of the 100-episode project",
        "the first and the 20th draft ({changed_scenes} scenes changed): both read and compared, "
        "line and word differences included.", 2.0, "compare_drafts_s"),
    Row("Compare a draft with the script now", "the first draft and the file as it is.", 2.0,
        "compare_now_s"),
    Row("Changes report as JSON (first draft to now)", "`export(… what=changes, format=json)`.",
        None, "report_json_s"),
    Row("Restore the first draft (one undo step)", "after the 20 drafts; once per run.", None,
        "restore_s"),
    Row("File size with 20 drafts over the same project without", "{size_mb} MB against "
        "{bare_mb} MB, both closed after the same 400 edits.", 2.0, "size_ratio", "×"),
]
MEMORY_ROWS = [
    Row("Peak memory (RSS) with the 100-episode project open",
        "a fresh window process per round: the project open, board, editor and the Notes, "
        "Translations, Glossary and Heritage Library panels shown, the heritage detection of "
        "the whole project done; `ru_maxrss` of that child (`tests/bench/bench_memory.py`).",
        300.0, "peak_rss_mb", "MB"),
]
PEER_ROWS = [
    Row("Fountain screenplay → PDF: Kiln (import, then shooting script PDF)",
        "the generated screenplay ({kiln_pages} pages in Kiln's layout), two `main.py` "
        "processes as from a shell (`tests/bench/bench_peers.py`).", None, "kiln_s"),
    Row("Fountain screenplay → PDF: screenplain", "screenplain {screenplain_version} "
        "`--format pdf` ({screenplain_pages} pages), in its own environment under "
        "`build/peers`.", None, "screenplain_s"),
    Row("Fountain screenplay → PDF: afterwriting", "afterwriting {afterwriting_version} "
        "`--source … --pdf …` ({afterwriting_pages} pages) on Node.js {node_version}, from "
        "`build/peers/node_modules`.", None, "afterwriting_s"),
    Row("Peer ratio: screenplain time / Kiln time", "per round; below 1 means the peer is "
        "faster.", None, "screenplain_ratio", "×"),
    Row("Peer ratio: afterwriting time / Kiln time", "per round.", None,
        "afterwriting_ratio", "×"),
    Row("Fountain screenplay → PDF: Kiln in one step (`kiln export SCRIPT.fountain`)",
        "one `main.py export feature.fountain --format pdf` process: the same reader and "
        "shooting script, laid out from the reader's rows (no project, no database, no .kiln "
        "written); in the same rounds as "
        "the peers.", None, "kiln_one_step_s"),
    Row("Kiln one step / fastest peer", "per round: Kiln's one-step time divided by the faster "
        "of screenplain and afterwriting in the same round.", 0.7, "one_step_to_fastest", "×"),
    Row("Kiln import + export (two processes) / fastest peer", "per round, as above with the "
        "two-process Kiln row.", 1.0, "two_step_to_fastest", "×"),
]

_SNIPPETS = {
    "startup": (
        "import json, sys; from pathlib import Path; from tests.bench.startup import measure; "
        "print(json.dumps(measure(Path(sys.argv[1]), int(sys.argv[2]))))"
    ),
    "ui": (
        "import json, sys; from pathlib import Path; from tests.bench.bench_ui import measure; "
        "print(json.dumps(measure(Path(sys.argv[1]), Path(sys.argv[2])), default=str))"
    ),
    "heritage": (
        "import json, sys; from pathlib import Path; from tests.bench.bench_heritage import "
        "measure; print(json.dumps(measure(project=Path(sys.argv[1]), repeats=int(sys.argv[2]))))"
    ),
    "interchange": (
        "import json, sys; from tests.bench.bench_interchange import bench_interchange; "
        "print(json.dumps(bench_interchange(rounds=int(sys.argv[1]))))"
    ),
    "export": (
        "import json, sys; from pathlib import Path; from tests.bench.bench_export import "
        "bench_export; print(json.dumps(bench_export(Path(sys.argv[1]), int(sys.argv[2]))))"
    ),
    "notes": (
        "import json, sys; from pathlib import Path; from tests.bench.bench_notes import "
        "measure_notes; print(json.dumps(measure_notes(Path(sys.argv[1]))))"
    ),
    "translations": (
        "import json, sys; from pathlib import Path; from tests.bench.bench_translations import "
        "measure; print(json.dumps(measure(Path(sys.argv[1]), int(sys.argv[2]))))"
    ),
    "rhythm": (
        "import json, sys; from pathlib import Path; from tests.bench.bench_rhythm import "
        "measure; print(json.dumps(measure(Path(sys.argv[1]), int(sys.argv[2]))))"
    ),
    "drafts": (
        "import json, sys; from pathlib import Path; from tests.bench.bench_drafts import "
        "measure; print(json.dumps(measure(Path(sys.argv[1]), int(sys.argv[2]))))"
    ),
    "memory": (
        "import json, sys; from pathlib import Path; from tests.bench.bench_memory import "
        "measure; print(json.dumps(measure(Path(sys.argv[1]), int(sys.argv[2]))))"
    ),
    "peers": (
        "import json, sys; from tests.bench.bench_peers import measure; "
        "print(json.dumps(measure(int(sys.argv[1]))))"
    ),
}

#: Features whose bench gives one sample per key per process: run once per round.
PER_PROCESS = frozenset({"ui", "notes"})


def _pool(into: dict[str, Any], result: dict[str, Any]) -> None:
    for key, value in result.items():
        if isinstance(value, bool) or not isinstance(value, int | float | list):
            into.setdefault(key, value)
            continue
        into.setdefault(key, []).extend(value if isinstance(value, list) else [value])


def feature_rows(
    python: Callable[..., dict[str, Any]],
    board_project: Path,
    editor_project: Path,
    scratch: Path,
    rounds: int = 5,
) -> list[tuple[Row, list[float], str | None]]:
    """Run every feature bench; (row, samples, error) — no samples and an error on failure."""
    r = str(rounds)
    plans: list[tuple[str, list[Row], tuple[str, ...]]] = [
        ("startup", STARTUP_ROWS, (str(board_project), r)),
        ("ui", UI_ROWS, (str(board_project), str(editor_project))),
        ("heritage", HERITAGE_ROWS, (str(board_project), r)),
        ("interchange", INTERCHANGE_ROWS, (r,)),
        ("export", EXPORT_ROWS, (str(board_project), r)),
        ("notes", NOTES_ROWS, ()),
        ("translations", TRANSLATIONS_ROWS, (str(board_project), r)),
        ("rhythm", RHYTHM_ROWS, (str(board_project), r)),
        ("drafts", DRAFTS_ROWS, (str(board_project), r)),
        ("memory", MEMORY_ROWS, (str(board_project), r)),
        ("peers", PEER_ROWS, (r,)),
    ]
    rows = []
    for feature, table, args in plans:
        logger.info("measuring: %s", feature)
        pooled: dict[str, Any] = {}
        error = None
        for index in range(rounds if feature in PER_PROCESS else 1):
            run_args = args
            if feature == "notes":
                folder = scratch / f"notes-bench-{index}"
                folder.mkdir(exist_ok=True)
                run_args = (str(folder),)
            try:
                _pool(pooled, python(_SNIPPETS[feature], *run_args))
            except Exception as exc:  # a broken bench is reported in the table, not hidden
                logger.warning("the %s benchmark failed: %s", feature, exc)
                error = str(exc).splitlines()[-1][:300] if str(exc) else type(exc).__name__
                break
        errors = pooled.get("errors") if isinstance(pooled.get("errors"), dict) else {}
        facts = {k: v for k, v in pooled.items() if not isinstance(v, list | dict)}
        facts |= {k: v[0] for k, v in pooled.items()  # one value, whatever the rounds
                  if isinstance(v, list) and v and all(x == v[0] for x in v)}
        for row in table:
            samples = [float(v) for v in pooled.get(row.key, [])]
            why = error or next((text for tool, text in errors.items()
                                 if row.key.startswith(tool)), None)
            if not samples and why is None:
                why = f"the bench gave no {row.key!r}"
            how = row.how
            try:
                how = how.format(**facts)
            except (KeyError, IndexError, ValueError):
                how = how.replace("{", "").replace("}", "")
            rows.append((Row(row.name, how, row.budget, row.key, row.unit), samples,
                         why if not samples else None))
    return rows
