"""Word lists, names and phrases of the generated benchmark series, written for Kiln.

Kept apart from ``generate.py`` so the generator reads as code; nothing here is copied.
"""

from __future__ import annotations

from dataclasses import dataclass

# Share of dialogue lines per language (the rest is Chinese, the source language).
LANGUAGE_SHARES = (("en", 0.15), ("fa", 0.03), ("ar", 0.03))

# --------------------------------------------------------------------------------------------
# The cast, the places and the key names and phrases of the series (written for this tool).
# --------------------------------------------------------------------------------------------

ZWNJ = "\u200c"  # the Persian zero-width non-joiner (U+200C)


@dataclass(frozen=True)
class Person:
    """One character of the generated series."""

    key: str
    names: dict[str, str]
    call: str  # how the others address them in Chinese dialogue
    speaks: tuple[str, ...]
    weight: int  # how often they turn up in a scene
    description: str
    voice: str


PEOPLE: tuple[Person, ...] = (
    Person(
        "wantang",
        {"zh-Hans": "苏晚棠", "en": "Su Wantang", "fa": f"سو وان{ZWNJ}تانگ", "ar": "سو وان تانغ"},
        "晚棠",
        ("zh", "en"),
        10,
        "二十七岁，苏州绣娘，双面绣老艺人苏秀芝的孙女。绣坊欠了一屁股债，她不肯卖。",
        "话不多，急了就一字一顿。对外人客气，对奶奶撒娇。",
    ),
    Person(
        "chengyan",
        {"zh-Hans": "陆承砚", "en": "Lu Chengyan", "fa": f"لو چنگ{ZWNJ}یان", "ar": "لو تشنغ يان"},
        "承砚",
        ("zh", "en"),
        8,
        "三十岁，拍卖行的年轻鉴定师，陆家独子。嘴上刻薄，眼光极准。",
        "说话带刺，常用反问；英文流利，谈生意时中英夹杂。",
    ),
    Person(
        "xiuzhi",
        {"zh-Hans": "苏秀芝", "en": "Su Xiuzhi", "fa": f"سو شیو{ZWNJ}جی", "ar": "سو شيو تشي"},
        "奶奶",
        ("zh",),
        5,
        "七十八岁，苏绣双面绣的代表性传承人。年轻时和一位波斯商人有过一个约定。",
        "慢声细语，爱用老话；提到针线时一句比一句硬。",
    ),
    Person(
        "amir",
        {"zh-Hans": "阿米尔", "en": "Amir Tehrani", "fa": "امیر تهرانی", "ar": "أمير طهراني"},
        "阿米尔",
        ("zh", "en", "fa"),
        6,
        "三十二岁，伊斯法罕地毯世家的后人，带着一块旧地毯样片来苏州找人。",
        "中文是在上海学的，偏书面；和奶奶视频时说波斯语，用敬称。",
    ),
    Person(
        "layla",
        {"zh-Hans": "莱拉", "en": "Layla Haddad", "fa": "لیلا حداد", "ar": "ليلى حداد"},
        "莱拉",
        ("zh", "en", "ar"),
        5,
        "二十九岁，大马士革出生的书法家，受邀为非遗展写一幅苏卢斯体作品。",
        "说话直接，爱打比方；激动时改说阿拉伯语。",
    ),
    Person(
        "mingyuan",
        {
            "zh-Hans": "周明远",
            "en": "Zhou Mingyuan",
            "fa": f"جو مینگ{ZWNJ}یوان",
            "ar": "تشو مينغ يوان",
        },
        "周总",
        ("zh",),
        5,
        "五十岁，文化公司老板，想把苏家的绣坊和名号一起买下。",
        "笑着说狠话，从不提高嗓门。",
    ),
    Person(
        "xiaoman",
        {"zh-Hans": "林小满", "en": "Lin Xiaoman", "fa": "لین شیائومان", "ar": "لين شياو مان"},
        "小满",
        ("zh",),
        6,
        "十九岁，绣坊里最小的学徒，爱刷手机，关键时刻靠得住。",
        "语速快，网络用语多。",
    ),
    Person(
        "yufen",
        {"zh-Hans": "韩玉芬", "en": "Han Yufen", "fa": "هان یوفن", "ar": "هان يو فن"},
        "韩姨",
        ("zh",),
        3,
        "陆承砚的母亲，陆家真正拿主意的人。",
        "句句体面，句句带钩子。",
    ),
    Person(
        "chengye",
        {"zh-Hans": "程野", "en": "Cheng Ye", "fa": "چنگ یه", "ar": "تشنغ يه"},
        "程野",
        ("zh", "en"),
        3,
        "二十五岁，百万粉丝的探店主播，嗅到了苏家绣坊的流量。",
        "张口就是直播腔。",
    ),
    Person(
        "mariana",
        {
            "zh-Hans": "玛丽安娜",
            "en": "Mariana Costa",
            "fa": "ماریانا کوستا",
            "ar": "ماريانا كوستا",
        },
        "玛丽安娜",
        ("en", "zh"),
        3,
        "三十五岁，里斯本来的纪录片导演，拍一部关于手艺人的片子。",
        "英语为主，中文只会几句，说得很认真。",
    ),
    Person(
        "deshan",
        {"zh-Hans": "赵德山", "en": "Zhao Deshan", "fa": f"جائو ده{ZWNJ}شان", "ar": "تشاو ده شان"},
        "赵师傅",
        ("zh",),
        2,
        "七十岁，皮影戏班的老班主，苏秀芝几十年的老朋友。",
        "嗓门大，爱唱两句。",
    ),
    Person(
        "nasrin",
        {"zh-Hans": "娜斯琳", "en": "Nasrin Tehrani", "fa": "نسرین تهرانی", "ar": "نسرين طهراني"},
        "娜斯琳",
        ("fa",),
        1,
        "阿米尔的奶奶，住在伊斯法罕，只在视频通话和闪回里出现。",
        "只说波斯语，语气温和，叫阿米尔“عزیزم”。",
    ),
)

