"""What the demo says about Jingmen beyond its regions: congress terms and sessions, congress
departments, handling units and stations. Region names and codes are real (from the committed
CSV); terms, dates, people, addresses and phone numbers are invented but plausible."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

D = datetime.date
T = datetime.time

CITY = "420800000000"
PROVINCE = "420000000000"
DONGBAO = "420802000000"
DUODAO = "420804000000"
SHAYANG = "420822000000"
ZHONGXIANG = "420881000000"
JINGSHAN = "420882000000"

# Township-level regions the demo refers to by name (all real codes).
LONGQUAN = "420802001000"
QUANKOU = "420802002000"
ZILINGPU = "420802101000"
ZHANGHE = "420802102000"
XIANJU = "420802200000"
DUODAOSHI = "420804001000"
BAIMIAO = "420804002000"
TUANLINPU = "420804100000"
MACHENG = "420804101000"
SHAYANG_TOWN = "420822100000"
WULIPU = "420822101000"
JISHAN = "420822103000"
HOUGANG = "420822105000"
YINGZHONG = "420881001000"
YANGZI = "420881100000"
HUJI = "420881103000"
CHAIHU = "420881110000"
KEDIAN = "420881113000"
XINSHI = "420882001000"
CAOWU = "420882102000"
SONGHE = "420882104000"
SUNQIAO = "420882109000"


@dataclass(frozen=True)
class County:
    code: str
    name: str
    term_number: int
    first_session: datetime.date
    county_seats: int  # county mandates the demo invents
    city_seats: int  # city mandates elected by this county's congress
    centre: tuple  # (latitude, longitude) of the county seat, approximately
    roads: tuple  # street names for invented addresses
    urban: tuple  # township-level regions that make up the county seat


COUNTIES = (
    County(DONGBAO, "东宝区", 10, D(2021, 12, 27), 45, 22, (31.035, 112.200), ("象山大道", "白云大道", "金虾路", "中天街"), (LONGQUAN, QUANKOU)),
    County(DUODAO, "掇刀区", 5, D(2021, 12, 28), 35, 18, (30.975, 112.210), ("月亮湖路", "长宁大道", "深圳大道", "白庙路"), (BAIMIAO, DUODAOSHI)),
    County(SHAYANG, "沙洋县", 6, D(2021, 12, 24), 50, 22, (30.709, 112.588), ("汉津大道", "江汉大道", "平湖路"), (SHAYANG_TOWN,)),
    County(ZHONGXIANG, "钟祥市", 19, D(2021, 12, 22), 70, 34, (31.168, 112.588), ("莫愁大道", "承天大道", "王府大道"), (YINGZHONG,)),
    County(JINGSHAN, "京山市", 20, D(2021, 12, 23), 50, 24, (31.018, 113.119), ("京源大道", "新阳大道", "轻机大道"), (XINSHI,)),
)  # fmt: skip
COUNTY_BY_CODE = {county.code: county for county in COUNTIES}

# The city congress: 第九届, first session January 2022, five annual sessions so far.
CITY_TERM_NUMBER = 9
CITY_SESSIONS = (
    (D(2022, 1, 5), D(2022, 1, 8)),
    (D(2023, 1, 10), D(2023, 1, 13)),
    (D(2024, 1, 9), D(2024, 1, 12)),
    (D(2025, 1, 7), D(2025, 1, 10)),
    (D(2026, 1, 6), D(2026, 1, 9)),
)
# Sub-district residents' deliberation councils: members chosen for five years from spring 2022.
COUNCIL_TERM_NUMBER = 1
COUNCIL_TERM_START = D(2022, 3, 15)

# Towns whose congresses the demo fills with mandates (15 each); the other township congresses
# exist with their terms and sessions but no representatives.
TOWNSHIP_SEATS = 15
TOWNS_WITH_MANDATES = (ZILINGPU, ZHANGHE, TUANLINPU, SHAYANG_TOWN, HOUGANG, YANGZI, HUJI, CHAIHU, SONGHE, CAOWU)

CITY_DEPARTMENTS = (
    "办公室",
    "代表工作委员会",
    "人事代表选举委员会",
    "财政经济委员会",
    "社会建设委员会",
    "法制委员会",
    "监察和司法委员会",
    "教育科学文化卫生委员会",
    "农业与农村委员会",
    "城乡建设环境与资源保护委员会",
    "预算工作委员会",
    "研究室",
)
COUNTY_DEPARTMENTS = (
    "办公室",
    "代表工作委员会",
    "人事代表选举委员会",
    "法制工作委员会",
    "财政经济工作委员会",
    "教育科学文化卫生工作委员会",
    "农业与农村工作委员会",
)
TOWNSHIP_DEPARTMENTS = ("人大办公室",)
COUNCIL_DEPARTMENTS = ("议事会办公室",)

# City congress groups: two area groups per county's delegation, and professional groups.
CITY_PROFESSIONAL_GROUPS = {
    "farmer": "农业农村专业代表小组",
    "business": "财政经济专业代表小组",
    "worker": "财政经济专业代表小组",
    "professional": "教育科学文化卫生专业代表小组",
    "official": "城乡建设环境资源专业代表小组",
    "other": "监察和司法专业代表小组",
    "military": "监察和司法专业代表小组",
}
COUNTY_PROFESSIONAL_GROUPS = {
    "farmer": "农业农村专业代表小组",
    "business": "经济发展专业代表小组",
    "worker": "经济发展专业代表小组",
}


@dataclass(frozen=True)
class UnitData:
    region: str
    name: str
    branch: str  # a Unit.Branch value
    parent: str = ""  # name of the parent unit in the same region
    short_name: str = ""


CITY_DEPARTMENT_UNITS = (
    ("发展和改革委员会", "市发改委"),
    ("教育局", "市教育局"),
    ("公安局", "市公安局"),
    ("民政局", "市民政局"),
    ("财政局", "市财政局"),
    ("人力资源和社会保障局", "市人社局"),
    ("自然资源和规划局", "市自然资源和规划局"),
    ("生态环境局", "市生态环境局"),
    ("住房和城乡建设局", "市住建局"),
    ("交通运输局", "市交通运输局"),
    ("水利和湖泊局", "市水利和湖泊局"),
    ("农业农村局", "市农业农村局"),
    ("商务局", "市商务局"),
    ("文化和旅游局", "市文旅局"),
    ("卫生健康委员会", "市卫健委"),
    ("应急管理局", "市应急管理局"),
    ("市场监督管理局", "市市场监管局"),
    ("城市管理执法委员会", "市城管执法委"),
)

UNITS = (
    UnitData(CITY, "荆门市人民政府", "government", short_name="市政府"),
    *(UnitData(CITY, f"荆门市{name}", "department", "荆门市人民政府", short) for name, short in CITY_DEPARTMENT_UNITS),
    UnitData(CITY, "荆门市监察委员会", "supervision", short_name="市监委"),
    UnitData(CITY, "荆门市中级人民法院", "court", short_name="市中院"),
    UnitData(CITY, "荆门市人民检察院", "procuratorate", short_name="市检察院"),
    UnitData(DONGBAO, "东宝区人民政府", "government", short_name="东宝区政府"),
    UnitData(DONGBAO, "东宝区住房和城乡建设局", "department", "东宝区人民政府"),
    UnitData(DONGBAO, "东宝区教育局", "department", "东宝区人民政府"),
    UnitData(DONGBAO, "东宝区人民法院", "court"),
    UnitData(DONGBAO, "东宝区人民检察院", "procuratorate"),
    UnitData(DUODAO, "掇刀区人民政府", "government", short_name="掇刀区政府"),
    UnitData(DUODAO, "掇刀区城市管理执法局", "department", "掇刀区人民政府"),
    UnitData(SHAYANG, "沙洋县人民政府", "government", short_name="沙洋县政府"),
    UnitData(SHAYANG, "沙洋县农业农村局", "department", "沙洋县人民政府"),
    UnitData(ZHONGXIANG, "钟祥市人民政府", "government", short_name="钟祥市政府"),
    UnitData(ZHONGXIANG, "钟祥市文化和旅游局", "department", "钟祥市人民政府"),
    UnitData(JINGSHAN, "京山市人民政府", "government", short_name="京山市政府"),
    UnitData(JINGSHAN, "京山市交通运输局", "department", "京山市人民政府"),
    UnitData(LONGQUAN, "龙泉街道办事处", "township"),
    UnitData(QUANKOU, "泉口街道办事处", "township"),
    UnitData(ZILINGPU, "子陵铺镇人民政府", "township"),
    UnitData(TUANLINPU, "团林铺镇人民政府", "township"),
    UnitData(HOUGANG, "后港镇人民政府", "township"),
    UnitData(YINGZHONG, "郢中街道办事处", "township"),
)


@dataclass(frozen=True)
class Rule:
    kind: str  # a ReceptionRule.Kind value
    start: datetime.time
    end: datetime.time
    day_of_month: int | None = None
    weekday: int | None = None
    date: datetime.date | None = None


# The usual timetables. The 5th of every month is Jingmen's 代表接待选民日.
MONTHLY_5TH = Rule("monthly", T(9, 0), T(11, 30), day_of_month=5)
MONTHLY_15TH_PM = Rule("monthly", T(14, 30), T(17, 0), day_of_month=15)
MONTHLY_20TH = Rule("monthly", T(9, 0), T(11, 30), day_of_month=20)
TUESDAY_PM = Rule("weekly", T(14, 30), T(17, 0), weekday=1)
WEDNESDAY_AM = Rule("weekly", T(9, 0), T(11, 0), weekday=2)
THURSDAY_AM = Rule("weekly", T(9, 0), T(11, 30), weekday=3)
FRIDAY_AM = Rule("weekly", T(9, 0), T(11, 0), weekday=4)
# 国家宪法日: the legislative contact points hold an extra session on draft regulations.
CONSTITUTION_DAY = Rule("once", T(9, 0), T(11, 30), date=D(2026, 12, 4))

# (date, moved to or None, reason)
NATIONAL_DAY_OFF = (D(2026, 10, 5), None, "国庆节假期，本月代表接待选民日取消")
DECEMBER_5TH_SATURDAY = (D(2026, 12, 5), D(2026, 12, 4), "12月5日为周六，代表接待选民日提前至12月4日（周五）")
YEAR_END_INSPECTION = (D(2026, 12, 29), D(2026, 12, 31), "年终代表集中视察，当周接待改至周四")

OFFICE_HOURS = "工作日 8:30—12:00、14:30—17:30（法定节假日除外）"
ONLINE_HOURS = "全天候在线受理，工作日 24 小时内响应；每周三上午代表在线值守"
CONTACT_POINT_HOURS = "每周四上午代表值守，其他时间可电话预约"


@dataclass(frozen=True)
class StationData:
    region: str  # a township- or village-level code, or a county or the city for online stations
    name: str
    kind: str  # a Station.Kind value
    congress: str  # region code of the congress that runs it
    size: int  # representatives assigned
    rules: tuple = ()
    exceptions: tuple = ()
    profession: str = ""
    place: str = ""  # building, after the region names, for the address
    coordinates: tuple | None = None
    opening_hours: str = OFFICE_HOURS
    per_day: int = 1  # representatives on duty per reception day
    professions: tuple = ()  # occupation categories a professional station draws on
    draw_from: tuple = field(default=())  # county codes to draw representatives from (default: its own)


def _c(latitude, longitude):
    return (Decimal(f"{latitude:.6f}"), Decimal(f"{longitude:.6f}"))


STATIONS = (
    # 代表之家
    StationData(QUANKOU, "泉口街道人大代表之家", "home", DONGBAO, 12, (MONTHLY_5TH, TUESDAY_PM), (NATIONAL_DAY_OFF, YEAR_END_INSPECTION),
                place="泉口街道党群服务中心三楼", coordinates=_c(31.0189, 112.2128), per_day=2),
    StationData(ZILINGPU, "子陵铺镇人大代表之家", "home", ZILINGPU, 12, (MONTHLY_5TH, TUESDAY_PM), (NATIONAL_DAY_OFF,),
                place="子陵铺镇人民政府院内", coordinates=_c(31.1321, 112.1688), per_day=2),
    StationData(TUANLINPU, "团林铺镇人大代表之家", "home", TUANLINPU, 12, (MONTHLY_5TH,), (NATIONAL_DAY_OFF, DECEMBER_5TH_SATURDAY),
                place="团林铺镇便民服务中心二楼", coordinates=_c(30.8792, 112.1917), per_day=2),
    StationData(HOUGANG, "后港镇人大代表之家", "home", HOUGANG, 12, (MONTHLY_5TH, TUESDAY_PM), (NATIONAL_DAY_OFF,),
                place="后港镇文化站一楼", coordinates=_c(30.6087, 112.4215), per_day=2),
    StationData(CHAIHU, "柴湖镇人大代表之家", "home", CHAIHU, 12, (MONTHLY_5TH,), (NATIONAL_DAY_OFF, DECEMBER_5TH_SATURDAY),
                place="大柴湖新城社区党群服务中心", coordinates=_c(31.0243, 112.7386), per_day=2),
    StationData(SONGHE, "宋河镇人大代表之家", "home", SONGHE, 12, (MONTHLY_5TH, TUESDAY_PM), (NATIONAL_DAY_OFF,),
                place="宋河镇人民政府东侧", coordinates=_c(31.1712, 113.1083), per_day=2),
    # 代表联络站 (village or community level)
    StationData("420802001001", "南门社区人大代表联络站", "liaison", DONGBAO, 10, (MONTHLY_5TH, TUESDAY_PM), (DECEMBER_5TH_SATURDAY,),
                place="党群服务中心二楼", coordinates=_c(31.0318, 112.1987), per_day=2),
    StationData("420802002001", "金龙泉社区人大代表联络站", "liaison", DONGBAO, 10, (MONTHLY_5TH,), (DECEMBER_5TH_SATURDAY,),
                place="党群服务中心一楼", coordinates=_c(31.0265, 112.2093)),
    StationData("420804002002", "月亮湖社区人大代表联络站", "liaison", DUODAO, 10, (MONTHLY_5TH, TUESDAY_PM), (),
                place="党群服务中心二楼", coordinates=_c(30.9912, 112.2056), per_day=2),
    StationData("420804001008", "名泉社区人大代表联络站", "liaison", DUODAO, 10, (MONTHLY_15TH_PM,), (),
                place="邻里中心三楼", coordinates=_c(30.9623, 112.2249)),
    StationData("420802102201", "刘院村人大代表联络站", "liaison", ZHANGHE, 10, (MONTHLY_5TH,), (NATIONAL_DAY_OFF,),
                place="村委会二楼", coordinates=_c(30.9811, 112.0624)),
    StationData("420822100002", "平湖社区人大代表联络站", "liaison", SHAYANG_TOWN, 10, (MONTHLY_5TH, TUESDAY_PM), (),
                place="党群服务中心一楼", coordinates=_c(30.7114, 112.5956), per_day=2),
    StationData("420881001011", "文峰社区人大代表联络站", "liaison", ZHONGXIANG, 10, (MONTHLY_5TH,), (DECEMBER_5TH_SATURDAY,),
                place="党群服务中心二楼", coordinates=_c(31.1659, 112.5872)),
    StationData("420881103001", "胡集社区人大代表联络站", "liaison", HUJI, 10, (MONTHLY_15TH_PM,), (),
                place="社区服务中心一楼"),
    StationData("420882001003", "钟鼓楼社区人大代表联络站", "liaison", JINGSHAN, 10, (MONTHLY_5TH, TUESDAY_PM), (),
                place="党群服务中心三楼", coordinates=_c(31.0196, 113.1142), per_day=2),
    StationData("420882102209", "曹武村人大代表联络站", "liaison", CAOWU, 10, (MONTHLY_5TH,), (NATIONAL_DAY_OFF,),
                place="村党群服务中心"),
    # 代表联系点 (run by the county congresses)
    StationData("420802200203", "珍珠村人大代表联系点", "contact_point", DONGBAO, 6, (THURSDAY_AM,), (),
                place="村委会一楼", opening_hours=CONTACT_POINT_HOURS),
    StationData("420804101213", "荆港村人大代表联系点", "contact_point", DUODAO, 6, (THURSDAY_AM,), (),
                place="村委会二楼", opening_hours=CONTACT_POINT_HOURS),
    StationData("420822103205", "纪山村人大代表联系点", "contact_point", SHAYANG, 6, (MONTHLY_20TH,), (),
                place="村党群服务中心", opening_hours=CONTACT_POINT_HOURS),
    StationData("420881113204", "明灯村人大代表联系点", "contact_point", ZHONGXIANG, 6, (THURSDAY_AM,), (),
                place="村委会一楼", opening_hours=CONTACT_POINT_HOURS),
    # 网上代表联络站
    StationData(CITY, "荆门人大网上代表联络站", "online", CITY, 8, (WEDNESDAY_AM,), (), opening_hours=ONLINE_HOURS,
                draw_from=(DONGBAO, DUODAO, SHAYANG, ZHONGXIANG, JINGSHAN)),
    StationData(ZHONGXIANG, "钟祥市人大网上代表联络站", "online", ZHONGXIANG, 8, (WEDNESDAY_AM,), (), opening_hours=ONLINE_HOURS),
    # 专业代表联络站 (run by the city congress, except the last)
    StationData(SHAYANG, "荆门市人大农业农村专业代表联络站", "professional", CITY, 8, (MONTHLY_20TH,), (),
                profession="农业农村", place="沙洋县农业技术推广中心三楼", coordinates=_c(30.7032, 112.5791),
                professions=("farmer",), draw_from=(SHAYANG, ZHONGXIANG, JINGSHAN, DONGBAO, DUODAO)),
    StationData(DUODAO, "荆门市人大新材料产业专业代表联络站", "professional", CITY, 8, (MONTHLY_20TH,), (),
                profession="工业和营商环境", place="荆门高新区企业服务中心四楼", coordinates=_c(30.9521, 112.2433),
                professions=("business", "worker"), draw_from=(DUODAO, DONGBAO)),
    StationData(JINGSHAN, "京山市人大生态环境专业代表联络站", "professional", JINGSHAN, 8, (MONTHLY_15TH_PM,), (),
                profession="生态环境", place="京山市生态环境保护综合执法大队二楼",
                professions=("professional", "official", "farmer")),
    # 基层立法联系点 (run by the city congress, which makes local regulations)
    StationData(LONGQUAN, "龙泉街道基层立法联系点", "legislative", CITY, 8, (MONTHLY_5TH, CONSTITUTION_DAY), (NATIONAL_DAY_OFF,),
                place="龙泉街道综合服务中心四楼", coordinates=_c(31.0352, 112.2011)),
    StationData(SUNQIAO, "孙桥镇基层立法联系点", "legislative", CITY, 8, (MONTHLY_5TH, CONSTITUTION_DAY), (),
                place="孙桥镇人民政府二楼"),
    # 社情民意观察点
    StationData(BAIMIAO, "白庙街道社情民意观察点", "observation", DUODAO, 6, (FRIDAY_AM,), (),
                place="白庙街道综合服务中心一楼", coordinates=_c(30.9874, 112.2171)),
    StationData(YANGZI, "洋梓镇社情民意观察点", "observation", ZHONGXIANG, 6, (FRIDAY_AM,), (),
                place="洋梓镇综合文化站"),
    StationData(WULIPU, "五里铺镇社情民意观察点", "observation", SHAYANG, 6, (FRIDAY_AM,), (),
                place="五里铺镇便民服务中心", coordinates=_c(30.8047, 112.4562)),
)  # fmt: skip

# Grids (网格) in four communities that have a liaison station: (community code, number of grids).
GRID_COMMUNITIES = (("420802001001", 4), ("420804002002", 3), ("420881001011", 3), ("420882001003", 3))

# rep_li's two stations.
REP_LI_STATIONS = ("南门社区人大代表联络站", "龙泉街道基层立法联系点")
REP_LI_HOME = ("420802001001", LONGQUAN, DONGBAO)
