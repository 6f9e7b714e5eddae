"""The demo city as plain data: every congress term, group, representative, mandate, station
assignment and grid the demo holds, computed from the committed region CSV and `jingmen.py`
with a fixed random seed.

`build()` touches no database and returns the same plan on every call and every machine (no set
or dict-order dependence, no clock), so a reload finds every row by its natural key and has
nothing to change. `loader.py` writes the plan."""

import csv
import datetime
import math
import random
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import jingmen as J
from .names import chinese_number, mobile_number, office_number, person_name, public_code, short_village_name

SEED = 4208  # Jingmen's division code; change it and every invented person changes
DATA = Path(__file__).parent / "data"
REGIONS_CSV = DATA / "jingmen_regions.csv"
SIZES = {"full": 1.0, "small": 0.2}

D = datetime.date
ONE_DAY = datetime.timedelta(days=1)
# The demo's current terms have no end date: their planned five years run out around the end of
# 2026, and a demo must keep a current term whenever it is opened. A real congress records the
# end when it enters the next term.
_OPEN_END = None
CITY_MANDATE_START = J.CITY_SESSIONS[0][0]
PROVINCIAL_MANDATE_START = D(2023, 1, 13)  # 湖北省第十四届人民代表大会第一次会议
NATIONAL_MANDATE_START = D(2023, 3, 5)  # 第十四届全国人民代表大会第一次会议
STATIONS_OPENED = D(2022, 3, 1)
GRIDS_FROM = D(2023, 3, 1)


# ---------------------------------------------------------------------------------------------
# Regions


@dataclass(frozen=True)
class RegionRow:
    code: str
    name: str
    level: int
    parent: str


@lru_cache(maxsize=1)
def read_regions():
    with REGIONS_CSV.open(encoding="utf-8-sig", newline="") as handle:
        rows = [RegionRow(r["code"], r["name"], int(r["level"]), r["parent_code"]) for r in csv.DictReader(handle)]
    return {row.code: row for row in rows}


def has_congress(region):
    """City, counties, and the 镇/乡/街道 among townships (development zones and farms have none)."""
    if region.level in (2, 3):
        return True
    return region.level == 4 and region.name.endswith(("镇", "乡", "街道"))


def is_council(region):
    return region.level == 4 and region.name.endswith("街道")


def congress_name(region):
    return f"{region.name}居民议事会" if is_council(region) else f"{region.name}人民代表大会"


def county_of(code):
    return code[:6] + "000000"


def township_of(code):
    return code[:9] + "000"


# ---------------------------------------------------------------------------------------------
# Plan records


@dataclass
class TermData:
    congress: str  # region code
    number: int
    start: datetime.date
    end: datetime.date | None
    sessions: list  # [(number, start, end)]


@dataclass(frozen=True)
class GroupData:
    congress: str
    name: str
    kind: str  # RepresentativeGroup.Kind value


@dataclass
class Person:
    code: str
    name: str
    gender: str
    ethnicity: str
    birth_date: datetime.date
    party: str
    occupation: str
    workplace: str
    position: str
    phone: str
    county: str
    township: str
    village: str
    bio: str = ""
    mandates: list = field(default_factory=list)

    def levels(self, on=None):
        return {m.level for m in self.mandates if on is None or m.covers(on)}


@dataclass
class MandateData:
    person: str  # public code
    level: str  # MandateLevel value
    congress: str | None  # region code
    district: str
    start: datetime.date
    group: str | None = None
    professional_group: str | None = None
    end: datetime.date | None = None
    end_reason: str = ""
    end_note: str = ""

    def covers(self, day):
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class AssignmentData:
    station: str  # station name (unique across the demo)
    person: str
    start: datetime.date


@dataclass(frozen=True)
class GridData:
    region: str
    code: str
    name: str
    responsible: tuple  # public codes


@dataclass
class StationPlan:
    data: J.StationData
    public_code: str
    address: str
    leader_name: str
    contact_name: str
    contact_phone: str


@dataclass
class UnitPlan:
    data: J.UnitData
    contact_name: str
    contact_phone: str
    address: str