LOCATIONS: tuple[tuple[str, str, str], ...] = (
    ("苏家绣坊·前厅", "Su embroidery workshop, front room", "int"),
    ("苏家绣坊·后院", "Su embroidery workshop, courtyard", "ext"),
    ("苏家老宅·阁楼", "Su family house, attic", "int"),
    ("苏家老宅·客厅", "Su family house, living room", "int"),
    ("平江路石板街", "Pingjiang Road", "ext"),
    ("河边茶馆", "Riverside teahouse", "int"),
    ("拍卖行大厅", "Auction house, main hall", "int"),
    ("拍卖行库房", "Auction house, storeroom", "int"),
    ("周氏文化公司会议室", "Zhou Culture Co., meeting room", "int"),
    ("周明远办公室", "Zhou Mingyuan's office", "int"),
    ("陆家别墅·书房", "Lu family villa, study", "int"),
    ("陆家别墅·花园", "Lu family villa, garden", "ext"),
    ("医院走廊", "Hospital corridor", "int"),
    ("病房", "Hospital room", "int"),
    ("小满的出租屋", "Xiaoman's rented room", "int"),
    ("酒店大堂", "Hotel lobby", "int"),
    ("机场到达口", "Airport arrivals", "int"),
    ("高铁站台", "High-speed rail platform", "ext"),
    ("古镇码头", "Old town jetty", "ext"),
    ("乌篷船上", "On a covered boat", "int_ext"),
    ("直播间", "Livestream studio", "int"),
    ("博物馆库房", "Museum storeroom", "int"),
    ("非遗展厅", "Heritage exhibition hall", "int"),
    ("老街巷口", "Mouth of an old lane", "ext"),
    ("石拱桥头", "Stone bridge", "ext"),
    ("雨夜街角", "Street corner at night", "ext"),
    ("咖啡馆", "Café", "int"),
    ("阿米尔的地毯店", "Amir's carpet shop", "int"),
    ("莱拉的书法工作室", "Layla's calligraphy studio", "int"),
    ("写字楼天台", "Office rooftop", "ext"),
    ("夜市", "Night market", "ext"),
    ("菜市场", "Wet market", "int_ext"),
    ("绣娘宿舍", "Embroiderers' dormitory", "int"),
    ("江边步道", "Riverside walk", "ext"),
    ("寒山寺外", "Outside Hanshan Temple", "ext"),
    ("出租车内", "Inside a taxi", "int"),
    ("皮影戏台", "Shadow-puppet stage", "int"),
    ("伊斯法罕大巴扎", "Grand Bazaar, Isfahan", "ext"),
    ("大马士革老城", "Old City of Damascus", "ext"),
    ("里斯本阿尔法玛街区", "Alfama, Lisbon", "ext"),
)

