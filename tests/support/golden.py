"""Golden renderings of exports: what each page says and where, kept in tests/golden/.

A case is one export of one project (the sample in every language, two real public
screenplays). Its reference is plain text: for a PDF, each page's text lines as poppler's
``pdftotext -bbox-layout`` reads them, with the line's top and left edge in whole points; for
a DOCX, ``word/document.xml`` in reading order (paragraphs with their direction and
alignment, table rows, page and section breaks, header and footer). Nothing that changes from
one run to the next is in it (the export date is fixed; creation dates and ids are not text).

``make test`` compares every case (tests/unit/test_golden.py) and names the page and line that
differ; ``make golden`` (``python -m tests.support.golden``) writes the references anew, the
only way they change.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import re
import subprocess
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

from app.formats.document.options import ExportOptions
from app.formats.registry import export, import_script
from app.formats.sample import write_sample
from app.project.open_project import OpenProject

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden"
DATA = ROOT / "tests" / "data"
#: The date every golden export prints (title page, packet cover).
DATE = dt.date(2026, 1, 15)
_XHTML = "{http://www.w3.org/1999/xhtml}"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class Case:
    """One golden export: ``project`` makes the .kiln file in a folder, ``options`` the export."""

    name: str
    project: str
    options: ExportOptions

    @property
    def reference(self) -> Path:
        return GOLDEN / f"{self.name}.txt"


def _sample(folder: Path) -> Path:
    path = folder / "sample.kiln"
    if not path.exists():
        write_sample(path)
    return path


def _imported(source: Path) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / f"{source.stem}.kiln"
        if not path.exists():
            import_script(source, path)
        return path

    return make


PROJECTS: dict[str, Callable[[Path], Path]] = {
    "sample": _sample,
    "brick-and-steel": _imported(DATA / "fountain_samples" / "brick_and_steel.fountain"),
    "the-library-freak-out": _imported(DATA / "interchange" / "the_library_freak_out.fountain"),
}


def _packet(lang: str, fmt: str = "pdf") -> ExportOptions:
    return ExportOptions(what="translator-packet", format=fmt, language=lang, date=DATE)


CASES: tuple[Case, ...] = (
    Case("sample-script-zh.pdf", "sample", ExportOptions(format="pdf", date=DATE)),
    *(Case(f"sample-packet-{lang}.pdf", "sample", _packet(lang))
      for lang in ("en", "ar", "fa", "pt-BR")),
    Case("brick-and-steel.pdf", "brick-and-steel", ExportOptions(format="pdf", date=DATE)),
    Case("the-library-freak-out.pdf", "the-library-freak-out",
         ExportOptions(format="pdf", date=DATE)),
    Case("sample-script-zh.docx", "sample", ExportOptions(format="docx", date=DATE)),
    Case("sample-packet-ar.docx", "sample", _packet("ar", "docx")),
    Case("brick-and-steel.docx", "brick-and-steel", ExportOptions(format="docx", date=DATE)),
)

_HEADER = {
    "pdf": (
        "# {name}: Kiln's golden rendering (tests/support/golden.py); `make golden` rewrites it.\n"
        "# A line per text line: its top and left edge in points from the page's top left,\n"
        "# then its words as poppler reads them, left to right (right-to-left words appear\n"
        "# in the order their glyphs stand on the page).\n"
    ),
    "docx": (
        "# {name}: Kiln's golden rendering (tests/support/golden.py); `make golden` rewrites it.\n"
        "# word/document.xml in reading order: a paragraph a line ([rtl], [center], [end]),\n"
        "# a table row a line (cells between |), page and section breaks, header and footer.\n"
    ),
}


def render(case: Case, folder: Path) -> str:
    """Export ``case`` in ``folder`` and return its golden text."""
    kiln = PROJECTS[case.project](folder)
    out = folder / case.name
    with OpenProject.open(kiln, read_only=True, backup=False) as project:
        export(project, case.options, out)
    body = pdf_text(out) if case.options.format == "pdf" else docx_text(out)
    return _HEADER[case.options.format].format(name=case.name) + body


def pdf_text(pdf: Path) -> str:
    """Every page's text lines with their place, as ``pdftotext -bbox-layout`` reads them."""
    raw = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True,
                         check=True).stdout
    root = ET.fromstring(raw)
    out: list[str] = []
    for n, page in enumerate(root.iter(f"{_XHTML}page"), start=1):
        width, height = (round(float(page.get(k, "0"))) for k in ("width", "height"))
        out.append(f"== page {n} ({width}x{height})")
        for line in page.iter(f"{_XHTML}line"):
            words = " ".join(w.text or "" for w in line.iter(f"{_XHTML}word"))
            top, left = round(float(line.get("yMin", "0"))), round(float(line.get("xMin", "0")))
            out.append(f"{top} {left} {words}")
    return "\n".join(out) + "\n"


