"""The key every row of a project gets: a fresh UUID4 as text."""

from __future__ import annotations

import logging
import uuid

logger = logging.getLogger(__name__)


def new_id() -> str:
    """A fresh UUID4 as text, the key of every row."""
    return str(uuid.uuid4())
