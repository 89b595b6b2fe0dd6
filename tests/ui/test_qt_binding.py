"""Guard against a Qt binding that corrupts Python's reference counts.

PySide6-Essentials 6.12.0 drops a reference to ``None`` on every call of a method that returns
nothing; after a few thousand calls Python 3.11 aborts ("deallocating None"). pyproject pins
below it; this test fails if a broken release comes back.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel


def test_void_calls_keep_none_alive(qtbot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    colour = QColor()
    before = sys.getrefcount(None)
    for _ in range(500):
        label.setText("x")
        colour.setRed(3)
    assert abs(sys.getrefcount(None) - before) < 50
