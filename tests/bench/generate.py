"""Write a large, realistic `.kiln` project for benchmarks and stress tests.

``python -m tests.bench.generate --episodes 100 --out FILE.kiln`` builds a whole micro-drama
series from a seed: a Chinese-layout project about a Suzhou embroidery workshop and its Persian,
Arab and Portuguese partners, with characters, locations, a glossary, episodes with hooks,
cliffhangers and a paywall, beat cards (some parked), scenes and script elements in Chinese with
English, Persian and Arabic lines, and a handful of consultant notes anchored to the text.

The same seed gives the same project (row ids included). Rows are built as plain dictionaries
and inserted table by table with Core ``executemany``, so 100 episodes take a few seconds.
"""

from __future__ import annotations

import argparse
import logging
import random
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, NoReturn

from sqlalchemy.orm import Session

from app.core.anchors import Anchor
from app.core.enums import ElementKind
from app.project.open_project import write_project
from app.store import schema
from app.store.errors import ProjectFileError
from app.store.schema import add_in_dependency_order
from tests.bench import phrases

logger = logging.getLogger(__name__)

MAX_EPISODES = 1000
MAX_SCENES = 200
MAX_BEATS = 40

# --------------------------------------------------------------------------------------------
# Building the rows.
# --------------------------------------------------------------------------------------------


@dataclass
class Summary:
    """What a generated project holds (printed by the command line)."""

    episodes: int = 0
    scenes: int = 0
    elements: int = 0
    dialogue_lines: int = 0
    beats: int = 0
    parked_beats: int = 0
    notes: int = 0


def parked_beat_count(episodes: int) -> int:
    """How many beat cards wait in the parking lot of a series of ``episodes``."""
    return 3 + episodes // 25


