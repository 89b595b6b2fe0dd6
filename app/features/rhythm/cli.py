"""Command-line words of the series rhythm (registered by app.cli).

``rhythm FILE [--preset NAME] [--json]`` checks the series against its rhythm preset (the
project's own, or ``NAME``); ``fit FILE --lang L [--json]`` checks every translatable line
against language L's subtitle and dub limits, with a summary per episode.
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from app.core.i18n import _, ngettext
from app.core.json_text import readable_json
from app.features.rhythm.fit import FitProblem, FitReport, problem_label
from app.features.rhythm.fit_check import fit_report
from app.features.rhythm.presets import cliffhanger_label, preset, preset_label
from app.features.rhythm.report import RhythmReport, rhythm_report
from app.features.rhythm.settings import project_settings
from app.project.open_project import OpenProject


def rhythm_command(args: argparse.Namespace, out: TextIO) -> int:
    if args.preset is not None:
        preset(args.preset)  # an unknown name is a clear error before the file is opened
    with OpenProject.open(args.file, read_only=True, backup=False) as project:
        report = rhythm_report(project, project_settings(project, args.preset))
    if args.json:
        out.write(readable_json(rhythm_json(report)))
        out.write("\n")
        return 0
    print(_("Series rhythm — preset: {preset}").format(preset=preset_label(report.preset)),
          file=out)
    print(_("Episode  Hook  Cliffhanger  Scenes  Lines  VO/OS  Seconds  Target"), file=out)
    for e in report.episodes:
        hook = "—" if e.hook_start is None else f"{e.hook_start:.0f} s"
        kind = cliffhanger_label(e.cliffhanger_type) if e.cliffhanger_beat else "—"
        mark = " $" if e.paywall else ""
        print(f"{e.number:>7}  {hook:>4}  {kind:<11}  {e.scenes:>6}  {e.lines:>5}  "
              f"{e.voice_over_lines:>5}  {e.seconds:>7.1f}  {e.target_seconds:>6}{mark}",
              file=out)
    findings = report.findings
    for finding in findings:
        print("  " + finding.message, file=out)
    print(ngettext("{n} finding.", "{n} findings.", len(findings)).format(n=len(findings)),
          file=out)
    return 0


def rhythm_json(report: RhythmReport) -> dict[str, Any]:
    """The report as plain JSON data (``kiln rhythm --json``)."""
    def finding(f: Any) -> dict[str, Any]:
        return {"rule": f.rule.value, "episode": f.episode, "beat": f.beat_id,
                "message": f.message}

    return {
        "preset": report.preset,
        "rules": report.rules.as_dict(),
        "episodes": [{
            "number": e.number, "seconds": round(e.seconds, 1),
            "target_seconds": e.target_seconds, "length": e.length.value, "scenes": e.scenes,
            "lines": e.lines, "dialogue_lines": e.dialogue_lines,
            "voice_over_lines": e.voice_over_lines,
            "hook_start": None if e.hook_start is None else round(e.hook_start, 1),
            "cliffhanger_type": e.cliffhanger_type if e.cliffhanger_beat else None,
            "climax": e.climax, "paywall": e.paywall,
            "findings": [finding(f) for f in e.findings],
        } for e in report.episodes],
        "series": [finding(f) for f in report.series],
    }


def fit_command(args: argparse.Namespace, out: TextIO) -> int:
    with OpenProject.open(args.file, read_only=True, backup=False) as project:
        report = fit_report(project, args.lang)
    if args.json:
        out.write(readable_json(fit_json(report)))
        out.write("\n")
        return 0
    limits = report.limits
    print(_("Fit in {lang}: {cps:g} characters a second, {cpl} characters a line, {lines} "
            "lines, dub up to {ratio:g}×").format(lang=report.language, cps=limits.cps,
                                                   cpl=limits.chars_per_line,
                                                   lines=limits.lines, ratio=limits.dub_ratio),
          file=out)
    print(_("Episode  Lines  Translated  Too fast  Too long  Dub long"), file=out)
    for e in report.episodes:
        print(f"{e.number:>7}  {e.lines:>5}  {e.translated:>10}  {e.reading_speed:>8}  "
              f"{e.line_length:>8}  {e.dub_length:>8}", file=out)
    bad = [f for f in report.lines if f.problems]
    for f in bad:
        print("  " + line_summary(f.line_id, f.episode, f.problems, f.cps, f.lines,
                                  f.dub_ratio, f.estimated), file=out)
    print(ngettext("{n} line does not fit.", "{n} lines do not fit.", len(bad)).format(
        n=len(bad)), file=out)
    return 0


def line_summary(line_id: str, episode: int, problems: tuple[FitProblem, ...], cps: float,
                 lines: int, ratio: float | None, estimated: bool) -> str:
    """One line's fit as a sentence for the command line."""
    text = _("{line} (episode {n}): {problems} — {cps:.1f} characters/s, {lines} lines").format(
        line=line_id, n=episode, problems=", ".join(problem_label(p) for p in problems),
        cps=cps, lines=lines)
    if ratio is not None:
        text += _(", dub {ratio:.2f}×").format(ratio=ratio)
    if estimated:
        text += _(" (estimated: no translation yet)")
    return text


def fit_json(report: FitReport) -> dict[str, Any]:
    """The fit report as plain JSON data (``kiln fit --json``)."""
    limits = report.limits
    return {
        "language": report.language,
        "limits": {"cps": limits.cps, "chars_per_line": limits.chars_per_line,
                   "lines": limits.lines, "dub_ratio": limits.dub_ratio,
                   "source": limits.source},
        "episodes": [vars(e) | {"problems": e.problems} for e in report.episodes],
        # the lines that do not fit (every line is counted in "episodes")
        "lines": [{
            "line_id": f.line_id, "episode": f.episode, "start": round(f.start, 2),
            "end": round(f.end, 2), "chars": f.chars, "cps": f.cps, "lines": f.lines,
            "dub_ratio": f.dub_ratio, "estimated": f.estimated,
            "problems": [p.value for p in f.problems],
        } for f in report.lines if f.problems],
    }