@dataclass(frozen=True)
class CongressData:
    region: str
    name: str
    kind: str  # Congress.Kind value
    parent: str | None  # region code of the higher congress


@dataclass
class Plan:
    size: str
    congresses: list
    terms: list
    departments: list  # [(congress region code, name)]
    groups: list
    units: list
    people: list
    stations: list
    assignments: list
    grids: list

    @property
    def mandates(self):
        return [mandate for person in self.people for mandate in person.mandates]


# ---------------------------------------------------------------------------------------------
# Building


def build(size="full"):
    return _Builder(size).build()


REP_LI = dict(
    name="李春梅",
    gender="F",
    ethnicity="01",
    birth_date=D(1978, 4, 12),
    party="01",
    occupation="other",
    workplace="荆门市东宝区龙泉街道南门社区居民委员会",
    position="党委书记、居委会主任",
    bio="扎根社区二十年，牵头推动老旧小区改造和“一老一小”服务，2022年当选市、区两级人大代表。",
)

OCCUPATION_MIX = {
    # primary level of a person: weights of occupation categories (代表构成)
    "county": {"farmer": 25, "worker": 15, "professional": 20, "official": 20, "business": 12, "other": 8},
    "city": {"official": 38, "business": 25, "professional": 25, "worker": 6, "other": 3, "military": 3},
    "township": {"farmer": 55, "worker": 10, "professional": 12, "official": 10, "business": 8, "other": 5},
}
FEMALE_SHARE = {"county": 0.32, "city": 0.3, "township": 0.3}
MINORITIES = (("03", 4), ("15", 3), ("11", 1), ("06", 1), ("02", 1))  # 回族, 土家族, 满族, 苗族, 蒙古族
PARTIES = (("01", 58), ("02", 2), ("13", 24), ("05", 3), ("06", 3), ("07", 3), ("08", 2), ("10", 2), ("12", 3))
COMPANY_WORDS = (
    "楚汉",
    "汉江",
    "象山",
    "龙泉",
    "漳河",
    "明月",
    "莫愁",
    "惠亭",
    "大洪山",
    "石城",
    "楚源",
    "荆楚",
    "江汉",
    "长湖",
    "凤凰",
    "双喜",
)
INDUSTRIES = (
    "化工",
    "机械制造",
    "新材料",
    "电子科技",
    "食品",
    "纺织",
    "建材",
    "再生资源",
    "汽车零部件",
    "农产品加工",
    "物流",
    "生物科技",
)
CROPS = {
    J.DONGBAO: ("茶叶", "柑橘", "蔬菜"),
    J.DUODAO: ("蔬菜", "葡萄", "生猪"),
    J.SHAYANG: ("油菜", "水稻", "小龙虾"),
    J.ZHONGXIANG: ("香菇", "水稻", "葡萄"),
    J.JINGSHAN: ("桥米", "茶叶", "水稻"),
}
COUNTY_DEPARTMENT_NAMES = (
    "发展和改革局", "教育局", "民政局", "财政局", "人力资源和社会保障局", "自然资源和规划局", "住房和城乡建设局",
    "交通运输局", "水利和湖泊局", "农业农村局", "卫生健康局", "市场监督管理局",
)  # fmt: skip


