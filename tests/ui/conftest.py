"""Fixtures shared by the window's tests: the interface switched to another language."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app.core import i18n
from tests.support.catalog_checks import compile_catalogs, po_path
from ui.qt_translations import apply_interface_language


@pytest.fixture(scope="session")
def compiled_catalogs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The catalogs as they are now, compiled once for the session."""
    return compile_catalogs(tmp_path_factory.mktemp("catalogs"), i18n.LANGUAGES)


@pytest.fixture
def speak(qapp: QApplication, compiled_catalogs: Path,
          monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """Switch the interface — Kiln's words, Qt's words, locale, direction — to a language;
    English again afterwards."""
    monkeypatch.setattr(i18n, "CATALOG_DIR", compiled_catalogs)

    def switch(language: str) -> None:
        assert language == "en" or po_path(language).exists(), f"no catalog for {language}"
        i18n.set_language(language)
        apply_interface_language(qapp, language)
        assert i18n.current_language() == language

    yield switch
    i18n.set_language("en")
    apply_interface_language(qapp, "en")
