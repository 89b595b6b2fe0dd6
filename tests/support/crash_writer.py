"""A writer for the crash test: edits a project as fast as it can until it is killed.

Besides plain edits it types into one line the way the editor's autosave does (merged typing
updates), takes rotating backups and exports the script, so a kill can land in any of them.
After each edit has been committed it appends the edit's number to a log (flushed and synced),
so the test knows exactly which edits Kiln promised to keep.

    python -m tests.support.crash_writer PROJECT.kiln LOG EXPORT.fountain
"""

from __future__ import annotations

import os
import sys

from app.formats.document.options import ExportOptions
from app.formats.registry import export
from app.project.commands import Create, Delete, Update
from app.project.open_project import OpenProject

#: What edit number ``i`` does: i % 8 picks the kind (the crash test checks each kind).
KINDS = ("insert", "insert", "temp", "title", "insert", "typing", "backup", "export")


def main(project_path: str, log_path: str, export_path: str) -> None:
    with OpenProject.open(project_path, backup=False) as project, open(log_path, "a") as log:
        episode = project.episodes()[0]
        scene = project.scenes(episode.id)[0]
        typed = next(e for e in project.elements(scene.id) if not e.text.startswith("edit-"))
        start = sum(1 for _ in open(log_path)) if os.path.getsize(log_path) else 0
        print("ready", flush=True)
        i = start
        while True:
            kind = KINDS[i % len(KINDS)]
            if kind == "title":
                project.run(Update("episode", episode.id, {"title": f"title-{i}"}))
            elif kind == "temp":
                created = project.run(
                    Create(
                        "element", {"scene_id": scene.id, "kind": "dialogue", "text": f"temp-{i}"}
                    )
                )
                project.run(Delete("element", created.changes[0].row_id))
            elif kind == "typing":  # the editor's autosave commits typing like this
                project.run(Update("element", typed.id, {"text": f"typed-{i}"}, typing=True))
            elif kind == "backup":
                project.file.backup(keep=3)
            elif kind == "export":
                export(project, ExportOptions(format="fountain"), export_path)
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
    main(sys.argv[1], sys.argv[2], sys.argv[3])