LOCATION_NOTES = (
    "白天人来人往，夜里只剩一盏路灯。",
    "墙上挂满旧绣品，空气里有樟木味。",
    "窗明几净，处处透着有钱人的讲究。",
    "地方不大，东西堆得满满当当。",
    "常下雨，青石板总是湿的。",
    "",
)

# Key names and phrases. A term line "term | type | do not translate | note for the team" is
# followed by its renderings, one language a line: "    language: text [| transliteration]".
# ({ZWNJ} stands for the Persian zero-width non-joiner.)
GLOSSARY_TABLE = """
苏绣 | heritage term | no | 苏州一带的刺绣，以细、雅、洁著称。
    en: Suzhou embroidery | Su xiu
    ar: تطريز سوتشو
    fa: گلدوزی سوجو
    pt-BR: bordado de Suzhou
双面绣 | heritage term | no | 一块底料上两面都见图案的绣法，剧中苏家的看家本领。
    en: double-sided embroidery | shuangmian xiu
    ar: التطريز على الوجهين
    fa: گلدوزی دورو
    pt-BR: bordado de dupla face
打籽绣 | heritage term | no | 把线绕成小粒钉在布面的针法。
    en: seed stitch | dazi xiu
    ar: غرزة البذور
    fa: دوخت دانه
    pt-BR: ponto de semente
绣绷 | object | no | 绷紧绣料的圆框或方框。
    en: embroidery hoop
    ar: إطار التطريز
    fa: کارگاه گلدوزی
    pt-BR: bastidor
金线 | object | no | 裹金箔的丝线，剧中多次出现。
    en: gold thread
    ar: خيط الذهب
    fa: نخ طلا
    pt-BR: fio de ouro
皮影戏 | heritage term | no | 用兽皮刻成人物、借灯光投影演出的戏。
    en: shadow puppetry | piying xi
    ar: مسرح خيال الظل
    fa: نمایش سایه
    pt-BR: teatro de sombras
古琴 | heritage term | yes | 七弦琴；保留音译。
    en: guqin | guqin
    ar: الغوتشين
    fa: گوچین
    pt-BR: guqin
宣纸 | object | no | 书画用的安徽纸。
    en: Xuan paper | xuan zhi
    ar: ورق شوان
    fa: کاغذ شوان
    pt-BR: papel Xuan
波斯地毯 | heritage term | no | 伊朗手工地毯，阿米尔家三代的营生。
    en: Persian carpet
    ar: السجاد الفارسي
    fa: فرش ایرانی
    pt-BR: tapete persa
手工打结 | heritage term | no | 地毯一结一结用手打成。
    en: hand-knotting
    ar: العقد اليدوي
    fa: گره{ZWNJ}زنی دستی
    pt-BR: nós feitos à mão
阿拉伯书法 | heritage term | no | 莱拉的专长；剧中写的是苏卢斯体。
    en: Arabic calligraphy
    ar: الخط العربي
    fa: خوشنویسی عربی
    pt-BR: caligrafia árabe
苏卢斯体 | heritage term | no | 阿拉伯书法的一种字体，笔画舒展。
    en: Thuluth script
    ar: خط الثلث
    fa: خط ثلث
    pt-BR: escrita Thuluth
法朵 | heritage term | yes | 葡萄牙的一种民歌，玛丽安娜片子的配乐。
    en: fado
    ar: الفادو
    fa: فادو
    pt-BR: fado
传承人 | heritage term | no | 被认定的代表性传承人，不是泛指的“继承者”。
    en: recognised bearer | chuanchengren
    ar: حامل التراث المعتمد
    fa: حامل رسمی میراث
    pt-BR: mestre reconhecido
非遗 | heritage term | no | 非物质文化遗产的简称。
    en: intangible cultural heritage | feiyi
    ar: التراث الثقافي غير المادي
    fa: میراث فرهنگی ناملموس
    pt-BR: patrimônio cultural imaterial
师父 | address | no | 学手艺时对师傅的称呼，比“老师”亲。
    en: Master | shifu
    ar: معلّمي
    fa: استاد
    pt-BR: mestre
拜师 | custom | no | 正式拜入师门的仪式。
    en: apprenticeship ceremony | baishi
    ar: مراسم التتلمذ
    fa: مراسم شاگردی
    pt-BR: cerimônia de aprendiz
元宵节 | festival | no | 正月十五，剧中绣坊重新开张的日子。
    en: Lantern Festival | Yuanxiao
    ar: عيد الفوانيس
    fa: جشن فانوس
    pt-BR: Festival das Lanternas
诺鲁孜节 | festival | no | 伊朗新年，春分那天。
    en: Nowruz
    ar: عيد النوروز
    fa: نوروز
    pt-BR: Nowruz
面子 | idiom | no | 体面、名声；接近波斯语的 آبرو。
    en: face | mianzi
    ar: ماء الوجه
    fa: آبرو
    pt-BR: prestígio
缘分 | idiom | no | 命中注定的相遇。
    en: fate | yuanfen
    ar: النصيب
    fa: قسمت
    pt-BR: destino
一诺千金 | idiom | no | 说出口的承诺比千两黄金还重。
    en: a promise is worth its weight in gold
    ar: الوعد دَين
    fa: قول، قول است
    pt-BR: promessa vale ouro
平江路 | place | no | 苏州古城的一条老街。
    en: Pingjiang Road | Pingjiang Lu
    ar: شارع بينغجيانغ
    fa: خیابان پینگ{ZWNJ}جیانگ
    pt-BR: Rua Pingjiang
伊斯法罕 | place | no | 伊朗古城。
    en: Isfahan
    ar: أصفهان
    fa: اصفهان
    pt-BR: Isfahan
"""


