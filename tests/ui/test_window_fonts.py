"""The window's text in every interface language has glyphs in a test run, on any machine.

The window uses the fonts fontconfig offers (only the Hollywood editor loads the shipped faces
itself); the tests offer the shipped ones (``tests/conftest.py``), so screenshots show Chinese,
Arabic and Persian rather than empty boxes where only DejaVu is installed.
"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextLayout
from PySide6.QtWidgets import QApplication


@pytest.mark.parametrize(
    "text", ["文件 编辑 视图 帮助", "ملف تحرير عرض مساعدة", "پرونده ویرایش نما راهنما"]
)
def test_interface_text_has_glyphs(qapp: QApplication, text: str) -> None:
    layout = QTextLayout(text, QApplication.font())
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    runs = layout.glyphRuns()
    assert runs
    for run in runs:  # glyph 0 is .notdef: the empty box
        assert 0 not in run.glyphIndexes(), run.rawFont().familyName()
