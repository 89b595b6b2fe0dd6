"""The window's per-user settings: geometry, dock layout and where the writer left off in each
project, in an INI file in Kiln's user data folder (``KILN_DATA_DIR`` moves it, so a test never
touches the user's own)."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from app.core.paths import user_data_dir

logger = logging.getLogger(__name__)

SETTINGS_FILE = "window.ini"


def user_settings() -> QSettings:
    """The settings file of this user (made on first write)."""
    return QSettings(str(user_data_dir() / SETTINGS_FILE), QSettings.Format.IniFormat)


def _project_key(path: Path) -> str:
    try:
        name = str(path.resolve())
    except OSError:
        name = str(path)
    return "places/" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:16]


def save_place(path: Path, place: tuple[str, str, str, str, int] | None) -> None:
    """Remember where the writer was in the project at ``path``: (scope kind, scope id, element
    id or "", field, offset); None forgets it."""
    settings = user_settings()
    if place is None:
        settings.remove(_project_key(path))
    else:
        settings.setValue(_project_key(path), "\t".join(str(part) for part in place))
    settings.sync()


def load_place(path: Path) -> tuple[str, str, str, str, int] | None:
    """Where the writer left off in the project at ``path`` (see ``save_place``), or None."""
    value = user_settings().value(_project_key(path))
    parts = str(value).split("\t") if value else []
    if len(parts) != 5:
        return None
    try:
        return parts[0], parts[1], parts[2], parts[3], int(parts[4])
    except ValueError:
        return None


def save_window(geometry: QByteArray, state: QByteArray) -> None:
    """Remember the window's size and place and its docks' layout."""
    settings = user_settings()
    settings.setValue("window/geometry", geometry)
    settings.setValue("window/state", state)
    settings.sync()


def load_window() -> tuple[QByteArray | None, QByteArray | None]:
    """The window geometry and dock layout saved last (None where there is none)."""
    settings = user_settings()
    geometry, state = settings.value("window/geometry"), settings.value("window/state")
    return (geometry if isinstance(geometry, QByteArray) else None,
            state if isinstance(state, QByteArray) else None)
