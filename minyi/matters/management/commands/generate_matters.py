"""Generate N synthetic citizens' opinions across the demo city, for benchmarks.

    manage.py generate_matters 1000000 [--seed 2026] [--batch-size 10000] [--open-assignments K] [--unswept] [--clear]

Each matter is written as the engine would have left it: the matter (title and text from
templates of places and problems per category, the search words cut the way
minyi.matters.search.words_of cuts them), its Opinion row (a few with an encrypted phone), 2–6
timeline events along its status path, assignments with working-day deadlines and their
colour, replies and evaluations. Statuses follow the matter's age: recent ones are still open,
old ones mostly closed.

Rows go in by batches without the per-matter services (one transaction per batch): on
PostgreSQL with COPY, elsewhere with bulk_create. Needs the demo city (`manage.py load_demo`).
`--open-assignments K` makes exactly K open assignments (assigned or signed), recent enough that
their deadlines are spread over normal, approaching and overdue; `--unswept` stores all of them
as "normal", as if the deadline sweep had never run (the sweep bench needs work to do).
`--clear` first deletes every matter and what hangs on it: for bench databases only."""

import datetime
import functools
import itertools
import json
import random
import time
import types
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from minyi.accounts.models import Role, RoleGrant
from minyi.demo.names import short_village_name
from minyi.matters import deadlines, search
from minyi.matters.models import (
    TRACKING_ALPHABET,
    TRACKING_LENGTH,
    Assignment,
    Channel,
    DeadlineState,
    Evaluation,
    HandlingClass,
    Matter,
    Rating,
    Reply,
    TimelineEvent,
)
from minyi.opinions.models import Category, Form, Opinion
from minyi.opinions.policy import DEFAULT_RULES, KIND, SNAPSHOT_RULES
from minyi.opinions.services import title_from
from minyi.organisations.models import Congress, Station, Unit
from minyi.regions.models import Region
from minyi.representatives import personal_data
from minyi.representatives.models import Mandate
from minyi.workdays.calendar import Calendar, local_date

CITY_REGION = "420800000000"

