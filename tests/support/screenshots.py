"""Where the tests save their screenshots: ``build/screenshots`` (git-ignored) unless
KILN_SCREENSHOT_DIR names another folder.

``make screenshots`` names ``docs/screenshots`` and runs the tests marked ``screenshot`` (the
pictures README and docs/ show): the one way a test run changes files that are committed.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DIR = ROOT / "build" / "screenshots"
ENV = "KILN_SCREENSHOT_DIR"


def screenshot_dir() -> Path:
    """The folder screenshots go to (created if missing); a relative name is taken from the
    current folder, as a shell user means it."""
    named = os.environ.get(ENV, "")
    folder = Path(named).resolve() if named else DEFAULT_DIR
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def screenshot_path(name: str) -> Path:
    """Where the screenshot ``name`` (a file name such as ``window.png``) is saved."""
    path = screenshot_dir() / name
    logger.debug("screenshot %s", path)
    return path
