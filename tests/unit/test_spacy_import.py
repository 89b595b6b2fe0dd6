"""spaCy is imported for detection without its command-line interface, and nothing is lost."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]

CODE = """
import sys
from app.features.heritage.spacy_import import import_spacy
spacy = import_spacy()
assert import_spacy() is spacy
heavy = [m for m in ("spacy.cli", "typer", "weasel", "jinja2", "requests", "httpx")
         if m in sys.modules]
assert not heavy, heavy
assert not any(type(f).__name__ == "_StandIns" for f in sys.meta_path)
from app.features.heritage.detect import Detector
found = Detector({"en": {"fado": ["pt-fado"]}, "zh-Hans": {"天后": ["cn-mazu"]}})
assert [m.text for m in found.detect("Fado at night")] == ["Fado"]
assert [m.text for m in found.detect("三天后去天后宫")] == ["天后"]
data = spacy.info(silent=True)  # spaCy's own, imported when asked for
assert data["spacy_version"] == spacy.__version__, data
import spacy.cli
assert hasattr(spacy.cli, "setup_cli") and spacy.cli.info.__module__ == "spacy.cli.info"
print("ok")
"""


def test_spacy_without_its_cli_detects_and_its_cli_still_loads(tmp_path: Path) -> None:
    env = {"KILN_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", CODE], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().endswith("ok")
