"""Where Kiln keeps its own files: the user data folder (backups, library, settings) and the
user cache folder (what can be computed again).

``KILN_DATA_DIR`` overrides the platform folder, for tests and portable installs.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

#: The folder that holds app/, ui/, resources/ and i18n/ (the bundle root once frozen).
ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "resources"


def user_data_dir() -> Path:
    """The folder for Kiln's own data, created on first use."""
    override = os.environ.get("KILN_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir("Kiln", "Kiln"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def user_cache_dir() -> Path:
    """The folder for what Kiln can always compute again (``KILN_DATA_DIR``/cache when that is
    set, so tests and portable installs keep everything in one place)."""
    override = os.environ.get("KILN_DATA_DIR")
    path = Path(override) / "cache" if override else Path(
        platformdirs.user_cache_dir("Kiln", "Kiln"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def backups_dir() -> Path:
    """The folder that holds rotating project backups."""
    path = user_data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path


def sample_project_source() -> Path:
    """The bundled sample project, in Kiln's project JSON format."""
    return RESOURCES / "sample" / "porcelain.kiln.json"


def studio_dir() -> Path:
    """A studio's preset folder bundled into its build (``KILN_STUDIO_DIR`` overrides it)."""
    override = os.environ.get("KILN_STUDIO_DIR")
    return Path(override) if override else RESOURCES / "studio"
