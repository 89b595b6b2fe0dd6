"""Key names and phrases: the glossary a project's packets carry, gathered and edited.

``entries(project)`` merges the project's own glossary terms with the names the project already
has — characters, locations and linked heritage entries (from their snapshots, with the names
the library has in each language) — and counts how often each occurs in the script. Edits go
through undoable commands: adding a term, setting a rendering for one language, approving it,
the do-not-translate flag. A gathered name becomes a stored term the first time it is edited
(matched by its source text, so a renamed character's old term stays as a hand-made one).

Counting: the script is joined and folded once (``app.features.heritage.normalize.fold``: case,
Latin
accents, Arabic/Persian letter variants); Chinese forms are counted as substrings, forms with
Latin or Arabic letters on word boundaries. Each entry is one scan of the joined text in C
(``str.count`` or one compiled pattern), never one scan per script line.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from app.core.enums import Role
from app.core.errors import CommandError
from app.core.i18n import _
from app.features.heritage.normalize import fold
from app.project.changes import ChangeRecorder
from app.project.commands import Command, Create
from app.store import schema

logger = logging.getLogger(__name__)

#: Where an entry comes from.
ORIGINS = ("term", "character", "location", "heritage")
#: Stored statuses of a rendering; ``SUGGESTED`` marks a name the project or library already
#: has but nobody has confirmed as the rendering yet (it is not stored).
STATUSES = ("proposed", "approved")
SUGGESTED = "suggested"
#: Tables the glossary writes (a consultant may edit them: see ``history.CONSULTANT_TABLES``).
GLOSSARY_TABLES = frozenset({"glossary_term", "glossary_rendering"})
#: Roles that may approve a rendering.
APPROVERS = frozenset({Role.WRITER, Role.CONSULTANT, Role.TRANSLATOR})

_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Rendering:
    """A term in one target language; ``status`` is proposed, approved or suggested."""

    language: str
    text: str = ""
    transliteration: str = ""
    status: str = SUGGESTED
    note: str = ""
    row_id: str | None = None

    @property
    def stored(self) -> bool:
        return self.row_id is not None


@dataclass
class GlossaryEntry:
    """One key name or phrase, stored or gathered, with its renderings and frequency.

    ``key`` is stable for the view: the stored term's id, or ``origin:id`` for a gathered name.
    """

    key: str
    term: str
    type: str
    origin: str
    term_id: str | None = None
    source_id: str | None = None
    notes: str = ""
    do_not_translate: bool = False
    forms: tuple[str, ...] = ()
    renderings: dict[str, Rendering] = field(default_factory=dict)
    frequency: int = 0

    def rendering(self, language: str) -> Rendering:
        """The rendering into ``language`` (an empty suggestion when there is none)."""
        return self.renderings.get(language) or Rendering(language)


# -- gathering ------------------------------------------------------------------------------


def _names(value: Any) -> dict[str, str]:
    return {k: v for k, v in (value or {}).items() if isinstance(v, str) and v}


def _aliases(value: Any, language: str) -> list[str]:
    found = (value or {}).get(language) or []
    return [a for a in found if isinstance(a, str) and a]


def _pick(names: Mapping[str, str], language: str) -> str:
    return (
        names.get(language) or names.get(language.split("-")[0]) or next(iter(names.values()), "")
    )


def _gathered(s: Any, source: str) -> list[GlossaryEntry]:
    out: list[GlossaryEntry] = []
    for origin, cls in (("character", schema.Character), ("location", schema.Location)):
        for row in s.scalars(select(cls).order_by(cls.created_at)):
            names = _names(row.names)
            term = _pick(names, source)
            if not term:
                continue
            out.append(
                GlossaryEntry(
                    key=f"{origin}:{row.id}",
                    term=term,
                    type=origin,
                    origin=origin,
                    source_id=row.id,
                    # a character's description is in the packet's character table already
                    notes="" if origin == "character" else row.description,
                    forms=(term, *_aliases(row.aliases, source)),
                    renderings={
                        lang: Rendering(lang, text)
                        for lang, text in names.items()
                        if lang != source
                    },
                )
            )
    linked = set(s.scalars(select(schema.HeritageLink.entry_id)))
    snaps = s.scalars(select(schema.HeritageSnapshot).order_by(schema.HeritageSnapshot.entry_id))
    for snap in snaps:
        if snap.entry_id not in linked:
            continue
        data = snap.data or {}
        names = _names(data.get("names"))
        term = _pick(names, source) or str(data.get("name") or "")
        if not term:
            continue
        out.append(
            GlossaryEntry(
                key=f"heritage:{snap.entry_id}",
                term=term,
                type="heritage",
                origin="heritage",
                source_id=snap.entry_id,
                notes=str(data.get("portrayal_notes") or ""),
                forms=(term, *_aliases(data.get("aliases"), source)),
                renderings={
                    lang: Rendering(lang, text) for lang, text in names.items() if lang != source
                },
            )
        )
    return out


def _stored(s: Any) -> list[GlossaryEntry]:
    entries: dict[str, GlossaryEntry] = {}
    for t in s.scalars(select(schema.GlossaryTerm).order_by(schema.GlossaryTerm.created_at)):
        entries[t.id] = GlossaryEntry(
            key=t.id,
            term=t.source_term,
            type=t.type,
            origin="term",
            term_id=t.id,
            notes=t.notes,
            do_not_translate=bool(t.do_not_translate),
            forms=(t.source_term,),
        )
    for r in s.scalars(
        select(schema.GlossaryRendering).order_by(schema.GlossaryRendering.language)
    ):
        entry = entries.get(r.term_id)
        if entry is not None:
            entry.renderings[r.language] = Rendering(
                r.language, r.text, r.transliteration, r.status, r.note, r.id
            )
    return list(entries.values())


def _merge(stored: list[GlossaryEntry], gathered: list[GlossaryEntry]) -> list[GlossaryEntry]:
    """Stored terms first; a gathered name with a stored term of the same text joins it."""
    by_text = {fold(e.term): e for e in stored}
    out = list(stored)
    for g in gathered:
        mine = by_text.get(fold(g.term))
        if mine is None:
            by_text[fold(g.term)] = g
            out.append(g)
            continue
        if mine.origin == "term" and mine.source_id is None:  # the first name it stands for
            mine.origin, mine.source_id = g.origin, g.source_id
            mine.key = mine.term_id or mine.key
            mine.forms = tuple(dict.fromkeys((*mine.forms, *g.forms)))
            mine.notes = mine.notes or g.notes
        for lang, suggestion in g.renderings.items():
            mine.renderings.setdefault(lang, suggestion)
    return out


def entries(
    project: Any, texts: Iterable[str] | None = None, *, count: bool = True
) -> list[GlossaryEntry]:
    """Every key name and phrase of ``project`` with renderings and (when ``count``) frequency.

    ``texts`` is the script text to count in (default: every element of the project).
    """
    source = project.info().source_language
    with project.file.session() as s:
        found = _merge(_stored(s), _gathered(s, source))
        if count and texts is None:
            texts = s.scalars(select(schema.Element.text))
            counts = frequencies(texts, {e.key: e.forms for e in found})
        elif count:
            counts = frequencies(texts or (), {e.key: e.forms for e in found})
    if count:
        for e in found:
            e.frequency = counts.get(e.key, 0)
    return found


def entry(project: Any, key: str) -> GlossaryEntry:
    """The entry ``key`` (raises ``CommandError`` when it is gone)."""
    for e in entries(project, count=False):
        if key in (e.key, e.term_id):
            return e
    raise CommandError(_("The glossary term {key} no longer exists.").format(key=key))


# -- frequency ------------------------------------------------------------------------------


def _pattern(forms: list[str]) -> re.Pattern[str] | None:
    words = sorted({f for f in forms if f}, key=len, reverse=True)
    if not words:
        return None
    parts = []
    for w in words:
        body = re.escape(w)
        start = r"(?<!\w)" if _LETTER.match(w[0]) and not _cjk(w[0]) else ""
        end = r"(?!\w)" if _LETTER.match(w[-1]) and not _cjk(w[-1]) else ""
        parts.append(start + body + end)
    return re.compile("|".join(parts))


def _cjk(char: str) -> bool:
    return "\u2e80" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" or char >= "\U00020000"


def frequencies(texts: Iterable[str], forms: Mapping[str, Iterable[str]]) -> dict[str, int]:
    """How often each key's forms occur in ``texts`` (overlapping forms of one key count once).

    Chinese forms count as substrings; forms that start or end with a Latin or Arabic-script
    letter only on word boundaries; both sides are folded first (case, accents, letter variants).
    """
    joined = fold("\n".join(t for t in texts if t))  # line breaks fold to spaces
    out: dict[str, int] = {}
    for key, raw in forms.items():
        folded = [fold(f) for f in raw if f and f.strip()]
        if not folded:
            out[key] = 0
        elif len(set(folded)) == 1 and all(_cjk(c) for c in folded[0]):
            out[key] = joined.count(folded[0])  # plain Chinese: C-speed substring count
        else:
            pattern = _pattern(folded)
            out[key] = sum(1 for _m in pattern.finditer(joined)) if pattern else 0
    return out


# -- edits ----------------------------------------------------------------------------------


def _term_row(rec: ChangeRecorder, project_entry: GlossaryEntry) -> schema.GlossaryTerm:
    """The stored term of ``project_entry``, made now (recorded) for a gathered name."""
    if project_entry.term_id:
        row = rec.session.get(schema.GlossaryTerm, project_entry.term_id)
        if row is None:
            raise CommandError(
                _("The glossary term {term} no longer exists.").format(term=project_entry.term)
            )
        return row
    row = schema.GlossaryTerm(
        source_term=project_entry.term, type=project_entry.type, notes="", do_not_translate=False
    )
    rec.insert(row)
    project_entry.term_id = row.id
    return row


@dataclass
class SetRendering(Command):
    """Set (or clear) a term's rendering into one language; a gathered name is stored first.

    ``fields`` may hold text, transliteration, status (proposed / approved) and note; fields
    left out keep their value (a suggestion's text is kept when a status is set alone).
    """

    entry: GlossaryEntry
    language: str
    fields: dict[str, str]
    label: str = ""

    def __post_init__(self) -> None:
        self.label = self.label or _("Edit glossary rendering")
        bad = sorted(set(self.fields) - {"text", "transliteration", "status", "note"})
        if bad:
            raise CommandError(
                _("These fields cannot be set on a glossary rendering: {fields}.").format(
                    fields=", ".join(bad)
                )
            )
        status = self.fields.get("status")
        if status is not None and status not in STATUSES:
            raise CommandError(
                _("{status!r} is not a rendering status: use proposed or approved.").format(
                    status=status
                )
            )
        if not self.language.strip():
            raise CommandError(_("Choose the language of the rendering first."))

    def apply(self, rec: ChangeRecorder) -> None:
        term = _term_row(rec, self.entry)
        row = rec.session.scalars(
            select(schema.GlossaryRendering).where(
                schema.GlossaryRendering.term_id == term.id,
                schema.GlossaryRendering.language == self.language,
            )
        ).first()
        if row is None:
            known = self.entry.rendering(self.language)
            values = {
                "text": known.text,
                "transliteration": known.transliteration,
                "status": "proposed",
                "note": known.note,
                **self.fields,
            }
            rec.insert(schema.GlossaryRendering(term_id=term.id, language=self.language, **values))
        else:
            rec.update(row, **self.fields)


@dataclass
class SetTermFields(Command):
    """Change a term's own fields (do-not-translate, type, notes); a gathered name is stored."""

    entry: GlossaryEntry
    fields: dict[str, Any]
    label: str = ""

    def __post_init__(self) -> None:
        self.label = self.label or _("Edit glossary term")
        bad = sorted(set(self.fields) - {"do_not_translate", "type", "notes", "source_term"})
        if bad:
            raise CommandError(
                _("These fields cannot be set on a glossary term: {fields}.").format(
                    fields=", ".join(bad)
                )
            )

    def apply(self, rec: ChangeRecorder) -> None:
        rec.update(_term_row(rec, self.entry), **self.fields)


def add_term(
    project: Any, term: str, *, type: str = "term", notes: str = "", do_not_translate: bool = False
) -> str:
    """Add a hand-made term (undoable); returns its id. Refuses an empty or repeated term."""
    text = term.strip()
    if not text:
        raise CommandError(_("Type the term first: a glossary term cannot be empty."))
    if any(fold(e.term) == fold(text) for e in entries(project, count=False) if e.term_id):
        raise CommandError(_("{term} is already in the glossary; edit it there.").format(term=text))
    command = Create(
        "glossary_term",
        {
            "source_term": text,
            "type": type.strip() or "term",
            "notes": notes,
            "do_not_translate": do_not_translate,
        },
    )
    project.run(command)
    assert command.created_id is not None
    return command.created_id


def set_rendering(project: Any, key: str, language: str, **fields: str) -> None:
    """Set fields of the rendering of entry ``key`` into ``language`` (undoable)."""
    project.run(SetRendering(entry(project, key), language, dict(fields)))


def approve(project: Any, key: str, language: str) -> None:
    """Approve the rendering of ``key`` into ``language`` (undoable); it needs a text."""
    e = entry(project, key)
    if not e.rendering(language).text.strip():
        raise CommandError(
            _("{term} has no rendering into {language} yet: type one, then approve it.").format(
                term=e.term, language=language
            )
        )
    project.run(SetRendering(e, language, {"status": "approved"}, _("Approve glossary rendering")))


def set_do_not_translate(project: Any, key: str, value: bool) -> None:
    """Mark ``key`` as a name translators keep as it is (or not), undoably."""
    project.run(SetTermFields(entry(project, key), {"do_not_translate": bool(value)}))


def term_id(project: Any, key: str) -> str:
    """The stored term id of ``key``, storing a gathered name first (so a note can target it)."""
    e = entry(project, key)
    if e.term_id:
        return e.term_id
    command = SetTermFields(e, {}, _("Add glossary term"))
    project.run(command)
    assert e.term_id is not None
    return e.term_id