# (code, name, words that name the units usually in charge, [(short problem, the citizen's clause)])
CATEGORIES = (
    ("city", "城市管理", ("城市管理", "住房和城乡建设", "街道", "镇人民政府"), (
        ("路灯不亮", "路灯不亮，晚上黑漆漆一片"),
        ("井盖缺失", "有个井盖缺失，只用树枝围了一下"),
        ("垃圾清运不及时", "垃圾桶满了没人清运，气味很大"),
        ("占道经营", "流动摊贩占道经营，把人行道都堵了"),
        ("绿化带杂草丛生", "绿化带杂草丛生，没有人管护"),
        ("公厕无人保洁", "公共厕所无人保洁，脏乱不堪"),
        ("人行道地砖破损", "人行道地砖破损翘起，老人容易绊倒"),
        ("违章搭建", "有人违章搭建彩钢棚，占用公共空间"),
    )),
    ("traffic", "交通出行", ("交通运输", "公安", "人民政府"), (
        ("道路积水", "一下雨道路就积水，车辆和行人都过不去"),
        ("红绿灯故障", "红绿灯故障，路口车辆乱成一团"),
        ("公交站台缺少遮阳棚", "公交站台缺少遮阳棚和座椅，等车很辛苦"),
        ("路面坑洼不平", "路面坑洼不平，电动车经常摔倒"),
        ("停车位不足", "停车位严重不足，车辆乱停乱放"),
        ("校门口上下学拥堵", "学校门口上下学时段严重拥堵"),
        ("缺少减速带", "路口车速很快，缺少减速带和警示标志"),
        ("公交班次太少", "公交线路班次太少，一等就是半小时"),
    )),
    ("housing", "住房物业", ("住房和城乡建设", "自然资源"), (
        ("小区加装电梯", "老旧小区想加装电梯，但审批手续不清楚"),
        ("物业服务不到位", "物业服务不到位，收费却年年上涨"),
        ("楼顶漏水", "楼顶漏水多年，维修资金一直申请不下来"),
        ("消防通道被堵", "小区消防通道长期被车辆堵塞"),
        ("供水管网老化", "小区供水管网老化，经常停水爆管"),
        ("不动产证办理慢", "房子交付多年，不动产证迟迟办不下来"),
        ("二次供水水压不足", "高楼层二次供水水压不足，早晚用不上水"),
    )),
    ("education", "教育", ("教育",), (
        ("学位紧张", "附近小学学位紧张，孩子上学要跑很远"),
        ("校车安全隐患", "接送学生的校车超载，存在安全隐患"),
        ("幼儿园收费偏高", "普惠性幼儿园太少，民办幼儿园收费偏高"),
        ("课后服务时间太短", "学校课后服务时间太短，家长接不了孩子"),
        ("学校周边小摊贩多", "学校周边小摊贩多，卖的零食没有保障"),
        ("农村学校教师短缺", "村小教师短缺，一个老师教好几门课"),
    )),
    ("health", "医疗卫生", ("卫生健康", "人力资源和社会保障", "民政"), (
        ("医保报销", "医保报销比例低、手续繁琐，跑了好几趟"),
        ("卫生室缺医少药", "社区卫生服务站缺医少药，常用药经常断货"),
        ("挂号难", "医院挂号难，专家号一放出来就没了"),
        ("异地就医结算不便", "异地就医结算不便，垫付压力大"),
        ("村卫生室无人值守", "村卫生室经常无人值守，看病要去镇上"),
        ("老年人体检排队长", "老年人免费体检排队时间长，组织混乱"),
    )),
    ("environment", "生态环境", ("生态环境", "水利和湖泊", "城市管理"), (
        ("噪音扰民", "夜间施工噪音扰民，居民无法休息"),
        ("餐馆油烟扰民", "楼下餐馆油烟扰民，窗户都不敢开"),
        ("河道污染", "河道污染严重，水面漂着垃圾还发臭"),
        ("工地扬尘", "工地扬尘严重，车辆带泥上路"),
        ("污水直排", "有企业把污水直接排进水沟"),
        ("垃圾焚烧异味", "有人露天焚烧垃圾，异味很重"),
    )),
    ("social", "社会保障", ("民政", "人力资源和社会保障"), (
        ("养老金发放", "养老金发放时间不固定，老人很着急"),
        ("高龄津贴申领", "高龄津贴申领材料太多，老人跑不动"),
        ("低保评定不公开", "低保评定过程不公开，群众有意见"),
        ("残疾人补贴", "残疾人两项补贴迟迟没有到账"),
        ("缺少养老服务站", "社区缺少养老服务站，老人没有去处"),
        ("灵活就业社保缴费", "灵活就业人员社保缴费渠道不清楚"),
    )),
    ("agriculture", "农业农村", ("农业农村", "水利和湖泊", "镇人民政府"), (
        ("灌溉渠道堵塞", "农田灌溉渠道堵塞，春耕用水困难"),
        ("村道硬化", "村道还是泥巴路，一下雨就没法走"),
        ("农村饮水安全", "自来水浑浊发黄，饮水安全没有保障"),
        ("农产品销售难", "今年柑橘丰收但销售难，价格很低"),
        ("高标准农田质量", "高标准农田建设质量差，沟渠已经开裂"),
        ("农村生活污水", "农村生活污水随意排放，没有处理设施"),
    )),
    ("market", "市场监管", ("市场监督管理", "商务"), (
        ("菜市场缺斤短两", "菜市场有摊贩缺斤短两，投诉没人管"),
        ("预付卡商家跑路", "办了预付卡的健身房突然关门跑路"),
        ("食品安全隐患", "小作坊卫生条件差，存在食品安全隐患"),
        ("药店价格虚高", "药店价格虚高，同一种药比医院贵很多"),
    )),
    ("safety", "安全生产", ("应急管理", "公安", "住房和城乡建设"), (
        ("电动车楼道充电", "有人在楼道里给电动车充电，火灾隐患大"),
        ("燃气管道老化", "燃气管道老化锈蚀，经常闻到燃气味"),
        ("山体滑坡隐患", "房屋后面的山体有滑坡隐患"),
        ("危房无人处置", "村里有栋危房无人居住，随时可能倒塌"),
        ("消防设施损坏", "小区消防栓损坏，灭火器也过期了"),
    )),
)  # fmt: skip
CATEGORY_WEIGHTS = (22, 16, 14, 9, 9, 10, 7, 7, 3, 3)

SPOTS = ("门口", "东侧路口", "菜市场旁", "小学附近", "主干道上", "公交站附近", "广场周边", "老街", "卫生院对面", "村委会旁")
DURATIONS = ("已经一周了", "持续半个多月了", "反映多次仍未解决", "已有两个多月", "最近一段时间尤其严重", "今年以来一直如此")
IMPACTS = ("居民出行很不方便", "存在较大安全隐患", "严重影响周边居民生活", "群众意见很大", "老人和孩子尤其受影响", "影响正常生产生活")
REQUESTS = ("希望有关部门尽快处理", "恳请相关部门核实解决", "建议尽快安排人员整改", "请人大代表帮助协调", "希望给个明确答复")
PROGRESS_NOTES = ("已安排人员现场查看，正在协调处理。", "已列入本月整改计划，正在组织施工。", "已约谈相关责任单位，限期整改。")
REPLY_TEMPLATES = (
    "经我单位现场核查，您反映的{short}问题属实。我们已安排专人处理，目前已整改到位。感谢您对我们工作的监督。",
    "您反映的{short}问题已收悉。经调查，该问题涉及多个部门，我单位已牵头协调，预计本月底前完成整改。",
    "关于{short}问题，我单位高度重视，已制定整改方案并落实责任人，整改情况将及时向您反馈。",
)
COMMENTS = ("处理很及时，谢谢！", "问题已经解决了，满意。", "基本解决了，希望以后多关注。", "")
RETURN_REASONS = ("该事项已进入诉讼程序，请向人民法院反映。", "该事项属于民事纠纷，建议通过人民调解解决。")
GIVEN_NAME_CHARACTERS = "建国军华明强伟勇丽梅芳娟英霞燕玲敏静艳萍琴秀兰凤珍慧婷雪"
SURNAMES = "王李张刘陈杨黄赵吴周徐胡朱高何郭马罗彭熊余万涂"

