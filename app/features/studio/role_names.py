"""The studio's roles by name (``app.features.studio.roles`` says what each may change).

Apart from the rules so that the command line's words can offer the names without importing the
database code those rules need.
"""

from __future__ import annotations

import logging
from enum import StrEnum

logger = logging.getLogger(__name__)


class StudioRole(StrEnum):
    """A studio member's role."""

    WRITER = "writer"
    CONSULTANT = "consultant"
    TRANSLATOR = "translator"
    ADMIN = "admin"
