"""Read Kiln's project JSON format (docs/project-json.md) into a `.kiln` file.

The bundled sample project is written in this format. Reading is strict: an unknown key, a bad
value or a dangling reference is reported with its place in the file (``episodes[2].scenes[0]``)
instead of being dropped, so a typo never silently loses part of a script.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app.core.enums import (
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
from app.core.errors import UserError
from app.core.i18n import _, ngettext
from app.features.rhythm.presets import CLIFFHANGER_TYPES
from app.store import schema
from app.store.schema import add_in_dependency_order

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


#: Project JSON files larger than this are refused unread.
MAX_BYTES = 64 * 1024 * 1024


class ProjectJsonError(UserError, ValueError):
    """The JSON does not describe a valid project; the message names the place and the fix."""


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

    def mapping(self, data: dict[str, Any], key: str, where: str) -> dict[str, Any]:
        value = data.get(key) or {}
        if not isinstance(value, dict):
            raise self.fail(f"{where}.{key}", _("expected an object"))
        return dict(value)

    def choice(self, data: dict[str, Any], key: str, enum: type, where: str, default: str) -> str:
        value = data.get(key, default)
        try:
            return enum(value).value
        except ValueError:
            allowed = ", ".join(m.value for m in enum)
            raise self.fail(
                f"{where}.{key}",
                _("{value!r} is not one of: {allowed}").format(value=value, allowed=allowed),
            ) from None

    def ref(self, table: dict[str, str], data: dict[str, Any], key: str, where: str) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if value not in table:
            raise self.fail(f"{where}.{key}", _("nothing is called {value!r}").format(value=value))
        return table[value]


def load(path: Path) -> dict[str, Any]:
    """Read and parse a project JSON file (refused unread when larger than ``MAX_BYTES``)."""
    try:
        if Path(path).stat().st_size > MAX_BYTES:
            raise ProjectJsonError(
                _("{path} is larger than {mb} MB, too big for a project JSON file; check that "
                  "it is the right file.").format(path=path, mb=MAX_BYTES // 2**20)
            )
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ProjectJsonError(
            _("{path} could not be read ({detail}).").format(path=path, detail=exc.strerror or exc)
        ) from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ProjectJsonError(
            _("{path} is not valid UTF-8 JSON ({detail}).").format(path=path, detail=exc)
        ) from exc
    except RecursionError:  # brackets nested thousands deep: no project looks like that
        raise ProjectJsonError(
            _("{path} is not a project JSON file (its lists or objects are nested too deep).")
            .format(path=path)
        ) from None
    try:  # "\ud800" escapes decode to text that SQLite cannot store
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise ProjectJsonError(
            _("{path} holds a broken character escape (a lone \\ud800–\\udfff); fix the text "
              "and try again.").format(path=path)
        ) from None
    return data


def populator(data: dict[str, Any], source: str = "project JSON") -> Callable[[Session], None]:
    """Check ``data`` and return a function that writes it into a new project session."""
    r = _Reader(source)
    root = r.obj(data, "root", "(top)")
    if root.get("format") != FORMAT or root.get("version") != VERSION:
        raise r.fail(
            "(top)",
            _("not a {format} version {version} file").format(format=FORMAT, version=VERSION),
        )
    # Validate everything before the caller creates a file.
    rows: list[schema.Base] = []
    payoffs: list[tuple[schema.Beat, str]] = []
    _build(r, root, rows, payoffs)

    def populate(session: Session) -> None:
        add_in_dependency_order(session, rows)
        # A setup may name a payoff card written after it: link them once every card is in.
        for setup, payoff_id in payoffs:
            setup.paid_off_by = payoff_id
        session.flush()

    return populate


def _build(r: _Reader, root: dict[str, Any], rows: list[schema.Base],
           payoffs: list[tuple[schema.Beat, str]]) -> None:
    p = r.obj(root.get("project"), "project", "project")
    title = r.text(p, "title", "project").strip()
    if not title:
        raise r.fail("project.title", _("a project needs a title"))
    source_language = r.text(p, "source_language", "project", "zh-Hans")
    project = schema.Project(
        title=title,
        logline=r.text(p, "logline", "project"),
        source_language=source_language,
        target_languages=list(
            r.items(
                p.get("target_languages", ["en", "ar", "fa", "pt-BR"]), "project.target_languages"
            )
        ),
        layout=r.choice(p, "layout", ScriptLayout, "project", "zh"),
        authors=list(r.items(p.get("authors"), "project.authors")),
        draft=r.text(p, "draft", "project"),
        registration_number=r.text(p, "registration_number", "project"),
        title_page=r.mapping(p, "title_page", "project"),
        rhythm=r.mapping(p, "rhythm", "project"),
        revision=r.mapping(p, "revision", "project"),
        next_line_number=1,
    )
    rows.append(project)

    characters: dict[str, str] = {}
    names: dict[str, str] = {}
    for i, c in enumerate(r.items(root.get("characters"), "characters")):
        where = f"characters[{i}]"
        c = r.obj(c, "character", where)
        row = schema.Character(
            names=dict(c.get("names") or {}),
            aliases=dict(c.get("aliases") or {}),
            description=r.text(c, "description", where),
            voice_notes=r.text(c, "voice_notes", where),
            age=r.text(c, "age", where),
        )
        row.id = schema.new_id()
        characters[_key(r, c, where, characters)] = row.id
        names[row.id] = row.names.get(source_language) or next(iter(row.names.values()), "")
        rows.append(row)

    _address_forms(r, root, characters, rows)

    locations: dict[str, str] = {}
    for i, loc in enumerate(r.items(root.get("locations"), "locations")):
        where = f"locations[{i}]"
        loc = r.obj(loc, "location", where)
        row = schema.Location(
            names=dict(loc.get("names") or {}),
            aliases=dict(loc.get("aliases") or {}),
            description=r.text(loc, "description", where),
        )
        row.id = schema.new_id()
        locations[_key(r, loc, where, locations)] = row.id
        rows.append(row)

    for i, g in enumerate(r.items(root.get("glossary"), "glossary")):
        where = f"glossary[{i}]"
        g = r.obj(g, "glossary", where)
        term = schema.GlossaryTerm(
            source_term=r.text(g, "term", where),
            type=r.text(g, "type", where, "term"),
            notes=r.text(g, "notes", where),
            do_not_translate=bool(g.get("do_not_translate", False)),
        )
        term.id = schema.new_id()
        rows.append(term)
        for j, rd in enumerate(r.items(g.get("renderings"), f"{where}.renderings")):
            w = f"{where}.renderings[{j}]"
            rd = r.obj(rd, "rendering", w)
            rows.append(
                schema.GlossaryRendering(
                    term_id=term.id,
                    language=r.text(rd, "language", w),
                    text=r.text(rd, "text", w),
                    transliteration=r.text(rd, "transliteration", w),
                    status=r.choice(rd, "status", RenderingStatus, w, "proposed"),
                    note=r.text(rd, "note", w),
                )
            )

    beats: dict[str, str] = {}
    elements: dict[str, schema.Element] = {}
    pending_payoffs: list[tuple[schema.Beat, Any, str]] = []

    def add_beat(b: Any, where: str, episode_id: str | None, position: int) -> None:
        b = r.obj(b, "beat", where)
        row = schema.Beat(
            episode_id=episode_id,
            position=position,
            title=r.text(b, "title", where),
            summary=r.text(b, "summary", where),
            kind=r.choice(b, "kind", BeatKind, where, "idea"),
            status=r.choice(b, "status", BeatStatus, where, "idea"),
            estimated_seconds=b.get("estimated_seconds"),
            colour=b.get("colour"),
            cliffhanger_type=r.text(b, "cliffhanger_type", where),
            setup_question=r.text(b, "setup_question", where),
        )
        if row.cliffhanger_type and row.cliffhanger_type not in CLIFFHANGER_TYPES:
            raise r.fail(f"{where}.cliffhanger_type", _("use one of: {choices}").format(
                choices=", ".join(CLIFFHANGER_TYPES)))
        row.id = schema.new_id()
        if "key" in b:
            beats[_key(r, b, where, beats)] = row.id
        if "paid_off_by" in b:
            pending_payoffs.append((row, b, where))
        rows.append(row)

    seen_numbers: set[int] = set()
    episodes = r.items(root.get("episodes"), "episodes")
    for i, e in enumerate(episodes):
        where = f"episodes[{i}]"
        e = r.obj(e, "episode", where)
        number = e.get("number", i + 1)
        if not isinstance(number, int) or number < 1 or number in seen_numbers:
            raise r.fail(f"{where}.number", _("episode numbers must be 1, 2, 3 … without repeats"))
        seen_numbers.add(number)
        episode = schema.Episode(
            number=number,
            title=r.text(e, "title", where),
            target_seconds=int(e.get("target_seconds", 90)),
            hook=r.text(e, "hook", where),
            cliffhanger=r.text(e, "cliffhanger", where),
            paywall=bool(e.get("paywall", False)),
        )
        episode.id = schema.new_id()
        rows.append(episode)
        for j, b in enumerate(r.items(e.get("beats"), f"{where}.beats")):
            add_beat(b, f"{where}.beats[{j}]", episode.id, j)
        for j, sc in enumerate(r.items(e.get("scenes"), f"{where}.scenes")):
            w = f"{where}.scenes[{j}]"
            sc = r.obj(sc, "scene", w)
            cast = []
            for k, member in enumerate(r.items(sc.get("cast"), f"{w}.cast")):
                if member not in characters:
                    raise r.fail(
                        f"{w}.cast[{k}]", _("nothing is called {value!r}").format(value=member)
                    )
                cast.append(characters[member])
            scene = schema.Scene(
                episode_id=episode.id,
                position=j,
                setting=r.choice(sc, "setting", Setting, w, "int"),
                time_of_day=r.choice(sc, "time_of_day", TimeOfDay, w, "day"),
                location_id=r.ref(locations, sc, "location", w),
                beat_id=r.ref(beats, sc, "beat", w),
                cast=cast,
                locked_number=sc.get("number"),
                summary=r.text(sc, "summary", w),
            )
            scene.id = schema.new_id()
            rows.append(scene)
            for k, el in enumerate(r.items(sc.get("elements"), f"{w}.elements")):
                we = f"{w}.elements[{k}]"
                el = r.obj(el, "element", we)
                kind = ElementKind(r.choice(el, "kind", ElementKind, we, "action"))
                speaker_id = r.ref(characters, el, "speaker", we)
                element = schema.Element(
                    scene_id=scene.id,
                    position=k,
                    kind=kind.value,
                    text=r.text(el, "text", we),
                    speaker_id=speaker_id,
                    speaker=names.get(speaker_id, "") if speaker_id else "",
                    extension=r.text(el, "extension", we),
                    parenthetical=r.text(el, "parenthetical", we),
                    language=el.get("language"),
                    line_id=project.take_line_id() if kind.has_line_id else None,
                    dual=bool(el.get("dual", False)),
                    attrs=r.mapping(el, "attrs", we),
                )
                element.id = schema.new_id()
                if "key" in el:
                    elements[_key(r, el, we, elements)] = element
                rows.append(element)

    for j, b in enumerate(r.items(root.get("parking_lot"), "parking_lot")):
        add_beat(b, f"parking_lot[{j}]", None, j)
    for row, b, where in pending_payoffs:
        payoff = r.ref(beats, b, "paid_off_by", where)
        if payoff is not None:
            payoffs.append((row, payoff))

    for i, n in enumerate(r.items(root.get("notes"), "notes")):
        where = f"notes[{i}]"
        n = r.obj(n, "note", where)
        element = elements.get(n.get("element", ""))
        if element is None:
            raise r.fail(
                f"{where}.element", _("nothing is called {value!r}").format(value=n.get("element"))
            )
        quote = r.text(n, "quote", where)
        start = n.get("start")
        if start is None:
            start = element.text.find(quote) if quote else 0
        elif (
            not isinstance(start, int)
            or isinstance(start, bool)
            or not 0 <= start <= len(element.text) - len(quote)
            or element.text[start : start + len(quote)] != quote
        ):
            raise r.fail(f"{where}.start", _("the quote is not at that place in the line"))
        if start < 0:
            raise r.fail(f"{where}.quote", _("the quote is not in that line"))
        end = start + len(quote)
        rows.append(
            schema.Annotation(
                target_type=AnnotationTarget.TEXT.value,
                target_id=element.id,
                anchor={
                    "element_id": element.id,
                    "start": start,
                    "end": end,
                    "quote": quote,
                    "prefix": element.text[max(0, start - 32) : start],
                    "suffix": element.text[end : end + 32],
                },
                author=r.text(n, "author", where),
                role=r.choice(n, "role", Role, where, "consultant"),
                cultures=list(r.items(n.get("cultures"), f"{where}.cultures")),
                kind=r.choice(n, "kind", AnnotationKind, where, "cultural_context"),
                severity=r.choice(n, "severity", Severity, where, "info"),
                body=r.text(n, "body", where),
            )
        )


def _address_forms(
    r: _Reader, root: dict[str, Any], characters: dict[str, str], rows: list[schema.Base]
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
        if form not in schema.ADDRESS_FORMS:
            raise r.fail(
                f"{where}.form",
                _("{value!r} is not one of: {allowed}").format(
                    value=form, allowed=", ".join(schema.ADDRESS_FORMS)
                ),
            )
        rows.append(
            schema.AddressForm(
                speaker_id=speaker, addressee_id=addressee, form=form, note=r.text(a, "note", where)
            )
        )


def _key(r: _Reader, data: dict[str, Any], where: str, table: dict[str, Any]) -> str:
    key = data.get("key")
    if not isinstance(key, str) or not key:
        raise r.fail(f"{where}.key", _("a key is needed so other items can refer to this one"))
    if key in table:
        raise r.fail(f"{where}.key", _("the key {key!r} is used twice").format(key=key))
    return key
