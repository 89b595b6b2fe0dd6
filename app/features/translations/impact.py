"""What a changeset means to the translations of the script's lines, per language."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field

from app.features.rows import changed
from app.features.translations.lines import TRANSLATED_KINDS
from app.project.changes import Changeset, Row

logger = logging.getLogger(__name__)

#: Element columns whose change moves a line in (or out of) the translatable lines.
_PLACE = ("scene_id", "position", "kind", "line_id")


def _translatable(element: Row | None) -> bool:
    return element is not None and element.get("kind") in TRANSLATED_KINDS \
        and bool(element.get("line_id"))


@dataclass(frozen=True)
class TranslationsImpact:
    """Which translatable lines, and which of their translations, one changeset changed."""

    #: Lines were added, removed or moved, or a speaker renamed: read every line again.
    everything: bool = False
    #: Translatable lines whose words changed (their translations may be stale now).
    lines: frozenset[str] = frozenset()
    #: Language -> lines whose translation into it was written.
    translated: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return self.everything or bool(self.lines) or bool(self.translated)

    def lines_for(self, language: str) -> frozenset[str]:
        """The lines a view of ``language`` must read again (unless ``everything``)."""
        return self.lines | self.translated.get(language, frozenset())


def translations_impact(changeset: Changeset) -> TranslationsImpact:
    """What ``changeset`` changed of the translatable lines and their translations."""
    everything = False
    lines: set[str] = set()
    translated: dict[str, set[str]] = {}
    for change in changeset.changes:
        if change.table == "character":
            everything = True
        elif change.table == "element":
            if not (_translatable(change.before) or _translatable(change.after)):
                continue  # an action line, a heading: no translator sees it
            if changed(change, *_PLACE):
                everything = True
            else:
                lines.add(change.row_id)
        elif change.table == "line_translation":
            state = change.after or change.before or {}
            if state.get("language") and state.get("element_id"):
                translated.setdefault(state["language"], set()).add(state["element_id"])
    return TranslationsImpact(
        everything=everything, lines=frozenset(lines),
        translated={lang: frozenset(ids) for lang, ids in translated.items()},
    )
