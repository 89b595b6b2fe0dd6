"""Benchmark rows of the features: board and editor, heritage library, interchange, notes.

Each feature's own bench module measures (several samples inside, with its own percentile);
this module runs it in a fresh interpreter, so Qt and caches from one feature never flatter
another, and turns the numbers into report rows with the issues' budgets.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.bench import bench_notes

logger = logging.getLogger(__name__)

Row = tuple[str, str, float | None, str]  # name, how, budget, key in the feature's result

STARTUP_ROWS: list[Row] = [
    ("Start-up to window shown, with the sample project (`python main.py`)", "median of 5 "
     "fresh processes that quit on their first frame (`tests/bench/startup.py`).", 1.0,
     "kiln_window_shown_s"),
    ("Start-up to window shown, bare PySide6 window (the floor)", "median of 5, same way.",
     None, "bare_window_shown_s"),
]
UI_ROWS: list[Row] = [
    (
        "Open the 100-episode project and show the board",
        "fresh `MainWindow`, imports done first: open, board painted (`tests/bench/bench_ui.py`).",
        1.5,
        "open_and_show_board",
    ),
    (
        "Keystroke to repaint in a 100-scene episode (p95)",
        "200 key presses in the editor, each timed to the end of its repaint; 95th percentile.",
        0.016,
        "keystroke_p95",
    ),
    (
        "Board full repaint, overview (p95)",
        "30 repaints of all 100 lanes.",
        0.016,
        "board_repaint_overview_p95",
    ),
    (
        "Board full repaint, detail (p95)",
        "30 repaints at 100 % zoom.",
        0.016,
        "board_repaint_detail_p95",
    ),
    (
        "Board scroll step (p95)",
        "30 scroll steps at 100 % zoom, each to the end of its repaint.",
        0.016,
        "board_scroll_step_p95",
    ),
]
HERITAGE_ROWS: list[Row] = [
    (
        "Heritage search on 20,000 entries (p95)",
        "18 queries in five languages × 3 filter "
        "sets × 20 rounds on a generated library (`tests/bench/bench_heritage.py`).",
        0.010,
        "search_p95_s",
    ),
    (
        "Build the detection matchers for 20,000 entries",
        "PhraseMatchers of every name and alias in five languages, from scratch.",
        3.0,
        "build_matchers_s",
    ),
    (
        "Detect heritage terms in the whole 100-episode project (median)",
        "median of 3 runs with built matchers.",
        2.0,
        "detect_project_median_s",
    ),
    (
        "Detect heritage terms in the whole project, first run",
        "the first of those runs.",
        None,
        "detect_project_first_s",
    ),
    (
        "Re-detect one edited paragraph (p95)",
        "one paragraph, many rounds.",
        0.010,
        "detect_paragraph_p95_s",
    ),
]
INTERCHANGE_ROWS: list[Row] = [
    (
        "Import a 120-page Fountain screenplay into a .kiln",
        "median of 3 imports of a "
        "generated feature-length screenplay (`tests/bench/bench_interchange.py`).",
        1.0,
        "import fountain → .kiln (120 pages)",
    ),
    ("Export that screenplay as Fountain", "median of 3.", None, "export fountain"),
    ("Export that screenplay as FDX", "median of 3.", None, "export fdx"),
    ("Export that screenplay as XLIFF", "median of 3.", None, "export xliff"),
]
EXPORT_ROWS: list[Row] = [
    (
        "Shooting script PDF of the 100-episode project",
        "one export, Chinese layout (`tests/bench/bench_export.py`).",
        20.0,
        "export shooting script pdf",
    ),
    (
        "Shooting script DOCX of the 100-episode project",
        "one export.",
        10.0,
        "export shooting script docx",
    ),
    (
        "Translator packet (ar) PDF of the 100-episode project",
        "one export.",
        10.0,
        "export translator packet ar pdf",
    ),
]
NOTES_ROWS: list[Row] = [
    (
        bench_notes.ROW_TYPE,
        "one edit that re-anchors every note on the line (`tests/bench/bench_notes.py`).",
        None,
        bench_notes.ROW_TYPE,
    ),
    (bench_notes.ROW_EXPORT, "one round.", None, bench_notes.ROW_EXPORT),
    (bench_notes.ROW_IMPORT, "one round, every note new.", None, bench_notes.ROW_IMPORT),
    (bench_notes.ROW_REIMPORT, "one round; nothing changes.", None, bench_notes.ROW_REIMPORT),
]

_SNIPPETS = {
    "startup": (
        "import json, sys; from pathlib import Path; from app.services.sample import "
        "write_sample; from tests.bench.startup import measure; p = Path(sys.argv[1]); "
        "write_sample(p, overwrite=True); print(json.dumps(measure(p)))"
    ),
    "ui": (
        "import json, sys; from pathlib import Path; from tests.bench.bench_ui import measure; "
        "print(json.dumps(measure(Path(sys.argv[1]), Path(sys.argv[2])), default=str))"
    ),
    "heritage": (
        "import json; from tests.bench.bench_heritage import measure; print(json.dumps(measure()))"
    ),
    "interchange": (
        "import json; from tests.bench.bench_interchange import bench_interchange; "
        "print(json.dumps(bench_interchange(rounds=3)))"
    ),
    "export": (
        "import json, sys; from pathlib import Path; from tests.bench.bench_export import "
        "bench_export; print(json.dumps(bench_export(Path(sys.argv[1]))))"
    ),
    "notes": (
        "import json, sys; from pathlib import Path; from tests.bench.bench_notes import "
        "measure_notes; print(json.dumps(measure_notes(Path(sys.argv[1]))))"
    ),
}


def feature_rows(
    python: Callable[..., dict[str, Any]],
    board_project: Path,
    editor_project: Path,
    scratch: Path,
) -> list[tuple[str, str, float | None, float | None]]:
    """Run every feature bench; (name, how, budget, seconds or None when it failed)."""
    notes_folder = scratch / "notes-bench"
    notes_folder.mkdir(exist_ok=True)
    plans = [
        ("startup", STARTUP_ROWS, (str(scratch / "startup-sample.kiln"),)),
        ("ui", UI_ROWS, (str(board_project), str(editor_project))),
        ("heritage", HERITAGE_ROWS, ()),
        ("interchange", INTERCHANGE_ROWS, ()),
        ("export", EXPORT_ROWS, (str(board_project),)),
        ("notes", NOTES_ROWS, (str(notes_folder),)),
    ]
    rows = []
    for feature, table, args in plans:
        logger.info("measuring: %s", feature)
        try:
            result = python(_SNIPPETS[feature], *args)
        except Exception as exc:  # a broken bench is reported in the table, not hidden
            logger.warning("the %s benchmark failed: %s", feature, exc)
            result = {}
        for name, how, budget, key in table:
            value = result.get(key)
            rows.append((name, how, budget, float(value) if value is not None else None))
    return rows
