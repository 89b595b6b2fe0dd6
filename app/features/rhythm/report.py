"""The series-rhythm report: every rule of the preset checked per episode and across episodes.

Per episode: the opening hook card starts within ``hook_within_seconds`` of estimated screen
time (the start of the first scene linked to it, else the planned seconds of the cards before
it); the last card is a cliffhanger with a kind; scene, script-line and VO/OS-line counts within
the preset's shape (checked once the episode has a script); seconds against the target.
Across episodes: each setup card's question is paid off within ``payoff_within_episodes``; a
climax card at least every ``mini_climax_every`` episodes; a paywall episode inside the preset's
range, ending on a strong cliffhanger. ``Finding`` names the rule, the episode and the card.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from app.core.enums import BeatKind, ElementKind
from app.core.i18n import _
from app.core.records import BeatRecord
from app.core.vocabulary import extension_code
from app.features.board.rules import Length, length_status
from app.features.rhythm.presets import RhythmRules, cliffhanger_label
from app.features.rhythm.settings import RhythmSettings, project_settings
from app.features.rhythm.timeline import EpisodeTimeline, timelines
from app.project.open_project import OpenProject

logger = logging.getLogger(__name__)

#: Paragraphs that count as script lines (the platforms' "lines": what is seen or heard).
SCRIPT_LINE_KINDS = frozenset({ElementKind.ACTION, ElementKind.DIALOGUE, ElementKind.CAPTION,
                               ElementKind.SHOT, ElementKind.LYRIC})
VOICE_OVER_CODES = frozenset({"VO", "OS"})


class Rule(StrEnum):
    """A rhythm rule a finding breaks."""

    NO_HOOK = "no_hook"
    LATE_HOOK = "late_hook"
    NO_CLIFFHANGER = "no_cliffhanger"
    UNTYPED_CLIFFHANGER = "untyped_cliffhanger"
    SCENES = "scenes"
    LINES = "lines"
    VOICE_OVER = "voice_over"
    LENGTH = "length"
    OPEN_SETUP = "open_setup"
    LATE_PAYOFF = "late_payoff"
    NO_MINI_CLIMAX = "no_mini_climax"
    NO_PAYWALL = "no_paywall"
    PAYWALL_RANGE = "paywall_range"
    WEAK_PAYWALL = "weak_paywall"


@dataclass(frozen=True)
class Finding:
    """One broken rule: where (episode number, card) and a sentence for the writer."""

    rule: Rule
    episode: int | None
    message: str
    beat_id: str | None = None


@dataclass
class EpisodeRhythm:
    """One episode's measures against the preset."""

    id: str
    number: int
    title: str
    target_seconds: int
    seconds: float = 0.0
    scenes: int = 0
    lines: int = 0
    dialogue_lines: int = 0
    voice_over_lines: int = 0
    hook_beat: str | None = None
    hook_start: float | None = None
    cliffhanger_beat: str | None = None
    cliffhanger_type: str = ""
    climax: bool = False
    paywall: bool = False
    length: Length = Length.UNKNOWN
    findings: list[Finding] = field(default_factory=list)


@dataclass
class RhythmReport:
    """The whole series checked against one preset."""

    preset: str
    rules: RhythmRules
    episodes: list[EpisodeRhythm] = field(default_factory=list)
    series: list[Finding] = field(default_factory=list)  # across episodes

    @property
    def findings(self) -> list[Finding]:
        """Every finding: each episode's, then the series'."""
        return [f for e in self.episodes for f in e.findings] + self.series

    def markers(self) -> dict[str, tuple[Finding, ...]]:
        """Episode id -> every finding about it (the markers on the board's lanes)."""
        by_number = {e.number: e.id for e in self.episodes}
        out: dict[str, list[Finding]] = {e.id: list(e.findings) for e in self.episodes}
        for f in self.series:
            if f.episode in by_number:
                out[by_number[f.episode]].append(f)
        return {k: tuple(v) for k, v in out.items()}


def is_voice_over(extension: str) -> bool:
    """Whether a cue's stored extension (``VO``, ``OS, CONT'D``) makes it a VO/OS line."""
    return any(extension_code(word) in VOICE_OVER_CODES for word in extension.split(","))


