"""What ``kiln stats FILE [--json]`` does: counts and estimated seconds of every episode.

Its words are in ``app.cli.main``, which imports this module by name only when it runs. It
reads the file with plain sqlite3 (``app.project.stats.read_stats``: the same checks as opening
a project, no SQLAlchemy), so the command starts quickly (issue #19).
"""

from __future__ import annotations

import argparse
import logging
from typing import TextIO

from app.core.i18n import _
from app.core.json_text import readable_json
from app.project.stats import read_stats

logger = logging.getLogger(__name__)


def stats_command(args: argparse.Namespace, out: TextIO) -> int:
    """``kiln stats``: counts and seconds per episode, as a table or JSON."""
    stats = read_stats(args.file)
    if args.json:
        payload = {
            "title": stats.title,
            "logline": stats.logline,
            "characters": stats.characters,
            "episodes": [vars(e) | {} for e in stats.episodes],
            "totals": {
                "episodes": len(stats.episodes),
                "characters": stats.characters,
                "scenes": stats.scenes,
                "beats": stats.beats,
                "parked_beats": stats.parked_beats,
                "dialogue_lines": stats.dialogue_lines,
                "estimated_seconds": round(stats.estimated_seconds, 1),
            },
        }
        out.write(readable_json(payload))
        out.write("\n")
        return 0
    print(stats.title, file=out)
    if stats.logline:
        print(stats.logline, file=out)
    header = _("Episode  Scenes  Beats  Lines  Seconds  Target")
    print(header, file=out)
    for e in stats.episodes:
        print(
            f"{e.number:>7}  {e.scenes:>6}  {e.beats:>5}  {e.dialogue_lines:>5}  "
            f"{e.estimated_seconds:>7.1f}  {e.target_seconds:>6}",
            file=out,
        )
    print(
        _(
            "Total: {episodes} episodes, {scenes} scenes, {beats} beats, {lines} dialogue lines, "
            "{characters} characters, {seconds:.0f} s"
        ).format(
            episodes=len(stats.episodes),
            characters=stats.characters,
            scenes=stats.scenes,
            beats=stats.beats,
            lines=stats.dialogue_lines,
            seconds=stats.estimated_seconds,
        ),
        file=out,
    )
    return 0
