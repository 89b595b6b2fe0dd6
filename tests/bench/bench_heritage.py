"""Benchmarks of the heritage library: search, matcher build and detection.

``python -m tests.bench.bench_heritage [--entries 20000] [--episodes 100]`` generates a library
deterministically (names in five languages built from word lists, so terms repeat the way real
ones do), then measures: search p50/p95 over a fixed query mix (1- and 2-character Chinese,
English, Portuguese, Arabic, Persian, with and without filters); building the PhraseMatchers;
detecting over a generated 100-episode project; and re-detecting one edited paragraph.
``measure()`` returns the numbers for ``tests/bench/run.py``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

ZH_A = list("青白红黑金银玉竹松梅兰菊荷龙凤云山水石木火土风雪花月星天海江河湖")
ZH_B = ["瓷", "绣", "织", "染", "雕", "剪纸", "灯", "鼓", "琴", "茶", "酒", "药", "戏", "舞", "歌"]
ZH_C = ["技艺", "制作技艺", "节", "戏", "舞", "音乐", "习俗", "传说", "医药", "画"]
EN_A = ["blue", "white", "red", "golden", "jade", "bamboo", "pine", "plum", "lotus", "dragon"]
EN_B = ["porcelain", "embroidery", "weaving", "dyeing", "carving", "paper-cut", "lantern", "drum"]
EN_C = ["craft", "making", "festival", "opera", "dance", "music", "custom", "legend", "painting"]
PT = ["roda", "festa", "canto", "dança", "ofício", "renda", "barro", "viola", "samba", "frevo"]
AR = ["فن", "صناعة", "الخط", "النسيج", "الفخار", "الغناء", "الرقص", "العود", "السدو", "القهوة"]
FA = ["هنر", "ساخت", "نواختن", "قالی", "کاشی", "مینیاتور", "خوشنویسی", "نوروز", "تعزیه", "قلمکار"]
COUNTRIES = ["CN", "IR", "SA", "EG", "PT", "BR", "AO", "MZ", "TR", "MA"]
LISTS = ["representative", "urgent", "good_practices"]
DOMAINS = [
    "oral_traditions",
    "performing_arts",
    "social_practices",
    "knowledge_nature",
    "traditional_craftsmanship",
]


#: Terms of the generated series (tests/bench/phrases.py), so detection finds something.
SERIES_TERMS = [
    (
        {
            "zh-Hans": "苏绣",
            "en": "Suzhou embroidery",
            "ar": "تطريز سوتشو",
            "fa": "گلدوزی سوجو",
            "pt": "bordado de Suzhou",
        },
        {"en": ["Su xiu"]},
    ),
    (
        {
            "zh-Hans": "双面绣",
            "en": "double-sided embroidery",
            "ar": "التطريز على الوجهين",
            "fa": "گلدوزی دورو",
            "pt": "bordado de dupla face",
        },
        {},
    ),
    (
        {
            "zh-Hans": "皮影戏",
            "en": "shadow puppetry",
            "ar": "مسرح خيال الظل",
            "fa": "نمایش سایه",
            "pt": "teatro de sombras",
        },
        {},
    ),
    ({"zh-Hans": "古琴", "en": "guqin"}, {}),
]


def generate_entries(count: int = 20000, seed: int = 4) -> list[dict[str, Any]]:
    """A deterministic library of ``count`` valid entries (the first few are series terms)."""
    rng = random.Random(seed)
    entries = []
    for n in range(count):
        zh = rng.choice(ZH_A) + rng.choice(ZH_A) + rng.choice(ZH_B) + rng.choice(ZH_C)
        en = f"{rng.choice(EN_A)} {rng.choice(EN_B)} {rng.choice(EN_C)} {n}"
        names = {"zh-Hans": f"{zh}{n}", "en": en}
        aliases: dict[str, list[str]] = {"zh-Hans": [zh[:2] + zh[2]], "en": [en.rsplit(" ", 1)[0]]}
        if n % 3 == 0:
            names["pt"] = f"{rng.choice(PT)} de {rng.choice(PT)} {n}"
        if n % 4 == 0:
            names["ar"] = f"{rng.choice(AR)} {rng.choice(AR)} {n}"
        if n % 5 == 0:
            names["fa"] = f"{rng.choice(FA)} {rng.choice(FA)} {n}"
            aliases["fa"] = [rng.choice(FA)]
        if n < len(SERIES_TERMS):
            names, aliases = SERIES_TERMS[n]
        year = rng.randint(2008, 2025)
        entries.append(
            {
                "id": f"gen-{n:05d}",
                "names": names,
                "aliases": aliases,
                "unesco_domains": [rng.choice(DOMAINS)],
                "china_category": None,
                "countries": [rng.choice(COUNTRIES)],
                "inscriptions": [{"list": rng.choice(LISTS), "year": year}] if n % 2 else [],
                **({"national": {"code": "", "batch": rng.randint(1, 5)}} if n % 2 == 0 else {}),
                "description": {
                    "en": f"A {en} of the {rng.choice(EN_A)} valley, kept by its makers.",
                    "zh-Hans": f"{zh}，流传于{rng.choice(ZH_A)}{rng.choice(ZH_A)}一带的传统。",
                },
                "sources": [
                    {"url": "https://example.org/", "title": "Generated", "read": "2026-01-01"}
                ],
            }
        )
    return entries


QUERIES = [
    "青花",
    "瓷",
    "龙凤",
    "剪纸",
    "技艺",
    "porcelain",
    "dragon dance",
    "jade",
    "roda",
    "danca",
    "الخط",
    "الفخار",
    "قالی",
    "كاشي",
    "خوشنویسی",
    "blue porcelain craft 17",
    "无此词",
    "zzzz",
]


def _write_seed(folder: Path, entries: list[dict[str, Any]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    payload = {"format": "kiln-heritage", "version": 2, "entries": entries}
    (folder / "generated.json").write_text(json.dumps(payload, ensure_ascii=False))


def measure(
    entries: int = 20000,
    episodes: int = 100,
    rounds: int = 20,
    project: Path | None = None,
    repeats: int = 5,
) -> dict[str, Any]:
    """Run every heritage benchmark; times in seconds (``*_samples``: every round's time).

    Detection runs over ``project`` (default: a generated ``episodes``-episode series); the
    matchers are built ``repeats`` times and the project detected ``repeats`` more times after
    its first run."""

    results: dict[str, Any] = {}
    saved = os.environ.get("KILN_DATA_DIR")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        os.environ["KILN_DATA_DIR"] = str(root / "data")
        try:
            _measure(root, entries, episodes, rounds, results, project, repeats)
        finally:
            if saved is None:
                os.environ.pop("KILN_DATA_DIR", None)
            else:
                os.environ["KILN_DATA_DIR"] = saved
    return results


def _measure(
    root: Path,
    entries: int,
    episodes: int,
    rounds: int,
    results: dict[str, Any],
    project: Path | None = None,
    repeats: int = 5,
) -> None:
    """The measurements of ``measure``, in a temporary folder ``root``."""
    from app.features.heritage.library import Library
    from app.features.heritage.search import Filters

    _write_seed(root / "seed", generate_entries(entries))
    start = time.perf_counter()
    library = Library.open(f"sqlite:///{root / 'lib.sqlite'}", seed=root / "seed")
    results["create_library_s"] = time.perf_counter() - start
    start = time.perf_counter()
    library.index()
    results["build_search_index_s"] = time.perf_counter() - start
    timings = []
    filters = [
        None,
        Filters(country="CN"),
        Filters(inscription_list="representative", year_from=2015, year_to=2020),
    ]
    for _round in range(rounds):
        for query in QUERIES:
            for f in filters:
                t = time.perf_counter()
                library.search(query, f)
                timings.append(time.perf_counter() - t)
    timings.sort()
    results["search_p50_s"] = statistics.median(timings)
    results["search_p95_s"] = timings[int(len(timings) * 0.95)]
    results["search_samples"] = timings

    from app.features.heritage import detect as detect_module

    tables = detect_module.phrase_tables(library.entries())
    import spacy  # noqa: F401  (imported before timing: the build, not the import, is measured)

    builds = []
    for _round in range(max(1, repeats)):
        start = time.perf_counter()
        detector = detect_module.Detector(tables)
        builds.append(time.perf_counter() - start)
    results["build_matchers_s"] = builds[0]
    results["build_matchers_samples"] = builds

    from app.features.heritage.scan import detect_project
    from app.project.open_project import OpenProject
    from tests.bench.generate import generate

    project_path = project
    if project_path is None:
        project_path = root / "series.kiln"
        generate(project_path, episodes=episodes)
    with OpenProject.open(project_path, read_only=True, backup=False) as opened:
        rounds_s = []
        for _round in range(1 + max(1, repeats)):
            start = time.perf_counter()
            scenes = detect_project(opened, detector)
            rounds_s.append(time.perf_counter() - start)
        results["detect_project_first_s"] = rounds_s[0]
        results["detect_project_median_s"] = statistics.median(rounds_s[1:])
        results["detect_project_samples"] = rounds_s[1:]
        results["detect_project_matches"] = float(sum(len(s.matches) for s in scenes))
    paragraph = "林青禾把青花瓷坯放回架上，轻声说：“景德镇的窑，三天就得烧。”"
    one = []
    for _ in range(200):
        t = time.perf_counter()
        detector.detect(paragraph)
        one.append(time.perf_counter() - t)
    one.sort()
    results["detect_paragraph_p95_s"] = one[int(len(one) * 0.95)]
    results["detect_paragraph_samples"] = one
    library.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=20000)
    parser.add_argument("--episodes", type=int, default=100)
    args = parser.parse_args(argv)
    for key, value in measure(args.entries, args.episodes).items():
        if isinstance(value, list):
            value = statistics.median(value)
        shown = f"{value * 1000:.2f} ms" if key.endswith("_s") else f"{value:.0f}"
        print(f"{key:28} {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