def _measure(timeline: EpisodeTimeline, lane: Sequence[BeatRecord]) -> EpisodeRhythm:
    ep = timeline.episode
    row = EpisodeRhythm(ep.id, ep.number, ep.title, ep.target_seconds, paywall=ep.paywall)
    row.seconds = timeline.seconds
    row.scenes = len(timeline.scenes)
    for el in timeline.elements:
        row.lines += el.kind in SCRIPT_LINE_KINDS
        if el.kind is ElementKind.DIALOGUE:
            row.dialogue_lines += 1
            row.voice_over_lines += is_voice_over(el.extension)
    row.climax = any(b.kind is BeatKind.CLIMAX for b in lane)
    hook = next((b for b in lane if b.kind is BeatKind.HOOK), None)
    if hook is not None:
        row.hook_beat = hook.id
        row.hook_start = _hook_start(hook, lane, timeline)
    if lane and lane[-1].kind is BeatKind.CLIFFHANGER:
        row.cliffhanger_beat, row.cliffhanger_type = lane[-1].id, lane[-1].cliffhanger_type
    return row


def _hook_start(hook: BeatRecord, lane: Sequence[BeatRecord],
                timeline: EpisodeTimeline) -> float | None:
    """When the hook starts: its first linked scene in the script, else the planned seconds of
    the cards before it (None: a card before it has no planned seconds)."""
    for start, beat_id in timeline.scenes.values():
        if beat_id == hook.id:
            return start
    before = lane[: lane.index(hook)]
    if any(b.estimated_seconds is None for b in before):
        return None
    return float(sum(b.estimated_seconds or 0 for b in before))


def _episode_findings(row: EpisodeRhythm, lane: Sequence[BeatRecord], rules: RhythmRules) -> None:
    n = row.number
    add = row.findings.append
    if lane:
        if row.hook_beat is None:
            add(Finding(Rule.NO_HOOK, n, _("Episode {n} has no hook card.").format(n=n)))
        elif rules.hook_within_seconds > 0 and (
                row.hook_start is None or row.hook_start > rules.hook_within_seconds + 1e-9):
            when = (_("after cards without planned seconds") if row.hook_start is None
                    else _("at {s:.0f} s").format(s=row.hook_start))
            add(Finding(Rule.LATE_HOOK, n, _("Episode {n}'s hook starts {when}, not within the "
                                             "first {limit:g} s.").format(
                n=n, when=when, limit=rules.hook_within_seconds), row.hook_beat))
        if row.cliffhanger_beat is None:
            add(Finding(Rule.NO_CLIFFHANGER, n, _("Episode {n} does not end on a cliffhanger "
                                                  "card.").format(n=n), lane[-1].id))
        elif not row.cliffhanger_type:
            add(Finding(Rule.UNTYPED_CLIFFHANGER, n, _("Episode {n}'s cliffhanger has no kind "
                                                       "(reversal, threat, reveal or question)."
                                                       ).format(n=n), row.cliffhanger_beat))
    if row.scenes:  # the shape is checked once the episode has a script
        for rule, value, (low, high), text in (
            (Rule.SCENES, row.scenes, rules.scenes,
             _("Episode {n} has {value} scenes; the preset wants {low}–{high}.")),
            (Rule.LINES, row.lines, rules.lines,
             _("Episode {n} has {value} script lines; the preset wants {low}–{high}.")),
        ):
            if high and not low <= value <= high:
                add(Finding(rule, n, text.format(n=n, value=value, low=low, high=high)))
        if rules.max_voice_over_lines and row.voice_over_lines > rules.max_voice_over_lines:
            add(Finding(Rule.VOICE_OVER, n, _("Episode {n} has {value} VO/OS lines; the preset "
                                              "allows {limit}.").format(
                n=n, value=row.voice_over_lines, limit=rules.max_voice_over_lines)))
    row.length = length_status(row.seconds, row.target_seconds, rules.target_tolerance)
    if row.length in (Length.OVER, Length.UNDER):
        text = (_("Episode {n} runs {s:.0f} s, over its target of {t} s.")
                if row.length is Length.OVER
                else _("Episode {n} runs {s:.0f} s, under its target of {t} s."))
        add(Finding(Rule.LENGTH, n, text.format(n=n, s=row.seconds, t=row.target_seconds)))


