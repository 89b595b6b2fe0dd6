"""Where the rhythm presets are and what they are called, without reading them.

Apart from ``app.features.rhythm.presets`` (TOML, the rules' dataclasses) so that the command
line's words can offer the names without importing what reading a preset needs: every command,
``kiln stats`` too, builds the whole parser.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

from app.core.paths import RESOURCES

logger = logging.getLogger(__name__)

PRESET_DIR = RESOURCES / "presets" / "rhythm"


@cache
def preset_names(folder: Path = PRESET_DIR) -> list[str]:
    """The names of the presets shipped in ``folder``, without reading them (for the command
    line's help)."""
    return sorted(p.stem for p in folder.glob("*.toml"))
