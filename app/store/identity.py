"""What makes a SQLite file a Kiln project, and of which version: plain constants.

Kept apart from the ORM tables (``app.store.schema``) so that checking a file before reading it
(``app.store.preflight``) and ``kiln stats`` need no SQLAlchemy.
"""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)

#: The schema version this Kiln writes. Bump it together with a step in ``migrations.py``.
SCHEMA_VERSION = 7

#: SQLite ``PRAGMA application_id`` of a Kiln project: the bytes "KILN".
APPLICATION_ID = 0x4B494C4E
