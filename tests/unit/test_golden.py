"""Exports against their golden renderings (tests/golden/, written only by ``make golden``).

The sample's shooting script and its translator packets in every target language, two real
public screenplays, and DOCX of both kinds: each page's text lines and where they stand must be
what the reference says. A difference names the case, the page and the line; if the change is
meant, ``make golden`` writes the references anew and the diff shows what changed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.golden import CASES, GOLDEN, Case, first_difference, render


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_export_matches_its_golden_rendering(case: Case, tmp_path: Path) -> None:
    assert case.reference.exists(), f"{case.reference} is missing: run make golden"
    expected = case.reference.read_text(encoding="utf-8")
    actual = render(case, tmp_path)
    if actual != expected:
        (tmp_path / "exported.txt").write_text(actual, encoding="utf-8")
        pytest.fail(
            f"{case.name} no longer matches {case.reference.relative_to(GOLDEN.parents[1])}: "
            f"{first_difference(expected, actual)}\n(the export's text is in "
            f"{tmp_path / 'exported.txt'}; if the change is meant, run make golden and commit "
            "tests/golden/)",
            pytrace=False,
        )


def test_every_reference_belongs_to_a_case() -> None:
    """A case removed leaves no reference behind, and every case has one."""
    assert sorted(p.name for p in GOLDEN.glob("*.txt")) == sorted(c.reference.name for c in CASES)


def test_a_difference_is_named_by_page_and_line() -> None:
    reference = (GOLDEN / "brick-and-steel.pdf.txt").read_text(encoding="utf-8")
    assert "Screw retirement." in reference
    moved = reference.replace("503 108 Screw retirement.", "504 108 Screw retirement.")
    found = first_difference(reference, moved)
    assert found.startswith("page 2 (612x792), line ")
    assert "expected: 503 108 Screw retirement." in found
    assert "exported: 504 108 Screw retirement." in found
    assert "1 line(s) differ" in found
    shorter = first_difference(reference, reference.rsplit("== page", 1)[0])
    assert "the export ends here" in shorter
    assert first_difference(reference, reference) == ""