# Channels and their weights; the representative's and the station's codes route to them first.
CHANNELS = (
    (Channel.H5, 58), (Channel.STATION_CODE, 12), (Channel.REPRESENTATIVE_CODE, 10), (Channel.REPRESENTATIVE_ON_BEHALF, 8),
    (Channel.STAFF_ENTRY, 6), (Channel.PHONE, 4), (Channel.API, 2),
)  # fmt: skip
OPEN_STATUSES = ("assigned", "handling")

MATTER_COLUMNS = (
    "id", "kind", "title", "text", "region_code", "category", "channel", "raised_by_id", "representative_id", "station_id",
    "owner_congress_id", "status", "handling_class", "green_channel", "round", "merged_into_id", "converted_to_id",
    "escalated_from_id", "tracking_code", "replied_at", "last_response_at", "closed_at", "search_text", "version", "created_at",
    "updated_at",
)  # fmt: skip
OPINION_COLUMNS = (
    "matter_id", "form", "citizen_name", "phone_ciphertext", "phone_hash", "phone_last4", "anonymous", "address", "latitude",
    "longitude", "consent_at", "publish_consent", "idempotency_key",
)  # fmt: skip
EVENT_COLUMNS = ("matter_id", "at", "actor_id", "actor_label", "action", "from_status", "to_status", "note", "data", "visibility")
ASSIGNMENT_COLUMNS = (
    "id", "matter_id", "unit_id", "role", "state", "round", "assigned_at", "sign_due", "sign_rule", "handle_due", "handle_rule",
    "provisional", "deadline_state", "signed_at", "replied_at", "last_response_at",
)  # fmt: skip
REPLY_COLUMNS = ("id", "matter_id", "assignment_id", "kind", "round", "reply_class", "text", "by_id", "at")
EVALUATION_COLUMNS = ("id", "matter_id", "round", "rating", "comment", "by_id", "by_label", "at")

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


class Command(BaseCommand):
    help = __doc__.split("\n\n")[0]

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, help="How many matters to generate.")
        parser.add_argument("--seed", type=int, default=2026, help="Seed of the texts, statuses and dates (default 2026).")
        parser.add_argument("--batch-size", type=int, default=10_000, help="Matters per transaction (default 10,000).")
        parser.add_argument(
            "--open-assignments", type=int, default=None,
            help="Make exactly this many open assignments (assigned or signed), with recent deadlines.",
        )
        parser.add_argument("--unswept", action="store_true", help="Store every open assignment's deadline colour as normal.")
        parser.add_argument("--phones", type=float, default=0.05, help="Share of opinions with an encrypted phone (default 0.05).")
        parser.add_argument("--clear", action="store_true", help="Delete every matter first (bench databases only).")

    def handle(self, *args, count, seed, batch_size, open_assignments, unswept, phones, clear, **options):
        if count < 0 or batch_size < 1:
            raise CommandError("The count must be at least 0 and the batch size at least 1.")
        if clear:
            if settings.PRODUCTION:
                raise CommandError("--clear deletes every matter; it is refused when MINYI_ENV=production.")
            started = time.monotonic()
            clear_matters()
            self.stdout.write(f"cleared every matter ({time.monotonic() - started:.1f} s)")
        city = demo_city()
        generator = Generator(city, seed=seed, open_assignments=open_assignments, unswept=unswept, phones=phones)
        writer = PostgresWriter() if connection.vendor == "postgresql" else ModelWriter()
        started = time.monotonic()
        done, making, waiting = 0, 0.0, 0.0
        try:
            while done < count:
                size = min(batch_size, count - done)
                began = time.monotonic()
                rows = generator.batch(size, writer)
                made = time.monotonic()
                writer.write(rows)  # on PostgreSQL: waits for the previous batch, then writes this one while the next is made
                making, waiting = making + made - began, waiting + time.monotonic() - made
                done += size
                if options["verbosity"] > 0:
                    elapsed = time.monotonic() - started
                    self.stdout.write(
                        f"{done:>10,} matters  {elapsed:7.1f} s  ({done / elapsed:,.0f}/s; making rows {making:.1f} s, "
                        f"waiting for the database {waiting:.1f} s)"
                    )
        finally:
            writer.finish()
        if connection.vendor == "postgresql" and count:
            # Fresh statistics for the planner, and (outside a caller's transaction) the visibility map
            # that lets counts read indexes only, as autovacuum keeps it on a database in use.
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            with connection.cursor() as cursor:
                for model in (Matter, Opinion, TimelineEvent, Assignment, Reply, Evaluation):
                    cursor.execute(f"{command} {model._meta.db_table}")
        summary = ", ".join(f"{name} {number:,}" for name, number in generator.counts.items())
        self.stdout.write(f"==> {count:,} matters generated in {time.monotonic() - started:.1f} s: {summary}")
        if open_assignments is not None and generator.open_left:
            self.stderr.write(f"only {open_assignments - generator.open_left:,} of {open_assignments:,} open assignments fitted: raise the count")