class _Builder:
    def __init__(self, size):
        if size not in SIZES:
            raise ValueError(f"unknown demo size {size!r}; choose one of {', '.join(SIZES)}")
        self.size = size
        self.scale = SIZES[size]
        self.regions = read_regions()
        self.rng = random.Random(SEED)
        self.names = set()
        self.people = []
        self.by_code = {}
        self.children = {}
        for region in self.regions.values():
            self.children.setdefault(region.parent, []).append(region)
        for rows in self.children.values():
            rows.sort(key=lambda region: region.code)

    def seats(self, count):
        return max(1, round(count * self.scale))

    # -- organisation ----------------------------------------------------------------------

    def congress_regions(self):
        return [region for region in sorted(self.regions.values(), key=lambda r: (r.level, r.code)) if has_congress(region)]

    def congresses(self):
        rows = []
        for region in self.congress_regions():
            parent = region.parent if region.parent in self.regions and has_congress(self.regions[region.parent]) else None
            rows.append(CongressData(region.code, congress_name(region), "council" if is_council(region) else "congress", parent))
        return rows

    def townships(self, county_code):
        return [region for region in self.children.get(county_code, []) if has_congress(region)]

    def villages(self, township_code):
        return self.children.get(township_code, [])

    def terms(self):
        terms = []
        for region in self.congress_regions():
            if region.level == 2:
                start = J.CITY_SESSIONS[0][0]
                terms.append(TermData(region.code, J.CITY_TERM_NUMBER, start, _OPEN_END, _numbered(J.CITY_SESSIONS)))
            elif region.level == 3:
                county = J.COUNTY_BY_CODE[region.code]
                start = county.first_session
                sessions = [(start, start + 2 * ONE_DAY)]
                for year in range(2022, 2027):
                    first = D(year, 2 if year % 2 else 1, 10 + _digit(region.code, year))
                    sessions.append((first, first + 2 * ONE_DAY))
                terms.append(TermData(region.code, county.term_number, start, _OPEN_END, _numbered(sessions)))
            elif is_council(region):
                start = J.COUNCIL_TERM_START
                sessions = [(D(year, 3, 15 + _digit(region.code, year)),) * 2 for year in range(2022, 2027)]
                sessions[0] = (start, start)
                terms.append(TermData(region.code, J.COUNCIL_TERM_NUMBER, start, _OPEN_END, _numbered(sessions)))
            else:
                start = D(2021, 12, 10 + _digit(region.code, 2021))
                sessions = [(start, start + ONE_DAY)]
                for year in range(2022, 2027):
                    first = D(year, 2 + year % 2, 18 + _digit(region.code, year))
                    sessions.append((first, first + ONE_DAY))
                number = 16 + int(region.code[6:9]) % 4  # townships were re-formed at different times
                terms.append(TermData(region.code, number, start, _OPEN_END, _numbered(sessions)))
        return terms

    def departments(self):
        rows = []
        for region in self.congress_regions():
            if region.level == 2:
                names = J.CITY_DEPARTMENTS
            elif region.level == 3:
                names = J.COUNTY_DEPARTMENTS
            else:
                names = J.COUNCIL_DEPARTMENTS if is_council(region) else J.TOWNSHIP_DEPARTMENTS
            rows.extend((region.code, name) for name in names)
        return rows

    def groups(self):
        groups = []
        for county in J.COUNTIES:
            for number in (1, 2):
                groups.append(GroupData(J.CITY, f"{county.name}第{chinese_number(number)}代表小组", "area"))
        for name in dict.fromkeys(J.CITY_PROFESSIONAL_GROUPS.values()):
            groups.append(GroupData(J.CITY, name, "professional"))
        for county in J.COUNTIES:
            for township in self.townships(county.code):
                groups.append(GroupData(county.code, f"{township.name}代表小组", "area"))
            for name in dict.fromkeys(J.COUNTY_PROFESSIONAL_GROUPS.values()):
                groups.append(GroupData(county.code, name, "professional"))
        for town in J.TOWNS_WITH_MANDATES:
            for number in (1, 2, 3):
                groups.append(GroupData(town, f"第{chinese_number(number)}代表小组", "area"))
        return groups

    def units(self):
        rng = random.Random(SEED + 1)
        plans = []
        for number, unit in enumerate(J.UNITS):
            county = J.COUNTY_BY_CODE.get(county_of(unit.region))
            if unit.region == J.CITY or county is None:
                where, road = "荆门市东宝区", rng.choice(J.COUNTIES[0].roads)
            elif unit.region == county.code:
                where, road = f"荆门市{county.name}", rng.choice(county.roads)
            else:
                where, road = f"荆门市{county.name}{self.regions[unit.region].name}", rng.choice(county.roads)
            address = f"{where}{road}{rng.randint(1, 280)}号"
            contact = person_name(rng, rng.choice("MF"), self.names)
            plans.append(UnitPlan(unit, contact, office_number(1000 + number), address))
        return plans

    # -- people ------------------------------------------------------------------------------

    def new_person(self, primary, county_code, township_code, *, fixed=None):
        rng = self.rng
        index = len(self.people)
        villages = self.villages(township_code)
        rural = [v for v in villages if short_village_name(v.name).endswith("村")]
        if fixed is None:
            gender = "F" if rng.random() < FEMALE_SHARE[primary] else "M"
            occupation = _weighted(rng, OCCUPATION_MIX[primary])
            if occupation == "farmer" and not rural:
                occupation = "worker"  # a sub-district of residential communities only
            choices = rural if occupation == "farmer" else villages
            village = rng.choice(choices).code if choices else township_code
            name = person_name(rng, gender, self.names)
            youngest = 1990 if occupation == "official" else 1997
            birth = D(rng.randint(1962, youngest), rng.randint(1, 12), rng.randint(1, 28))
            ethnicity = "01" if rng.random() < 0.955 else _weighted(rng, dict(MINORITIES))
            party = "01" if occupation in ("official", "military") else _weighted(rng, dict(PARTIES))
            workplace, position = self.job(occupation, county_code, township_code, village, primary)
            attributes = dict(
                name=name, gender=gender, ethnicity=ethnicity, birth_date=birth, party=party,
                occupation=occupation, workplace=workplace, position=position,
            )  # fmt: skip
        else:
            attributes = dict(fixed)
            village = J.REP_LI_HOME[0]
        person = Person(
            code=public_code("representative", index),
            phone=mobile_number(index + 1),
            county=county_code,
            township=township_code,
            village=village,
            **attributes,
        )
        self.people.append(person)
        self.by_code[person.code] = person
        return person

    def job(self, occupation, county_code, township_code, village_code, primary):
        rng = self.rng
        county = J.COUNTY_BY_CODE[county_code]
        township = self.regions[township_code].name
        village = short_village_name(self.regions[village_code].name) if village_code != township_code else ""
        is_town = not township.endswith("街道")
        place = county.name.removesuffix("市").removesuffix("县").removesuffix("区")
        if occupation == "farmer":
            crop = rng.choice(CROPS[county_code])
            village = village or f"{township}{rng.choice(('新华', '建设', '和平'))}村"
            choice = rng.randrange(6)
            if choice == 0:
                return f"{county.name}{township}{village}", "党支部书记、村委会主任"
            if choice == 1:
                return f"{county.name}{village.removesuffix('村')}{crop}专业合作社", "理事长"
            if choice == 2:
                return f"{county.name}{township}{village}", f"{crop}种植大户" if crop not in (
                    "生猪",
                    "小龙虾",
                ) else f"{crop}养殖大户"
            if choice == 3:
                return f"{county.name}{township}{village}", "家庭农场主"
            return f"{county.name}{township}{village}", rng.choice(("村民", "村委会委员", "村民小组长"))
        if occupation == "worker":
            company = f"{rng.choice((place, '荆门'))}{rng.choice(COMPANY_WORDS)}{rng.choice(INDUSTRIES)}有限公司"
            return company, rng.choice(("一线工人", "车间主任", "班组长", "技术员", "高级技师", "质检员", "操作工"))
        if occupation == "business":
            suffix = rng.choice(("有限公司", "股份有限公司", "有限责任公司"))
            company = f"{rng.choice((place, '荆门', '湖北'))}{rng.choice(COMPANY_WORDS)}{rng.choice(INDUSTRIES)}{suffix}"
            return company, rng.choice(("董事长", "总经理", "董事长、总经理", "副总经理"))
        if occupation == "professional":
            choice = rng.randrange(5)
            if choice == 0:
                school = (
                    f"{county.name}{township}中心小学" if is_town else f"{county.name}第{chinese_number(rng.randint(1, 4))}中学"
                )
                return school, rng.choice(("教师", "副校长", "校长", "教研组长"))
            if choice == 1:
                hospital = f"{county.name}{township}卫生院" if is_town else f"{county.name}{rng.choice(('人民医院', '中医医院'))}"
                return hospital, rng.choice(("主治医师", "副主任医师", "护士长", "院长"))
            if choice == 2:
                return f"湖北{rng.choice(COMPANY_WORDS)}律师事务所", rng.choice(("律师", "主任律师"))
            if choice == 3 and primary == "city":
                return rng.choice(("荆楚理工学院", "荆门职业学院")), rng.choice(("教授", "副教授", "讲师"))
            return f"{county.name}农业技术推广中心", rng.choice(("高级农艺师", "农艺师", "工程师"))
        if occupation == "official":
            if primary == "city":
                name, _short = rng.choice(J.CITY_DEPARTMENT_UNITS)
                return f"荆门市{name}", rng.choice(("局长", "党组书记、局长", "副局长", "主任"))
            if primary == "county" and rng.random() < 0.4:
                return f"{county.name}{rng.choice(COUNTY_DEPARTMENT_NAMES)}", rng.choice(("局长", "党组书记、局长", "副局长"))
            if is_town:
                head = "乡长" if township.endswith("乡") else "镇长"
                body = "人民政府" if rng.random() < 0.6 else "党委"
                position = (
                    rng.choice((head, f"副{head}", "人大主席")) if body == "人民政府" else rng.choice(("党委书记", "党委副书记"))
                )
                return f"{county.name}{township}{body}", position
            return f"{county.name}{township}办事处", rng.choice(("党工委书记", "办事处主任", "人大工委主任"))
        if occupation == "military":
            return rng.choice(("中国人民解放军驻荆某部", "武警荆门支队")), rng.choice(("政治委员", "参谋长"))
        choice = rng.randrange(3)
        if choice == 0 and village.endswith("社区"):
            return f"{county.name}{township}{village}居民委员会", "党委书记、居委会主任"
        if choice == 1:
            return f"{place}{rng.choice(COMPANY_WORDS)}志愿者协会", "会长"
        return f"{township}{rng.choice(COMPANY_WORDS)}便民超市", "个体工商户"

    def mandate(self, person, level, congress, district, start, **extra):
        mandate = MandateData(person.code, level, congress, district, start, **extra)
        person.mandates.append(mandate)
        return mandate

    def representatives(self):
        rng = self.rng
        rep_li = None
        county_reps = {}
        for county in J.COUNTIES:
            townships = self.townships(county.code)
            weights = [3 if t.code in county.urban else 2 if t.code in J.TOWNS_WITH_MANDATES else 1 for t in townships]
            homes = _apportion(self.seats(county.county_seats), weights)
            reps = []
            district = 0
            for township, count in zip(townships, homes, strict=True):
                for number in range(count):
                    if number % 2 == 0:
                        district += 1
                    if county.code == J.DONGBAO and township.code == J.LONGQUAN and rep_li is None:
                        person = rep_li = self.new_person("county", county.code, township.code, fixed=REP_LI)
                    else:
                        person = self.new_person("county", county.code, township.code)
                    group = f"{township.name}代表小组"
                    professional = J.COUNTY_PROFESSIONAL_GROUPS.get(person.occupation) if rng.random() < 0.5 else None
                    self.mandate(
                        person, "county", county.code, f"第{chinese_number(district)}选区", county.first_session,
                        group=group, professional_group=professional,
                    )  # fmt: skip
                    reps.append(person)
            county_reps[county.code] = reps

        # Two county seats fell vacant and were filled at by-elections (补选).
        vacancies = [
            (J.SHAYANG, D(2024, 3, 15), "resignation", "因工作调动辞去代表职务", D(2024, 6, 20)),
            (J.ZHONGXIANG, D(2025, 6, 30), "termination", "调离本行政区域，代表资格终止（代表法第四十九条）", D(2025, 9, 18)),
        ]
        for county_code, end, reason, note, by_election in vacancies if self.size == "full" else ():
            leaving = county_reps[county_code][-1]
            seat = leaving.mandates[0]
            seat.end, seat.end_reason, seat.end_note = end, reason, note
            successor = self.new_person("county", county_code, leaving.township)
            self.mandate(successor, "county", county_code, seat.district, by_election, group=seat.group)
            county_reps[county_code][-1:] = [successor]

        # City seats: each county congress elects its share, about half of them among its own
        # representatives (who then hold two mandates), the rest among people active at city level.
        city_holders = []
        for county in J.COUNTIES:
            seats = self.seats(county.city_seats)
            overlap = round(seats * 0.55)
            pool = [p for p in county_reps[county.code] if p is not rep_li and p.mandates[0].end is None]
            chosen = _weighted_sample(
                rng,
                pool,
                [3 if p.occupation in ("official", "business") else 2 if p.occupation == "professional" else 1 for p in pool],
                overlap - (county.code == J.DONGBAO),
            )
            if county.code == J.DONGBAO:
                chosen.insert(0, rep_li)
            while len(chosen) < seats:
                chosen.append(self.new_person("city", county.code, rng.choice(county.urban)))
            for number, person in enumerate(chosen):
                group = f"{county.name}第{chinese_number(1 + number % 2)}代表小组"
                professional = J.CITY_PROFESSIONAL_GROUPS[person.occupation] if rng.random() < 0.45 else None
                if person is rep_li:
                    group, professional = f"{county.name}第一代表小组", J.CITY_PROFESSIONAL_GROUPS["professional"]
                self.mandate(
                    person, "city", J.CITY, f"{county.name}人民代表大会", CITY_MANDATE_START,
                    group=group, professional_group=professional,
                )  # fmt: skip
                city_holders.append(person)

        # Township seats in the towns the demo fills: some of the town's county representatives
        # also sit in its own congress (三级代表 with the city ones), the rest are village people.
        for town in J.TOWNS_WITH_MANDATES:
            county_code = county_of(town)
            residents = [p for p in county_reps[county_code] if p.township == town and p.mandates[0].end is None]
            seats = self.seats(J.TOWNSHIP_SEATS)
            members = residents[: min(6, len(residents), seats - 1)]
            while len(members) < seats:
                members.append(self.new_person("township", county_code, town))
            start = D(2021, 12, 10 + _digit(town, 2021))
            for number, person in enumerate(members):
                self.mandate(
                    person, "township", town, f"第{chinese_number(1 + number // 2)}选区", start,
                    group=f"第{chinese_number(1 + number % 3)}代表小组",
                )  # fmt: skip

        # Provincial and national representatives, elected by the congress one level up from
        # among the city's representatives. Those congresses lie above the demo's root, so their
        # mandates name no congress.
        candidates = [p for p in city_holders if p is not rep_li]
        weights = [4 if p.occupation in ("official", "business") else 2 for p in candidates]
        provincial = _weighted_sample(rng, candidates, weights, self.seats(15))
        for person in provincial:
            self.mandate(person, "provincial", None, "荆门市人民代表大会", PROVINCIAL_MANDATE_START)
        rest = [p for p in candidates if p not in provincial]
        national = []
        for wanted in ("farmer", "worker", "business"):  # a grower, a worker, an entrepreneur
            pool = [p for p in rest if p not in national]
            national.append(next((p for p in pool if p.occupation == wanted), pool[0]))
        for person in national[: self.seats(3)]:
            self.mandate(person, "national", None, "湖北省人民代表大会", NATIONAL_MANDATE_START)
        self.rep_li = rep_li

    # -- stations, assignments, grids --------------------------------------------------------

    def stations(self):
        rng = random.Random(SEED + 2)
        plans = []
        for number, station in enumerate(J.STATIONS):
            region = self.regions[station.region]
            county = J.COUNTY_BY_CODE.get(county_of(station.region))
            if station.kind == "online":
                address = ""
            elif region.level >= 4:
                township = self.regions[township_of(station.region)].name
                village = short_village_name(region.name) if region.level == 5 else ""
                address = f"荆门市{county.name}{township}{village}{station.place.removeprefix(township)}"
            else:
                address = f"荆门市{county.name}{rng.choice(county.roads)}{rng.randint(1, 200)}号{station.place}"
            plans.append(
                StationPlan(
                    data=station,
                    public_code=public_code("station", number),
                    address=address,
                    leader_name="",  # filled in from the assigned representatives
                    contact_name=person_name(rng, rng.choice("MF"), self.names),
                    contact_phone=office_number(2000 + number),
                )
            )
        return plans

    def assignments(self, stations):
        rng = random.Random(SEED + 3)
        today_current = [p for p in self.people if any(m.end is None for m in p.mandates)]
        load = {}
        result = []
        rep_li_stations = set(J.REP_LI_STATIONS)
        for plan in stations:
            station = plan.data
            size = max(3, self.seats(station.size))
            counties = station.draw_from or (county_of(station.region),)
            township = township_of(station.region) if self.regions[station.region].level >= 4 else None

            def free(person):
                return person is not self.rep_li and load.get(person.code, 0) < 2

            in_counties = [p for p in today_current if p.county in counties and free(p)]
            if station.professions:
                in_counties = [p for p in in_counties if p.occupation in station.professions]
            higher = [p for p in in_counties if p.levels() & {"city", "provincial", "national"}]
            local = [p for p in in_counties if township and p.township == township]
            rest = [p for p in in_counties if p not in local]
            for pool in (higher, local, rest):
                rng.shuffle(pool)
            chosen = [self.rep_li] if station.name in rep_li_stations else []
            chosen += [p for p in higher if p not in chosen][: 1 if station.kind in ("contact_point", "observation") else 2]
            for pool in (local, rest, higher):
                chosen += [p for p in pool if p not in chosen][: size - len(chosen)]
            # The station's leader: an official among its representatives where there is one.
            leader = next((p for p in chosen if p.occupation == "official"), chosen[0])
            plan.leader_name = leader.name
            for person in chosen:
                load[person.code] = load.get(person.code, 0) + 1
                # From the opening of the stations, or from a by-elected representative's first day.
                start = max(STATIONS_OPENED, min(m.start for m in person.mandates if m.end is None))
                result.append(AssignmentData(station.name, person.code, start))
        return result

    def grids(self, assignments):
        station_of_community = {s.region: s.name for s in J.STATIONS}
        rng = random.Random(SEED + 4)
        grids = []
        for community, count in J.GRID_COMMUNITIES:
            station = station_of_community[community]
            people = [a.person for a in assignments if a.station == station]
            if self.rep_li.code in people:
                people.remove(self.rep_li.code)
                people.insert(0, self.rep_li.code)
            else:
                rng.shuffle(people)
            short = short_village_name(self.regions[community].name)
            for number in range(1, count + 1):
                responsible = tuple(people[(number - 1) * 2 : (number - 1) * 2 + (2 if number == 1 else 1)])
                grids.append(GridData(community, f"{number:02d}", f"{short}第{chinese_number(number)}网格", responsible))
        return grids

    def build(self):
        units = self.units()
        self.representatives()
        stations = self.stations()
        assignments = self.assignments(stations)
        return Plan(
            size=self.size,
            congresses=self.congresses(),
            terms=self.terms(),
            departments=self.departments(),
            groups=self.groups(),
            units=units,
            people=self.people,
            stations=stations,
            assignments=assignments,
            grids=self.grids(assignments),
        )


# ---------------------------------------------------------------------------------------------
# Helpers


def _numbered(sessions):
    return [(number, start, end) for number, (start, end) in enumerate(sessions, start=1)]


def _digit(code, salt):
    """A small number (0–9) fixed by a region code, to spread dates without randomness."""
    return (int(code[:9]) * 7 + salt * 13) % 10


def _weighted(rng, weights):
    keys = list(weights)
    return rng.choices(keys, weights=[weights[key] for key in keys])[0]


def _weighted_sample(rng, items, weights, count):
    """`count` distinct items, drawn with the given weights (Efraimidis–Spirakis)."""
    keyed = sorted(range(len(items)), key=lambda i: -math.log(rng.random() or 1e-12) / weights[i])
    return [items[i] for i in keyed[: max(0, count)]]


def _apportion(total, weights):
    """Split `total` in proportion to `weights` (largest remainder); ties go to the earlier."""
    whole = sum(weights)
    shares = [total * weight / whole for weight in weights]
    counts = [int(share) for share in shares]
    order = sorted(range(len(weights)), key=lambda i: (-(shares[i] - counts[i]), i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts
