"""Shared steps of the interchange tests: import into a real .kiln file, export, read back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.formats.project_json import write_imported
from app.formats.script_source import gather
from app.project.open_project import OpenProject
from app.store import schema

DATA = Path(__file__).resolve().parent.parent / "data" / "interchange"


def to_kiln(data: dict[str, Any], path: Path, source: Path | None = None) -> Path:
    write_imported(data, path, source or path)
    return path


def export(path: Path, fmt: str) -> bytes:
    from app.formats.registry import script_bytes

    with OpenProject.open(path, read_only=True, backup=False) as project:
        return script_bytes(fmt, project)


def script(path: Path):  # noqa: ANN201 - a ScriptOut
    with OpenProject.open(path, read_only=True, backup=False) as project:
        return gather(project)


def elements(path: Path) -> list[tuple[str, str, str]]:
    """(kind, text, speaker) of every element in script order."""
    out = []
    for ep in script(path).episodes:
        for sc in ep.scenes:
            out += [(e.kind.value, e.text, e.speaker) for e in sc.elements]
    return out


def annotations(path: Path) -> list[tuple[str, str]]:
    """(element text, note body) of every text annotation."""
    with OpenProject.open(path, read_only=True, backup=False) as project:
        with project.file.session() as s:
            texts = dict(s.execute(select(schema.Element.id, schema.Element.text)).all())
            return sorted(
                (texts[a.target_id], a.body) for a in s.scalars(select(schema.Annotation))
            )
