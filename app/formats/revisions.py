"""What a revised export and a changes report read from the drafts: the two versions compared,
the marks of the changed lines, and the revision's colour and date.

``export(…, ExportOptions(revision=NAME))`` marks a shooting script with what changed since the
draft NAME; ``ExportOptions(what="changes", revision=FROM, revision_to=TO)`` (or ``against=FILE``)
reports the changes between two drafts, a draft and now, or two project files.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from app.core.errors import CommandError
from app.core.i18n import _
from app.core.revisions import RevisionColour
from app.features.drafts.compare import Comparison, RevisionMarks, compare, revision_marks
from app.features.drafts.snapshot import Snapshot
from app.features.drafts.store import (
    colour_after,
    current_snapshot,
    draft_snapshot,
    next_colour,
)
from app.formats.document.options import ExportOptions
from app.project.open_project import OpenProject

logger = logging.getLogger(__name__)


@dataclass
class Revision:
    """A shooting script revised since the draft ``base``."""

    base: str
    comparison: Comparison
    new: Snapshot
    marks: RevisionMarks
    colour: RevisionColour
    date: dt.date


def revision_of(project: OpenProject, opts: ExportOptions) -> Revision | None:
    """The revision ``opts`` asks for (None: an export without revision marks)."""
    if not opts.revision:
        return None
    old = draft_snapshot(project, opts.revision)
    new = current_snapshot(project)
    comparison = compare(old, new, opts.revision, "")
    colour = next_colour(project) if opts.issue else colour_after(project, opts.revision)
    return Revision(opts.revision, comparison, new, revision_marks(comparison, new), colour,
                    opts.date or dt.date.today())


def comparison_of(project: OpenProject, opts: ExportOptions) -> Comparison:
    """The comparison a changes report shows: from the draft ``opts.revision`` (or the project
    file ``opts.against``) to the draft ``opts.revision_to`` (or the script now)."""
    if opts.against:
        old, old_label = file_snapshot(Path(opts.against), project)
        old_source: dict[str, object] = {"file": old_label}
    elif opts.revision:
        old, old_label = draft_snapshot(project, opts.revision), opts.revision
        old_source = {"draft": opts.revision}
    else:
        raise CommandError(_("A changes report needs a draft to start from: add --from NAME "
                             "(kiln drafts list shows the names)."))
    if opts.revision_to:
        new, new_label = draft_snapshot(project, opts.revision_to), opts.revision_to
        new_source: dict[str, object] = {"draft": opts.revision_to}
    elif opts.against:
        new, new_label = current_snapshot(project), str(project.path)
        new_source = {"file": new_label}
    else:
        new, new_label = current_snapshot(project), ""
        new_source = {"now": True}
    comparison = compare(old, new, old_label, new_label)
    comparison.old_source, comparison.new_source = old_source, new_source
    return comparison


def file_snapshot(path: Path, project: OpenProject) -> tuple[Snapshot, str]:
    """The script of another project file as it is now, and its name for a report."""
    if path.resolve() == project.path.resolve():
        raise CommandError(_("{path} is the project itself; compare it with another copy, or "
                             "with one of its drafts.").format(path=path))
    with OpenProject.open(path, read_only=True, backup=False) as other:
        return current_snapshot(other), str(path)
