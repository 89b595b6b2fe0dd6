"""One registry of the files Kiln reads and writes, and the one way to export and import.

A ``Writer`` makes one format from an open project and the user's ``ExportOptions``; a ``Reader``
turns one kind of script file into project JSON. The command line, File ▸ Export…, File ▸
Export as… and File ▸ Import… all go through ``export`` and ``import_script`` here, so every
format is checked, written atomically (or not at all) and cancelled the same way.
"""

from __future__ import annotations

import json
import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.enums import Role
from app.core.i18n import _
from app.features.drafts.revision import is_locked, lock_scene_numbers
from app.features.drafts.store import DraftInfo, find_draft, issue_draft
from app.features.glossary.terms import entries
from app.features.rhythm.settings import project_settings
from app.formats.common import (
    ImportReport,
)
from app.formats.document.labels import export_text
from app.formats.document.options import ExportOptions, Progress, never_cancel
from app.formats.documents import render_document
from app.formats.errors import ExportCancelled, ExportError
from app.formats.export_file import write_export
from app.formats.fdx.writer import write_fdx
from app.formats.fountain.writer import write_fountain
from app.formats.importing import import_script
from app.formats.names import (
    CHANGES,
    DIALOGUE_LIST,
    DOCUMENTS,
    GLOSSARY,
    IMPORT_FORMATS,
    SHOOTING_SCRIPT,
    TRANSLATOR_PACKET,
)
from app.formats.one_step import convert_script, converts_directly
from app.formats.project_json import populator
from app.formats.readers import READERS, Reader, guess_format, looks_chinese, read_script
from app.formats.revisions import comparison_of, revision_of
from app.formats.script_marks import mark_script
from app.formats.script_source import gather
from app.formats.spreadsheets import write_dialogue_list, write_knp
from app.formats.subtitles import DialogueList, dialogue_list, write_srt, write_vtt
from app.formats.tbx import write_tbx
from app.formats.xliff import export_xliff
from app.project.open_project import OpenProject
from app.store.profile import load_profile

logger = logging.getLogger(__name__)

#: Documents only the formats that name them make (others fall back to their first document).
_OWN_FORMATS = (DIALOGUE_LIST, GLOSSARY, CHANGES)


@dataclass(frozen=True)
class Writer:
    """One export format: ``write(project, options, path, progress)`` fills ``path``."""

    format: str
    suffix: str
    #: The documents it makes (``--what``); the first is what it makes when asked for another.
    documents: tuple[str, ...]
    write: Callable[[OpenProject, ExportOptions, Path, Progress], None]


# -- writers --------------------------------------------------------------------------------


def _document(project: OpenProject, opts: ExportOptions, path: Path, progress: Progress) -> None:
    if opts.what == TRANSLATOR_PACKET and not opts.language:
        raise ExportError(
            _("A translator packet needs a target language: add --lang, e.g. --lang ar.")
        )
    render_document(project, opts, path, progress)


def _script_text(make: Callable[[Any], bytes]) -> Callable[..., None]:
    """A writer of the whole script as text (Fountain, FDX), for the chosen episodes; with a
    revision, the changed lines carry its marks where the format keeps them."""

    def write(project: OpenProject, opts: ExportOptions, path: Path, progress: Progress) -> None:
        script = gather(project)
        revision = revision_of(project, opts)
        if revision is not None:
            mark_script(script, revision, export_text(script.info.source_language))
        if opts.episodes is not None:
            first, last = opts.episodes
            script.episodes = [e for e in script.episodes if first <= e.record.number <= last]
        path.write_bytes(make(script))
        progress(1, 1)

    return write


def _xliff(project: OpenProject, opts: ExportOptions, path: Path, progress: Progress) -> None:
    if not opts.language:
        raise ExportError(_("An XLIFF export needs a target language: add --lang, e.g. --lang fa."))
    if opts.language == project.info().source_language:
        raise ExportError(
            _("{language} is the script's own language; choose a target language.").format(
                language=opts.language
            )
        )
    data = export_xliff(project, opts.language, episodes=opts.episodes,
                        limits=opts.line_limits or None)
    path.write_bytes(data)
    progress(1, 1)


