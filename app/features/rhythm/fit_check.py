"""The fit of a whole script in one target language (``kiln fit``, the Translations dock).

Reads the timeline and the translations once, then checks each translatable line
(``app.features.rhythm.fit.line_fit``) and counts the problems per episode.
"""

from __future__ import annotations

import logging

from app.core.enums import ElementKind
from app.core.timing import DEFAULT_RATES, element_seconds
from app.features.rhythm.fit import (
    EpisodeFit,
    FitReport,
    LineFit,
    line_fit,
    translations_of,
)
from app.features.rhythm.settings import RhythmSettings, project_settings
from app.features.rhythm.timeline import EpisodeTimeline, timelines
from app.project.open_project import OpenProject

logger = logging.getLogger(__name__)

MIN_SPOKEN = DEFAULT_RATES.min_spoken_seconds


def fit_report(project: OpenProject, language: str, settings: RhythmSettings | None = None,
               episodes: tuple[int, int] | None = None,
               lines: list[EpisodeTimeline] | None = None) -> FitReport:
    """How every translatable line fits ``language`` (``lines``: timelines already read)."""
    settings = settings or project_settings(project)
    limits = settings.limits(language)
    source_language = project.info().source_language
    translated = translations_of(project, language)
    report = FitReport(language, limits)
    for timeline in lines if lines is not None else timelines(project, settings.rates, episodes):
        counts = EpisodeFit(timeline.episode.number)
        for el in timeline.elements:
            if not el.line_id or not el.kind.has_line_id:
                continue
            # a spoken line longer than the shortest slot lasts exactly its speech
            speech = el.seconds if el.kind is not ElementKind.CAPTION and el.seconds > \
                MIN_SPOKEN + 1e-9 else None
            fit = line_fit(el.element_id, el.line_id, timeline.episode.number, el.kind,
                           el.speaker, el.text, el.language or source_language,
                           translated.get(el.element_id, ""), language, el.start, el.end,
                           limits, settings.rates, speech)
            report.lines.append(fit)
            counts.lines += 1
            counts.translated += not fit.estimated
            for problem in fit.problems:
                setattr(counts, problem.value, getattr(counts, problem.value) + 1)
        report.episodes.append(counts)
    return report


def text_fit(kind: ElementKind, source: str, source_language: str, translation: str,
             language: str, settings: RhythmSettings, line_id: str = "",
             element_id: str = "") -> LineFit:
    """The fit of one line from its words alone (its slot: its own estimated seconds), for a
    view that re-reads only the lines an edit touched."""
    seconds = element_seconds(kind, source, settings.rates(source_language))
    return line_fit(element_id, line_id, 0, kind, "", source, source_language, translation,
                    language, 0.0, seconds, settings.limits(language), settings.rates)
