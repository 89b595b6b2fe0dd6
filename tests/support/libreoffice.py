"""Headless LibreOffice for the tests that read an exported DOCX back as LibreOffice sets it.

Every test that runs ``soffice`` goes through ``convert`` so that each run has a profile of
its own and the fonts Kiln ships (``tests.support.fonts``), whatever the machine has installed.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.support.fonts import with_shipped_fonts

logger = logging.getLogger(__name__)

SOFFICE = shutil.which("soffice")

#: ``make test`` installs LibreOffice (``make system-deps``); a bare pytest run may lack it
needs_soffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice not installed (make system-deps installs it)"
)


def convert(source: Path, outdir: Path, to: str = "pdf", timeout: float = 90) -> Path:
    """Convert ``source`` with headless LibreOffice into ``outdir``; returns the new file.

    The profile and the fontconfig file live in a temporary folder removed afterwards, so the
    user's LibreOffice settings and fonts are neither used nor touched.
    """
    assert SOFFICE is not None, "LibreOffice is not installed"
    with tempfile.TemporaryDirectory(prefix="kiln-soffice-") as work:
        folder = Path(work)
        done = subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                "--headless",
                "--convert-to",
                to,
                "--outdir",
                str(outdir),
                str(source),
            ],
            env=with_shipped_fonts(folder / "fontconfig"),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    out = outdir / f"{source.stem}.{to.split(':')[0]}"
    assert done.returncode == 0 and out.exists(), (
        f"LibreOffice did not convert {source} to {out}: {done.stdout}{done.stderr}"
    )
    return out