def _setups(report: RhythmReport, beats: Sequence[BeatRecord], numbers: dict[str, int]) -> None:
    limit = report.rules.payoff_within_episodes
    by_id = {b.id: b for b in beats}
    for beat in beats:
        if not beat.setup_question.strip() or beat.episode_id not in numbers:
            continue
        n = numbers[beat.episode_id]
        payoff = by_id.get(beat.paid_off_by or "")
        paid = numbers.get(payoff.episode_id or "") if payoff else None
        if paid is None:
            report.series.append(Finding(Rule.OPEN_SETUP, n, _(
                "The question set up in episode {n} (“{q}”) is never paid off.").format(
                n=n, q=beat.setup_question.strip()), beat.id))
        elif paid < n or (limit and paid - n > limit):
            report.series.append(Finding(Rule.LATE_PAYOFF, n, _(
                "The question set up in episode {n} (“{q}”) is paid off in episode {p}, not "
                "within {k} episodes.").format(n=n, q=beat.setup_question.strip(), p=paid,
                                               k=limit), beat.id))


def _series(report: RhythmReport, lanes: dict[str, list[BeatRecord]]) -> None:
    rules = report.rules
    episodes = report.episodes
    every = rules.mini_climax_every
    if every:
        run: list[int] = []
        for row in episodes:
            run = [] if row.climax else [*run, row.number]
            if len(run) == every:
                report.series.append(Finding(Rule.NO_MINI_CLIMAX, run[-1], _(
                    "Episodes {first}–{last} have no climax card; the preset wants one every "
                    "{m} episodes.").format(first=run[0], last=run[-1], m=every)))
                run = []
    low, high = rules.paywall_episodes
    if not high:
        return
    walls = [row for row in episodes if row.paywall]
    if not walls and len(episodes) >= low:
        report.series.append(Finding(Rule.NO_PAYWALL, None, _(
            "No episode is marked as the paywall; the preset puts it after episode {low}–{high}."
        ).format(low=low, high=high)))
    for row in walls:
        if not low <= row.number <= high:
            report.series.append(Finding(Rule.PAYWALL_RANGE, row.number, _(
                "The paywall falls after episode {n}; the preset puts it after episode "
                "{low}–{high}.").format(n=row.number, low=low, high=high)))
        if row.cliffhanger_type not in rules.strong_cliffhangers:
            kinds = ", ".join(cliffhanger_label(k) for k in rules.strong_cliffhangers)
            lane = lanes.get(row.id) or []
            report.series.append(Finding(Rule.WEAK_PAYWALL, row.number, _(
                "Episode {n} comes before the paywall but does not end on a strong cliffhanger "
                "({kinds}).").format(n=row.number, kinds=kinds),
                row.cliffhanger_beat or (lane[-1].id if lane else None)))


def rhythm_report(project: OpenProject, settings: RhythmSettings | None = None,
                  lines: list[EpisodeTimeline] | None = None) -> RhythmReport:
    """The series checked against its preset (``settings``: another preset or values)."""
    settings = settings or project_settings(project)
    report = RhythmReport(settings.preset, settings.rules)
    beats = project.beats()
    lanes: dict[str, list[BeatRecord]] = {}
    for beat in beats:
        if beat.episode_id is not None:
            lanes.setdefault(beat.episode_id, []).append(beat)
    for lane in lanes.values():
        lane.sort(key=lambda b: b.position)
    for timeline in lines if lines is not None else timelines(project, settings.rates):
        lane = lanes.get(timeline.episode.id, [])
        row = _measure(timeline, lane)
        _episode_findings(row, lane, settings.rules)
        report.episodes.append(row)
    numbers = {row.id: row.number for row in report.episodes}
    _setups(report, beats, numbers)
    _series(report, lanes)
    report.series.sort(key=lambda f: f.episode or 0)  # in series order (stable)
    return report