def glossary_rows() -> list[tuple[str, str, str, bool, dict[str, tuple[str, str]]]]:
    """Parse ``GLOSSARY_TABLE`` into (term, type, notes, do not translate, renderings)."""
    rows: list[tuple[str, str, str, bool, dict[str, tuple[str, str]]]] = []
    for line in GLOSSARY_TABLE.strip().splitlines():
        if not line.startswith(" "):
            term, kind, keep, notes = (cell.strip() for cell in line.split("|"))
            rows.append((term, kind, notes, keep == "yes", {}))
            continue
        language, _, rendering = line.strip().partition(": ")
        text, _, transliteration = rendering.partition(" | ")
        rows[-1][4][language] = (text.replace("{ZWNJ}", ZWNJ), transliteration)
    return rows


GLOSSARY = glossary_rows()

GLOSSARY_CHARACTERS = ("wantang", "chengyan", "xiuzhi", "amir", "layla", "mingyuan")

# --------------------------------------------------------------------------------------------
# Phrase lists. Lines are put together from these so each scene reads like a script page.
# --------------------------------------------------------------------------------------------

OBJECTS = (
    "那幅双面绣",
    "奶奶留下的绣绷",
    "一封旧信",
    "转让合同",
    "拍卖图录",
    "地毯样片",
    "一卷宣纸",
    "那支毛笔",
    "一张老照片",
    "录音笔",
    "木匣子",
    "一缕金线",
    "鉴定报告",
    "银镯子",
    "旧账本",
    "手机",
    "两张机票",
    "U盘",
)
WEATHER = (
    "下着小雨",
    "雷声滚滚",
    "月色很淡",
    "天刚蒙蒙亮",
    "梅雨连绵",
    "落着细雪",
    "蝉鸣一阵紧过一阵",
)
ACTIONS = (
    "{a}推门进来，雨水顺着伞沿往下淌。",
    "{a}盯着{obj}，手指微微发抖。",
    "{b}一把夺过{obj}，重重摔在桌上。",
    "{a}把{obj}小心收进木匣，转身就走。",
    "窗外{weather}，{a}一个人坐在绣架前，半天没动。",
    "{a}和{b}四目相对，谁也没有先开口。",
    "{b}冷笑一声，把手机屏幕转向{a}。",
    "众人哗然。{a}却只是抬手理了理衣袖。",
    "{a}低头穿针，针脚细得几乎看不见。",
    "{a}翻开{obj}，一张泛黄的照片滑了出来。",
    "{b}拦在门口。{a}侧身想过，被一把拽住。",
    "{a}深吸一口气，把{obj}推到{b}面前。",
    "灯忽然灭了。黑暗里只听见{a}急促的呼吸。",
    "{a}蹲下身，捡起散落一地的丝线，一根一根理顺。",
    "{b}看了一眼来电显示，脸色一变。",
    "{a}快步穿过人群，在{b}身后停下。",
    "{a}把{obj}举到灯下，对着光仔细端详。",
    "{b}靠在门框上，似笑非笑地看着{a}。",
    "{a}红着眼眶，把眼泪硬生生憋了回去。",
    "一辆黑色轿车停在路边，车窗缓缓落下，露出{b}的脸。",
    "{a}攥紧拳头，指节发白。",
    "{a}在{obj}背面发现一行褪色的小字。",
    "{b}慢条斯理地倒了两杯茶，推一杯给{a}。",
    "直播间的弹幕疯狂刷屏。{a}看着屏幕，愣住了。",
    "{a}跪坐在绣绷前，一针下去，金线在光里一闪。",
    "{a}把{obj}锁进抽屉，钥匙揣进兜里。",
    "{b}从文件袋里抽出一份合同，拍在桌上。",
    "远处传来锣鼓声，{a}循声望去。",
    "{a}推开阁楼的木窗，灰尘在阳光里翻飞。",
    "{b}突然伸手，按住了{a}正要落下的笔。",
    "{a}沿着{weather}的河岸一路小跑，气喘吁吁。",
    "{a}和{b}并肩站着，谁都没看谁。",
)
SHOTS = (
    "特写：{obj}。",
    "特写：{a}的手，指尖缠着丝线。",
    "{a}的主观镜头：人群里一闪而过的背影。",
    "俯拍：平江路上人来人往。",
    "慢镜头：金线从针眼里穿过。",
    "空镜：雨打在青石板上。",
    "航拍：古镇的河道在晨雾里蜿蜒。",
    "推镜头：墙上那幅双面绣，两面是两幅不同的画。",
    "特写：{b}嘴角一闪而过的笑。",
)
CAPTION_CITIES = ("苏州", "伊斯法罕", "大马士革", "里斯本", "上海", "苏州 · 平江路")
CAPTION_TIMES = (
    "三年前",
    "二十年前",
    "四十年前",
    "次日清晨",
    "当晚",
    "一周后",
    "元宵节",
    "诺鲁孜节前夕",
)
CAPTION_MESSAGES = (
    "短信：明早十点，老地方见。",
    "短信：东西在我手上，别报警。",
    "微信：奶奶住院了，速回！",
    "邮件：拍卖会改期至周五。",
    "弹幕：这绣工绝了！",
    "弹幕：假的吧？主播收钱了？",
    "热搜：苏家绣坊疑似造假",
)
ZH_OPENERS = (
    "",
    "",
    "",
    "",
    "",
    "你听好，",
    "说实话，",
    "别装了，",
    "我告诉你，",
    "这一次，",
    "{call}，",
    "{call}，",
    "等等，",
    "算我求你，",
    "你放心，",
)
ZH_LINES = (
    "这幅绣品是我奶奶一针一线绣出来的。",
    "合同上的字，到底是谁签的？",
    "我不会把绣坊卖给任何人。",
    "你以为拿钱就能买走苏家的手艺吗？",
    "三天，我只要三天。",
    "奶奶说过，针脚乱了，心就乱了。",
    "这不是仿品，是双面绣的真迹。",
    "你跟踪我？",
    "当年的事，你知道多少？",
    "他带来的那块波斯地毯，花纹跟奶奶的绣稿一模一样。",
    "非遗不是摆在橱窗里的古董。",
    "我答应过奶奶，要把这门手艺传下去。",
    "你现在走，还来得及。",
    "拍卖会明天上午十点开始。",
    "有人在直播里说我们造假。",
    "别碰那根金线！",
    "这封信是谁寄来的？",
    "我查过了，鉴定报告是假的。",
    "你当我是傻子吗？",
    "我等这一天，等了二十年。",
    "传承人的名额，不是你想抢就能抢的。",
    "师父，我错了。",
    "这针法叫打籽绣，全苏州会的人不超过五个。",
    "你到底站在哪一边？",
    "钱我会还，绣坊我不卖。",
    "莱拉写的那行阿拉伯书法，是什么意思？",
    "今晚的事，谁都不许说出去。",
    "他是故意的。",
    "我们再试一次，就一次。",
    "对不起，我来晚了。",
    "你奶奶当年救过我的命。",
    "这一局，我认输。",
    "你为什么骗我？",
    "您别生气，身体要紧。",
    "他手上那枚戒指，我在老照片里见过。",
    "一诺千金，苏家人说话算话。",
    "你敢当着所有人的面再说一遍吗？",
    "我不要你的同情。",
    "这幅绣品，真的要送去里斯本展览？",
    "原来你早就知道了。",
    "快，把绣品收起来，有人来了！",
    "我只想知道真相。",
    "赵师傅的皮影戏班，下个月就要散了。",
    "周明远手里还有一份合同。",
    "她不是你想的那种人。",
    "面子？你还要什么面子？",
    "你这是拿苏绣的名声开玩笑！",
    "缘分这种东西，谁说得清呢。",
    "外面那辆车，跟了我们一路。",
    "先别告诉奶奶。",
    "元宵节之前，绣坊必须重新开张。",
    "这块地毯是手工打结的，一平方米要打几十万个结。",
)
EN_OPENERS = ("", "", "", "Listen. ", "Look. ", "Wait. ", "Please. ", "Okay. ", "Honestly? ")
EN_LINES = (
    "I came all the way from Lisbon for this.",
    "This stitch is older than both of us.",
    "Who told you about the letter?",
    "We have three days. Not one more.",
    "You don't get to decide what her work is worth.",
    "I've seen this pattern before, on a carpet in Isfahan.",
    "Keep the camera rolling.",
    "Is that a threat?",
    "Trust me. Just this once.",
    "Nobody leaves until we find it.",
    "It's not a copy. Look at the back.",
    "Your grandmother kept her promise. Now it's your turn.",
    "I'm sorry. I should have told you sooner.",
    "The auction starts at ten.",
    "Then we'll make a new one, together.",
    "He knew. He knew all along.",
    "This isn't about money.",
    "Don't sign anything yet.",
    "Every knot in this carpet was tied by hand.",
    "Can you read the inscription?",
    "What happened that night?",
    "The documentary goes out on Friday.",
    "You're braver than you think.",
    "We're out of time.",
    "That ring, where did you get it?",
)
FA_OPENERS = ("", "", "", "ببینید، ", "راستش، ", "باور کنید، ", "خدایا، ")
FA_LINES = (
    "این فرش را مادربزرگم بافته است.",
    f"من به خاطر یک قول آمده{ZWNJ}ام.",
    "هنوز دیر نشده.",
    "به من اعتماد کنید.",
    f"این نقش را در اصفهان دیده{ZWNJ}ام.",
    "هر گره یک داستان دارد.",
    "لطفاً کمی صبر کنید.",
    f"بدون آن فرش برنمی{ZWNJ}گردم.",
    "این کار یک عمر طول کشیده است.",
    "مادرجون، نگران نباشید.",
    "باید حقیقت را بگویم.",
    "قیمتش مهم نیست.",
    "چه کسی این نامه را فرستاده؟",
    f"فردا صبح به اصفهان برمی{ZWNJ}گردم.",
    f"آبروی خانواده{ZWNJ}ام در میان است.",
)
AR_OPENERS = ("", "", "", "اسمعني، ", "أرجوك، ", "يا صديقي، ")
AR_LINES = (
    "هذا الخط كتبه جدي بيده.",
    "لن أتنازل عن هذه اللوحة.",
    "لكل حرف روح.",
    "أعطني فرصة واحدة فقط.",
    "الوعد دَين.",
    "لم يفت الأوان بعد.",
    "من أرسل هذه الرسالة؟",
    "أنا هنا من أجل الحقيقة.",
    "الحبر لم يجف بعد.",
    "سأعود إلى دمشق غداً.",
    "انتظر، لا تذهب.",
    "هذا ليس للبيع.",
    "علّمني أبي أن الصبر نصف الخط.",
    "هل تعرف ماذا تعني هذه الكلمة؟",
)
LINES = {
    "zh": (ZH_OPENERS, ZH_LINES),
    "en": (EN_OPENERS, EN_LINES),
    "fa": (FA_OPENERS, FA_LINES),
    "ar": (AR_OPENERS, AR_LINES),
}
PARENTHETICALS = (
    "低声",
    "冷笑",
    "压着火",
    "哽咽",
    "不敢相信",
    "对着电话",
    "头也不抬",
    "慌忙",
    "一字一顿",
    "笑",
    "小声嘀咕",
    "故作轻松",
)
IN_LANGUAGE = {"en": "用英语", "fa": "用波斯语", "ar": "用阿拉伯语"}
FLASHBACK_ACTIONS = (
    "年轻的苏秀芝坐在绣架前，窗外是几十年前的平江路。",
    "码头上，一个戴毡帽的波斯商人把一卷地毯递给苏秀芝。",
    "昏黄的灯下，小小的晚棠趴在绣绷边，看奶奶下针。",
    "戏台后面，赵德山举着影人，对苏秀芝挤了挤眼。",
)
FLASHBACK_LINES = (
    "针要稳，心要静。",
    "等这幅绣好了，我亲手交给你。",
    "禾苗要慢慢长，手艺也一样。",
    "记住，苏家的东西，一根线都不许丢。",
)
TITLE_HEADS = (
    "绣坊",
    "旧信",
    "针脚",
    "地毯",
    "墨迹",
    "拍卖",
    "契约",
    "真相",
    "归来",
    "雨夜",
    "金线",
    "传承",
    "阁楼",
    "戒指",
    "直播",
)
TITLE_TAILS = ("风波", "之谜", "危机", "重逢", "反转", "惊变", "疑云", "之约", "对决", "秘密")
EVENTS = (
    "在拍卖会上认出了奶奶的绣品",
    "发现合同上的签名是伪造的",
    "被逼到绣坊门口",
    "第一次看清双面绣的两面竟是两幅画",
    "收到一封来自伊斯法罕的旧信",
    "在直播里被网友指控造假",
    "答应替莱拉的展览绣一幅边框",
    "偷偷拍下了鉴定报告",
    "连夜赶回苏州",
    "把奶奶的绣稿藏进了阁楼",
    "当着众人的面拆穿了骗局",
    "说起四十年前的那个约定",
    "在河边等了一整夜",
    "拿到了传承人的推荐信",
    "发现有人在绣坊外面盯梢",
    "把地毯样片和绣稿并排铺开",
)
CLIFFHANGERS = (
    "{b}推门而入，手里拿着那份转让合同。",
    "{a}接到电话：奶奶住院了。",
    "拍卖师落槌的瞬间，{b}举起了号牌。",
    "{a}发现那幅双面绣的背面多了一行陌生的字。",
    "阁楼里的木匣子不见了。",
    "{b}在直播里公开了{a}的身世。",
    "门外站着的，竟是{b}。",
    "{a}手机上跳出一条短信：“别相信{b}。”",
    "鉴定结果出来了，{a}看完脸色煞白。",
)
BEAT_TITLES = {
    "hook": (
        "雨夜来客",
        "当众拆穿",
        "一封旧信",
        "拍卖惊变",
        "绣坊断电",
        "直播翻车",
        "不速之客",
        "合同陷阱",
    ),
    "setup": ("旧账新算", "初到苏州", "约法三章", "暗中调查", "各怀心事"),
    "conflict": ("针锋相对", "撕破脸", "当面对质", "两家之争", "步步紧逼"),
    "reversal": ("局中局", "反客为主", "将计就计", "峰回路转"),
    "reveal": ("真迹现身", "身世之谜", "信里的名字", "鉴定结果"),
    "romance": ("伞下", "天台夜谈", "一针定情", "河边送别"),
    "climax": ("最后一针", "当众对决", "拍卖落槌"),
    "heritage_moment": ("打籽绣", "双面同绣", "手工打结", "墨落宣纸", "锣鼓开场", "影人登台"),
    "cliffhanger": ("门外的人", "戒指", "她是谁", "倒计时", "第二份合同", "消失的绣品"),
    "idea": (
        "番外：奶奶的青春",
        "莱拉的家书",
        "小满的直播间",
        "赵师傅的最后一场戏",
        "彩蛋：地毯上的绣字",
        "回忆：码头初遇",
        "玛丽安娜的采访素材",
    ),
}
MIDDLE_KINDS = (
    ("setup", 3),
    ("conflict", 4),
    ("reversal", 2),
    ("reveal", 2),
    ("romance", 2),
    ("climax", 1),
)
CRAFTS = (
    "打籽绣",
    "双面绣",
    "波斯地毯的手工打结",
    "苏卢斯体的阿拉伯书法",
    "皮影戏的刻皮",
    "法朵的唱腔",
)
CRAFT_DETAILS = (
    "镜头跟着针走，一句台词都没有。",
    "近景拍手，远景拍人。",
    "节奏放慢，让观众看清每一步。",
    "两种手艺同框，互相照应。",
)