def note_count(episodes: int) -> int:
    """How many consultant notes a series of ``episodes`` gets."""
    return max(3, episodes // 4)


def paywall_episode(episodes: int) -> int:
    """The episode that carries the paywall: the 10th, earlier in a short series."""
    return max(1, min(10, episodes * 8 // 10))


@dataclass
class _Builder:
    """Turns a seed into rows: one dictionary per row, grouped by table."""

    seed: int
    scenes_per_episode: int
    beats_per_episode: int
    rng: random.Random = field(init=False)
    ids: random.Random = field(init=False)
    tables: dict[str, list[dict[str, Any]]] = field(init=False)
    summary: Summary = field(default_factory=Summary)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        # Ids come from their own stream so they never shift the text of the series.
        self.ids = random.Random(f"kiln-ids-{self.seed}")
        self.tables = {}
        self._clock = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
        self._tick = timedelta(milliseconds=1)
        self._dialogue: list[dict[str, Any]] = []

    # -- helpers ------------------------------------------------------------------------------

    def add(self, table: type[schema.Base], **values: Any) -> dict[str, Any]:
        """Record one row with a deterministic id and increasing timestamps."""
        self._clock += self._tick
        row = {
            "id": str(uuid.UUID(int=self.ids.getrandbits(128), version=4)),
            "created_at": self._clock,
            "updated_at": self._clock,
            **values,
        }
        self.tables.setdefault(table.__tablename__, []).append(row)
        return row

    def pick_person(self, among: Sequence[phrases.Person]) -> phrases.Person:
        return self.rng.choices(among, weights=[p.weight for p in among])[0]

    def fill(self, template: str, a: phrases.Person, b: phrases.Person) -> str:
        rng = self.rng
        return template.format(
            a=a.names["zh-Hans"],
            b=b.names["zh-Hans"],
            obj=rng.choice(phrases.OBJECTS),
            weather=rng.choice(phrases.WEATHER),
        )

    # -- the series ---------------------------------------------------------------------------

    def build(self, project: schema.Project, episodes: int) -> None:
        rng = self.rng
        self.people = {
            p.key: self.add(schema.Character, **self._character(p)) for p in phrases.PEOPLE
        }
        # Each place with the setting its scenes usually have (内/外).
        self.locations = [
            (
                self.add(
                    schema.Location,
                    names={"zh-Hans": zh, "en": en},
                    aliases={},
                    description=rng.choice(phrases.LOCATION_NOTES),
                ),
                setting,
            )
            for zh, en, setting in phrases.LOCATIONS
        ]
        self._glossary()
        paywall = paywall_episode(episodes)
        for number in range(1, episodes + 1):
            self._episode(project, number, paywall=number == paywall)
        parked = parked_beat_count(episodes)
        for position in range(parked):
            self._beat(None, position, "idea", 0, status="idea")
        self.summary.parked_beats = parked
        self.summary.beats += parked
        self._notes(note_count(episodes))

    def _character(self, p: phrases.Person) -> dict[str, Any]:
        aliases: dict[str, list[str]] = {}
        if p.call != p.names["zh-Hans"]:
            aliases["zh-Hans"] = [p.call]
        given = p.names["en"].split()[-1]
        if given != p.names["en"]:
            aliases["en"] = [given]
        return {
            "names": dict(p.names),
            "aliases": aliases,
            "description": p.description,
            "voice_notes": p.voice,
        }

    def _glossary(self) -> None:
        rng = self.rng
        rows = list(phrases.GLOSSARY)
        for key in phrases.GLOSSARY_CHARACTERS:
            person = next(p for p in phrases.PEOPLE if p.key == key)
            renderings = {lang: (person.names[lang], "") for lang in ("en", "ar", "fa")} | {
                "pt-BR": (person.names["en"], "")
            }
            rows.append(
                (person.names["zh-Hans"], "character", person.description, False, renderings)
            )
        for term, kind, notes, keep, renderings in rows:
            term_row = self.add(
                schema.GlossaryTerm,
                source_term=term,
                type=kind,
                notes=notes,
                do_not_translate=keep,
            )
            for language, (text, translit) in renderings.items():
                approved = language == "en" or rng.random() < 0.4
                self.add(
                    schema.GlossaryRendering,
                    term_id=term_row["id"],
                    language=language,
                    text=text,
                    transliteration=translit,
                    status="approved" if approved else "proposed",
                    note="",
                )

    def _episode(self, project: schema.Project, number: int, *, paywall: bool) -> None:
        rng = self.rng
        a, b = self._two(phrases.PEOPLE)
        target = rng.randrange(60, 121, 5)
        episode = self.add(
            schema.Episode,
            number=number,
            title=rng.choice(phrases.TITLE_HEADS) + rng.choice(phrases.TITLE_TAILS),
            target_seconds=target,
            hook=a.names["zh-Hans"] + rng.choice(phrases.EVENTS) + "。",
            cliffhanger=self.fill(rng.choice(phrases.CLIFFHANGERS), a, b),
            paywall=paywall,
        )
        self.summary.episodes += 1
        kinds = self._beat_kinds()
        shares = self._beat_seconds(kinds, target)
        drafted = number <= 40
        beats = [
            self._beat(
                episode["id"],
                position,
                kind,
                seconds,
                status=rng.choice(("drafted", "final"))
                if drafted
                else rng.choice(("outlined", "idea", "outlined")),
            )
            for position, (kind, seconds) in enumerate(zip(kinds, shares, strict=True))
        ]
        for position in range(self.scenes_per_episode):
            beat = beats[position * len(beats) // self.scenes_per_episode]
            # Persian and Arabic are guaranteed early, so even a tiny series has some.
            force = {(1, 0): ("fa", "ar")}.get((number, position), ())
            self._scene(project, episode["id"], position, beat["id"], force)

    def _beat_kinds(self) -> list[str]:
        rng = self.rng
        middle = self.beats_per_episode - 2
        kinds = rng.choices(
            [k for k, _ in phrases.MIDDLE_KINDS],
            weights=[w for _, w in phrases.MIDDLE_KINDS],
            k=middle,
        )
        if middle >= 1 and rng.random() < 0.9:
            kinds[rng.randrange(middle)] = "heritage_moment"
        return ["hook", *kinds, "cliffhanger"]

    def _beat_seconds(self, kinds: list[str], target: int) -> list[int]:
        rng = self.rng
        hook, cliff = rng.randint(10, 15), rng.randint(8, 12)
        rest = max(len(kinds) - 2, 0)
        each = max(target - hook - cliff, rest * 5) // max(rest, 1)
        return [hook, *(max(5, each + rng.randint(-3, 3)) for _ in range(rest)), cliff]

    def _beat(
        self, episode_id: str | None, position: int, kind: str, seconds: int, *, status: str
    ) -> dict[str, Any]:
        rng = self.rng
        a, b = self._two(phrases.PEOPLE)
        if kind == "heritage_moment":
            craft, detail = rng.choice(phrases.CRAFTS), rng.choice(phrases.CRAFT_DETAILS)
            summary = f"{a.names['zh-Hans']}演示{craft}。{detail}"
        elif rng.random() < 0.5:
            summary = f"{a.names['zh-Hans']}{rng.choice(phrases.EVENTS)}。"
        else:
            summary = (
                f"{a.names['zh-Hans']}{rng.choice(phrases.EVENTS)}，"
                f"{b.names['zh-Hans']}{rng.choice(phrases.EVENTS)}。"
            )
        if episode_id is not None:
            self.summary.beats += 1
        return self.add(
            schema.Beat,
            episode_id=episode_id,
            position=position,
            title=rng.choice(phrases.BEAT_TITLES[kind]),
            summary=summary,
            kind=kind,
            colour=None,
            status=status,
            estimated_seconds=seconds or None,
        )

    def _two(self, among: Sequence[phrases.Person]) -> tuple[phrases.Person, phrases.Person]:
        a = self.pick_person(among)
        others = [p for p in among if p is not a] or list(phrases.PEOPLE)
        return a, self.pick_person(others)

    # -- scenes and script --------------------------------------------------------------------

    def _scene(
        self,
        project: schema.Project,
        episode_id: str,
        position: int,
        beat_id: str,
        force: tuple[str, ...],
    ) -> None:
        rng = self.rng
        location, setting = rng.choice(self.locations)
        cast: list[phrases.Person] = []
        speakers = [p for p in phrases.PEOPLE if "zh" in p.speaks]
        for _ in range(rng.randint(2, 4)):
            person = self.pick_person([p for p in speakers if p not in cast])
            cast.append(person)
        scene = self.add(
            schema.Scene,
            episode_id=episode_id,
            position=position,
            setting=setting,
            time_of_day=rng.choices(("day", "night", "dawn", "dusk"), weights=(5, 3, 1, 1))[0],
            location_id=location["id"],
            beat_id=beat_id,
            cast=[],
            locked_number=None,
        )
        self.summary.scenes += 1
        kinds = self._element_kinds()
        forced = list(force)
        last_speaker: phrases.Person | None = None
        for index, kind in enumerate(kinds):
            a, b = self._two(cast)
            values: dict[str, Any] = {
                "speaker_id": None,
                "speaker": "",
                "extension": "",
                "parenthetical": "",
                "language": None,
                "line_id": None,
            }
            if kind == "dialogue":
                language = forced.pop(0) if forced else self._language()
                speaker = self._speaker(cast, language, last_speaker)
                last_speaker = speaker
                listener = b if b is not speaker else a
                values.update(self._dialogue_fields(speaker, language, listener))
            elif kind == "flashback_dialogue":
                kind = "dialogue"
                speaker = next(p for p in phrases.PEOPLE if p.key == "xiuzhi")
                if speaker not in cast:
                    cast.append(speaker)
                values.update(
                    speaker_id=self.people[speaker.key]["id"],
                    speaker=speaker.names["zh-Hans"],
                    text=rng.choice(phrases.FLASHBACK_LINES),
                )
            elif kind == "action":
                values["text"] = self.fill(rng.choice(phrases.ACTIONS), a, b)
            elif kind == "flashback_action":
                kind = "action"
                values["text"] = rng.choice(phrases.FLASHBACK_ACTIONS)
            elif kind == "shot":
                values["text"] = self.fill(rng.choice(phrases.SHOTS), a, b)
            elif kind == "caption":
                values["text"] = self._caption()
            elif kind == "flashback_start":
                values["text"] = "闪回"
            elif kind == "flashback_end":
                values["text"] = "闪回结束"
            if ElementKind(kind).has_line_id:
                values["line_id"] = project.take_line_id()
            row = self.add(
                schema.Element, scene_id=scene["id"], position=index, kind=kind, **values
            )
            self.summary.elements += 1
            if kind == "dialogue":
                self.summary.dialogue_lines += 1
                self._dialogue.append(row)
        scene["cast"] = [self.people[p.key]["id"] for p in cast]

    def _element_kinds(self) -> list[str]:
        rng = self.rng
        total = rng.randint(8, 14)
        head = (["caption"] if rng.random() < 0.15 else []) + ["action"]
        shot = rng.random() < 0.35
        flashback = rng.random() < 0.05
        size = total - len(head) - shot - 4 * flashback
        body = rng.choices(("dialogue", "action"), weights=(68, 32), k=max(size, 1))
        if shot:
            body.insert(rng.randrange(len(body) + 1), "shot")
        if flashback:
            at = rng.randrange(len(body) + 1)
            body[at:at] = [
                "flashback_start",
                "flashback_action",
                "flashback_dialogue",
                "flashback_end",
            ]
        return head + body

    def _language(self) -> str:
        roll = self.rng.random()
        for language, share in phrases.LANGUAGE_SHARES:
            if roll < share:
                return language
            roll -= share
        return "zh"

    def _speaker(
        self, cast: list[phrases.Person], language: str, last: phrases.Person | None
    ) -> phrases.Person:
        able = [p for p in cast if language in p.speaks]
        if not able:
            # Bring someone who speaks the language into the scene (a call, a visitor).
            newcomer = self.pick_person([p for p in phrases.PEOPLE if language in p.speaks])
            cast.append(newcomer)
            return newcomer
        fresh = [p for p in able if p is not last] or able
        return self.pick_person(fresh)

    def _dialogue_fields(
        self, speaker: phrases.Person, language: str, listener: phrases.Person
    ) -> dict[str, Any]:
        rng = self.rng
        openers, lines = phrases.LINES[language]
        line = rng.choice(lines)
        opener = rng.choice(openers)
        # Nobody is called by name in a line that already names them ("莱拉，莱拉写的…").
        if listener.call in line or listener.names["zh-Hans"] in line:
            opener = ""
        text = opener.format(call=listener.call) + line
        if rng.random() < 0.25:
            text += " " if language != "zh" else ""
            text += rng.choice(lines)
        parenthetical = ""
        if language != "zh" and rng.random() < 0.3:
            parenthetical = phrases.IN_LANGUAGE[language]
        elif rng.random() < 0.2:
            parenthetical = rng.choice(phrases.PARENTHETICALS)
        roll = rng.random()
        extension = "OS" if roll < 0.05 else "VO" if roll < 0.08 else ""
        return {
            "speaker_id": self.people[speaker.key]["id"],
            "speaker": speaker.names["zh-Hans"],
            "extension": extension,
            "parenthetical": parenthetical,
            "language": None if language == "zh" else language,
            "text": text,
        }

    def _caption(self) -> str:
        rng = self.rng
        if rng.random() < 0.6:
            return f"{rng.choice(phrases.CAPTION_CITIES)} · {rng.choice(phrases.CAPTION_TIMES)}"
        return rng.choice(phrases.CAPTION_MESSAGES)

    # -- notes --------------------------------------------------------------------------------

    def _notes(self, count: int) -> None:
        rng = self.rng
        terms = [g[0] for g in phrases.GLOSSARY]
        candidates: list[tuple[dict[str, Any], str]] = []
        for row in self._dialogue:
            text = row["text"]
            if row["language"]:
                words = [w.strip(".,!?؟،") for w in text.split()]
                words = [w for w in words if len(w) >= 3]
                if words:
                    candidates.append((row, rng.choice(words)))
            else:
                found = next((t for t in terms if t in text), None)
                if found:
                    candidates.append((row, found))
        chosen = sorted(rng.sample(range(len(candidates)), min(count, len(candidates))))
        for index in chosen:
            element, quote = candidates[index]
            text = element["text"]
            start = text.find(quote)
            language = element["language"] or "zh"
            author, role, cultures = {
                "fa": phrases.AUTHORS[rng.choice((0, 3))],
                "ar": phrases.AUTHORS[1],
                "en": phrases.AUTHORS[rng.choice((2, 4))],
            }.get(language, phrases.AUTHORS[rng.randrange(len(phrases.AUTHORS))])
            self.add(
                schema.Annotation,
                target_type="text",
                target_id=element["id"],
                anchor=Anchor.on(element["id"], text, start, start + len(quote)).to_json(),
                author=author,
                role=role,
                cultures=list(cultures),
                kind=rng.choice(phrases.NOTE_KINDS),
                severity=rng.choices(("info", "minor", "major", "critical"), (6, 3, 2, 1))[0],
                status=rng.choices(("open", "resolved", "accepted"), (6, 2, 1))[0],
                body=rng.choice(phrases.NOTE_BODIES[language]).format(quote=quote),
            )
            self.summary.notes += 1


def build_populator(
    episodes: int, scenes_per_episode: int, beats_per_episode: int, seed: int
) -> tuple[Callable[[Session], None], Summary]:
    """Build every row of the series in memory; return a ``populate`` for ``write_project``."""
    project = schema.Project(
        title=f"生成的百集剧 ({episodes})",
        logline=(
            "苏州绣娘苏晚棠守着奶奶的双面绣坊，一块来自伊斯法罕的旧地毯样片、一幅大马士革书法"
            "和一部里斯本纪录片，把四十年前的约定重新翻了出来。（生成的测试剧本）"
        ),
        source_language="zh-Hans",
        target_languages=["en", "ar", "fa", "pt-BR"],
        layout="zh",
        authors=["Kiln 基准生成器"],
        draft=f"种子 {seed}",
        registration_number="",
        next_line_number=1,
    )
    builder = _Builder(seed, scenes_per_episode, beats_per_episode)
    builder.build(project, episodes)
    rank = {table.name: i for i, table in enumerate(schema.Base.metadata.sorted_tables)}
    order = sorted(builder.tables, key=rank.__getitem__)

    def populate(session: Session) -> None:
        add_in_dependency_order(session, [project])
        connection = session.connection()
        for name in order:
            table = schema.Base.metadata.tables[name]
            connection.execute(table.insert(), builder.tables[name])

    return populate, builder.summary


def generate_with_summary(
    path: Path | str,
    episodes: int = 100,
    scenes_per_episode: int = 30,
    beats_per_episode: int = 8,
    seed: int = 1,
    overwrite: bool = False,
) -> Summary:
    """Write the generated series to ``path`` (atomically) and say what it holds."""
    _check_sizes(episodes, scenes_per_episode, beats_per_episode)
    populate, summary = build_populator(episodes, scenes_per_episode, beats_per_episode, seed)
    write_project(path, populate, overwrite=overwrite)
    logger.info("generated %s (%d episodes, seed %d)", path, episodes, seed)
    return summary


def generate(
    path: Path | str,
    episodes: int = 100,
    scenes_per_episode: int = 30,
    beats_per_episode: int = 8,
    seed: int = 1,
    overwrite: bool = False,
) -> None:
    """Write a generated series of ``episodes`` to ``path``; the same seed gives the same file
    contents. Refuses an existing ``path`` unless ``overwrite``."""
    generate_with_summary(path, episodes, scenes_per_episode, beats_per_episode, seed, overwrite)


def _check_sizes(episodes: int, scenes: int, beats: int) -> None:
    if not 1 <= episodes <= MAX_EPISODES:
        raise ValueError(f"--episodes must be between 1 and {MAX_EPISODES}, not {episodes}.")
    if not 1 <= scenes <= MAX_SCENES:
        raise ValueError(f"--scenes-per-episode must be between 1 and {MAX_SCENES}, not {scenes}.")
    if not 2 <= beats <= MAX_BEATS:
        raise ValueError(
            f"--beats-per-episode must be between 2 (a hook and a cliffhanger) and {MAX_BEATS}, "
            f"not {beats}."
        )


# --------------------------------------------------------------------------------------------
# Command line.
# --------------------------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one sentence on stderr."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"generate: {message[:1].upper()}{message[1:]}.\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m tests.bench.generate",
        description="Write a large generated Kiln project for benchmarks.",
    )
    parser.add_argument("--episodes", type=int, default=100, help="number of episodes")
    parser.add_argument("--out", type=Path, required=True, help="the .kiln file to write")
    parser.add_argument("--scenes-per-episode", type=int, default=30)
    parser.add_argument("--beats-per-episode", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1, help="same seed, same project")
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the generator command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    out: Path = args.out
    if out.suffix.lower() != ".kiln":
        print(f"generate: {out} should end in .kiln.", file=sys.stderr)
        return 2
    if out.exists() and not args.force:
        print(f"generate: {out} already exists; pass --force to replace it.", file=sys.stderr)
        return 1
    started = time.perf_counter()
    try:
        summary = generate_with_summary(
            out,
            episodes=args.episodes,
            scenes_per_episode=args.scenes_per_episode,
            beats_per_episode=args.beats_per_episode,
            seed=args.seed,
            overwrite=args.force,
        )
    except ValueError as exc:
        print(f"generate: {exc}", file=sys.stderr)
        return 2
    except ProjectFileError as exc:
        print(f"generate: {exc}", file=sys.stderr)
        return 1
    seconds = time.perf_counter() - started
    size = out.stat().st_size / 1e6
    print(
        f"Wrote {out}: {summary.episodes} episodes, {summary.scenes} scenes, "
        f"{summary.elements} elements ({summary.dialogue_lines} dialogue lines), "
        f"{summary.beats} beats ({summary.parked_beats} parked), {summary.notes} notes; "
        f"{size:.1f} MB in {seconds:.1f} s."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
