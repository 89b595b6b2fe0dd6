"""Find and replace across a whole project's script, undone as one step."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from sqlalchemy import select

from app.core.errors import CommandError
from app.core.i18n import _
from app.project.changes import ChangeRecorder
from app.project.commands import Command
from app.project.open_project import OpenProject
from app.store import schema

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Match:
    """One occurrence: the element, its scene and the character offsets in its text."""

    element_id: str
    scene_id: str
    start: int
    end: int


def _pattern(needle: str, case_sensitive: bool) -> re.Pattern[str]:
    if not needle:
        raise CommandError(_("Type the text to find first."))
    return re.compile(re.escape(needle), 0 if case_sensitive else re.IGNORECASE)


def find_all(project: OpenProject, needle: str, *, case_sensitive: bool = False) -> list[Match]:
    """Every occurrence of ``needle`` in the script's text, in episode and scene order."""
    pattern = _pattern(needle, case_sensitive)
    found = []
    with project.file.session() as s:
        rows = s.execute(
            select(schema.Element.id, schema.Element.scene_id, schema.Element.text)
            .join(schema.Scene, schema.Scene.id == schema.Element.scene_id)
            .join(schema.Episode, schema.Episode.id == schema.Scene.episode_id)
            .order_by(schema.Episode.number, schema.Scene.position, schema.Element.position)
        )
        for element_id, scene_id, text in rows:
            for m in pattern.finditer(text or ""):
                found.append(Match(element_id, scene_id, m.start(), m.end()))
    return found


@dataclass
class ReplaceAll(Command):
    """Replace every occurrence of ``needle`` in element text (and speaker names) at once."""

    needle: str
    replacement: str
    case_sensitive: bool = False
    replaced: int = field(default=0)

    @property
    def label(self) -> str:  # type: ignore[override]
        return _("Replace All")

    def apply(self, rec: ChangeRecorder) -> None:
        pattern = _pattern(self.needle, self.case_sensitive)
        self.replaced = 0
        for element in rec.session.scalars(select(schema.Element)):
            values = {}
            for name in ("text", "speaker", "parenthetical"):
                old = getattr(element, name) or ""
                new, count = pattern.subn(lambda _m: self.replacement, old)
                if count:
                    values[name] = new
                    self.replaced += count
            if values:
                rec.update(element, **values)