def _paragraph(p: ET.Element) -> str:
    marks = []
    ppr = p.find(f"{_W}pPr")
    if ppr is not None:
        if ppr.find(f"{_W}bidi") is not None:
            marks.append("[rtl]")
        jc = ppr.find(f"{_W}jc")
        if jc is not None and jc.get(f"{_W}val") in ("center", "right", "end", "both"):
            marks.append(f"[{jc.get(f'{_W}val')}]")
        if ppr.find(f"{_W}pageBreakBefore") is not None:
            marks.insert(0, "== page break\n")
        if ppr.find(f"{_W}sectPr") is not None:
            marks.insert(0, "== section\n")
    text = []
    for node in p.iter():
        if node.tag == f"{_W}t":
            text.append(node.text or "")
        elif node.tag == f"{_W}tab":
            text.append("\t")
        elif node.tag == f"{_W}br":
            text.append("\n" if node.get(f"{_W}type") != "page" else "\n== page break\n")
        elif node.tag == f"{_W}instrText":
            text.append("{" + (node.text or "").strip() + "}")
    words = "".join(text).replace("\n", "⏎")
    return " ".join([*marks, words]).replace("\n ", "\n")


def _block(el: ET.Element) -> list[str]:
    if el.tag == f"{_W}p":
        return [_paragraph(el)]
    if el.tag == f"{_W}tbl":
        rtl = el.find(f"{_W}tblPr/{_W}bidiVisual") is not None
        rows = ["[table rtl]" if rtl else "[table]"]
        for tr in el.findall(f"{_W}tr"):
            cells = [" ⏎ ".join(_paragraph(p) for p in tc.iter(f"{_W}p"))
                     for tc in tr.findall(f"{_W}tc")]
            rows.append("| " + " | ".join(cells) + " |")
        return rows
    return []


def docx_text(docx: Path) -> str:
    """The document's body in reading order, then its header and footer."""
    with zipfile.ZipFile(docx) as z:
        body = ET.fromstring(z.read("word/document.xml")).find(f"{_W}body")
        parts = sorted(n for n in z.namelist() if re.fullmatch(r"word/(header|footer)\d*\.xml", n))
        extras = {n: ET.fromstring(z.read(n)) for n in parts}
    assert body is not None
    out: list[str] = []
    for el in body:
        out += _block(el)
    for name, root in extras.items():
        lines = [line for el in root for line in _block(el) if line.strip()]
        if lines:
            out.append(f"== {name.split('/')[1].removesuffix('.xml')}")
            out += lines
    return "\n".join(out) + "\n"


def first_difference(expected: str, actual: str) -> str:
    """Where ``actual`` first departs from ``expected``: page and line, and both lines."""
    want, got = expected.splitlines(), actual.splitlines()
    page, line_in_page = "", 0
    for i in range(max(len(want), len(got))):
        a = want[i] if i < len(want) else "(nothing: the reference ends here)"
        b = got[i] if i < len(got) else "(nothing: the export ends here)"
        if a.startswith("== "):
            page, line_in_page = a[3:], 0
        else:
            line_in_page += 1
        if a != b:
            changed = sum(1 for x, y in zip(want, got, strict=False) if x != y)
            changed += abs(len(want) - len(got))
            where = f"{page}, line {line_in_page}" if page else f"line {i + 1}"
            return (f"{where} (file line {i + 1}) differs:\n  expected: {a}\n  exported: {b}\n"
                    f"{changed} line(s) differ in all ({len(want)} expected, {len(got)} exported)")
    return ""


def write_all(cases: tuple[Case, ...] = CASES) -> list[Path]:
    """Write every case's reference anew; return the files written."""
    GOLDEN.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases:
            case.reference.write_text(render(case, Path(tmp)), encoding="utf-8")
            written.append(case.reference)
            logger.info("wrote %s", case.reference)
    return written


def main() -> None:
    """``make golden``: write the references of the cases named (all by default)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="*", help="case names (default: all)")
    args = parser.parse_args()
    chosen = tuple(c for c in CASES if not args.cases or c.name in args.cases)
    for path in write_all(chosen):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
