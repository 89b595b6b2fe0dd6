"""A project changed on disk by another program while Kiln has it open is never written over;
saving a copy or reloading loses nothing."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from app.project.commands import Create, Update
from app.project.errors import ProjectChangedOnDisk
from app.project.open_project import OpenProject
from app.project.recover import reload, save_copy
from app.store import backup


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _titles(path: Path) -> list[str]:
    with OpenProject.open(path, read_only=True) as project:
        return [e.title for e in project.episodes()]


def _rewrite_in_place(path: Path, title: str) -> None:
    """Another program edits the same file (same inode)."""
    conn = sqlite3.connect(path)
    conn.execute("UPDATE episode SET title = ? WHERE number = 2", (title,))
    conn.commit()
    conn.close()


def _replace_by_rename(path: Path, title: str) -> None:
    """A sync tool writes its version beside the file and renames it over (a new inode)."""
    theirs = path.with_name(".sync-" + path.name)
    shutil.copy(path, theirs)
    _rewrite_in_place(theirs, title)
    os.replace(theirs, path)


@pytest.mark.parametrize("change", [_rewrite_in_place, _replace_by_rename])
def test_a_write_over_a_changed_file_is_refused(mini_kiln: Path, change) -> None:  # noqa: ANN001
    with OpenProject.open(mini_kiln, backup=False) as project:
        first = project.episodes()[0]
        for i in range(5):  # our own writes never look like someone else's
            project.run(Update("episode", first.id, {"title": f"ours {i}"}))
        project.undo()
        project.redo()
        change(mini_kiln, "theirs")
        on_disk = sha(mini_kiln)
        edit = Update("episode", first.id, {"title": "refused"})
        with pytest.raises(ProjectChangedOnDisk, match="another program") as caught:
            project.run(edit)
        assert caught.value.command is edit
        assert str(mini_kiln) in str(caught.value)
        with pytest.raises(ProjectChangedOnDisk):
            project.undo()
        assert project.history.undo_label is not None  # the refused undo is still there
        assert sha(mini_kiln) == on_disk
    assert sha(mini_kiln) == on_disk  # closing does not write over it either
    assert _titles(mini_kiln)[1] == "theirs"


def test_a_removed_file_is_not_written(mini_kiln: Path) -> None:
    with OpenProject.open(mini_kiln, backup=False) as project:
        episode = project.episodes()[0]
        moved = mini_kiln.with_name("moved.kiln")
        os.replace(mini_kiln, moved)
        with pytest.raises(ProjectChangedOnDisk):
            project.run(Update("episode", episode.id, {"title": "x"}))
    assert not mini_kiln.exists()


def test_save_my_version_as_a_copy_keeps_everything(mini_kiln: Path, tmp_path: Path) -> None:
    with OpenProject.open(mini_kiln, backup=False) as project:
        first = project.episodes()[0]
        scene = project.scenes(first.id)[0]
        project.run(Update("episode", first.id, {"title": "ours"}))
        _replace_by_rename(mini_kiln, "theirs")
        theirs = sha(mini_kiln)
        pending = Create("element", {"scene_id": scene.id, "kind": "action", "text": "typed"})
        with pytest.raises(ProjectChangedOnDisk) as caught:
            project.run(pending)
        copy_path = tmp_path / "mine.kiln"
        copy = save_copy(project, copy_path, caught.value.command)
        try:
            assert copy.episodes()[0].title == "ours"
            assert "typed" in [e.text for e in copy.elements(scene.id)]
            copy.run(Update("episode", first.id, {"title": "ours, later"}))  # writable
        finally:
            copy.close()
    assert sha(mini_kiln) == theirs and _titles(mini_kiln)[1] == "theirs"
    assert _titles(copy_path)[0] == "ours, later"


def test_reload_keeps_our_version_as_a_backup(mini_kiln: Path) -> None:
    project = OpenProject.open(mini_kiln, backup=False)
    first = project.episodes()[0]
    project.run(Update("episode", first.id, {"title": "ours"}))
    _replace_by_rename(mini_kiln, "theirs")
    with pytest.raises(ProjectChangedOnDisk):
        project.run(Update("episode", first.id, {"title": "refused"}))
    fresh = reload(project)
    try:
        titles = [e.title for e in fresh.episodes()]
        assert titles[1] == "theirs"  # the file on disk, as the other program left it
        fresh.run(Update("episode", first.id, {"title": "after reload"}))  # writable again
    finally:
        fresh.close()
    kept = [p for p in backup.list_backups(mini_kiln) if _titles(p)[0] == "ours"]
    assert kept, "our version was not kept"
