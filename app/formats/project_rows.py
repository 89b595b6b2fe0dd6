"""Check a project JSON document (docs/project-json.md) and turn it into plain rows.

Every importer's result and every project JSON file passes through ``check``: an unknown key, a
bad value or a dangling reference is reported with its place (``episodes[2].scenes[0]``)
instead of being dropped, so a typo never silently loses part of a script. The rows are plain
dicts per table, with ids given out here: ``app.formats.project_json`` writes them into a
``.kiln`` file, and a one-step export (``app.formats.one_step``) reads them as they are, with no
database in between. No SQLAlchemy here, so a command that only converts never loads it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.anchors import Anchor
from app.core.controls import CONTROLS, bidi_in, code_points, controls_in
from app.core.enums import (
    ADDRESS_FORMS,
    AnnotationKind,
    AnnotationTarget,
    BeatKind,
    BeatStatus,
    ElementKind,
    RenderingStatus,
    Role,
    ScriptLayout,
    Setting,
    Severity,
    TimeOfDay,
)
from app.core.i18n import _, format_number, ngettext
from app.core.ids import new_id
from app.features.rhythm.presets import CLIFFHANGER_TYPES
from app.formats.budgets import Budget
from app.formats.errors import ProjectJsonError

logger = logging.getLogger(__name__)

FORMAT = "kiln-project"
VERSION = 1

_KEYS = {
    "root": {
        "format",
        "version",
        "project",
        "characters",
        "locations",
        "glossary",
        "episodes",
        "parking_lot",
        "notes",
        "address_forms",
    },
    "project": {
        "title",
        "logline",
        "source_language",
        "target_languages",
        "layout",
        "authors",
        "draft",
        "registration_number",
        "title_page",
        "rhythm",
        "revision",
    },
    "character": {"key", "names", "aliases", "description", "voice_notes", "age"},
    "location": {"key", "names", "aliases", "description"},
    "address_form": {"speaker", "addressee", "form", "note"},
    "glossary": {"term", "type", "notes", "do_not_translate", "renderings"},
    "rendering": {"language", "text", "transliteration", "status", "note"},
    "episode": {
        "number",
        "title",
        "target_seconds",
        "hook",
        "cliffhanger",
        "paywall",
        "beats",
        "scenes",
    },
    "beat": {"key", "title", "summary", "kind", "status", "estimated_seconds", "colour",
             "cliffhanger_type", "setup_question", "paid_off_by"},
    "scene": {
        "setting",
        "time_of_day",
        "location",
        "beat",
        "cast",
        "elements",
        "number",
        "summary",
    },
    "element": {
        "kind",
        "text",
        "speaker",
        "extension",
        "parenthetical",
        "language",
        "key",
        "dual",
        "attrs",
    },
    "note": {
        "element",
        "quote",
        "author",
        "role",
        "cultures",
        "kind",
        "severity",
        "status",
        "body",
        "start",
    },
}

#: Whole numbers a project holds (episode numbers, seconds, note offsets) stay below this.
MAX_NUMBER = 10**9


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, message: str) -> ProjectJsonError:
        return ProjectJsonError(
            _("{source}: {where}: {message}").format(
                source=self.source, where=where, message=message
            )
        )

    def obj(self, value: Any, kind: str, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, _("expected an object"))
        unknown = sorted(set(value) - _KEYS[kind])
        if unknown:
            message = ngettext("unknown key {keys}", "unknown keys {keys}", len(unknown))
            raise self.fail(where, message.format(keys=", ".join(unknown)))
        return value

    def items(self, value: Any, where: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(where, _("expected a list"))
        return value

    def text(self, data: dict[str, Any], key: str, where: str, default: str = "") -> str:
        value = data.get(key, default)
        if value is None:
            return default
        if not isinstance(value, str):
            raise self.fail(f"{where}.{key}", _("expected text"))
        return value

    def label(self, value: str, where: str) -> str:
        """``value``, refused when it holds bidi formatting (a name or title is printed inside
        other lines, where an override would reorder them)."""
        if bidi_in(value):
            raise self.fail(where, _("it holds invisible bidi formatting characters ({chars}) "
                                     "that would reorder the text around it; remove them")
                            .format(chars=code_points(bidi_in(value))))
        return value

    def names(self, data: dict[str, Any], key: str, where: str) -> dict[str, str]:
        """Names by language: an object of texts."""
        value = data.get(key) or {}
        if not isinstance(value, dict):
            raise self.fail(f"{where}.{key}", _("expected an object"))
        for language, name in value.items():
            if not isinstance(name, str):
                raise self.fail(f"{where}.{key}.{language}", _("expected text"))
            self.label(name, f"{where}.{key}.{language}")
        return dict(value)

    def texts(self, data: dict[str, Any], key: str, where: str,
              default: list[str] | None = None) -> list[str]:
        """A list of texts."""
        value = data.get(key, default)
        items = self.items(value, f"{where}.{key}")
        for i, item in enumerate(items):
            if not isinstance(item, str):
                raise self.fail(f"{where}.{key}[{i}]", _("expected text"))
        return list(items)

    def integer(self, data: dict[str, Any], key: str, where: str, default: int | None,
                low: int = 0) -> int | None:
        """A whole number from ``low`` to ``MAX_NUMBER`` (None when absent and no default)."""
        value = data.get(key, default)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= MAX_NUMBER:
            raise self.fail(f"{where}.{key}", _("expected a whole number from {low} to {high}")
                            .format(low=low, high=format_number(MAX_NUMBER)))
        return value

    def optional_text(self, data: dict[str, Any], key: str, where: str) -> str | None:
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            raise self.fail(f"{where}.{key}", _("expected text"))
        return value

    def mapping(self, data: dict[str, Any], key: str, where: str) -> dict[str, Any]:
        value = data.get(key) or {}
        if not isinstance(value, dict):
            raise self.fail(f"{where}.{key}", _("expected an object"))
        return dict(value)

    def choice(self, data: dict[str, Any], key: str, enum: type, where: str, default: str) -> str:
        value = data.get(key, default)
        try:
            if not isinstance(value, str):
                raise ValueError(value)
            return enum(value).value
        except ValueError:
            allowed = ", ".join(m.value for m in enum)
            raise self.fail(
                f"{where}.{key}",
                _("{value!r} is not one of: {allowed}").format(value=_short(value),
                                                               allowed=allowed),
            ) from None

    def ref(self, table: dict[str, str], data: dict[str, Any], key: str, where: str) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or value not in table:
            raise self.fail(f"{where}.{key}", _("nothing is called {value!r}").format(
                value=_short(value)))
        return table[value]




@dataclass
class Rows:
    """What a project JSON document makes: plain rows per table (``tables``, keyed by the
    schema's class name: ``Project``, ``Character``, ``Episode``…, in the order they were read),
    the many elements and notes as their own lists, and the budget they are counted against."""

    budget: Budget
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    elements: list[dict[str, Any]] = field(default_factory=list)
    annotations: list[dict[str, Any]] = field(default_factory=list)
    #: (setup card's id, the id of the card paying it off), linked once every card is in
    payoffs: list[tuple[str, str]] = field(default_factory=list)

    def add(self, table: str, row: dict[str, Any]) -> dict[str, Any]:
        """Keep ``row`` of ``table`` (given a fresh id unless it has one) and return it."""
        row.setdefault("id", new_id())
        self.tables.setdefault(table, []).append(row)
        return row

    @property
    def project(self) -> dict[str, Any]:
        """The project's own row."""
        return self.tables["Project"][0]


def check(data: dict[str, Any], source: str = "project JSON") -> Rows:
    """Check ``data`` whole and return its rows; raise ``ProjectJsonError`` naming the place.

    Every text is checked for control characters, names and titles for bidi formatting, and
    the counts of ``app.formats.budgets`` hold (every importer's result passes through here)."""
    r = _Reader(source)
    root = r.obj(data, "root", "(top)")
    if root.get("format") != FORMAT or root.get("version") != VERSION:
        raise r.fail(
            "(top)",
            _("not a {format} version {version} file").format(format=FORMAT, version=VERSION),
        )
    _no_controls(r, root)
    built = Rows(Budget(Path(source)))
    _build(r, root, built)
    return built


def _no_controls(r: _Reader, root: dict[str, Any]) -> None:
    """Refuse the first text (or key) holding a control character, naming its place."""
    stack: list[tuple[str, Any]] = [("", root)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, str):
            if CONTROLS.search(value):
                raise r.fail(where or "(top)", _(
                    "it holds control characters ({chars}); remove them").format(
                    chars=code_points(controls_in(value))))
        elif isinstance(value, dict):
            for key, item in value.items():
                place = f"{where}.{key}" if where else str(key)
                if CONTROLS.search(key):
                    stack.append((place, key))
                stack.append((place, item))
        elif isinstance(value, list):
            stack.extend((f"{where}[{i}]", item) for i, item in enumerate(value))


def _build(r: _Reader, root: dict[str, Any], built: Rows) -> None:
    budget = built.budget
    p = r.obj(root.get("project"), "project", "project")
    title = r.label(r.text(p, "title", "project"), "project.title").strip()
    if not title:
        raise r.fail("project.title", _("a project needs a title"))
    source_language = r.text(p, "source_language", "project", "zh-Hans")
    line_ids = 0

    def take_line_id() -> str:
        """The next stable line id (``L00001``, ``L00002``, …), as the project hands them out."""
        nonlocal line_ids
        line_ids += 1
        return f"L{line_ids:05d}"

    project = built.add("Project", dict(
        title=title,
        logline=r.text(p, "logline", "project"),
        source_language=source_language,
        target_languages=r.texts(p, "target_languages", "project",
                                 ["en", "ar", "fa", "pt-BR"]),
        layout=r.choice(p, "layout", ScriptLayout, "project", "zh"),
        authors=[r.label(a, f"project.authors[{i}]")
                 for i, a in enumerate(r.texts(p, "authors", "project"))],
        draft=r.text(p, "draft", "project"),
        registration_number=r.text(p, "registration_number", "project"),
        title_page=r.mapping(p, "title_page", "project"),
        rhythm=r.mapping(p, "rhythm", "project"),
        revision=r.mapping(p, "revision", "project"),
        next_line_number=1,
    ))

    characters: dict[str, str] = {}
    names: dict[str, str] = {}
    for i, c in enumerate(r.items(root.get("characters"), "characters")):
        where = f"characters[{i}]"
        budget.take("characters")
        c = r.obj(c, "character", where)
        row = built.add("Character", dict(
            names=r.names(c, "names", where),
            aliases=r.mapping(c, "aliases", where),
            description=r.text(c, "description", where),
            voice_notes=r.text(c, "voice_notes", where),
            age=r.text(c, "age", where),
        ))
        characters[_key(r, c, where, characters)] = row["id"]
        names[row["id"]] = (row["names"].get(source_language)
                            or next(iter(row["names"].values()), ""))

    _address_forms(r, root, characters, built)

    locations: dict[str, str] = {}
    for i, loc in enumerate(r.items(root.get("locations"), "locations")):
        where = f"locations[{i}]"
        budget.take("locations")
        loc = r.obj(loc, "location", where)
        row = built.add("Location", dict(
            names=r.names(loc, "names", where),
            aliases=r.mapping(loc, "aliases", where),
            description=r.text(loc, "description", where),
        ))
        locations[_key(r, loc, where, locations)] = row["id"]

    for i, g in enumerate(r.items(root.get("glossary"), "glossary")):
        where = f"glossary[{i}]"
        g = r.obj(g, "glossary", where)
        term = built.add("GlossaryTerm", dict(
            source_term=r.text(g, "term", where),
            type=r.text(g, "type", where, "term"),
            notes=r.text(g, "notes", where),
            do_not_translate=bool(g.get("do_not_translate", False)),
        ))
        for j, rd in enumerate(r.items(g.get("renderings"), f"{where}.renderings")):
            w = f"{where}.renderings[{j}]"
            rd = r.obj(rd, "rendering", w)
            built.add("GlossaryRendering", dict(
                term_id=term["id"],
                language=r.text(rd, "language", w),
                text=r.text(rd, "text", w),
                transliteration=r.text(rd, "transliteration", w),
                status=r.choice(rd, "status", RenderingStatus, w, "proposed"),
                note=r.text(rd, "note", w),
            ))

    beats: dict[str, str] = {}
    elements: dict[str, dict[str, Any]] = {}
    pending_payoffs: list[tuple[dict[str, Any], Any, str]] = []

    def add_beat(b: Any, where: str, episode_id: str | None, position: int) -> None:
        b = r.obj(b, "beat", where)
        row = dict(
            episode_id=episode_id,
            position=position,
            title=r.text(b, "title", where),
            summary=r.text(b, "summary", where),
            kind=r.choice(b, "kind", BeatKind, where, "idea"),
            status=r.choice(b, "status", BeatStatus, where, "idea"),
            estimated_seconds=r.integer(b, "estimated_seconds", where, None),
            colour=r.optional_text(b, "colour", where),
            cliffhanger_type=r.text(b, "cliffhanger_type", where),
            setup_question=r.text(b, "setup_question", where),
        )
        if row["cliffhanger_type"] and row["cliffhanger_type"] not in CLIFFHANGER_TYPES:
            raise r.fail(f"{where}.cliffhanger_type", _("use one of: {choices}").format(
                choices=", ".join(CLIFFHANGER_TYPES)))
        built.add("Beat", row)
        if "key" in b:
            beats[_key(r, b, where, beats)] = row["id"]
        if "paid_off_by" in b:
            pending_payoffs.append((row, b, where))

    seen_numbers: set[int] = set()
    episodes = r.items(root.get("episodes"), "episodes")
    for i, e in enumerate(episodes):
        where = f"episodes[{i}]"
        budget.take("episodes")
        e = r.obj(e, "episode", where)
        number = e.get("number", i + 1)
        if (not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= MAX_NUMBER
                or number in seen_numbers):
            raise r.fail(f"{where}.number", _("episode numbers must be 1, 2, 3 … without repeats"))
        seen_numbers.add(number)
        episode = built.add("Episode", dict(
            number=number,
            title=r.label(r.text(e, "title", where), f"{where}.title"),
            target_seconds=r.integer(e, "target_seconds", where, 90),
            hook=r.text(e, "hook", where),
            cliffhanger=r.text(e, "cliffhanger", where),
            paywall=bool(e.get("paywall", False)),
        ))
        for j, b in enumerate(r.items(e.get("beats"), f"{where}.beats")):
            add_beat(b, f"{where}.beats[{j}]", episode["id"], j)
        for j, sc in enumerate(r.items(e.get("scenes"), f"{where}.scenes")):
            w = f"{where}.scenes[{j}]"
            budget.take("scenes")
            sc = r.obj(sc, "scene", w)
            cast = []
            for k, member in enumerate(r.items(sc.get("cast"), f"{w}.cast")):
                if not isinstance(member, str) or member not in characters:
                    raise r.fail(
                        f"{w}.cast[{k}]", _("nothing is called {value!r}").format(
                            value=_short(member))
                    )
                cast.append(characters[member])
            scene = built.add("Scene", dict(
                episode_id=episode["id"],
                position=j,
                setting=r.choice(sc, "setting", Setting, w, "int"),
                time_of_day=r.choice(sc, "time_of_day", TimeOfDay, w, "day"),
                location_id=r.ref(locations, sc, "location", w),
                beat_id=r.ref(beats, sc, "beat", w),
                cast=cast,
                locked_number=_scene_number(r, sc, w),
                summary=r.text(sc, "summary", w),
            ))
            for k, el in enumerate(r.items(sc.get("elements"), f"{w}.elements")):
                we = f"{w}.elements[{k}]"
                budget.take("elements")
                el = r.obj(el, "element", we)
                kind = ElementKind(r.choice(el, "kind", ElementKind, we, "action"))
                speaker_id = r.ref(characters, el, "speaker", we)
                element = {
                    "id": new_id(),
                    "scene_id": scene["id"],
                    "position": k,
                    "kind": kind.value,
                    "text": r.text(el, "text", we),
                    "speaker_id": speaker_id,
                    "speaker": names.get(speaker_id, "") if speaker_id else "",
                    "extension": r.label(r.text(el, "extension", we), f"{we}.extension"),
                    "parenthetical": r.text(el, "parenthetical", we),
                    "language": r.optional_text(el, "language", we),
                    "line_id": take_line_id() if kind.has_line_id else None,
                    "dual": bool(el.get("dual", False)),
                    "attrs": r.mapping(el, "attrs", we),
                }
                if "key" in el:
                    elements[_key(r, el, we, elements)] = element
                built.elements.append(element)

    for j, b in enumerate(r.items(root.get("parking_lot"), "parking_lot")):
        add_beat(b, f"parking_lot[{j}]", None, j)
    for row, b, where in pending_payoffs:
        payoff = r.ref(beats, b, "paid_off_by", where)
        if payoff is not None:
            built.payoffs.append((row["id"], payoff))
    project["next_line_number"] = line_ids + 1

    for i, n in enumerate(r.items(root.get("notes"), "notes")):
        where = f"notes[{i}]"
        budget.take("notes")
        n = r.obj(n, "note", where)
        key = n.get("element", "")
        element = elements.get(key) if isinstance(key, str) else None
        if element is None:
            raise r.fail(
                f"{where}.element",
                _("nothing is called {value!r}").format(value=_short(n.get("element"))),
            )
        text = element["text"]
        quote = r.text(n, "quote", where)
        start = n.get("start")
        if start is None:
            start = text.find(quote) if quote else 0
        elif (
            not isinstance(start, int)
            or isinstance(start, bool)
            or not 0 <= start <= len(text) - len(quote)
            or text[start : start + len(quote)] != quote
        ):
            raise r.fail(f"{where}.start", _("the quote is not at that place in the line"))
        if start < 0:
            raise r.fail(f"{where}.quote", _("the quote is not in that line"))
        end = start + len(quote)
        built.annotations.append(
            {
                "id": new_id(),
                "target_type": AnnotationTarget.TEXT.value,
                "target_id": element["id"],
                "anchor": Anchor.on(element["id"], text, start, end).to_json(),
                "author": r.label(r.text(n, "author", where), f"{where}.author"),
                "role": r.choice(n, "role", Role, where, "consultant"),
                "cultures": r.texts(n, "cultures", where),
                "kind": r.choice(n, "kind", AnnotationKind, where, "cultural_context"),
                "severity": r.choice(n, "severity", Severity, where, "info"),
                "body": r.text(n, "body", where),
            }
        )


def _address_forms(
    r: _Reader, root: dict[str, Any], characters: dict[str, str], built: Rows
) -> None:
    """The formality table: how each speaker addresses each addressee (schema 3)."""
    seen: set[tuple[str, str]] = set()
    for i, a in enumerate(r.items(root.get("address_forms"), "address_forms")):
        where = f"address_forms[{i}]"
        a = r.obj(a, "address_form", where)
        speaker = r.ref(characters, a, "speaker", where)
        addressee = r.ref(characters, a, "addressee", where)
        if speaker is None or addressee is None:
            raise r.fail(where, _("name both the speaker and the addressee (character keys)"))
        if speaker == addressee or (speaker, addressee) in seen:
            raise r.fail(
                where, _("each speaker and addressee pair may appear once, with two characters")
            )
        seen.add((speaker, addressee))
        form = a.get("form", "formal")
        if form not in ADDRESS_FORMS:
            raise r.fail(
                f"{where}.form",
                _("{value!r} is not one of: {allowed}").format(
                    value=form, allowed=", ".join(ADDRESS_FORMS)
                ),
            )
        built.add("AddressForm", dict(
            speaker_id=speaker, addressee_id=addressee, form=form, note=r.text(a, "note", where)
        ))


def _short(value: Any) -> Any:
    """``value`` as a message shows it: a long text or a structure cut to its start."""
    if isinstance(value, str):
        return value if len(value) <= 80 else value[:80] + "…"
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float) and abs(value) < 10**18:
        return value
    return type(value).__name__


def _scene_number(r: _Reader, scene: dict[str, Any], where: str) -> str | None:
    """A scene's locked number: text (or a whole number, written as text)."""
    value = scene.get("number")
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_NUMBER:
        return str(value)
    if not isinstance(value, str) or len(value) > 32:
        raise r.fail(f"{where}.number", _("expected a scene number such as 2-3"))
    return r.label(value, f"{where}.number")


def _key(r: _Reader, data: dict[str, Any], where: str, table: dict[str, Any]) -> str:
    key = data.get("key")
    if not isinstance(key, str) or not key:
        raise r.fail(f"{where}.key", _("a key is needed so other items can refer to this one"))
    if key in table:
        raise r.fail(f"{where}.key", _("the key {key!r} is used twice").format(key=key))
    return key
