"""The fonts Kiln ships, seen by every program of a test run that asks fontconfig for fonts.

LibreOffice, and Qt in the test process, find fonts through fontconfig. The tests once passed
only where WenQuanYi Micro Hei and Noto Naskh Arabic had been installed by hand; a fresh Debian
has DejaVu only, and LibreOffice quietly set the DOCX in DejaVu. Instead of copying fonts into
the system or the user's ~/.fonts, a test run writes a fontconfig file into a temporary folder
that adds ``resources/fonts`` to the system's configuration, and names it in FONTCONFIG_FILE.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from xml.sax.saxutils import escape

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
SHIPPED_FONTS = ROOT / "resources" / "fonts"
#: what fontconfig reads when nothing says otherwise (Debian's libfontconfig1)
SYSTEM_CONFIG = Path("/etc/fonts/fonts.conf")
CONFIG_NAME = "kiln-fonts.conf"

_TEMPLATE = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<!-- Written by tests/support/fonts.py: the fonts Kiln ships, then the system's. -->
<fontconfig>
  <dir>{fonts}</dir>
  <cachedir>{cache}</cachedir>
  <include ignore_missing="yes">{system}</include>
</fontconfig>
"""


def _system_config(env: Mapping[str, str]) -> str:
    """The configuration fontconfig would read without ours: the one the caller names, if any."""
    named = env.get("FONTCONFIG_FILE", "")
    if named and Path(named).name != CONFIG_NAME:  # never include one of ours in another
        return named
    return str(SYSTEM_CONFIG)


def write_fontconfig(folder: Path, env: Mapping[str, str] | None = None) -> Path:
    """Write into ``folder`` a fontconfig file that sees the shipped fonts and the system's.

    Its cache goes to ``folder`` too (listed before the system's cache folders, so fontconfig
    writes there): nothing is written under /var/cache or the user's home.
    """
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / CONFIG_NAME
    config.write_text(
        _TEMPLATE.format(
            fonts=escape(str(SHIPPED_FONTS)),
            cache=escape(str(folder / "cache")),
            system=escape(_system_config(os.environ if env is None else env)),
        ),
        encoding="utf-8",
    )
    logger.debug("fontconfig with the shipped fonts: %s", config)
    return config


def with_shipped_fonts(folder: Path, env: Mapping[str, str] | None = None) -> dict[str, str]:
    """``env`` (this process's environment by default) with FONTCONFIG_FILE naming a file
    written into ``folder`` by ``write_fontconfig``: for a program run by a test."""
    base = dict(os.environ if env is None else env)
    base["FONTCONFIG_FILE"] = str(write_fontconfig(folder, base))
    return base