def _dialogue_list(project: OpenProject, opts: ExportOptions) -> DialogueList:
    if not opts.language:
        raise ExportError(_("A dialogue list needs a language: add --lang, e.g. --lang ar."))
    return dialogue_list(project, opts.language, opts.episodes)


def _subtitles(make: Callable[[DialogueList, int], str]) -> Callable[..., None]:
    """A writer of a subtitle draft (SRT, WebVTT) of one language."""

    def write(project: OpenProject, opts: ExportOptions, path: Path, progress: Progress) -> None:
        dl = _dialogue_list(project, opts)
        limits = project_settings(project).limits(dl.language)
        path.write_text(make(dl, opts.line_limits.get(dl.language, limits.chars_per_line)),
                        encoding="utf-8")
        progress(1, 1)

    return write


def _glossary_languages(project: OpenProject, opts: ExportOptions) -> list[str]:
    info = project.info()
    return [opts.language] if opts.language else [
        lang for lang in info.target_languages if lang != info.source_language]


def _xlsx(project: OpenProject, opts: ExportOptions, path: Path, progress: Progress) -> None:
    if opts.what == GLOSSARY:
        write_knp(entries(project), _glossary_languages(project, opts), path)
    else:
        write_dialogue_list(_dialogue_list(project, opts), path)
    progress(1, 1)


def _changes_json(project: OpenProject, opts: ExportOptions, path: Path,
                  progress: Progress) -> None:
    comparison = comparison_of(project, opts)
    data = json.dumps(comparison.to_json(), ensure_ascii=False, indent=2) + "\n"
    path.write_text(data, encoding="utf-8")
    progress(1, 1)


def _tbx(project: OpenProject, opts: ExportOptions, path: Path, progress: Progress) -> None:
    title = _("{title} — key names and phrases").format(title=project.info().title)
    path.write_bytes(write_tbx(project, _glossary_languages(project, opts), title))
    progress(1, 1)


_DOCUMENTS = (SHOOTING_SCRIPT, TRANSLATOR_PACKET, CHANGES)

WRITERS: dict[str, Writer] = {
    w.format: w
    for w in (
        Writer("pdf", ".pdf", _DOCUMENTS, _document),
        Writer("docx", ".docx", _DOCUMENTS, _document),
        Writer("fountain", ".fountain", (SHOOTING_SCRIPT,),
               _script_text(lambda s: write_fountain(s).encode("utf-8"))),
        Writer("fdx", ".fdx", (SHOOTING_SCRIPT,), _script_text(write_fdx)),
        Writer("xliff", ".xlf", (TRANSLATOR_PACKET,), _xliff),
        Writer("xlsx", ".xlsx", (DIALOGUE_LIST, GLOSSARY), _xlsx),
        Writer("srt", ".srt", (DIALOGUE_LIST,), _subtitles(write_srt)),
        Writer("vtt", ".vtt", (DIALOGUE_LIST,), _subtitles(write_vtt)),
        Writer("tbx", ".tbx", (GLOSSARY,), _tbx),
        Writer("json", ".json", (CHANGES,), _changes_json),
    )
}


def writer(fmt: str) -> Writer:
    """The writer of ``fmt``; an ``ExportError`` names the formats there are."""
    try:
        return WRITERS[fmt]
    except KeyError:
        raise ExportError(
            _("{format} is not a format Kiln exports here; use one of: {choices}.").format(
                format=fmt, choices=", ".join(WRITERS)
            )
        ) from None


