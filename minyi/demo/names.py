"""Invented people for the demo: Chinese names, public codes and phone numbers, all drawn from a
seeded random generator so that every load of the demo produces the very same people.

Nothing here touches the database; `plan.py` puts the pieces together."""

import hashlib

from minyi.organisations.public_codes import ALPHABET, LENGTH

# Common surnames, weighted roughly by how often they occur in Hubei (熊, 彭, 余, 涂, 万 are more
# frequent there than nationally).
SURNAMES = (
    ("王", 30), ("李", 30), ("张", 28), ("刘", 26), ("陈", 24), ("杨", 18), ("黄", 16), ("赵", 12), ("吴", 12),
    ("周", 12), ("徐", 10), ("孙", 8), ("胡", 12), ("朱", 8), ("高", 7), ("林", 5), ("何", 8), ("郭", 7),
    ("马", 6), ("罗", 7), ("梁", 5), ("宋", 5), ("郑", 5), ("谢", 5), ("韩", 4), ("唐", 5), ("冯", 4),
    ("于", 3), ("董", 4), ("萧", 2), ("程", 5), ("曹", 4), ("袁", 4), ("邓", 5), ("许", 4), ("傅", 3),
    ("沈", 3), ("曾", 4), ("彭", 6), ("吕", 3), ("苏", 3), ("卢", 3), ("蒋", 3), ("蔡", 3), ("贾", 2),
    ("丁", 3), ("魏", 3), ("薛", 2), ("叶", 3), ("阎", 2), ("余", 6), ("潘", 3), ("杜", 3), ("戴", 3),
    ("夏", 3), ("钟", 3), ("汪", 4), ("田", 4), ("任", 2), ("姜", 2), ("范", 3), ("方", 3), ("石", 3),
    ("姚", 3), ("谭", 3), ("廖", 2), ("邹", 3), ("熊", 6), ("金", 2), ("陆", 2), ("郝", 1), ("孔", 1),
    ("白", 2), ("崔", 1), ("康", 1), ("毛", 2), ("邱", 2), ("秦", 2), ("江", 3), ("史", 1), ("顾", 1),
    ("侯", 2), ("邵", 2), ("孟", 1), ("龙", 2), ("万", 4), ("段", 2), ("雷", 3), ("钱", 1), ("汤", 2),
    ("尹", 2), ("黎", 2), ("易", 3), ("常", 1), ("武", 1), ("乔", 1), ("贺", 2), ("赖", 1), ("龚", 2),
    ("文", 2), ("涂", 3), ("聂", 2), ("鲁", 2), ("向", 2), ("严", 2), ("覃", 1), ("柯", 1), ("喻", 2),
)  # fmt: skip

# Characters of given names, by the gender they are usual for (many serve both).
MALE_CHARACTERS = (
    "建国军华明强伟勇斌峰涛波辉刚林平杰磊鹏浩超文武志兵海东春新德成忠光胜长立永福清振兴宏俊锋飞亮宇江山松金贵家学荣"
    "庆祥发良恒卫中军红朝阳晨凯旭昊坤泽鑫鸿远卿耀庭毅诚然克定安"
)
FEMALE_CHARACTERS = "丽梅芳娟英华红霞燕玲敏静艳萍琴莉秀兰凤珍慧婷雪琳颖佳倩媛洁月春晓桂美荣琼素云巧玉娥菊莲芬翠妮蓉霖晶娜欣悦雯洁"

# People whose names the demo logins already use, so that no invented person shares them.
RESERVED_NAMES = {"李春梅", "王晓梅", "刘建国", "陈志强", "赵丽华", "孙伟", "张大民"}

_CHINESE_DIGITS = "零一二三四五六七八九"


def chinese_number(number):
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (enough for 届, 次 and 选区 numbers)."""
    if not 0 < number < 100:
        raise ValueError(number)
    tens, ones = divmod(number, 10)
    text = ("" if tens == 1 else _CHINESE_DIGITS[tens]) + "十" if tens else ""
    return text + (_CHINESE_DIGITS[ones] if ones else "")


_SURNAME_CHOICES, _SURNAME_WEIGHTS = zip(*SURNAMES, strict=True)


def surname(rng):
    return rng.choices(_SURNAME_CHOICES, weights=_SURNAME_WEIGHTS)[0]


def person_name(rng, gender, taken):
    """A new name for a person of `gender` ("M" or "F") not in `taken` (which it extends)."""
    characters = FEMALE_CHARACTERS if gender == "F" else MALE_CHARACTERS
    while True:
        given = rng.choice(characters)
        if rng.random() < 0.72:  # two-character given names are the usual case for this generation
            second = rng.choice(characters)
            if second == given and rng.random() < 0.7:
                continue  # reduplicated names (丽丽) exist but are rarer
            given += second
        name = surname(rng) + given
        if name not in taken and name not in RESERVED_NAMES:
            taken.add(name)
            return name


def public_code(kind, number):
    """A stable public code (the same alphabet and length as `new_public_code`) derived from the
    demo seed, so that a QR poster printed from one demo database works in the next one."""
    digest = int.from_bytes(hashlib.sha256(f"minyi-demo:{kind}:{number}".encode()).digest(), "big")
    code = []
    for _position in range(LENGTH):
        digest, index = divmod(digest, len(ALPHABET))
        code.append(ALPHABET[index])
    return "".join(code)


def mobile_number(number):
    """An invented mobile number in 199-0000-xxxx, a range no real subscriber is likely to hold."""
    if not 0 <= number < 10000:
        raise ValueError(number)
    return f"1990000{number:04d}"


def office_number(number):
    """An invented Jingmen office number (area code 0724)."""
    if not 0 <= number < 10000:
        raise ValueError(number)
    return f"0724-555{number:04d}"


_VILLAGE_SUFFIXES = (
    ("社区居民委员会", "社区"),
    ("社区居民委会", "社区"),
    ("社区居委会", "社区"),
    ("居民委员会", "社区"),
    ("居委会", "社区"),
    ("村村民委员会", "村"),
    ("村民委员会", "村"),
    ("村村委会", "村"),
    ("村委会", "村"),
)


def short_village_name(name):
    """南门社区居民委员会 → 南门社区, 子陵村村民委员会 → 子陵村, 岳山村民委员会 → 岳山村."""
    for suffix, kind in _VILLAGE_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)] + kind
    return name
