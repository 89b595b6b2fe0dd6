"""Words for a note's kind, severity and status, in any language Kiln has a catalog for.

The window labels them in the interface language; an export labels them in the export's
language by passing that language's ``gettext`` as ``translate``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from app.core.enums import AnnotationKind, AnnotationStatus, Severity
from app.core.i18n import N_, _

logger = logging.getLogger(__name__)


_KINDS = {
    AnnotationKind.CULTURAL_CONTEXT: N_("Cultural context"),
    AnnotationKind.SENSITIVITY: N_("Sensitivity"),
    AnnotationKind.ACCURACY: N_("Accuracy"),
    AnnotationKind.TRANSLATION_NOTE: N_("Translation note"),
    AnnotationKind.APPROVAL: N_("Approval"),
    AnnotationKind.SYNC_CONFLICT: N_("Sync conflict"),
}
_SEVERITIES = {
    Severity.INFO: N_("Info"),
    Severity.MINOR: N_("Minor"),
    Severity.MAJOR: N_("Major"),
    Severity.CRITICAL: N_("Critical"),
}
_STATUSES = {
    AnnotationStatus.OPEN: N_("Open"),
    AnnotationStatus.RESOLVED: N_("Resolved"),
    AnnotationStatus.ACCEPTED: N_("Accepted"),
}


def kind_labels(translate: Callable[[str], str] = _) -> dict[AnnotationKind, str]:
    """Each note kind's name, translated by ``translate`` (the interface's by default)."""
    return {kind: translate(text) for kind, text in _KINDS.items()}


def severity_labels(translate: Callable[[str], str] = _) -> dict[Severity, str]:
    """Each severity's name, translated by ``translate``."""
    return {severity: translate(text) for severity, text in _SEVERITIES.items()}


def status_labels(translate: Callable[[str], str] = _) -> dict[AnnotationStatus, str]:
    """Each note status's name, translated by ``translate``."""
    return {status: translate(text) for status, text in _STATUSES.items()}
