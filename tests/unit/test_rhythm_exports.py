"""The dialogue list (XLSX), subtitle drafts (SRT, WebVTT) and KNP glossary (XLSX, TBX), read
back with third-party parsers, and TBX renderings merged back into the glossary."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import openpyxl
import pytest
import srt
import webvtt

from app.cli.main import run
from app.features.glossary.terms import entries
from app.features.translations.lines import SetTranslations, TranslationEdit, translation_rows
from app.formats.document.options import ExportOptions
from app.formats.registry import ExportError, export
from app.formats.spreadsheets import DIALOGUE_HEADER, KNP_HEADER
from app.formats.tbx import XML_LANG, import_tbx
from app.project.open_project import OpenProject
from tests.support.rhythm_fixtures import series, write


@pytest.fixture
def translated(tmp_path: Path) -> Path:
    """The fixture series with an Arabic translation of every line of episode 1."""
    path = write(series(), tmp_path / "s.kiln")
    with OpenProject.open(path, backup=False) as project:
        rows = [r for r in translation_rows(project, "ar") if r.scene_number.startswith("1-")]
        project.run(SetTranslations([TranslationEdit(r.element_id, "ar", f"سطر {i} = نعم")
                                     for i, r in enumerate(rows, 1)]))
    return path


def _export(path: Path, out: Path, what: str, fmt: str, lang: str = "",
            episodes: tuple[int, int] | None = None) -> Path:
    with OpenProject.open(path, read_only=True, backup=False) as project:
        return export(project, ExportOptions(what=what, format=fmt, language=lang,
                                             episodes=episodes), out)


def test_srt_parses_and_its_times_follow_the_episode_estimate(sample_kiln: Path,
                                                             tmp_path: Path) -> None:
    out = _export(sample_kiln, tmp_path / "e1.srt", "dialogue-list", "srt", "zh-Hans", (1, 1))
    cues = list(srt.parse(out.read_text("utf-8")))
    assert len(cues) == 18  # every dialogue line and caption of episode 1
    starts = [c.start.total_seconds() for c in cues]
    assert starts == sorted(starts) and all(c.end > c.start for c in cues)
    assert all(a.end <= b.start for a, b in zip(cues, cues[1:], strict=False))
    with OpenProject.open(sample_kiln, read_only=True, backup=False) as project:
        estimate = project.stats().episodes[0].estimated_seconds
    assert cues[-1].end.total_seconds() <= estimate + 1
    assert all(len(line) <= 16 for c in cues for line in c.content.splitlines())


def test_an_all_dialogue_episode_sums_to_its_estimate(tmp_path: Path) -> None:
    data = series()
    for ep in data["episodes"]:
        ep["scenes"][0]["elements"] = [e for e in ep["scenes"][0]["elements"]
                                       if e["kind"] == "dialogue"]
    path = write(data, tmp_path / "d.kiln")
    out = _export(path, tmp_path / "all.srt", "dialogue-list", "srt", "zh-Hans")
    cues = list(srt.parse(out.read_text("utf-8")))
    with OpenProject.open(path, read_only=True, backup=False) as project:
        estimates = [e.estimated_seconds for e in project.stats().episodes]
    # three episodes one after another: each cue ends where the next starts
    assert sum((c.end - c.start).total_seconds() for c in cues) == pytest.approx(
        sum(estimates), abs=1)
    assert cues[-1].end.total_seconds() == pytest.approx(sum(estimates), abs=1)


def test_webvtt_parses_with_line_ids_and_only_translated_lines(translated: Path,
                                                               tmp_path: Path) -> None:
    out = _export(translated, tmp_path / "ar.vtt", "dialogue-list", "vtt", "ar")
    captions = webvtt.read(str(out))
    assert [c.text for c in captions] == ["سطر 1 = نعم", "سطر 2 = نعم"]
    assert captions[0].identifier == "L00001"
    assert captions[0].start == "00:00:02.000" and captions[1].start == "00:00:04.000"
    assert "NOTE episode 1" in out.read_text("utf-8")


def test_dialogue_list_xlsx_has_one_row_per_line(translated: Path, tmp_path: Path) -> None:
    out = _export(translated, tmp_path / "dl.xlsx", "dialogue-list", "xlsx", "ar")
    sheet = openpyxl.load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == DIALOGUE_HEADER[:6] and rows[0][6] == "Translation (ar)"
    assert len(rows) == 1 + 6  # two lines in each of three episodes
    first = rows[1]
    assert first[:5] == ("L00001", 1, "00:00:02.000", "00:00:04.000", "青禾")
    assert first[6] == "سطر 1 = نعم" and first[7] == "on-screen"
    assert rows[3][6] is None  # episode 2 is not translated yet


def test_a_dialogue_list_needs_a_language_and_a_fitting_format(sample_kiln: Path,
                                                              tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="--lang"):
        _export(sample_kiln, tmp_path / "x.srt", "dialogue-list", "srt")
    with pytest.raises(ExportError, match="xlsx, tbx"):
        _export(sample_kiln, tmp_path / "x.pdf", "glossary", "pdf")
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix != ".kiln") == []


def test_knp_xlsx_has_the_template_header_and_every_entry(sample_kiln: Path,
                                                         tmp_path: Path) -> None:
    out = _export(sample_kiln, tmp_path / "knp.xlsx", "glossary", "xlsx")
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    with OpenProject.open(sample_kiln, read_only=True, backup=False) as project:
        found = entries(project)
        targets = list(project.info().target_languages)
    assert rows[0] == (*KNP_HEADER, *[f"{lang} {part}" for lang in targets
                                      for part in ("rendering", "notes")])
    assert [r[2] for r in rows[1:]] == [e.term for e in found]
    assert [r[4] for r in rows[1:]] == [e.frequency for e in found]


def test_tbx_has_one_term_entry_per_glossary_row(sample_kiln: Path, tmp_path: Path) -> None:
    out = _export(sample_kiln, tmp_path / "g.tbx", "glossary", "tbx")
    root = ET.parse(out).getroot()
    assert (root.tag, root.get("type")) == ("martif", "TBX-Basic")
    term_entries = root.findall("./text/body/termEntry")
    with OpenProject.open(sample_kiln, read_only=True, backup=False) as project:
        found = entries(project)
        source = project.info().source_language
    assert len(term_entries) == len(found)
    assert len({t.get("id") for t in term_entries}) == len(found)
    for node, entry in zip(term_entries, found, strict=True):
        lang_sets = node.findall("langSet")
        assert lang_sets[0].get(XML_LANG) == source
        assert lang_sets[0].find("tig/term").text == entry.term
        for lang_set in lang_sets[1:]:  # each rendering: a term, then its status
            tig = lang_set.find("tig")
            assert [c.tag for c in tig][:1] == ["term"]


def test_tbx_import_merges_renderings_with_their_status(sample_kiln: Path,
                                                        tmp_path: Path) -> None:
    out = _export(sample_kiln, tmp_path / "g.tbx", "glossary", "tbx")
    tree = ET.parse(out)
    entry = tree.getroot().find("./text/body/termEntry")
    for old in entry.findall("langSet"):
        if old.get(XML_LANG) == "pt-BR":
            entry.remove(old)
    lang_set = ET.SubElement(entry, "langSet", {XML_LANG: "pt-BR"})
    tig = ET.SubElement(lang_set, "tig")
    ET.SubElement(tig, "term").text = "porcelana azul e branca (revisada)"
    ET.SubElement(tig, "termNote", {"type": "administrativeStatus"}).text = \
        "preferredTerm-admn-sts"
    ET.SubElement(tig, "note").text = "revisado"
    tree.write(out, encoding="utf-8", xml_declaration=True)
    term = entry.find("langSet/tig/term").text
    with OpenProject.open(sample_kiln, backup=False) as project:
        result = import_tbx(project, out)
        assert result.updated == 1 and result.unknown == []
        mine = next(e for e in entries(project, count=False) if e.term == term)
        rendering = mine.rendering("pt-BR")
        assert (rendering.text, rendering.status, rendering.note) == (
            "porcelana azul e branca (revisada)", "approved", "revisado")
        assert import_tbx(project, out).updated == 0  # nothing new the second time
        project.undo()
        project.undo()
        mine = next(e for e in entries(project, count=False) if e.term == term)
        assert mine.rendering("pt-BR").text != "porcelana azul e branca (revisada)"


def test_tbx_3_files_are_read_too(sample_kiln: Path, tmp_path: Path) -> None:
    with OpenProject.open(sample_kiln, backup=False) as project:
        term = entries(project, count=False)[0].term
        tbx3 = tmp_path / "v3.tbx"
        tbx3.write_text(
            '<?xml version="1.0"?><tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" '
            'style="dca" xml:lang="zh-Hans"><tbxHeader/><text><body><conceptEntry id="c1">'
            f'<langSec xml:lang="zh-Hans"><termSec><term>{term}</term></termSec></langSec>'
            '<langSec xml:lang="fa"><termSec><term>چینی آبی و سفید نو</term>'
            '<termNote type="administrativeStatus">admittedTerm-admn-sts</termNote>'
            '</termSec></langSec></conceptEntry></body></text></tbx>', encoding="utf-8")
        assert import_tbx(project, tbx3).updated == 1
        got = next(e for e in entries(project, count=False) if e.term == term)
        assert (got.rendering("fa").text, got.rendering("fa").status) == (
            "چینی آبی و سفید نو", "proposed")


def test_cli_export_and_glossary_import(sample_kiln: Path, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    out = tmp_path / "g.tbx"
    assert run(["export", str(sample_kiln), "--what", "glossary", "--format", "tbx",
                "--out", str(out)]) == 0
    assert run(["glossary", "import", str(sample_kiln), str(out)]) == 0
    assert "Merged 0 renderings" in capsys.readouterr().out
    bad = tmp_path / "bad.tbx"
    bad.write_text("<html/>", encoding="utf-8")
    assert run(["glossary", "import", str(sample_kiln), str(bad)]) == 1
    assert "not a TBX file" in capsys.readouterr().err
    assert run(["export", str(sample_kiln), "--what", "dialogue-list", "--lang", "ar",
                "--format", "vtt", "--out", str(tmp_path / "a.vtt")]) == 0


def test_cli_rhythm_and_fit(sample_kiln: Path, capsys) -> None:  # noqa: ANN001
    assert run(["rhythm", str(sample_kiln), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["preset"] == "chinese-platform" and len(data["episodes"]) == 6
    assert data["series"][0]["rule"] == "late_payoff"
    assert run(["rhythm", str(sample_kiln), "--preset", "nope"]) == 1
    assert "not a rhythm preset" in capsys.readouterr().err
    assert run(["rhythm", str(sample_kiln)]) == 0
    assert "10 findings." in capsys.readouterr().out
    assert run(["fit", str(sample_kiln), "--lang", "ar", "--json"]) == 0
    fit = json.loads(capsys.readouterr().out)
    assert fit["limits"]["cps"] == 17 and len(fit["episodes"]) == 6
    assert [line["line_id"] for line in fit["lines"]] == ["L00012", "L00081"]
    assert all(line["estimated"] and line["problems"] == ["line_length"]
               for line in fit["lines"])
    assert sum(e["lines"] for e in fit["episodes"]) == 102
