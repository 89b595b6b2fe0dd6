"""The window's text in every interface language has glyphs in a test run, on any machine.

The tests offer the shipped fonts through fontconfig (``tests/conftest.py``), so screenshots
show Chinese, Arabic and Persian rather than empty boxes where only DejaVu is installed; and the
window loads them into Qt itself once its first frame is up, which the last test checks with
the system's fonts only.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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


_WITHOUT_TEST_FONTS = """
import sys
from PySide6.QtGui import QTextLayout
from PySide6.QtWidgets import QApplication
from ui.window.main_window import MainWindow

app = QApplication([])
window = MainWindow()  # the workspace loads the shipped faces
for text in sys.argv[1:]:
    layout = QTextLayout(text, QApplication.font())
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    boxes = [run.rawFont().familyName() for run in layout.glyphRuns() if 0 in run.glyphIndexes()]
    print("boxes", text, boxes)
"""


def test_the_window_loads_the_shipped_fonts_where_the_system_has_none(tmp_path: Path) -> None:
    """Without the tests' fontconfig (only the system's fonts: DejaVu on a fresh Debian), the
    window itself makes Chinese and Arabic drawable by loading resources/fonts into Qt."""
    env = {k: v for k, v in os.environ.items() if k != "FONTCONFIG_FILE"}
    env |= {"QT_QPA_PLATFORM": "offscreen", "KILN_DATA_DIR": str(tmp_path)}
    texts = ["文件 编辑 视图 帮助", "ملف تحرير عرض مساعدة"]
    done = subprocess.run([sys.executable, "-c", _WITHOUT_TEST_FONTS, *texts], env=env,
                          cwd=Path(__file__).resolve().parents[2], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    for text in texts:
        assert f"boxes {text} []" in done.stdout.splitlines(), done.stdout
