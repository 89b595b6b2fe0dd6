"""A laptop for the studio's load and fault tests: edits its clone and syncs, again and again.

Edit ``i`` adds a line "``NAME-i``" to a scene (one changeset), and every ``SHARED_EVERY``-th
edit also retypes a line shared by every client (conflicts, each one a note on that line).
After each edit is committed its number is appended to LOG (flushed and synced), so a test
knows which edits Kiln promised to keep. Every ``EVERY`` edits the client syncs, timing each
sync into TIMES; a sync that fails because the server is away is counted and tried again later:
typing never waits for the network. At the end it syncs until its outbox is empty (a bounded
number of tries).

    python -m tests.support.studio_client FILE.kiln NAME EDITS EVERY LOG TIMES [START [STOP]]

START -1 goes on after the last edit the file holds (a killed client may have committed one
it had not logged yet). With STOP (a file name) it goes on past EDITS until that file exists.
"""

from __future__ import annotations

import json
import os
import sys
import time

from app.core.enums import ElementKind
from app.features.studio.errors import ServerUnreachable
from app.features.studio.sync import Studio
from app.project import outbox
from app.project.commands import Create, Update
from app.project.open_project import OpenProject

#: Every this many edits a client also retypes the line all clients share.
SHARED_EVERY = 25


def _log(handle, line: str) -> None:  # noqa: ANN001
    handle.write(line + "\n")
    handle.flush()
    os.fsync(handle.fileno())


def main(path: str, name: str, edits: int, every: int, log_path: str, times_path: str,
         start: int = 0, stop: str | None = None) -> None:
    times: list[float] = []
    failures = midway = 0
    with OpenProject.open(path, backup=False) as project, open(log_path, "a") as log:
        studio = Studio(project)
        scenes = project.scenes()
        scene = scenes[sum(map(ord, name)) % len(scenes)].id
        shared = next(e.id for e in project.elements(scenes[0].id)
                      if e.kind is ElementKind.ACTION)
        if start < 0:  # go on after the last edit the file has (it may be past the log)
            mine = [int(e.text.rsplit("-", 1)[1]) for e in project.elements(scene)
                    if e.text.startswith(f"{name}-")]
            start = max(mine, default=-1) + 1
        print("ready", flush=True)

        def sync() -> None:
            nonlocal failures, midway
            began = time.perf_counter()
            try:
                studio.sync()
            except ServerUnreachable as exc:
                failures += 1
                midway += exc.midway
                return
            times.append(time.perf_counter() - began)

        i = start
        while i < edits or (stop is not None and not os.path.exists(stop)):
            project.run(Create("element", {"scene_id": scene, "kind": "action",
                                           "text": f"{name}-{i}"}))
            if i % SHARED_EVERY == 0:
                project.run(Update("element", shared, {"text": f"{name} typed {i}"}))
            _log(log, str(i))
            i += 1
            if i % every == 0:
                sync()
        for _try in range(300):
            before = failures
            sync()
            if failures == before and not outbox.count(project.file.sessions):
                break
            time.sleep(0.1)
        with open(times_path, "w") as out:
            json.dump({"times": times, "failures": failures, "midway": midway}, out)
    print("done", flush=True)


if __name__ == "__main__":
    args = sys.argv[1:]
    main(args[0], args[1], int(args[2]), int(args[3]), args[4], args[5],
         int(args[6]) if len(args) > 6 else 0, args[7] if len(args) > 7 else None)
