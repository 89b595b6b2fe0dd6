"""Write the small heritage seed fixture of tests/data/heritage/ (run once; output committed).

Ten entries in the seed format, enough to test search in five languages, filters, merging and
detection. They are test data: facts are kept plausible but are not the sourced library.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[3]))
from app.features.heritage.migrate import FORMAT_VERSION, migrate_entry  # noqa: E402

HERE = Path(__file__).parent
READ = "2026-11-23"
NOTE = "Test fixture: not checked entry by entry; the sourced library is resources/heritage/."


def entry(
    id_: str,
    names: dict,
    aliases: dict,
    domains: list,
    category,
    countries: list,
    inscriptions: list,
    batch,
    en: str,
    zh: str,
    url: str,
    **extra,
) -> dict:
    data = {
        "id": id_,
        "names": names,
        "aliases": aliases,
        "unesco_domains": domains,
        "china_category": category,
        "countries": countries,
        "region": extra.pop("region", ""),
        "community": "",
        "inscriptions": inscriptions,
        "national_batch": batch,
        "national_number": "",
        "description": {"en": en, "zh-Hans": zh},
        "portrayal_notes": extra.pop("portrayal", ""),
        "sensitivities": extra.pop("sensitivities", ""),
        "related": extra.pop("related", []),
        "sources": [{"url": url, "title": names["en"], "read": READ}],
        "uncertain": NOTE,
        "review": {"status": "unreviewed", "by": "", "at": ""},
    }
    return data


CHINA = [
    entry(
        "cn-jingdezhen-handmade-porcelain",
        {"zh-Hans": "景德镇手工制瓷技艺", "en": "Jingdezhen handmade porcelain making"},
        {"zh-Hans": ["景德镇制瓷", "景德镇"], "en": ["Jingdezhen porcelain"]},
        ["traditional_craftsmanship"],
        "traditional_craftsmanship",
        ["CN"],
        [],
        1,
        "The hand-made porcelain craft of Jingdezhen in Jiangxi, from clay to kiln.",
        "江西景德镇以手工完成从练泥、拉坯到烧窑全过程的制瓷技艺。",
        "https://www.ihchina.cn/",
        region="Jiangxi",
        portrayal="Throwing, trimming and painting are done by different hands.",
        related=["cn-qinghua-porcelain"],
    ),
    entry(
        "cn-qinghua-porcelain",
        {"zh-Hans": "青花瓷烧制技艺", "en": "Blue-and-white porcelain firing"},
        {"zh-Hans": ["青花", "青花瓷"], "en": ["blue and white porcelain", "qinghua"]},
        ["traditional_craftsmanship"],
        "traditional_craftsmanship",
        ["CN"],
        [],
        None,
        "Cobalt is painted on the raw body, glazed and fired once at high heat.",
        "用钴料在瓷坯上绘画，罩透明釉后一次高温烧成。",
        "https://www.ihchina.cn/",
        region="Jiangxi",
        sensitivities="",
        related=["cn-jingdezhen-handmade-porcelain"],
    ),
    entry(
        "unesco-00081-kunqu",
        {"zh-Hans": "昆曲", "en": "Kun Qu opera", "pt": "Ópera Kun Qu"},
        {"zh-Hans": ["昆剧"], "en": ["Kunqu"]},
        ["performing_arts"],
        "traditional_opera",
        ["CN"],
        [
            {"list": "masterpiece", "year": 2001},
            {"list": "representative", "year": 2008, "note": "incorporated"},
        ],
        1,
        "A classical opera of the Suzhou region sung to flute accompaniment.",
        "起源于苏州昆山一带的古老戏曲，以笛子伴奏。",
        "https://ich.unesco.org/en/RL/kun-qu-opera-00004",
        region="Jiangsu",
    ),
    entry(
        "unesco-00418-peking-opera",
        {"zh-Hans": "京剧", "en": "Peking opera", "ar": "أوبرا بكين"},
        {"zh-Hans": ["京戏"], "en": ["Beijing opera"]},
        ["performing_arts"],
        "traditional_opera",
        ["CN"],
        [{"list": "representative", "year": 2010}],
        1,
        "A theatre of song, speech, movement and combat with painted faces.",
        "集唱、念、做、打于一体的戏曲，以脸谱著称。",
        "https://ich.unesco.org/en/RL/peking-opera-00418",
        region="Beijing",
    ),
    entry(
        "unesco-00225-dragon-boat",
        {"zh-Hans": "端午节", "en": "Dragon Boat festival", "pt": "Festival do Barco-Dragão"},
        {"zh-Hans": ["端阳"], "en": ["Duanwu"]},
        ["social_practices"],
        "folk_customs",
        ["CN"],
        [{"list": "representative", "year": 2009}],
        1,
        "Held on the fifth day of the fifth lunar month with boat races and zongzi.",
        "农历五月初五的节日，赛龙舟、吃粽子。",
        "https://ich.unesco.org/en/RL/dragon-boat-festival-00225",
    ),
]

PARTNERS = [
    entry(
        "unesco-01161-nowruz",
        {"zh-Hans": "诺鲁孜节", "en": "Nowruz", "fa": "نوروز", "ar": "النوروز", "pt": "Nowruz"},
        {"fa": ["عید نوروز"], "zh-Hans": ["纳吾肉孜节"]},
        ["social_practices"],
        None,
        ["IR", "CN", "TR"],
        [{"list": "representative", "year": 2009}],
        None,
        "New Year on the spring equinox, with a laid table of symbolic items.",
        "春分时节的新年，摆放象征性物品的年节桌。",
        "https://ich.unesco.org/en/RL/nawrouz-01161",
        sensitivities="Do not stage the haft-sin table with alcohol on it.",
    ),
    entry(
        "unesco-01276-kamancheh",
        {
            "zh-Hans": "卡曼恰琴的制作与演奏艺术",
            "en": "Art of crafting and playing Kamancheh",
            "fa": "هنر ساخت و نواختن کمانچه",
            "ar": "فن صناعة آلة الكمنجة والعزف عليها",
        },
        {"fa": ["کمانچه"], "ar": ["الكمنجة"], "en": ["kamancheh"]},
        ["performing_arts", "traditional_craftsmanship"],
        None,
        ["IR", "AZ"],
        [{"list": "representative", "year": 2017}],
        None,
        "A bowed string instrument played upright on the knee.",
        "一种立于膝上演奏的弓弦乐器。",
        "https://ich.unesco.org/en/RL/art-of-crafting-and-playing-with-kamantcheh-kamancheh-01286",
    ),
    entry(
        "unesco-01718-arabic-calligraphy",
        {
            "zh-Hans": "阿拉伯书法",
            "en": "Arabic calligraphy",
            "ar": "الخط العربي",
            "fa": "خوشنویسی عربی",
        },
        {"ar": ["فن الخط العربي"]},
        ["traditional_craftsmanship"],
        None,
        ["SA", "EG", "IQ", "JO", "MA"],
        [{"list": "representative", "year": 2021}],
        None,
        "The art of writing Arabic script by hand with reed pen and ink.",
        "用芦苇笔和墨汁书写阿拉伯文字的艺术。",
        "https://ich.unesco.org/en/RL/arabic-calligraphy-knowledge-skills-and-practices-01718",
        sensitivities="Verses of the Quran must never be shown on the floor or stepped on.",
    ),
    entry(
        "unesco-00563-fado",
        {
            "zh-Hans": "法朵",
            "en": "Fado, urban popular song of Portugal",
            "pt": "Fado, canção popular urbana de Portugal",
        },
        {"pt": ["fado"], "en": ["fado"]},
        ["performing_arts"],
        None,
        ["PT"],
        [{"list": "representative", "year": 2011}],
        None,
        "Song of Lisbon sung with the Portuguese guitar.",
        "里斯本的城市民谣，以葡萄牙吉他伴奏。",
        "https://ich.unesco.org/en/RL/fado-urban-popular-song-of-portugal-00563",
    ),
    entry(
        "unesco-00892-capoeira",
        {"zh-Hans": "卡波耶拉圈", "en": "Capoeira circle", "pt": "Roda de capoeira"},
        {"pt": ["capoeira", "jogo de capoeira"], "zh-Hans": ["卡波耶拉"]},
        ["performing_arts", "social_practices"],
        None,
        ["BR"],
        [{"list": "representative", "year": 2014}],
        None,
        "A game of fight and dance played in a circle to the berimbau and songs in "
        "Portuguese (a roda, a ginga, a cantiga).",
        "在圆圈中伴着比林鲍琴进行的格斗舞蹈游戏。",
        "https://ich.unesco.org/en/RL/capoeira-circle-00892",
        portrayal="Players enter the roda at the foot of the berimbau.",
    ),
]


#: Entries the fixture marks for consent (test data for the access flag and the cover page).
ACCESS = {
    "unesco-00225-dragon-boat": {
        "level": "restricted",
        "note": "Test fixture: do not depict the ritual without the community's approval.",
    },
}


def write(name: str, entries: list[dict]) -> None:
    current = []
    for entry in entries:
        new = migrate_entry(entry)  # the fixture is written in the current format
        if new["id"] in ACCESS:
            new["access"] = ACCESS[new["id"]]
        current.append(new)
    data = {
        "format": "kiln-heritage",
        "version": FORMAT_VERSION,
        "entries": sorted(current, key=lambda e: e["id"]),
    }
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    (HERE / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    write("china.json", CHINA)
    write("partners.json", PARTNERS)