# Consultant notes: who writes them, and what they say about a quoted word.
AUTHORS = (
    ("Consultant · Nasim", "consultant", ("fa-IR",)),
    ("Consultant · Yusuf", "consultant", ("ar-SA", "ar-EG")),
    ("Consultant · Beatriz", "consultant", ("pt-BR", "pt-PT")),
    ("Translator · Omid", "translator", ("fa-IR",)),
    ("编剧 · 陈", "writer", ("zh-CN",)),
)
NOTE_BODIES = {
    "fa": (
        "Keep «{quote}» in Persian in the dub too; the polite plural fits an elder.",
        "«{quote}» sounds natural; subtitles should keep its warmth rather than translate it "
        "word for word.",
        "Check the spelling of «{quote}» against the glossary before the packet goes out.",
    ),
    "ar": (
        "«{quote}» is Modern Standard Arabic; Layla would say it more colloquially at home.",
        "Keep «{quote}» as written; softening it loses Layla's edge here.",
        "Arabic subtitles: transliterate the Chinese names next to «{quote}» consistently.",
    ),
    "en": (
        "«{quote}»: too casual for a first meeting? Consider a more formal register.",
        "Pivot English: keep «{quote}» short, it has to fit 42 characters a line.",
    ),
    "zh": (
        "«{quote}» needs a short gloss for Arab and Persian viewers; use the glossary rendering.",
        "«{quote}»: the Portuguese version should follow the glossary, not a literal rendering.",
        "Heritage accuracy: «{quote}» is shown correctly here; approved.",
    ),
}
NOTE_KINDS = ("cultural_context", "translation_note", "accuracy", "sensitivity", "approval")
