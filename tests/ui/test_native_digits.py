"""Counts and seconds in the window use the interface locale's digits (Persian: ۰–۹)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.core import i18n
from ui.notes.review_summary import describe
from ui.window.project_tree import _seconds_text


@pytest.fixture
def persian() -> Iterator[None]:
    i18n.set_language("fa")
    yield
    i18n.set_language("en")


def test_navigator_seconds_in_persian_digits(persian: None) -> None:
    text = _seconds_text(24.4, 90)
    assert "۲۴" in text and "۹۰" in text
    assert not any(c in "0123456789" for c in text)


def test_english_keeps_latin_digits() -> None:
    assert "24" in _seconds_text(24.4, 90)


def test_review_summary_counts_in_persian_digits(persian: None) -> None:
    from app.core.enums import AnnotationStatus
    from app.features.notes.review import ReviewSummary

    summary = ReviewSummary(
        by_status={AnnotationStatus.OPEN: 12, AnnotationStatus.RESOLVED: 3},
        open_by_severity={"major": 7},
        orphans=2,
        moments=(),
    )
    text = describe(summary)
    assert not any(c in "0123456789" for c in text), text
