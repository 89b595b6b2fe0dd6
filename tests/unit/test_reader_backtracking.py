"""Issue #24, item 4: catastrophic regex backtracking. 100 KB of blank lines in a Chinese .txt
took 40 s, 200 KB 185 s (a multiline ``^\\s*…`` pattern guessing the layout).

Two guards. Every pattern the readers apply to user text is read for nested, adjacent and
leading unbounded quantifiers (``tests.support.regex_audit``): none may remain. And each reader
is fed whitespace, one repeated character and alternating markers — 1 MB of each under
``make stress``, 32 KB under ``make test`` — in lines of several lengths, in a process of its
own: no hang (a guard, not a timing assertion), no crash, at most 500 MB. ``make stress`` prints
each reader's slowest input for docs/reliability.md.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support import attacks
from tests.support.attacks import FULL, MEMORY_LIMIT_MB, run_reader, run_readers
from tests.support.regex_audit import audit, audit_modules

#: Every module whose patterns read a user's file (the readers and the grammar they use).
READER_MODULES = (
    "app.core.vocabulary", "app.core.headings", "app.core.chinese_lines", "app.core.controls",
    "app.core.styles", "app.core.direction", "app.formats.fountain.reader",
    "app.formats.fountain.marks", "app.formats.fountain.emphasis",
    "app.formats.fountain.title_page", "app.formats.fdx.reader", "app.formats.chinese_text",
    "app.formats.text_decoding", "app.formats.safe_xml", "app.formats.safe_zip",
    "app.formats.docx.reader", "app.formats.common", "app.formats.budgets",
    "app.formats.builder", "app.formats.registry", "app.formats.xliff",
    "app.formats.project_json", "app.formats.cli",
)

SIZE = 1024 * 1024 if FULL else 32 * 1024
LINE_LENGTHS = (199, 3_999, 60_000) if FULL else (3_999,)

WHITESPACE = {"spaces": " ", "tabs-ideographic": "\t\u3000 ", "no-break-spaces": "\u00a0"}
REPEATED = {
    "letter": "a", "han": "的", "star": "*", "underscore": "_", "hash": "#", "paren": "(",
    "full-paren": "（", "full-colon": "：", "lenticular": "【", "square": "[", "equals": "=",
    "dash": "-", "action-mark": "△", "backslash": "\\", "at": "@", "tilde": "~", "gt": ">",
    "dot": ".", "caret": "^",
}
ALTERNATING = {
    "emphasis": "*_", "bold-italic": "***a", "escaped": "\\*", "notes": "[[]]",
    "open-notes": "[[", "boneyard": "/**/", "open-boneyard": "/*", "full-parens": "（）",
    "lenticulars": "【】", "cue": "甲：", "sentence-cue": "。甲：", "gap-cue": " 甲：",
    "spaced-dash": " - ", "scene-number": "#1#", "heading": "INT. ", "extension": "(V.O.)",
    "caption": "【字幕：", "episode": "第一集", "colon-space": "： ", "centered": "> <",
}
SHAPES = {**WHITESPACE, **REPEATED, **ALTERNATING}


def test_no_reader_pattern_can_backtrack_catastrophically() -> None:
    findings = audit_modules(READER_MODULES)
    assert not findings, "\n".join(str(f) for f in findings)


@pytest.mark.parametrize(
    "pattern, shape",
    [
        (r"\s*#(\w+)#\s*$", "leading"),  # the old scene-number pattern, searched
        (r"(a+)+$", "nested"),
        (r"^【字幕：\s*(.*?)\s*】$", "adjacent"),  # the old caption pattern
        (r"^(.*?)\s*(?:\s-\s|--)\s*([^-]+)$", "adjacent"),  # the old time split
        (r"^\s*(?:第一集|△)", "leading"),  # with MULTILINE: the attack of item 4
    ],
)
def test_the_audit_finds_the_shapes_that_backtracked(pattern: str, shape: str) -> None:
    import re

    flags = re.MULTILINE if pattern.startswith(r"^\s*(?:第") else 0
    assert shape in {f.shape for f in audit(re.compile(pattern, flags), "example")}


@pytest.mark.timeout(attacks.HANG_GUARD + 60)
@pytest.mark.parametrize("size", [100_000, 200_000] if not FULL else [100_000, 200_000,
                                                                        1024 * 1024])
def test_blank_lines_in_a_chinese_text_are_read_at_once(tmp_path: Path, size: int) -> None:
    """The attack as reported: a Chinese .txt (auto-detected) ending in blank lines."""
    path = attacks.blank_lines_chinese(tmp_path / "blank.txt", size)
    result = run_reader("auto", path, tmp_path)
    print(f"\nblank lines {size} bytes: {result.outcome} in {result.seconds:.2f} s, "
          f"{result.peak_mb:.0f} MB")
    assert result.outcome in ("read", "refused"), result.message[:500]
    assert result.peak_mb <= MEMORY_LIMIT_MB


def _lines(unit: str, length: int, size: int) -> list[str]:
    line = (unit * (length // len(unit) + 1))[:length]
    return [line] * max(1, size // (len(line.encode()) + 1))


def _fountain(path: Path, lines: list[str]) -> Path:
    body = "\n\n".join("\n".join(lines[i : i + 3]) for i in range(0, len(lines), 3))
    path.write_text("INT. KILN - NIGHT\n\n" + body + "\n", encoding="utf-8")
    return path


def _chinese(path: Path, lines: list[str]) -> Path:
    path.write_text("1-1 日 内 老窑\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


_FDX_TYPES = ("Action", "Character", "Dialogue", "Scene Heading", "Parenthetical",
              "Transition", "General", "Shot")


def _fdx(path: Path, lines: list[str]) -> Path:
    body = "".join(
        f'<Paragraph Type="{_FDX_TYPES[n % len(_FDX_TYPES)]}"><Text>{_xml(line)}</Text>'
        "</Paragraph>" for n, line in enumerate(lines)
    )
    path.write_bytes(attacks.fdx_document([]).replace(b"</Content>", body.encode() +
                                                      b"</Content>"))
    return path


def _docx(path: Path, lines: list[str]) -> Path:
    first = ["1-1 日 内 老窑"]
    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{_xml(line)}</w:t></w:r></w:p>'
                   for line in first + lines)
    return attacks.write_docx(path, [body.encode()], stored=True)


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


READERS: dict[str, tuple[str, str, Callable[[Path, list[str]], Path]]] = {
    "fountain": ("auto", ".fountain", _fountain),
    "zh-text": ("auto", ".txt", _chinese),
    "fdx": ("fdx", ".fdx", _fdx),
    "docx": ("docx", ".docx", _docx),
}
FIGURES = Path("build/reader-backtracking.jsonl")


@pytest.mark.timeout(attacks.HANG_GUARD * 6 if FULL else attacks.HANG_GUARD + 60)
@pytest.mark.parametrize("reader", sorted(READERS))
def test_each_reader_takes_pathological_text_in_its_stride(reader: str, tmp_path: Path) -> None:
    fmt, suffix, make = READERS[reader]
    jobs: list[tuple[str, Path]] = []
    for name, unit in SHAPES.items():
        for length in LINE_LENGTHS:
            jobs.append((fmt, make(tmp_path / f"{name}-{length}{suffix}",
                                   _lines(unit, length, SIZE))))
    for name, text in (("blank-lines", "\n" * SIZE), ("space-lines", " \n" * (SIZE // 2))):
        jobs.append((fmt, make(tmp_path / f"{name}{suffix}", text.split("\n"))))
    results = run_readers(jobs, tmp_path, timeout=attacks.HANG_GUARD * 5 if FULL else
                          attacks.HANG_GUARD)
    slowest = max(results, key=lambda r: r.seconds)
    peak = max(r.peak_mb for r in results)
    summary = {"reader": reader, "inputs": len(results), "bytes_each": SIZE,
               "read": sum(r.outcome == "read" for r in results),
               "refused": sum(r.outcome == "refused" for r in results),
               "slowest": Path(slowest.source).name, "slowest_seconds": round(slowest.seconds, 2),
               "over_2s": [Path(r.source).name for r in results if r.seconds > 2],
               "peak_mb": round(peak)}
    print(f"\nshapes {json.dumps(summary)}")
    if FULL:
        FIGURES.parent.mkdir(parents=True, exist_ok=True)
        with FIGURES.open("a", encoding="utf-8") as out:
            out.write(json.dumps(summary) + "\n")
    bad = [f"{Path(r.source).name}: {r.outcome}: {r.message[:300]}" for r in results
           if r.outcome not in ("read", "refused")]
    assert not bad, "\n".join(bad)
    assert peak <= MEMORY_LIMIT_MB, f"{reader} peaked at {peak:.0f} MB"
