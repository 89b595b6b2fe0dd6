"""Benchmarks of consultants' notes: typing in a line that carries notes, and packet import.

``measure_notes(folder)`` builds a project of its own in ``folder`` and returns
``{row name: seconds}`` for one round; ``python -m tests.bench.bench_notes`` prints them.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

from app.domain.enums import Role
from app.notes import packets, service
from app.services.commands import Create, Delete, Update
from app.services.project import OpenProject, new_project

logger = logging.getLogger(__name__)

NOTES_ON_LINE = 50
PACKET_NOTES = 2000
LINE = "他说苏麻离青来自远方，" * 40  # a long line, 440 characters

ROW_TYPE = f"Type one character in a line with {NOTES_ON_LINE} notes (re-anchor, commit)"
ROW_EXPORT = f"Export a review packet of {PACKET_NOTES} notes"
ROW_IMPORT = f"Import a review packet of {PACKET_NOTES} new notes"
ROW_REIMPORT = f"Import the same {PACKET_NOTES}-note packet again (no change)"


def measure_notes(folder: Path) -> dict[str, float]:
    """One round of every measurement, in seconds."""
    source, target = folder / "source.kiln", folder / "target.kiln"
    new_project(source, title="bench", episodes=1)
    result: dict[str, float] = {}
    with OpenProject.open(source, backup=False, role=Role.WRITER) as p:
        scene = Create("scene", {"episode_id": p.episodes()[0].id})
        p.run(scene)
        lines = []
        for _ in range(PACKET_NOTES // NOTES_ON_LINE):
            line = Create("element", {"scene_id": scene.created_id, "kind": "action", "text": LINE})
            p.run(line)
            lines.append(line.created_id)
        for line_id in lines:
            for k in range(NOTES_ON_LINE):
                at = (k * 11) % (len(LINE) - 4)
                service.add_text_note(p, line_id, at, at + 4, "note", author="bench")
        started = time.perf_counter()
        p.run(Update("element", lines[0], {"text": "好" + LINE}, typing=True))
        result[ROW_TYPE] = time.perf_counter() - started
        started = time.perf_counter()
        packets.export_packet(p, folder / "packet.json")
        result[ROW_EXPORT] = time.perf_counter() - started
    # The same project without its notes receives them all.
    data = json.loads((folder / "packet.json").read_text("utf-8"))
    source.replace(target)
    with OpenProject.open(target, backup=False, role=Role.WRITER) as p:
        for note in service.notes(p):
            p.run(Delete("annotation", note.id))
        started = time.perf_counter()
        packets.import_packet(p, folder / "packet.json")
        result[ROW_IMPORT] = time.perf_counter() - started
        started = time.perf_counter()
        packets.import_packet(p, folder / "packet.json")
        result[ROW_REIMPORT] = time.perf_counter() - started
        assert len(service.notes(p)) == len(data["notes"])
    return result


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("KILN_DATA_DIR", tmp)
        for name, seconds in measure_notes(Path(tmp)).items():
            sys.stdout.write(f"{seconds * 1000:9.1f} ms  {name}\n")
