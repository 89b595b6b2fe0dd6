"""Typing into a widget in pytest-qt tests, any script included.

``QTest.keyClicks`` only knows ASCII keys; a Chinese or Persian character is sent here as the
key event a keyboard layout for it would send (no key code, the character as its text), which
goes through the widget's ``keyPressEvent`` like a typed key.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget


def type_text(widget: QWidget, text: str) -> None:
    """Send ``text`` to ``widget`` one key press and release per character."""
    for char in text:
        key = ord(char.upper()) if char.isascii() and char.isprintable() else 0
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, char))
