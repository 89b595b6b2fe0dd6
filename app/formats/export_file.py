"""Write an export's file whole through a temporary file, or not at all.

Every export (``app.formats.registry.export``, a one-step conversion in
``app.formats.one_step``) writes through ``write_export``: a missing folder, a full disk or a
cancel leaves nothing behind, and the message names the file and the fix.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from app.core.i18n import _
from app.formats.document.options import Cancelled
from app.formats.errors import ExportCancelled, ExportError
from app.store.atomic import atomic_path

logger = logging.getLogger(__name__)


def write_export(out: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(tmp)`` to fill a temporary file beside ``out``, then put it in ``out``'s
    place; raise ``ExportError`` (nothing written) or ``ExportCancelled`` (the user stopped)."""
    if not out.parent.is_dir():
        raise ExportError(
            _("Cannot write {path}: the folder does not exist; create it first.").format(path=out)
        )
    try:
        with atomic_path(out) as tmp:
            write(tmp)
    except Cancelled as exc:
        raise ExportCancelled from exc
    except OSError as exc:
        raise ExportError(
            _("Cannot write {path}: {reason}; choose another place.").format(
                path=out, reason=exc.strerror or exc
            )
        ) from exc
