"""Culture codes typed on an Arabic, Persian or Chinese keyboard split like Latin ones."""

from __future__ import annotations

import pytest

from ui.notes.note_dialog import culture_codes


@pytest.mark.parametrize(
    ("typed", "codes"),
    [
        ("ar-AE, fa-IR", ["ar-AE", "fa-IR"]),
        ("ar-AE، fa-IR", ["ar-AE", "fa-IR"]),  # Arabic comma
        ("zh-CN，en、pt-BR", ["zh-CN", "en", "pt-BR"]),  # full-width comma, 顿号
        ("  pt-BR  ", ["pt-BR"]),
        ("", []),
    ],
)
def test_culture_codes(typed: str, codes: list[str]) -> None:
    assert culture_codes(typed) == codes
