"""Benchmark the interchange on a generated feature-length Fountain screenplay (~120 pages).

``python -m tests.bench.bench_interchange``. Budget (issue 7): importing the screenplay — read,
parse, validate and write the ``.kiln`` file — in ≤ 1 s. Also measured: parsing alone, and
exporting the imported project back to Fountain, FDX and XLIFF.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from pathlib import Path

IMPORT_BUDGET = 1.0
LINES_PER_PAGE = 55

_PLACES = ["WORKSHOP", "HARBOUR", "KILN YARD", "MARKET", "LIN'S FLAT", "MUSEUM STORE ROOM"]
_TIMES = ["DAY", "NIGHT", "DAWN", "DUSK"]
_NAMES = ["LIN", "SHIRIN", "MAHIN", "KHALID", "GRANDPA", "NOURA", "REZA", "MEI"]
_WORDS = (
    "the blue cobalt glaze cracks under fire while she waits for the kiln to cool and the "
    "letter from Kashan lies open on the bench beside forty years of dust and promises"
).split()


def screenplay(pages: int = 120, seed: int = 7) -> str:
    """A Fountain screenplay of about ``pages`` pages, every common element kind included."""
    rng = random.Random(seed)

    def sentence(n: int) -> str:
        return " ".join(rng.choice(_WORDS) for _ in range(n)).capitalize() + "."

    out = ["Title: Generated Feature", "Author: Kiln bench", "", ""]
    lines = 0
    scene = 0
    while lines < pages * LINES_PER_PAGE:
        scene += 1
        if scene % 20 == 1:
            out += [f"# Part {scene // 20 + 1}", ""]
        heading = f"{rng.choice(['INT.', 'EXT.'])} {rng.choice(_PLACES)} - {rng.choice(_TIMES)}"
        out += [f"{heading} #{scene}#", "", f"= {sentence(8)}", ""]
        lines += 3
        for _ in range(rng.randint(4, 9)):
            roll = rng.random()
            if roll < 0.3:
                out += [sentence(rng.randint(12, 30)), ""]
                lines += 3
            elif roll < 0.9:
                name = rng.choice(_NAMES)
                block = [name + (" (V.O.)" if rng.random() < 0.1 else "")]
                if rng.random() < 0.3:
                    block.append("(quietly)")
                block.append(sentence(rng.randint(5, 20)))
                if rng.random() < 0.1:
                    block[-1] += " [[Check this line with the consultant.]]"
                out += [*block, ""]
                lines += len(block) + 2
            elif roll < 0.95:
                out += ["CUT TO:", ""]
                lines += 2
            else:
                out += ["~" + sentence(6), "~" + sentence(6), ""]
                lines += 3
    return "\n".join(out) + "\n"


def _samples(fn, rounds: int) -> list[float]:  # noqa: ANN001
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def bench_interchange(rounds: int = 5) -> dict[str, float | list[float]]:
    """Seconds of each round of each interchange operation on the generated screenplay."""
    from app.formats.fountain.reader import parse_fountain
    from app.formats.registry import import_script, script_bytes
    from app.project.open_project import OpenProject

    results: dict[str, float | list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("KILN_DATA_DIR", tmp)
        source = Path(tmp) / "feature.fountain"
        text = screenplay()
        source.write_text(text, encoding="utf-8")
        results["screenplay lines"] = text.count("\n")
        results["parse fountain (120 pages)"] = _samples(
            lambda: parse_fountain(text, source), rounds
        )
        counter = iter(range(10_000))

        def do_import() -> None:
            import_script(source, Path(tmp) / f"f{next(counter)}.kiln", "fountain")

        results["import fountain → .kiln (120 pages)"] = _samples(do_import, rounds)
        kiln = Path(tmp) / "f0.kiln"
        with OpenProject.open(kiln, read_only=True, backup=False) as project:
            for fmt, lang in (("fountain", ""), ("fdx", ""), ("xliff", "zh-Hans")):
                results[f"export {fmt}"] = _samples(
                    lambda f=fmt, la=lang: script_bytes(f, project, language=la), rounds
                )
    return results


if __name__ == "__main__":
    for name, values in bench_interchange().items():
        value = statistics.median(values) if isinstance(values, list) else values
        note = ""
        if name.startswith("import"):
            note = "  (budget ≤ 1 s: " + ("kept" if value <= IMPORT_BUDGET else "MISSED") + ")"
        print(f"{name}: {value}{note}")