def clear_matters():
    """Delete every matter and the rows hanging on it (the timeline refuses ORM deletes, by design)."""
    tables = [model._meta.db_table for model in (Opinion, Evaluation, Reply, Assignment, TimelineEvent, Matter)]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Deferred foreign-key checks still pending in this transaction would make TRUNCATE refuse.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
            return
        from django.apps import apps

        # Every other table referring to matters, timeline events or assignments goes first.
        referring = {
            related.related_model._meta.db_table
            for model in (Matter, TimelineEvent, Assignment)
            for related in model._meta.related_objects
            if related.related_model._meta.db_table not in tables and apps.is_installed(related.related_model._meta.app_label)
        }
        for table in [*sorted(referring), *tables]:
            cursor.execute(f'DELETE FROM "{table}"')


class City:
    """What the demo city offers the generator, read once."""


def demo_city():
    city = City()
    city.congress = Congress.objects.filter(region_id=CITY_REGION, is_active=True).first()
    units = list(Unit.objects.filter(is_active=True, region__code__startswith=CITY_REGION[:4]).values_list("pk", "name", "region_id"))
    if city.congress is None or not units:
        raise CommandError("The demo city is missing: run `manage.py load_demo` first (generate_matters needs Jingmen's congresses and units).")
    city.congresses = {
        pk: (region, level, name)
        for pk, region, level, name in Congress.objects.filter(is_active=True, region__code__startswith=CITY_REGION[:4]).values_list(
            "pk", "region_id", "region__level", "name"
        )
    }
    city.congress_by_region = {region: pk for pk, (region, _level, _name) in city.congresses.items()}
    city.units_by_region = defaultdict(list)
    for pk, name, region in units:
        if "法院" not in name and "检察院" not in name and "监察" not in name:
            city.units_by_region[region].append((pk, name))
    # Citizens write 子陵村, not 子陵村村民委员会.
    regions = {
        code: short_village_name(name) if not code.endswith("000") else name
        for code, name in Region.objects.filter(code__startswith=CITY_REGION[:4], is_active=True).values_list("code", "name")
    }
    city.region_names = regions
    city.villages = sorted(code for code in regions if not code.endswith("000"))
    if not city.villages:
        raise CommandError("The demo city has no villages or communities: run `manage.py load_demo` first.")
    city.stations = list(Station.objects.filter(congress__isnull=False).values_list("pk", "congress_id", "region_id"))
    lowest = {}
    for representative_id, congress_id in Mandate.objects.current().filter(congress__isnull=False).values_list(
        "representative_id", "congress_id"
    ):
        if congress_id in city.congresses:
            level = city.congresses[congress_id][1]
            if representative_id not in lowest or level > city.congresses[lowest[representative_id]][1]:
                lowest[representative_id] = congress_id
    city.representatives = sorted(lowest.items())
    staff = defaultdict(list)
    for user_id, congress_id in RoleGrant.objects.filter(role=Role.CONGRESS_STAFF, congress__isnull=False).values_list("user_id", "congress_id"):
        staff[congress_id].append(user_id)
    city.staff = staff
    unit_staff = defaultdict(list)
    for user_id, unit_id in RoleGrant.objects.filter(role__in=[Role.UNIT_STAFF, Role.UNIT_ADMIN], unit__isnull=False).values_list("user_id", "unit_id"):
        unit_staff[unit_id].append(user_id)
    city.unit_staff = unit_staff
    if not Category.objects.exists():
        # A deployment's own list wins; a bare demo gets the categories the templates are written for.
        Category.objects.bulk_create(
            Category(code=code, name=name, order=order) for order, (code, name, _words, _problems) in enumerate(CATEGORIES, start=1)
        )
    else:
        # A template category the deployment lacks (by name and code) is added, inactive: figures and
        # lists then show its name, and citizens are not offered it.
        names, codes = set(Category.objects.values_list("name", flat=True)), set(Category.objects.values_list("code", flat=True))
        Category.objects.bulk_create(
            Category(code=code, name=name, order=100 + order, is_active=False)
            for order, (code, name, _words, _problems) in enumerate(CATEGORIES, start=1)
            if name not in names and code not in codes
        )
    return city


def _congress_chain(city, region_code):
    """Congresses whose region contains `region_code`, lowest first."""
    candidates = (region_code[:9] + "000", region_code[:6] + "000000", region_code[:4] + "00000000")
    return [city.congress_by_region[code] for code in candidates if code in city.congress_by_region]


