"""The HTML the drafts views show: a scene's changes word by word, and a draft's script.

Deleted words are struck through in red, inserted words underlined in green and bold; a line
that runs right to left is set right to left (``dir="rtl"``). Everything from the script is
escaped: a line can never become markup.
"""

from __future__ import annotations

import html
import logging

from app.core.direction import dominant_rtl
from app.core.i18n import _
from app.core.word_diff import Segment
from app.features.drafts.compare import LineChange, SceneChange
from app.features.drafts.snapshot import Snapshot

logger = logging.getLogger(__name__)

DELETED = "color:#c0392b;text-decoration:line-through"
INSERTED = "color:#1e7b4a;text-decoration:underline;font-weight:bold"


def _span(style: str, text: str) -> str:
    return f'<span style="{style}">{html.escape(text)}</span>'


def _segments(segments: tuple[Segment, ...] | list[Segment], side: str) -> str:
    """The words of one side: ``old`` shows equal and deleted words, ``new`` equal and
    inserted ones."""
    out = []
    for op, text in segments:
        if op == "equal":
            out.append(html.escape(text))
        elif op == "delete" and side == "old":
            out.append(_span(DELETED, text))
        elif op == "insert" and side == "new":
            out.append(_span(INSERTED, text))
    return "".join(out)


def _para(sign: str, body_html: str, plain: str) -> str:
    rtl = dominant_rtl(plain, False)
    direction = ' dir="rtl" align="right"' if rtl else ""
    return f"<p{direction} style='margin:2px 0 2px 12px'>{html.escape(sign)} {body_html}</p>"


def _who(speaker: str) -> str:
    return f"<b>{html.escape(speaker)}</b>: " if speaker else ""


def line_html(line: LineChange) -> str:
    """One changed line: ``+`` new, ``−`` removed, or its old and new words."""
    if line.status == "added":
        return _para("+", _who(line.speaker_new) + _span(INSERTED, line.new or ""),
                     line.new or "")
    if line.status == "removed":
        return _para("−", _who(line.speaker_old) + _span(DELETED, line.old or ""),
                     line.old or "")
    notes = []
    if "speaker" in line.fields:
        notes.append(_("(speaker changed)"))
    if line.moved:
        notes.append(_("(moved in the scene)"))
    tail = f" <i>{html.escape(' '.join(notes))}</i>" if notes else ""
    return (_para("−", _who(line.speaker_old) + _segments(line.words, "old"), line.old or "")
            + _para("+", _who(line.speaker_new) + _segments(line.words, "new") + tail,
                    line.new or ""))


def scene_status(scene: SceneChange) -> str:
    """What happened to a scene, in a few words."""
    if scene.added:
        return _("added")
    if scene.removed:
        return _("removed")
    if scene.moved and scene.changed:
        return _("moved from {scene}, changed").format(scene=scene.old_number)
    if scene.moved:
        return _("moved from {scene}").format(scene=scene.old_number)
    return _("changed")


def scene_html(scene: SceneChange) -> str:
    """A scene's heading, what happened to it, and its changed lines."""
    heading = scene.old_heading if scene.removed else scene.heading
    parts = [f"<h3>{html.escape(heading)} — {html.escape(scene_status(scene))}</h3>"]
    if scene.changed and scene.heading != scene.old_heading and not scene.added:
        parts.append(_para("−", _span(DELETED, scene.old_heading), scene.old_heading))
        parts.append(_para("+", _span(INSERTED, scene.heading), scene.heading))
    parts += [line_html(line) for line in scene.lines]
    note = ""
    if scene.moved and not scene.changed:
        note = _("The words of this scene did not change.")
    elif not scene.lines:
        note = _("The scene has no lines.")
    if note:
        parts.append(f"<p><i>{html.escape(note)}</i></p>")
    return "".join(parts)


def draft_html(snapshot: Snapshot) -> str:
    """A draft's script, read only: episodes, scene headings and every line."""
    language = str(snapshot.project.get("source_language") or "zh-Hans")
    speakers = snapshot.character_names(language)
    places = snapshot.location_names(language)
    numbers = snapshot.numbers()
    episodes = {e["id"]: e for e in snapshot.episodes}
    snapshot.load(e.digest for e in snapshot.scenes)
    out = [f"<h1>{html.escape(str(snapshot.project.get('title') or ''))}</h1>"]
    current = None
    for entry in snapshot.scenes:
        if entry.episode_id != current:
            current = entry.episode_id
            episode = episodes.get(current, {})
            title = _("Episode {n}").format(n=episode.get("number", "?"))
            if episode.get("title"):
                title += f": {episode['title']}"
            out.append(f"<h2>{html.escape(title)}</h2>")
        part = snapshot.part(entry)
        place = places.get(part.scene.get("location_id") or "", "")
        out.append(f"<h3>{html.escape(numbers[entry.id])} {html.escape(place)}</h3>")
        for element in part.elements:
            text = str(element.get("text") or "")
            speaker = speakers.get(element.get("speaker_id") or "", "") or str(
                element.get("speaker") or "")
            who = _who(speaker) if element.get("kind") == "dialogue" else ""
            out.append(_para("", who + html.escape(text), text))
    return "".join(out)
