"""Import files in a process of its own and report how it went: the outcome, the time and the
peak memory (resident set) of the process — the figures the budgets of the readers promise.

Run by ``tests.support.attacks.run_readers`` as ``python -m tests.support.reader_child``; reads a
JSON list of ``[format, source, out]`` on stdin and prints one JSON object per input. The
process's address space is capped (``KILN_CHILD_MEMORY_CAP``, bytes), so an attack that would
take gigabytes fails with ``MemoryError`` here instead of starving the machine.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path


def _peak_mb() -> float:
    """The process's peak resident memory (``VmHWM``: unlike ``ru_maxrss``, it starts afresh
    at exec, so the parent's size before the fork is not counted)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def main() -> int:
    cap = int(os.environ.get("KILN_CHILD_MEMORY_CAP", str(3 * 2**30)))
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    jobs = json.loads(sys.stdin.read())
    from app.core.errors import UserError
    from app.formats.registry import import_script

    print(json.dumps({"baseline_mb": _peak_mb()}), flush=True)
    for fmt, source, out in jobs:
        started = time.perf_counter()
        result: dict[str, object] = {"source": source}
        try:
            report = import_script(Path(source), Path(out), fmt)
            result.update(outcome="read", warnings=report.lines())
        except UserError as exc:
            result.update(outcome="refused", message=str(exc))
        except MemoryError:
            result.update(outcome="crash", message="MemoryError")
        except Exception as exc:  # noqa: BLE001 - the parent reports what escaped
            result.update(outcome="crash", message=f"{type(exc).__name__}: {exc}"[:2000])
        result.update(seconds=time.perf_counter() - started, peak_mb=_peak_mb(),
                      written=Path(out).exists())
        print(json.dumps(result, ensure_ascii=True), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