class Generator:
    def __init__(self, city, *, seed, open_assignments, unswept, phones):
        self.city, self.rng = city, random.Random(seed)
        # Tracking codes must not repeat across runs with the same seed: they come from the system's randomness.
        self.codes = random.Random()
        self.open_left, self.unswept, self.phone_share = open_assignments, unswept, phones
        self.forced_open = open_assignments is not None
        self.now = timezone.now()
        self.counts = defaultdict(int)
        self.calendars = {}
        # A deployment's category of the same name gives its code, so figures find the category's name.
        codes_by_name = dict(Category.objects.values_list("name", "code"))
        self.categories = [(code, codes_by_name.get(name, code), words, problems) for code, name, words, problems in CATEGORIES]
        self.channels, self.channel_weights = zip(*CHANNELS, strict=True)
        self.unit_choices = {}

    # --- one batch --------------------------------------------------------------------------

    def batch(self, size, writer):
        rows = {model: [] for model in (Matter, Opinion, TimelineEvent, Assignment, Reply, Evaluation)}
        matter_ids = writer.ids(Matter, size)
        self.batch_ids = []
        for matter_id in matter_ids:
            self.matter(matter_id, rows, writer)
            self.batch_ids.append(matter_id)
        for model, model_rows in rows.items():
            self.counts[model.__name__] += len(model_rows)
        return rows

    def matter(self, matter_id, rows, writer):
        rng, city = self.rng, self.city
        template, category, words, problems = rng.choices(self.categories, weights=CATEGORY_WEIGHTS)[0]
        short, clause = rng.choice(problems)
        channel = rng.choices(self.channels, weights=self.channel_weights)[0]
        representative_id = station_id = None
        if channel == Channel.STATION_CODE and city.stations:
            station_id, station_congress, station_region = rng.choice(city.stations)
            villages = [code for code in self._villages_under(station_region)] or city.villages
            village = rng.choice(villages)
            chain = [station_congress, *_congress_chain(city, village)]
        elif channel in (Channel.REPRESENTATIVE_CODE, Channel.REPRESENTATIVE_ON_BEHALF) and city.representatives:
            representative_id, representative_congress = rng.choice(city.representatives)
            region = city.congresses[representative_congress][0]
            village = rng.choice(self._villages_under(region) or city.villages)
            chain = [representative_congress, *_congress_chain(city, village)]
        else:
            channel = Channel.H5 if channel in (Channel.STATION_CODE, Channel.REPRESENTATIVE_CODE, Channel.REPRESENTATIVE_ON_BEHALF) else channel
            village = rng.choice(city.villages)
            chain = _congress_chain(city, village)
        via_representative = bool(representative_id or station_id)

        text, title = self._texts(village, short, clause)
        form = Form.SNAPSHOT if template in ("city", "traffic", "environment") and rng.random() < 0.45 else Form.OPINION
        green = rng.random() < 0.03
        handling_class = rng.choices(HandlingClass.values, weights=(85, 12, 3))[0]

        status, age = self._status_and_age(via_representative)
        created = self.now - age
        path = self._path(status, via_representative)
        # The holder: the lowest congress first; whoever assigns holds a region with units.
        owner = chain[0]
        if "assign" in path or status == "accepted":
            with_units = [pk for pk in chain if city.units_by_region.get(city.congresses[pk][0])]
            owner = with_units[0] if with_units else city.congress.pk
            if rng.random() < 0.15 and city.units_by_region.get(CITY_REGION):
                owner = city.congress.pk
        owner_region, _level, owner_name = city.congresses[owner]
        staff_ids = city.staff.get(owner) or [None]

        events, assignments, replies, evaluations = [], [], [], []
        at = created
        state = {"status": "", "replied_at": None, "closed_at": None, "last_response_at": None}

        def event(action, to_status, note="", data=None, actor=None, label="", visibility="public", after=HOUR):
            nonlocal at
            step = after * (0.2 + rng.random())
            # A young matter's later steps crowd towards now, never past it, still in order.
            at = at + step if at + step < self.now else at + (self.now - at) / 2
            events.append((matter_id, at, actor, label, action, state["status"], to_status, note, data or {}, visibility))
            state["status"] = to_status
            return at

        initial = "with_representative" if via_representative else "submitted"
        event("open", initial, data={"form": form, "photos": rng.choice((0, 0, 0, 1, 2, 3)), "generated": True},
              label="群众", after=datetime.timedelta(0))
        lead = None
        for action in path[1:]:
            staff_id = rng.choice(staff_ids)
            if action == "supplement":
                event("supplement", state["status"], note="补充一下：" + rng.choice(DURATIONS) + "，" + rng.choice(REQUESTS) + "。",
                      label="群众", after=DAY)
            elif action == "forward":
                event("forward", "submitted", note="请代工委协调相关部门处理。", label="人大代表", after=DAY)
            elif action == "resolve_on_spot":
                state["replied_at"] = state["last_response_at"] = event(
                    "resolve_on_spot", "replied", note=f"已现场协调解决{short}问题。", label="人大代表", after=2 * DAY)
            elif action == "accept":
                event("accept", "accepted", actor=staff_id, label=owner_name,
                      data={"category": category, "handling_class": handling_class, "green_channel": green}, after=5 * HOUR)
            elif action == "return":
                event("return", "returned", note=rng.choice(RETURN_REASONS), actor=staff_id, label=owner_name, after=DAY)
            elif action == "merge":
                target = rng.choice(self.batch_ids) if self.batch_ids else None
                event("merge", "merged", actor=staff_id, label=owner_name, data={"into": target}, after=DAY)
                state["merged_into"] = target
            elif action == "assign":
                assigned_at = event("assign", "assigned", actor=staff_id, label=owner_name, after=10 * HOUR)
                lead, assignments = self._assign(matter_id, owner, owner_region, category, words, form, green, assigned_at, status, writer)
                first = assignments[0]
                events[-1][8].update({"lead": first[2], "co_units": [a[2] for a in assignments[1:]], "sign_due": str(first[7]),
                                      "sign_rule": first[8], "handle_due": str(first[9]), "handle_rule": first[10]})
            elif action == "sign":
                signed = event("sign", "handling", actor=self._unit_user(lead), label=self._unit_name(owner_region, lead[2]),
                               data={"assignment": lead[0], "unit": lead[2]}, after=6 * HOUR)
                state["last_response_at"] = signed
                self._signed(assignments, signed, owner)
            elif action == "progress":
                state["last_response_at"] = event("progress", "handling", note=rng.choice(PROGRESS_NOTES), actor=self._unit_user(lead),
                                                  label=self._unit_name(owner_region, lead[2]),
                                                  data={"assignment": lead[0], "unit": lead[2]}, after=3 * DAY)
            elif action == "reply":
                reply_id = writer.ids(Reply, 1)[0]
                replied = event("reply", "replied", note="", actor=self._unit_user(lead), label=self._unit_name(owner_region, lead[2]),
                                data={"assignment": lead[0], "reply": reply_id}, after=6 * DAY)
                text_of_reply = rng.choice(REPLY_TEMPLATES).format(short=short)
                events[-1] = events[-1][:7] + (text_of_reply,) + events[-1][8:]
                replies.append((reply_id, matter_id, lead[0], Reply.Kind.REPLY, 1, "", text_of_reply, self._unit_user(lead), replied))
                state["replied_at"] = state["last_response_at"] = replied
                self._replied(assignments, replied)
            elif action in ("evaluate", "auto_close"):
                evaluation_id = None
                if action == "evaluate":
                    evaluation_id = writer.ids(Evaluation, 1)[0]
                closed = event(action, "closed", actor=None, label="群众" if action == "evaluate" else "系统",
                               data={"rating": "", "evaluation": evaluation_id, "round": 1} if evaluation_id else {}, after=3 * DAY)
                if evaluation_id:
                    rating = rng.choices((Rating.SATISFIED, Rating.BASICALLY_SATISFIED), weights=(85, 15))[0]
                    comment = rng.choice(COMMENTS)
                    events[-1][8]["rating"] = rating
                    events[-1] = events[-1][:7] + (comment,) + events[-1][8:]
                    evaluations.append((evaluation_id, matter_id, 1, rating, comment, None, "群众", closed))
                state["closed_at"] = closed
                self._done(assignments)
        if status in ("returned", "merged"):
            state["closed_at"] = at

        rows[Matter].append((
            matter_id, KIND, title, text, village, category, channel, None, representative_id, station_id, owner, status,
            handling_class, green, 1, state.get("merged_into"), None, None, self._tracking_code(), state["replied_at"],
            state["last_response_at"], state["closed_at"], self.words(title, text), len(events), created, at,
        ))  # fmt: skip
        rows[Opinion].append(self._opinion(matter_id, form, village, created))
        rows[TimelineEvent].extend(events)
        rows[Assignment].extend(assignments)
        rows[Reply].extend(replies)
        rows[Evaluation].extend(evaluations)

    # --- pieces -------------------------------------------------------------------------------

    @functools.cache
    def _villages_under(self, region):
        prefix = region.rstrip("0") or region
        prefix = region[: max(len(prefix), 4)]
        return [code for code in self.city.villages if code.startswith(prefix)]

    def _texts(self, village, short, clause):
        rng, names = self.rng, self.city.region_names
        township = names.get(village[:9] + "000", "")
        county = names.get(village[:6] + "000000", "")
        place = f"{county}{township}{names[village]}{rng.choice(SPOTS)}"
        sentences = [f"{place}，{clause}，{rng.choice(DURATIONS)}。", f"{rng.choice(IMPACTS)}，{rng.choice(REQUESTS)}。"]
        if rng.random() < 0.3:
            sentences.insert(1, f"{rng.choice(IMPACTS)}。")
        text = "".join(sentences)
        title = f"{names[village]}{short}" if rng.random() < 0.5 else title_from(text)
        return text, title

    def _status_and_age(self, via_representative):
        """A status with an age (timedelta) that fits it: open matters are recent, old ones closed."""
        rng = self.rng
        if self.open_left is not None and self.open_left > 0:
            # Ages from 0 to 25 days: deadlines of 1 and 15 working days fall on every side of today.
            return rng.choice(OPEN_STATUSES), datetime.timedelta(days=rng.uniform(0.05, 25))
        age = datetime.timedelta(days=min(730.0, rng.expovariate(1 / 180)))
        days = age.days
        if days < 2:
            choices = (("submitted", 45), ("with_representative", 10 if via_representative else 0), ("accepted", 20), ("assigned", 20),
                       ("returned", 5))
        elif days < 20:
            choices = (("submitted", 4), ("accepted", 4), ("assigned", 12), ("handling", 40), ("replied", 15), ("closed", 18),
                       ("returned", 5), ("merged", 2))
        elif days < 60:
            choices = (("handling", 10), ("replied", 6), ("closed", 74), ("returned", 6), ("merged", 4))
        else:
            choices = (("handling", 1), ("closed", 88), ("returned", 7), ("merged", 4))
        statuses, weights = zip(*choices, strict=True)
        if self.forced_open:
            weights = [0 if status in OPEN_STATUSES else weight for status, weight in choices]
        return rng.choices(statuses, weights=weights)[0], age

    def _path(self, status, via_representative):
        """The actions that led to `status`, 2 to 6 timeline events in all (the first is "open")."""
        rng = self.rng
        # Staff may accept, return or merge straight from the representative's hands; "submitted" means it was forwarded.
        forward = ["forward"] if via_representative and (status == "submitted" or status != "with_representative" and rng.random() < 0.7) else []
        if status in ("submitted", "with_representative"):
            return ["open", *forward, "supplement"] if not forward else ["open", *forward]
        if status == "returned":
            return ["open", *forward, "return"]
        if status == "merged":
            return ["open", *forward, "merge"]
        if status == "accepted":
            return ["open", *forward, "accept"]
        if status == "assigned":
            return ["open", *forward, "accept", "assign"]
        if status == "handling":
            return ["open", *forward, "accept", "assign", "sign"] + (["progress"] if not forward and rng.random() < 0.5 else [])
        if via_representative and rng.random() < 0.15:
            on_spot = ["open", "resolve_on_spot"]
            return on_spot if status == "replied" else [*on_spot, "evaluate"]
        handled = ["open", *forward, "accept", "assign"] + ([] if forward else ["sign"]) + ["reply"]
        if status == "replied":
            return handled
        return [*handled, "evaluate" if rng.random() < 0.9 else "auto_close"]

    def _units_for(self, region, words):
        key = (region, words)
        if key not in self.unit_choices:
            units = self.city.units_by_region.get(region) or self.city.units_by_region[CITY_REGION]
            fitting = [unit for unit in units if any(word in unit[1] for word in words)]
            general = [unit for unit in units if "人民政府" in unit[1] or "办事处" in unit[1]]
            self.unit_choices[key] = (fitting or general or units, units)
        return self.unit_choices[key]

    def _unit_name(self, region, unit_id):
        for pk, name in self.city.units_by_region.get(region) or self.city.units_by_region[CITY_REGION]:
            if pk == unit_id:
                return name
        return ""

    def _unit_user(self, lead):
        users = self.city.unit_staff.get(lead[2])
        return users[0] if users else None

    def _calendar(self, congress_id):
        if congress_id not in self.calendars:
            self.calendars[congress_id] = Calendar(congress_id)
        return self.calendars[congress_id]

    @functools.lru_cache(maxsize=200_000)
    def _deadline(self, congress_id, day, rule):
        return self._calendar(congress_id).deadline(day, rule)

    def _assign(self, matter_id, owner, owner_region, category, words, form, green, assigned_at, status, writer):
        rng = self.rng
        leads, all_units = self._units_for(owner_region, words)
        lead_unit = rng.choice(leads)
        units = [(lead_unit, Assignment.Role.LEAD)]
        others = [unit for unit in all_units if unit != lead_unit]
        if others and rng.random() < 0.2:
            units.append((rng.choice(others), Assignment.Role.CO))
        if status in OPEN_STATUSES and self.open_left is not None:
            units = units[: max(1, self.open_left)]
            self.open_left -= len(units)
        rules = dict(SNAPSHOT_RULES if form == Form.SNAPSHOT else DEFAULT_RULES)
        if green:
            from minyi.matters.policies import halve

            rules = {name: halve(rule) for name, rule in rules.items()}
        day = local_date(assigned_at)
        sign, handle = self._deadline(owner, day, rules["sign"]), self._deadline(owner, day, rules["handle"])
        ids = writer.ids(Assignment, len(units))
        created = []
        for assignment_id, ((unit_id, _name), role) in zip(ids, units, strict=True):
            created.append([
                assignment_id, matter_id, unit_id, role, Assignment.State.ASSIGNED, 1, assigned_at, sign.date, sign.rule, handle.date,
                handle.rule, sign.provisional or handle.provisional, DeadlineState.NORMAL, None, None, None,
            ])  # fmt: skip
        if status == "assigned":
            self._colour(created, owner)
        return created[0], created

    def _signed(self, assignments, at, owner):
        for row in assignments:
            row[4], row[13], row[15] = Assignment.State.SIGNED, at, at
        self._colour(assignments, owner)

    def _colour(self, assignments, owner):
        """The colour the sweep would give each open assignment now (normal with --unswept)."""
        for row in assignments:
            if self.unswept:
                row[12] = DeadlineState.NORMAL
                continue
            stand_in = types.SimpleNamespace(
                running_due=lambda row=row: (row[7], row[6]) if row[4] == Assignment.State.ASSIGNED else (row[9], row[6]),
                matter=types.SimpleNamespace(kind=KIND),
            )
            row[12] = deadlines.deadline_status(stand_in, self.now, calendar=self._calendar(owner))

    def _replied(self, assignments, at):
        for row in assignments:
            row[4] = Assignment.State.REPLIED if row[3] == Assignment.Role.LEAD else Assignment.State.CONTRIBUTED
            row[13] = row[13] or at
            row[14] = row[15] = at
            # Some replies came late: the colour the sweep had stored stays.
            row[12] = DeadlineState.OVERDUE if local_date(at) > row[9] else DeadlineState.NORMAL

    def _done(self, assignments):
        for row in assignments:
            row[4] = Assignment.State.DONE

    def _tracking_code(self):
        return "".join(self.codes.choices(TRACKING_ALPHABET, k=TRACKING_LENGTH))

    def _opinion(self, matter_id, form, village, created):
        rng = self.rng
        named = rng.random() < 0.6
        name = rng.choice(SURNAMES) + rng.choice(GIVEN_NAME_CHARACTERS) + (rng.choice(GIVEN_NAME_CHARACTERS) if rng.random() < 0.7 else "")
        ciphertext = phone_hash = last4 = ""
        if rng.random() < self.phone_share:
            number = f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"
            ciphertext, phone_hash, last4 = personal_data.encrypt(number), personal_data.lookup_hash(number), number[-4:]
        located = rng.random() < 0.4
        return (
            matter_id, form, name if named else "", ciphertext, phone_hash, last4, rng.random() < 0.1,
            self.city.region_names[village] + rng.choice(SPOTS) if rng.random() < 0.5 else "",
            round(30.9 + rng.random() * 0.8, 6) if located else None, round(112.0 + rng.random() * 1.0, 6) if located else None,
            created, rng.random() < 0.3, None,
        )  # fmt: skip

    def words(self, title, text):
        """Exactly search.words_of(title, text), faster: jieba cuts each run of Chinese characters
        on its own, so the words of the few thousand distinct runs the templates make are cached."""
        seen = dict.fromkeys(word for block in _blocks(title) + _blocks(text) for word in _block_words(block))
        return " ".join(seen)


