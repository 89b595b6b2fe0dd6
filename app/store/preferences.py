"""The user's preferences — for now the interface language — kept as JSON in
``preferences.json`` of the user data folder.

Settings this version does not know (written by a newer Kiln) are kept when it saves, so going
back and forth between versions loses nothing. ``interface_language`` is the language Kiln
starts in: ``KILN_LANG`` if set (for tests and scripts), else the saved choice, else the
system locale's.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.i18n import LANGUAGES, match_language, system_language
from app.core.paths import user_data_dir
from app.store.atomic import write_bytes_atomic

logger = logging.getLogger(__name__)

PREFERENCES_FILE = "preferences.json"


@dataclass(frozen=True)
class Preferences:
    """Settings that belong to the person, not to a project."""

    #: One of ``app.core.i18n.LANGUAGES``; None follows the system locale.
    language: str | None = None
    #: Settings of other Kiln versions, written back untouched.
    other: dict[str, Any] = field(default_factory=dict, compare=False)


def preferences_path() -> Path:
    """Where the preferences are kept."""
    return user_data_dir() / PREFERENCES_FILE


def load_preferences() -> Preferences:
    """The saved preferences; the defaults when there are none or they cannot be read."""
    path: Path | str = PREFERENCES_FILE
    try:
        path = preferences_path()  # making the data folder can fail too (read-only home)
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
    except FileNotFoundError:
        return Preferences()
    except (OSError, ValueError) as exc:
        logger.warning("ignoring unreadable preferences %s: %s", path, exc)
        return Preferences()
    language = data.pop("language", None)
    if language is not None and (not isinstance(language, str) or language not in LANGUAGES):
        logger.warning("ignoring unknown interface language %r in %s", language, path)
        language = None
    return Preferences(language=language, other=data)


def save_preferences(preferences: Preferences) -> None:
    """Write the preferences atomically (a crash leaves the old file or the new, never half).

    Raises ``ValueError`` for a language Kiln has no catalog for and ``OSError`` when the
    file cannot be written; the file on disk is then unchanged.
    """
    if preferences.language is not None and preferences.language not in LANGUAGES:
        raise ValueError(f"unknown interface language {preferences.language!r}")
    payload = dict(preferences.other)
    payload["language"] = preferences.language
    data = json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")
    write_bytes_atomic(preferences_path(), data + b"\n")


def interface_language(preferences: Preferences | None = None) -> str:
    """The language to start in: ``KILN_LANG``, else the saved choice, else the system's."""
    override = os.environ.get("KILN_LANG", "")
    if override:
        return match_language(override) or "en"
    chosen = (preferences or load_preferences()).language
    return chosen or system_language()
