"""Real public screenplays as shooting scripts: headings as written and once, emphasis drawn
not printed, cues as written, pagination of a professional screenplay (issue #17)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from app.core.enums import ElementKind
from app.formats.document.options import ExportOptions
from app.formats.registry import export, import_script
from app.project.open_project import OpenProject

DATA = Path(__file__).resolve().parents[1] / "data"
SCREENPLAYS = {
    "brick_and_steel": DATA / "fountain_samples" / "brick_and_steel.fountain",
    "the_library_freak_out": DATA / "interchange" / "the_library_freak_out.fountain",
}
pypdf = pytest.importorskip("pypdf")


def _imported(name: str, tmp_path: Path) -> Path:
    kiln = tmp_path / f"{name}.kiln"
    import_script(SCREENPLAYS[name], kiln)
    return kiln


def _pdf(kiln: Path, out: Path, **kw: object) -> Path:
    with OpenProject.open(kiln, read_only=True, backup=False) as project:
        return export(project, ExportOptions(**kw), out)  # type: ignore[arg-type]


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return text.split("\f")


def _source_headings(path: Path) -> list[str]:
    """Scene headings as the Fountain file writes them (forced ones without their dot, scene
    numbers aside)."""
    out = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        line = block.strip()
        if "\n" in line:
            continue
        if re.match(r"^(INT|EXT|EST|INT\./EXT|I/E)[ .]", line, re.I) or re.match(r"^\.[^.]", line):
            out.append(re.sub(r"\s*#[^#]+#$", "", line.lstrip(".")).strip())
    return out


@pytest.mark.parametrize("name", sorted(SCREENPLAYS))
def test_every_heading_is_printed_once_as_written(name: str, tmp_path: Path) -> None:
    pdf = _pdf(_imported(name, tmp_path), tmp_path / f"{name}.pdf")
    text = "\n".join(_pages(pdf))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    for heading in _source_headings(SCREENPLAYS[name]):
        # printed between the scene numbers in the margins: "12 INT. GARAGE - DAY 12"
        shown = [ln for ln in lines if re.fullmatch(rf"\d+ {re.escape(' '.join(heading.split()))}"
                                                      rf" \d+", ln)]
        assert len(shown) == 1 or len([h for h in _source_headings(SCREENPLAYS[name])
                                       if h == heading]) == len(shown), heading
    # no emphasis marker is printed, but where the source's own words keep one (Fountain
    # emphasis does not run over a line break, so the reader keeps such ``**`` as written)
    with OpenProject.open(tmp_path / f"{name}.kiln", read_only=True, backup=False) as project:
        kept = sum(e.text.count("**") for sc in project.scenes() for e in project.elements(sc.id))
    assert text.count("**") == kept
    assert "INT.   - DAY" not in text and "EPISODE 1" not in text


def test_brick_and_steel_reads_as_a_screenplay(tmp_path: Path) -> None:
    kiln = _imported("brick_and_steel", tmp_path)
    pdf = _pdf(kiln, tmp_path / "bs.pdf")
    pages = _pages(pdf)
    title = pages[0]
    assert title.count("Written by") == 1 and "Stu Maschwitz" in title
    # contact at the bottom start corner, the date at the bottom end corner, on one line
    last = [ln for ln in title.splitlines() if ln.strip()][-1]
    assert last.lstrip().startswith("Solvang") and last.rstrip().endswith("1/27/2012")
    # the title page is not counted; the second page of the script says "2." at the top
    assert not re.search(r"^\s*\d+\.\s*$", pages[1].splitlines()[0] if pages[1] else "")
    assert pages[2].lstrip().startswith("2.")
    assert "Page " not in "".join(pages)
    # one cue over a speech that continues after parentheticals
    assert "(pause)\n" in pages[1] or "(pause)" in "".join(pages)
    body = "".join(pages[1:])
    assert body.count("SNIPER SCOPE POV") == 1
    # emphasis is drawn: italic and underlined words are in the PDF, never their markers
    assert "*Did you know" not in body and "_Permanently._" not in body
    reader = pypdf.PdfReader(pdf)
    content = reader.pages[1].get_contents().get_data()  # type: ignore[union-attr]
    assert b"1 0 .2 1" in content  # the slanted (italic) text matrix of "Did you know…"


def test_a_cue_never_ends_a_page_and_split_speech_is_marked(tmp_path: Path) -> None:
    """A long feature: no page ends on a cue or a heading; a speech broken over a page has
    (MORE) at the foot and the cue with (CONT'D) at the head of the next page."""
    from tests.bench.bench_interchange import screenplay

    source = tmp_path / "feature.fountain"
    source.write_text(screenplay(pages=40), encoding="utf-8")
    kiln = tmp_path / "feature.kiln"
    import_script(source, kiln)
    with OpenProject.open(kiln, read_only=True, backup=False) as project:
        cues = {c.name("en").upper() for c in project.characters()}
        assert project.elements(project.scenes()[0].id)[0].kind != ElementKind.SCENE_HEADING
    pages = _pages(_pdf(kiln, tmp_path / "feature.pdf"))
    more = 0
    for page, after in zip(pages[1:], pages[2:], strict=False):
        lines = [ln.strip() for ln in page.splitlines() if ln.strip()]
        if not lines:
            continue
        last = lines[-1]
        assert last.split(" (")[0] not in cues, f"a page ends on the cue {last}"
        assert not re.match(r"^\d+ (INT|EXT)\.", last), f"a page ends on a heading: {last}"
        if last == "(MORE)":
            more += 1
            head = [ln.strip() for ln in after.splitlines() if ln.strip()]
            assert head[1].endswith("(CONT'D)"), head[:2]
    assert more > 0
