"""Benchmarks of consultants' notes: typing in a line that carries notes, packet import, and the
notes panel of the window following edits on a big project.

``measure_notes(folder)`` builds a project of its own in ``folder`` and returns
``{row name: seconds}`` for one round; ``measure_panel(project, folder)`` times the notes panel
on a copy of a generated series (``python -m tests.bench.generate --episodes 100``).
``python -m tests.bench.bench_notes [BIG.kiln]`` prints them.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from app.core.enums import Role
from app.features.notes import packets, service
from app.project.commands import Create, Delete, Update
from app.project.open_project import OpenProject, new_project

logger = logging.getLogger(__name__)

NOTES_ON_LINE = 50
PACKET_NOTES = 2000
LINE = "他说苏麻离青来自远方，" * 40  # a long line, 440 characters

ROW_TYPE = f"Type one character in a line with {NOTES_ON_LINE} notes (re-anchor, commit)"
ROW_EXPORT = f"Export a review packet of {PACKET_NOTES} notes"
ROW_IMPORT = f"Import a review packet of {PACKET_NOTES} new notes"
ROW_REIMPORT = f"Import the same {PACKET_NOTES}-note packet again (no change)"

PANEL_NOTES = 500  # notes added to the generated series (it has a few dozen of its own)
ROW_PANEL_RELOAD = "Notes panel: read every note again (100-episode series)"
ROW_PANEL_TYPE = "Commit a typed line with the notes panel open (100-episode series)"
ROW_PANEL_CATCH_UP = "Notes panel catches up after typing in a noted line (100-episode series)"


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


def measure_panel(project: Path, folder: Path, rounds: int = 15) -> dict[str, float]:
    """The notes panel on a copy of ``project`` with ``PANEL_NOTES`` more notes: a full
    reload, a typed commit while the panel is open (the panel only notes what changed), and
    the panel's catch-up once the typing pauses. Medians of ``rounds``, in seconds."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from app.store.profile import Profile
    from ui.bridge import ProjectBridge
    from ui.notes.panel import NotesPanel

    app = QApplication.instance() or QApplication([])
    copy = folder / "panel.kiln"
    shutil.copyfile(project, copy)
    with OpenProject.open(copy, backup=False, role=Role.WRITER) as p:
        lines = [e for scene in p.scenes()[::10] for e in p.elements(scene.id)
                 if len(e.text) >= 8][:PANEL_NOTES]
        for line in lines:
            service.add_text_note(p, line.id, 2, 6, "bench", author="bench")
        panel = NotesPanel(ProjectBridge(p), Profile("bench", Role.WRITER))
        reloads = []
        for _ in range(rounds):
            started = time.perf_counter()
            panel.refresh()
            reloads.append(time.perf_counter() - started)
        commits, catch_ups = [], []
        line = lines[len(lines) // 2]
        for k in range(rounds):
            text = "好" * (k + 1) + line.text  # before the noted words: every note moves
            started = time.perf_counter()
            p.run(Update("element", line.id, {"text": text}, typing=True))
            app.processEvents()
            commits.append(time.perf_counter() - started)
            started = time.perf_counter()
            panel.apply_pending()  # what the pause timer runs
            catch_ups.append(time.perf_counter() - started)
        assert panel.full_reloads == rounds + 1  # typing never read every note again
        panel.deleteLater()
        app.processEvents()
    return {
        ROW_PANEL_RELOAD: statistics.median(reloads),
        ROW_PANEL_TYPE: statistics.median(commits),
        ROW_PANEL_CATCH_UP: statistics.median(catch_ups),
    }


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("KILN_DATA_DIR", tmp)
        results = measure_notes(Path(tmp))
        if len(sys.argv) > 1:
            results.update(measure_panel(Path(sys.argv[1]), Path(tmp)))
        for name, seconds in results.items():
            sys.stdout.write(f"{seconds * 1000:9.1f} ms  {name}\n")