def export(
    project: OpenProject,
    opts: ExportOptions,
    out: Path | str,
    progress: Progress = never_cancel,
) -> Path:
    """Write ``project`` as ``opts.format`` to ``out`` through a temporary file; raise
    ``ExportCancelled`` when ``progress`` returns False (nothing is written then)."""
    out = Path(out)
    chosen = writer(opts.format)
    project.file.refuse_as_output(out)
    _check_revision(project, opts)
    if opts.what not in chosen.documents and (
            opts.what in _OWN_FORMATS or chosen.documents == (CHANGES,)):
        raise ExportError(_("A {what} cannot be exported as {format}; use one of: {choices}.")
                          .format(what=opts.what, format=opts.format, choices=", ".join(
                              w.format for w in WRITERS.values() if opts.what in w.documents)))
    write_export(out, lambda tmp: chosen.write(project, opts, tmp, progress))
    logger.info("exported %s as %s", out, opts.format)
    if opts.issue:
        issue_to_production(project, opts)
    return out


def _check_revision(project: OpenProject, opts: ExportOptions) -> None:
    """Refuse revision options that cannot be met, before anything is written."""
    if opts.changed_pages_only and (opts.format != "pdf" or opts.what != SHOOTING_SCRIPT):
        raise ExportError(_("Only a shooting script PDF can keep the changed pages alone; "
                            "export it with --format pdf."))
    if opts.changed_pages_only and not opts.revision:
        raise ExportError(_("Changed pages are the pages changed since a draft: add --revision "
                            "NAME (kiln drafts list shows the names)."))
    if opts.revision:
        find_draft(project, opts.revision)
    if opts.issue and opts.what != SHOOTING_SCRIPT:
        raise ExportError(_("Only a shooting script is issued to production."))
    if opts.issue and (project.file.read_only or project.role is not Role.WRITER):
        raise ExportError(_("Issuing to production keeps a draft in {path}: open it for "
                            "editing, as a writer.").format(path=project.path))


def issue_to_production(project: OpenProject, opts: ExportOptions) -> DraftInfo:
    """After an export issued to production: lock the scene numbers (the first issue) and keep
    the script as the next revision's draft (the numbers printed are those locked)."""
    if not is_locked(project):
        lock_scene_numbers(project)
    return issue_draft(project, author=load_profile().name, on=opts.date)


def export_bytes(project: OpenProject, opts: ExportOptions) -> bytes:
    """The bytes ``export`` would write (for checks and tests)."""
    with tempfile.TemporaryDirectory(prefix="kiln-export-") as folder:
        out = Path(folder) / f"export{writer(opts.format).suffix}"
        export(project, opts, out)
        return out.read_bytes()


def script_bytes(fmt: str, project: OpenProject, *, language: str = "",
                 episodes: tuple[int, int] | None = None) -> bytes:
    """The project as Fountain, FDX or XLIFF (``language``: the XLIFF target)."""
    what = writer(fmt).documents[0]
    opts = ExportOptions(what=what, format=fmt, language=language, episodes=episodes)
    return export_bytes(project, opts)


def convert(
    source: Path | str,
    opts: ExportOptions,
    out: Path | str,
    *,
    fmt: str = "auto",
    encoding: str = "auto",
    progress: Progress = never_cancel,
) -> ImportReport:
    """Export the script ``source`` straight to ``out`` as ``opts`` says, with no project file:
    the same reader as ``import_script`` and the same writer as ``export``. A shooting script
    PDF or Word file is laid out from the reader's rows (``app.formats.one_step``); anything
    else from a project that lives in memory for the length of the call. Returns what the
    reader could not place."""
    if converts_directly(opts):
        return convert_script(source, opts, out, fmt=fmt, encoding=encoding, progress=progress)
    source = Path(source)
    data, report = read_script(source, fmt, encoding)
    populate = populator(data, source.name)
    with OpenProject.in_memory(populate, source) as project:
        export(project, opts, out, progress)
    return report


__all__ = [
    "CHANGES",
    "DIALOGUE_LIST",
    "DOCUMENTS",
    "GLOSSARY",
    "IMPORT_FORMATS",
    "READERS",
    "SHOOTING_SCRIPT",
    "TRANSLATOR_PACKET",
    "WRITERS",
    "ExportCancelled",
    "convert",
    "read_script",
    "ExportError",
    "Reader",
    "Writer",
    "export",
    "export_bytes",
    "guess_format",
    "import_script",
    "looks_chinese",
    "script_bytes",
    "writer",
]
