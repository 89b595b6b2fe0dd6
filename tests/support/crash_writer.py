"""A writer for the crash test: edits a project as fast as it can until it is killed.

After each edit has been committed it appends the edit's number to a log (flushed and synced),
so the test knows exactly which edits Kiln promised to keep.

    python -m tests.support.crash_writer PROJECT.kiln LOG
"""

from __future__ import annotations

import os
import sys

from app.services.commands import Create, Delete, Update
from app.services.project import OpenProject


def main(project_path: str, log_path: str) -> None:
    with OpenProject.open(project_path, backup=False) as project, open(log_path, "a") as log:
        episode = project.episodes()[0]
        scene = project.scenes(episode.id)[0]
        start = sum(1 for _ in open(log_path)) if os.path.getsize(log_path) else 0
        print("ready", flush=True)
        i = start
        while True:
            if i % 4 == 3:
                project.run(Update("episode", episode.id, {"title": f"title-{i}"}))
            elif i % 4 == 2:
                created = project.run(
                    Create(
                        "element", {"scene_id": scene.id, "kind": "dialogue", "text": f"temp-{i}"}
                    )
                )
                project.run(Delete("element", created.changes[0].row_id))
            else:
                project.run(
                    Create(
                        "element",
                        {"scene_id": scene.id, "kind": "action", "text": f"edit-{i}"},
                        position=0,
                    )
                )
            log.write(f"{i}\n")
            log.flush()
            os.fsync(log.fileno())
            i += 1


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
