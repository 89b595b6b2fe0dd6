"""The fountain.io sample screenplays go into Kiln and back out to Fountain with every element,
emphasis, note and boneyard: the exported text equals the original but for whitespace, and
reading the export gives the same project again.

The samples are under tests/data/fountain_samples (see its README for their licences); more can
be tried by pointing ``KILN_FOUNTAIN_SAMPLES`` at a folder of ``.fountain`` files (the test then
runs on those too — *Big Fish* and *The Last Birthday Card* are not committed).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from app.formats.fountain.reader import import_fountain
from tests.unit.interchange_helpers import annotations, elements, export, script, to_kiln

HERE = Path(__file__).resolve().parent.parent / "data" / "fountain_samples"


def _samples() -> list[Path]:
    found = sorted(HERE.glob("*.fountain"))
    extra = os.environ.get("KILN_FOUNTAIN_SAMPLES")
    if extra and Path(extra).is_dir():
        found += sorted(Path(extra).glob("*.fountain"))
    return found


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


#: A scene number at the end of a heading line (Kiln writes the printed number on every one).
_NUMBER = re.compile(r" #([\w.\-]+)#$", re.MULTILINE)


def test_brick_and_steel_is_here() -> None:
    assert (HERE / "brick_and_steel.fountain").exists()


@pytest.mark.parametrize("sample", _samples(), ids=lambda p: p.stem)
def test_sample_survives_kiln(tmp_path: Path, sample: Path) -> None:
    data, report = import_fountain(sample)
    assert not report, report.lines()
    kiln = to_kiln(data, tmp_path / "sample.kiln", sample)
    out = export(kiln, "fountain").decode("utf-8")
    original = sample.read_text(encoding="utf-8-sig")
    # Kiln writes each heading's number as the shooting script prints it (the sample numbers
    # none of its scenes); without those the texts are equal but for whitespace
    headed = sum(1 for sc in script(kiln).episodes[0].scenes if sc.number)
    if not _NUMBER.search(original):
        assert _NUMBER.findall(out) == [str(n) for n in range(1, headed + 1)]
    assert _squash(_NUMBER.sub("", out)) == _squash(_NUMBER.sub("", original))
    again = tmp_path / "again.fountain"
    again.write_text(out, encoding="utf-8")
    data2, report2 = import_fountain(again)
    assert not report2
    kiln2 = to_kiln(data2, tmp_path / "again.kiln", again)
    assert elements(kiln2) == elements(kiln)
    assert annotations(kiln2) == annotations(kiln)
    assert export(kiln2, "fountain").decode("utf-8") == out
    # the numbers Kiln wrote are the ones the scenes' places give: reading them locks nothing
    locked = [sc.locked_number for s in (script(kiln), script(kiln2)) for ep in s.episodes
              for sc in ep.scenes]
    assert locked[: len(locked) // 2] == locked[len(locked) // 2 :]
    if not _NUMBER.search(original):
        assert not any(locked)


def test_brick_and_steel_reads_as_a_screenplay(tmp_path: Path) -> None:
    sample = HERE / "brick_and_steel.fountain"
    data, _ = import_fountain(sample)
    kiln = to_kiln(data, tmp_path / "bs.kiln", sample)
    s = script(kiln)
    assert s.info.title == "BRICK & STEEL FULL RETIRED"
    assert s.info.authors == ("Stu Maschwitz",)
    assert s.title_page["title"] == "_**BRICK & STEEL**_\n_**FULL RETIRED**_"
    scenes = [sc for ep in s.episodes for sc in ep.scenes]
    assert len(scenes) == 8
    els = [e for sc in scenes for e in sc.elements]
    kinds = [e.kind.value for e in els]
    assert kinds.count("dialogue") == 22 and kinds.count("transition") == 7
    dual = [e for e in els if e.dual]
    assert [e.speaker for e in dual] == ["BRICK"]
    jack = next(e for e in els if e.speaker == "JACK")
    assert jack.parenthetical == "in Vietnamese, subtitled"
    assert jack.text == "Did you know Brick and Steel are retired?"
    assert jack.attrs["styles"] == [[0, 41, "italic"]]
    centred = [e.text for e in els if e.attrs.get("centered")]
    assert centred == ["BRICK BRADDOCK\n& DICK STEEL IN", "BRICK & STEEL\nFULL RETIRED", "THE END"]
    assert ("scene_heading", "SNIPER SCOPE POV", "") in elements(kiln)
