"""The pictures docs/exports.md shows, drawn anew from the current exports (``make golden``).

Each picture is one page of one export, found by what it shows (a section's heading in the
packet's language, a line of the script), drawn with ``pdftoppm`` at 72 dpi (one pixel a
point); the DOCX pictures are the page as LibreOffice sets it (``tests.support.libreoffice``).
The sample is drawn as it is (Chinese layout) and switched to the Hollywood layout with
Mahin's voice-over set beside Shirin's call (dual dialogue), as docs/exports.md describes;
the real screenplays are imported from tests/data. Exports are dated ``golden.DATE``.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import subprocess
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.core.paths import sample_project_source
from app.formats import project_json
from app.formats.document.labels import export_text
from app.formats.document.options import ExportOptions
from app.formats.registry import export
from app.project.open_project import OpenProject, write_project
from tests.support.golden import DATE, PROJECTS, ROOT
from tests.support.libreoffice import convert

logger = logging.getLogger(__name__)

PICTURES = ROOT / "docs" / "exports"
DPI = 72
_CONTROLS = re.compile("[\u200c-\u200f\u202a-\u202e\u2066-\u2069\\s]")


def _sample_hollywood(folder: Path) -> Path:
    """The sample in the Hollywood layout, Mahin's voice-over beside Shirin's call."""
    path = folder / "sample-hollywood.kiln"
    if path.exists():
        return path
    data = json.loads(sample_project_source().read_text(encoding="utf-8"))
    data["project"]["layout"] = "hollywood"
    for ep in data["episodes"]:
        for scene in ep["scenes"]:
            for before, el in zip(scene["elements"], scene["elements"][1:], strict=False):
                if before.get("key") == "shirin-madarjun" and el.get("speaker") == "mahin":
                    el["dual"] = True
    write_project(path, project_json.populator(data, "sample-hollywood.json"))
    return path


_PROJECTS: dict[str, Callable[[Path], Path]] = {**PROJECTS, "sample-hollywood": _sample_hollywood}


def _label(lang: str, label: str) -> str:
    return export_text(lang).gettext(label)


@dataclass(frozen=True)
class Picture:
    """``name``.png: the first page of the export that ``shows`` (a text on the page, or a
    page number when an int); ``libreoffice``: the DOCX as LibreOffice sets it."""

    name: str
    project: str
    options: ExportOptions
    shows: str | int
    libreoffice: bool = False


def _script(**kw: object) -> ExportOptions:
    return ExportOptions(date=DATE, **kw)  # type: ignore[arg-type]


def _packet(lang: str, fmt: str = "pdf") -> ExportOptions:
    return ExportOptions(what="translator-packet", format=fmt, language=lang, date=DATE)


PICTURES_SHOWN: tuple[Picture, ...] = (
    Picture("script-zh-title", "sample", _script(format="pdf"), 1),
    Picture("script-zh-episode1-notes", "sample", _script(format="pdf", notes=True), 2),
    Picture("script-zh-persian-line", "sample", _script(format="pdf"), "۴۰"),
    Picture("script-hollywood", "sample-hollywood", _script(format="pdf"), 2),
    Picture("script-hollywood-dual", "sample-hollywood", _script(format="pdf", notes=True),
            "玛欣 (V.O.)"),
    Picture("script-hollywood-dual-docx-in-libreoffice", "sample-hollywood",
            _script(format="docx", notes=True), "玛欣 (V.O.)", libreoffice=True),
    Picture("screenplay-brick-and-steel-title", "brick-and-steel", _script(format="pdf"), 1),
    Picture("screenplay-brick-and-steel", "brick-and-steel", _script(format="pdf"), 2),
    Picture("screenplay-the-library-freak-out-more", "the-library-freak-out",
            _script(format="pdf"), "(MORE)"),
    Picture("packet-fa-cover", "sample", _packet("fa"), 1),
    Picture("packet-fa-characters", "sample", _packet("fa"), 2),
    Picture("packet-fa-glossary", "sample", _packet("fa"), _label("fa", "Key names and phrases")),
    Picture("packet-fa-dialogue", "sample", _packet("fa"), _label("fa", "Dialogue list")),
    Picture("packet-fa-cultural-notes", "sample", _packet("fa"), _label("fa", "Cultural notes")),
    Picture("packet-ar-glossary", "sample", _packet("ar"), _label("ar", "Key names and phrases")),
    Picture("packet-pt-BR-glossary", "sample", _packet("pt-BR"),
            _label("pt-BR", "Key names and phrases")),
    Picture("packet-en-glossary", "sample", _packet("en"), "Key names and phrases"),
    Picture("packet-en-dialogue", "sample", _packet("en"), "Dialogue list"),
    Picture("packet-ar-docx-in-libreoffice", "sample", _packet("ar", "docx"),
            _label("ar", "Dialogue list"), libreoffice=True),
)


def _plain(text: str) -> str:
    """Text as compared: compatibility forms folded (shaped Arabic), bidi controls, joiners and
    spaces dropped."""
    return _CONTROLS.sub("", unicodedata.normalize("NFKC", text))


def page_showing(pdf: Path, shows: str | int) -> int:
    """The first page (from 1) of ``pdf`` whose text holds ``shows``; ``shows`` itself when
    it is a page number."""
    if isinstance(shows, int):
        return shows
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    want = _plain(shows)
    for n, page in enumerate(text.split("\f"), start=1):
        if want in _plain(page):
            return n
    raise LookupError(f"no page of {pdf.name} shows {shows!r}")


def draw(picture: Picture, folder: Path) -> Path:
    """Export, find the page, draw it into docs/exports/``name``.png."""
    kiln = _PROJECTS[picture.project](folder)
    out = folder / f"{picture.name}.{picture.options.format}"
    with OpenProject.open(kiln, read_only=True, backup=False) as project:
        export(project, picture.options, out)
    pdf = convert(out, folder) if picture.libreoffice else out
    page = page_showing(pdf, picture.shows)
    target = PICTURES / picture.name
    subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-f", str(page), "-l", str(page),
                    "-singlefile", str(pdf), str(target)], check=True)
    return target.with_suffix(".png")


def main() -> None:
    """Draw the pictures named (all by default)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="picture names (default: all)")
    args = parser.parse_args()
    PICTURES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for picture in PICTURES_SHOWN:
            if args.names and picture.name not in args.names:
                continue
            path = draw(picture, Path(tmp))
            print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