def _blocks(text):
    return [block for block in search._jieba().re_han_default.split(text) if block]


@functools.lru_cache(maxsize=300_000)
def _block_words(block):
    return tuple(word for word in map(search._keep, search._jieba().cut_for_search(block, HMM=False)) if word)


# --- writing ---------------------------------------------------------------------------------

COLUMNS = {
    Matter: MATTER_COLUMNS, Opinion: OPINION_COLUMNS, TimelineEvent: EVENT_COLUMNS, Assignment: ASSIGNMENT_COLUMNS,
    Reply: REPLY_COLUMNS, Evaluation: EVALUATION_COLUMNS,
}  # fmt: skip


class PostgresWriter:
    """COPY into each table, one transaction per batch, in a thread of its own: PostgreSQL stores
    one batch (on the other core) while this process makes the next. Ids come from the tables'
    own sequences, ten thousand at a time, so the rows can refer to each other before they are written."""

    def __init__(self):
        self.pools = {}
        self.pending = None
        # Inside a caller's transaction (a test) another connection would not see it: write in line.
        self.thread_pool = None if connection.in_atomic_block else ThreadPoolExecutor(max_workers=1, thread_name_prefix="copy")

    def write(self, rows):
        if self.thread_pool is None:
            self._write_and_commit(rows)
            return
        self._wait()
        self.pending = self.thread_pool.submit(self._write_and_commit, rows)

    def finish(self):
        if self.thread_pool is None:
            return
        try:
            self._wait()
        finally:
            self.thread_pool.submit(lambda: connection.close()).result()  # the thread's own connection
            self.thread_pool.shutdown()

    def _wait(self):
        if self.pending is not None:
            pending, self.pending = self.pending, None
            pending.result()

    def _write_and_commit(self, rows):
        with transaction.atomic():
            self._copy(rows)

    def ids(self, model, count):
        pool = self.pools.setdefault(model, [])
        if len(pool) < count:
            table = model._meta.db_table
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, %s)", [max(count, 10_000)]
                )
                pool.extend(row[0] for row in cursor.fetchall())
        taken, pool[:count] = pool[:count], []
        return taken

    def _copy(self, rows):
        with connection.cursor() as cursor:
            for model, model_rows in rows.items():
                if not model_rows:
                    continue
                columns = COLUMNS[model]
                json_at = columns.index("data") if "data" in columns else None
                with cursor.cursor.copy(f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in model_rows:
                        if json_at is not None:
                            row = (*row[:json_at], json.dumps(row[json_at], ensure_ascii=False), *row[json_at + 1 :])
                        copy.write_row(row)


class ModelWriter:
    """bulk_create on other databases (SQLite: the embedded mode, thousands of matters)."""

    def __init__(self):
        self.next_ids = {}

    def ids(self, model, count):
        if model not in self.next_ids:
            last = model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            self.next_ids[model] = itertools.count(last + 1)
        return [next(self.next_ids[model]) for _i in range(count)]

    def finish(self):
        pass

    @transaction.atomic
    def write(self, rows):
        for model, model_rows in rows.items():
            columns = COLUMNS[model]
            objects = [model(**dict(zip(columns, row, strict=True))) for row in model_rows]
            if model is Matter:
                # auto_now would stamp every row with this moment; keep the generated times.
                model._meta.get_field("updated_at").auto_now = False
                try:
                    model.objects.bulk_create(objects, batch_size=500)
                finally:
                    model._meta.get_field("updated_at").auto_now = True
            else:
                model.objects.bulk_create(objects, batch_size=500)
