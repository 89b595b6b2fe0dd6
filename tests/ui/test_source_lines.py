"""PySide6's per-import check for the word "PySide6" keeps its answers but not the source lines
(``ui.source_lines`` answers from the files' bytes)."""

from __future__ import annotations

import linecache
import sys
from pathlib import Path

import pytest

import ui  # noqa: F401 - wraps the check, as every window module's import does
from ui.source_lines import forget_module_sources


def test_imported_sources_are_not_kept_and_the_answers_stay(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    feature = sys.modules["shibokensupport.feature"]
    assert forget_module_sources() is True  # already wrapped by ``ui``: wrapped once only
    check = feature._mod_uses_pyside
    assert forget_module_sources() and feature._mod_uses_pyside is check
    (tmp_path / "kiln_qt_user.py").write_text("import PySide6\nVALUE = 1\n", encoding="utf-8")
    (tmp_path / "kiln_plain_user.py").write_text("VALUE = 2\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        qt_user = __import__("kiln_qt_user")  # the import statement's hook, as in real imports
        plain = __import__("kiln_plain_user")
        assert qt_user.VALUE == 1 and plain.VALUE == 2
        assert feature.pyside_feature_dict["kiln_qt_user"] == 0  # may switch features
        assert feature.pyside_feature_dict["kiln_plain_user"] == -1  # ignored by them
        assert str(tmp_path / "kiln_qt_user.py") not in linecache.cache
        assert str(tmp_path / "kiln_plain_user.py") not in linecache.cache
        # a line still reads when asked for (tracebacks)
        assert linecache.getline(str(tmp_path / "kiln_qt_user.py"), 2) == "VALUE = 1\n"
    finally:
        for name in ("kiln_qt_user", "kiln_plain_user"):
            sys.modules.pop(name, None)
            feature.pyside_feature_dict.pop(name, None)


def test_a_cached_source_stays_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Lines something else had asked for before the import are left where they were."""
    path = tmp_path / "kiln_seen_before.py"
    path.write_text("VALUE = 3\n", encoding="utf-8")
    linecache.getline(str(path), 1)
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        assert __import__("kiln_seen_before").VALUE == 3
        assert str(path) in linecache.cache
    finally:
        sys.modules.pop("kiln_seen_before", None)
        sys.modules["shibokensupport.feature"].pyside_feature_dict.pop("kiln_seen_before", None)
        linecache.checkcache(str(path))


def test_every_module_gets_the_answer_pyside6_would_give() -> None:
    """The check from bytes answers as PySide6's own for every module loaded here (the
    window's, SQLAlchemy's, reportlab's, the standard library's, extension modules)."""
    import reportlab.pdfgen.canvas  # noqa: F401 - more modules to ask about
    import sqlalchemy.orm  # noqa: F401

    check = sys.modules["shibokensupport.feature"]._mod_uses_pyside
    modules = [m for m in list(sys.modules.values()) if m is not None]
    answers = {m.__name__: check(m) for m in modules}
    assert answers == {m.__name__: check.pyside_check(m) for m in modules}
    assert answers["ui.source_lines"] and not answers["sqlalchemy.orm"]
    assert len(modules) > 500
