"""Right-to-left lines inside a Chinese script read back in logical order from the PDF and from
the DOCX as LibreOffice sets it on a machine without Kiln's fonts; the DOCX embeds its fonts
(issue #17)."""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pytest
from bidi import get_display

from app.core.direction import isolate_rtl
from app.formats.document import fonts
from app.formats.document.options import ExportOptions
from app.formats.docx.embed import _tables, obfuscate
from app.formats.registry import export
from app.project.open_project import OpenProject
from tests.support.libreoffice import SOFFICE, needs_soffice

WHATSAPP = "أرسل لي الصور على WhatsApp قبل الساعة 10."
LETTER = "دوست عزیزم، ۴۰ سال است که این سنگ را برای تو نگه داشته‌ام."
_ARABIC = re.compile("[\u0600-\u06ff]")


def _export(kiln: Path, out: Path, **kw: object) -> Path:
    with OpenProject.open(kiln, read_only=True, backup=False) as project:
        return export(project, ExportOptions(**kw), out)  # type: ignore[arg-type]


def _raw_lines(pdf: Path, mode: str = "-raw") -> list[str]:
    text = subprocess.run(["pdftotext", mode, str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    drop = dict.fromkeys(map(ord, "\u200c\u2066\u2067\u2068\u2069"))
    return [" ".join(ln.translate(drop).split()) for ln in text.splitlines()]


def _runs(words: list[str]) -> list[str]:
    """Words in visual order, consecutive Arabic-script words put back in reading order (as
    ``pdftotext -layout`` gives a right-to-left run)."""
    out: list[str] = []
    run: list[str] = []
    for word in [*words, ""]:
        if word and _ARABIC.search(word) and word[0] not in ".،":
            run.append(word)
            continue
        out += run[::-1]
        run = []
        if word:
            out.append(word)
    return out


def _expected_visual(sentence: str) -> list[str]:
    """The words of ``sentence`` from left to right as the Unicode bidi algorithm sets it as a
    right-to-left stretch (python-bidi, independent of Kiln's renderer); each Arabic-script
    word in its own letters' order, as ``pdftotext`` gives it."""
    visual = get_display(sentence.replace("\u200c", ""), base_dir="R")
    return [w[::-1] if _ARABIC.search(w) else w for w in visual.split()]


def _words_after(line: str, prefix: str) -> list[str]:
    words = line.split(prefix, 1)[1].replace("\u202b", " ").replace("\u202c", " ").split()
    return [w for w in words if w]


def _check(lines: list[str], prefix: str, sentence: str) -> None:
    found = [ln for ln in lines if ln.startswith(prefix) and "WhatsApp" in ln] if (
        "WhatsApp" in sentence) else [ln for ln in lines if prefix in ln and "۴۰" in ln]
    assert found, f"no line {prefix}… in {lines[:5]}"
    got = _words_after(found[0], prefix)
    want = _expected_visual(sentence)
    if "\u200c" not in sentence:
        assert got == want, (got, want)
    else:  # poppler cuts a word at its zero-width non-joiner: compare the ends and the digits
        assert got[0].startswith(".") and got[-1] == want[-1] and "۴۰" in got, (got, want)
        assert "۰۴" not in "".join(got)


def test_isolates_take_the_final_stop_and_the_latin_word() -> None:
    text, inserted = isolate_rtl("哈立德（VO）：" + WHATSAPP)
    assert text == "哈立德（VO）：\u2067" + WHATSAPP + "\u2069"
    assert inserted == [8, 8 + len(WHATSAPP)]
    # a Latin sentence after a Persian one keeps its own words outside
    latin = isolate_rtl("Note: سلام دوست من. This is English")[0]
    assert latin == "Note: \u2067سلام دوست من.\u2069 This is English"
    # a word quoted in an English sentence leaves the sentence its full stop and commas
    quoted = isolate_rtl("Keep ک, not ك, and say تو.")[0]
    assert quoted == "Keep \u2067ک\u2069, not \u2067ك\u2069, and say \u2067تو\u2069."


def test_pdf_reads_back_in_logical_order(sample_kiln: Path, tmp_path: Path) -> None:
    lines = _raw_lines(_export(sample_kiln, tmp_path / "zh.pdf"))
    _check(lines, "哈立德（VO）：", WHATSAPP)
    _check(lines, "希琳：（读信）", LETTER)
    text = "\n".join(lines)
    # the text layer holds letters: no presentation forms, no private-use characters
    assert not re.search("[\ufb50-\ufdff\ufe70-\ufeff\ue000-\uf8ff]", text)
    assert "السعر ليس مشكلة" in text.replace("\u202b", "").replace("\u202c", "") or (
        "مشكلة" in text
    )


def _without_fonts(folder: Path) -> dict[str, str]:
    """An environment whose fontconfig sees DejaVu only: none of the fonts Kiln ships."""
    folder.mkdir(parents=True, exist_ok=True)
    conf = folder / "fonts.conf"
    conf.write_text(
        f'<?xml version="1.0"?><fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir>'
        f"<cachedir>{folder / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    return {**os.environ, "FONTCONFIG_FILE": str(conf)}


def _convert_bare(docx: Path, outdir: Path) -> Path:
    assert SOFFICE is not None
    with tempfile.TemporaryDirectory(prefix="kiln-soffice-") as work:
        subprocess.run(
            [SOFFICE, f"-env:UserInstallation={(Path(work) / 'p').as_uri()}", "--headless",
             "--convert-to", "pdf", "--outdir", str(outdir), str(docx)],
            env=_without_fonts(Path(work) / "fc"), capture_output=True, timeout=120, check=True,
        )
    return outdir / f"{docx.stem}.pdf"


@needs_soffice
def test_docx_embeds_its_fonts_and_reads_back_without_them(
    sample_kiln: Path, tmp_path: Path
) -> None:
    docx = _export(sample_kiln, tmp_path / "zh.docx", format="docx")
    with zipfile.ZipFile(docx) as z:
        table = z.read("word/fontTable.xml").decode("utf-8")
        rels = z.read("word/_rels/fontTable.xml.rels").decode("utf-8")
        parts = {n: z.read(n) for n in z.namelist() if n.endswith(".odttf")}
    assert 'Extension="odttf"' in zipfile.ZipFile(docx).read("[Content_Types].xml").decode()
    # each embedded face de-obfuscates to a TrueType font of the shipped one
    entries = re.findall(r'<w:font w:name="([^"]+)">(.*?)</w:font>', table)
    families = {name for name, body in entries if "embedRegular" in body}
    assert {"WenQuanYi Micro Hei", "Noto Naskh Arabic"} <= families
    naskh = next(body for name, body in entries if name == "Noto Naskh Arabic")
    rid, key = re.search(r'embedRegular r:id="([^"]+)" w:fontKey="([^"]+)"', naskh).groups()
    target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"', rels).group(1)
    plain = obfuscate(parts[f"word/{target}"], key)
    assert plain == fonts.FACES["arabic"].path.read_bytes()
    assert parts[f"word/{target}"][:32] != plain[:32]
    wqy = next(body for name, body in entries if name == "WenQuanYi Micro Hei")
    rid, key = re.search(r'embedRegular r:id="([^"]+)" w:fontKey="([^"]+)"', wqy).groups()
    target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"', rels).group(1)
    subset = _tables(obfuscate(parts[f"word/{target}"], key), 0)
    whole = _tables(fonts.FACES["cjk"].path.read_bytes(), 0)
    assert subset["cmap"] == whole["cmap"] and len(subset["glyf"]) < len(whole["glyf"]) / 20
    assert docx.stat().st_size < 1_500_000

    pdf = _convert_bare(docx, tmp_path)
    listed = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                            check=True).stdout
    assert "WenQuanYiMicroHei" in listed and "NotoNaskhArabic" in listed
    # LibreOffice draws the line in pieces: pdftotext's layout mode puts it together
    lines = _raw_lines(pdf, "-layout")
    found = [ln for ln in lines if ln.startswith("哈立德（VO）：") and "WhatsApp" in ln]
    assert found
    got = _words_after(found[0], "哈立德（VO）：")
    assert got == _runs(_expected_visual(WHATSAPP)), got


@needs_soffice
def test_packet_docx_cells_break_between_words(sample_kiln: Path, tmp_path: Path) -> None:
    docx = _export(sample_kiln, tmp_path / "fa.docx", format="docx", what="translator-packet",
                   language="fa")
    text = subprocess.run(["pdftotext", "-layout", str(_convert_bare(docx, tmp_path)), "-"],
                          capture_output=True, text=True, check=True).stdout
    for label in ("Scen", "المش"):
        assert not re.search(rf"(?m){label}\s*$", text)


@pytest.mark.parametrize("lang", ["en", "pt-BR"])
def test_packet_lines_carry_delivery_context_and_notes(
    sample_kiln: Path, tmp_path: Path, lang: str
) -> None:
    pdf = _export(sample_kiln, tmp_path / f"{lang}.pdf", what="translator-packet", language=lang)
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    if lang == "en":
        assert "No notes concern this language" not in text
        assert 'English subtitles: "Grandma"' in text and "dark iron spots" in text
        assert "（VO）" in text and "off-screen (voice-over)" in text and "（低声）" in text
        assert "1-1 夜 内 林家老作坊" in text  # the scene heading as each line's context
    else:
        assert "—, a traduzir" in text  # names with no Portuguese form yet are marked
