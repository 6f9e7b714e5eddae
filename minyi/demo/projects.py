"""Livelihood projects and votes for the demo city, driven only through the services the screens use.

- 2026年荆门市民生实事项目: 14 candidates voted on by the city's representatives at the 5th session of
  the 9th congress (a secret differential vote, published, any tie settled by a second round), the
  10 chosen projects handed to their units, planned, reported on every month of the year so far,
  two of them inspected by a supervision group, one completed, one behind a milestone. unit_staff
  (市住建局) carries three of them; jm_staff follows them on the desk; the public pages show them.
- 2027年荆门市民生实事项目: collecting ideas now, from citizens, representatives (rep_li) and
  departments, a few already reviewed (eligible, merged, not eligible).

A reload makes nothing twice: each year is looked for by congress and year first."""

import datetime
import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from minyi.accounts import access
from minyi.accounts.models import Role, RoleGrant, User
from minyi.matters import attachments
from minyi.organisations.models import Session, Unit
from minyi.projects import services
from minyi.projects.models import ProjectYear
from minyi.regions.models import Region
from minyi.representatives.models import Mandate
from minyi.voting import services as voting
from minyi.voting.models import Vote

from . import jingmen as J

CANDIDATES_2026 = [
    ("中心城区老旧小区改造", "改造中心城区32个老旧小区，完善雨污分流、加装电梯、增设停车位和充电桩。", "8600", "住房和城乡建设局", (10, 31)),
    ("农村供水保障提升工程", "新建改造农村集中供水工程18处，解决4.2万农村人口饮水安全问题。", "5200", "水利和湖泊局", (11, 30)),
    ("城区学校扩容增位", "新建改扩建中小学4所，新增学位3600个，缓解城区“大班额”问题。", "9800", "教育局", (8, 31)),
    ("社区嵌入式养老服务中心", "新建社区嵌入式养老服务中心12个，提供日间照料、助餐助浴服务。", "2400", "民政局", (12, 20)),
    ("背街小巷综合整治", "整治城区背街小巷60条，改造路面、照明和排水设施。", "3100", "住房和城乡建设局", (11, 15)),
    ("基层医疗卫生服务能力提升", "为28个乡镇卫生院配置DR、彩超等设备，建设远程会诊系统。", "3600", "卫生健康委员会", (10, 31)),
    ("公共停车场建设", "在医院、学校、商圈周边新建公共停车场8个，新增停车泊位2600个。", "4500", "住房和城乡建设局", (12, 15)),
    ("城乡公交一体化", "新开通城乡公交线路10条，更新新能源公交车120辆。", "6200", "交通运输局", (9, 30)),
    ("零工驿站建设", "建设零工驿站15个，为灵活就业人员提供求职登记、技能培训服务。", "600", "人力资源和社会保障局", (7, 31)),
    ("农贸市场标准化改造", "改造提升城区农贸市场9个，完善冷链、排水和消防设施。", "2800", "商务局", (10, 31)),
    ("全民健身设施补短板", "新建口袋公园和健身步道50公里，更新社区健身器材300套。", "1900", "文化和旅游局", (9, 30)),
    ("城市内涝治理", "改造易涝点位22处，新建雨水泵站2座。", "7300", "住房和城乡建设局", (6, 30)),
    ("食品安全快检室", "在农贸市场和学校食堂建设食品安全快检室40个。", "450", "市场监督管理局", (8, 31)),
    ("残疾人康复服务", "为1200名残疾人提供基本康复服务和辅具适配。", "800", "民政局", (12, 31)),
]
# How strongly the representatives favour each candidate (the chance of a mark), in list order.
APPEAL = [0.96, 0.91, 0.88, 0.83, 0.80, 0.77, 0.70, 0.66, 0.60, 0.57, 0.43, 0.40, 0.30, 0.22]

IDEAS_2027 = [
    ("citizen", "东宝区长宁社区加装电梯", "我们小区是上世纪90年代的六层楼，老人多，上下楼困难，希望统一加装电梯。", "王秀兰", "13872601001"),
    ("citizen", "老楼加装电梯补贴", "希望政府对老旧小区加装电梯给予补贴，简化审批手续。", "刘建华", "13872601002"),
    ("citizen", "象山大道路口增设过街天桥", "学生放学高峰车流量大，过马路很危险，建议增设人行天桥。", "陈明", "13872601003"),
    ("citizen", "城区增设公共厕所", "步行街和公园周边公共厕所少，建议增设并实行24小时开放。", "", "13872601004"),
    ("citizen", "建设高尔夫球场", "建议在城郊建设高尔夫球场，提升城市档次。", "赵先生", "13872601005"),
    ("citizen", "农村道路安装路灯", "村里主干道晚上没有路灯，村民出行不便，建议安装太阳能路灯。", "孙大爷", "13872601006"),
    ("citizen", "社区食堂", "希望在社区建老年食堂，解决独居老人吃饭难问题。", "李阿姨", "13872601007"),
    ("representative", "城区学校周边交通综合治理", "上下学时段学校周边交通拥堵，建议建设接送区、增设护学岗。", "", ""),
    ("representative", "乡镇卫生院夜间急诊", "部分乡镇卫生院夜间没有医生值班，建议配齐夜间急诊力量。", "", ""),
    ("department", "城市生命线安全监测", "对燃气、供水、桥梁等城市生命线设施建设安全监测系统。", "", ""),
]


def _unit_actor(unit):
    """The unit as it acts: unit_staff at the housing bureau, a 经办人 account elsewhere."""
    from .suggestions import _unit_user

    return _unit_user(unit)


def _member(representative):
    return access.Actor(user=None, roles=frozenset({Role.REPRESENTATIVE}), representative_ids=frozenset({representative.pk}))


def _photo(seed):
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    image = Image.new("RGB", (960, 640), (rng.randrange(120, 200), rng.randrange(140, 210), rng.randrange(150, 220)))
    draw = ImageDraw.Draw(image)
    for _i in range(14):
        x, bottom = rng.randrange(0, 900), rng.randrange(300, 640)
        draw.rectangle([x, bottom - rng.randrange(60, 260), x + rng.randrange(40, 160), bottom], fill=(rng.randrange(90, 240),) * 3)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return SimpleUploadedFile(f"site-{seed}.jpg", buffer.getvalue(), content_type="image/jpeg")


def load(writer):
    city = writer.congress[J.CITY]
    staff = User.objects.get(username="jm_staff")
    units = {u.name.removeprefix("荆门市"): u for u in Unit.objects.filter(region_id=J.CITY)}
    today = timezone.localdate()
    if not ProjectYear.objects.filter(congress=city, year=2026).exists():
        _year_2026(writer, city, staff, units, today)
    if not ProjectYear.objects.filter(congress=city, year=today.year + 1).exists():
        _next_year(writer, city, staff, units, today)


def _year_2026(writer, city, staff, units, today):
    session = Session.objects.filter(term__congress=city, start__year=2026).first()
    year = services.create_year(staff, congress=city, year=2026, title="2026年荆门市民生实事项目", places=10,
                                collection_from=datetime.date(2025, 9, 1), collection_until=datetime.date(2025, 11, 30))
    # Ideas of autumn 2025 (the collection window has passed: entered as already received).
    services.close_collection(staff, year)
    projects = []
    for name, content, investment, unit_name, (month, day) in CANDIDATES_2026:
        unit = units.get(unit_name) or units["住房和城乡建设局"]
        projects.append(services.add_candidate(staff, year, name=name, content=content, investment=investment, unit=unit,
                                               completion_date=datetime.date(2026, month, day)))
    services.publish_candidates(staff, year)
    vote = services.prepare_selection_vote(staff, year, session=session)
    voting.set_tellers(staff, vote, [staff])
    voting.open_vote(staff, vote)
    members = [e.representative for e in vote.electors.select_related("representative") if e.representative_id]
    rng = random.Random(2026)
    absent = set(rng.sample(range(len(members)), k=max(1, len(members) // 20)))
    for index, representative in enumerate(members):
        if index in absent:
            continue
        member = _member(representative)
        voting.check_in(member, vote)
        marks = [n for n, appeal in enumerate(APPEAL, start=1) if rng.random() < appeal]
        rng.shuffle(marks)
        voting.cast(member, vote, sorted(marks[:10]))
    vote = voting.count_vote(staff, voting.close_vote(staff, vote))
    voting.publish(staff, vote)
    while vote.result["tied"]:
        vote = voting.open_second_round(staff, vote)
        tied = list(vote.options.values_list("position", flat=True))
        for index, representative in enumerate(members):
            if index not in absent:
                # Six in ten prefer the first of the tied: the second round decides.
                voting.cast(_member(representative), vote, tied[: vote.places] if index % 10 < 6 else tied[-vote.places:])
        vote = voting.count_vote(staff, voting.close_vote(staff, vote))
        voting.publish(staff, vote)
    opened = timezone.make_aware(datetime.datetime(2026, 1, 8, 9, 30))
    Vote.objects.filter(pk__in=[r.pk for r in voting.rounds(year.selection_vote or vote)]).update(
        opened_at=opened, closed_at=opened + datetime.timedelta(minutes=40), counted_at=opened + datetime.timedelta(minutes=55),
        published_at=opened + datetime.timedelta(hours=2))
    services.apply_selection(staff, year)
    writer.created[Vote._meta.label] += len(voting.rounds(ProjectYear.objects.get(pk=year.pk).selection_vote))
    _carry_out(staff, year, today)
    writer.created[ProjectYear._meta.label] += 1


def _carry_out(staff, year, today):
    """The year's work so far: plans, monthly reports, milestones, inspections, one completion."""
    chosen = list(services.chosen(year))
    rng = random.Random(7)
    last_month = today.month if today.year == 2026 else 12
    for index, project in enumerate(chosen):
        unit = _unit_actor(project.unit)
        end = project.completion_date
        milestones = [("完成方案设计和招投标", datetime.date(2026, 3, 31)), ("主体工程开工", datetime.date(2026, 5, 31)),
                      ("主体工程完工", end - datetime.timedelta(days=30)), ("竣工验收", end)]
        services.set_plan(unit, project, plan=f"{project.name}按“方案设计—招投标—施工—验收”四个阶段推进，责任到人，按月报送进度。",
                          budget=project.investment, milestones=milestones)
        months = min(last_month, end.month)
        for month in range(1, months + 1):
            percent = min(100, round(100 * month / end.month)) if month < months else min(95, round(100 * month / end.month))
            photos = attachments.clean_photos([_photo(index * 100 + month)]) if month == months else []
            services.report_progress(unit, project, month=datetime.date(2026, month, 1), percent=percent, spent=None, photos=photos,
                                     text=f"{month}月：{rng.choice(['完成施工图设计审查', '推进主体施工', '完成管网铺设', '开展设备采购', '组织专项检查', '完成阶段性验收'])}，工程进展顺利。")
        for milestone in project.milestones.all():
            # The one behind schedule leaves its third milestone open past its date.
            if milestone.due < today and not (index == 3 and milestone.title == "主体工程完工"):
                services.reach_milestone(unit, milestone, on=min(milestone.due, today))
    members = "、".join(m.representative.name for m in Mandate.objects.current().filter(congress=year.congress).select_related("representative")[:3])
    for index, project in enumerate(chosen[:2]):
        services.record_inspection(staff, project, date=today - datetime.timedelta(days=20 - index * 5), members=members,
                                   summary="代表监督小组深入施工现场，听取责任单位汇报，查看工程质量和进度。",
                                   findings=["部分施工路段围挡不规范，影响居民出行", "工程进度公示牌信息未及时更新"],
                                   answer_due=today + datetime.timedelta(days=15))
    first_finding = chosen[0].inspections.first().findings.first()
    services.answer_finding(_unit_actor(chosen[0].unit), first_finding, answer="已对施工围挡全面整改，增设临时人行通道和警示标志。")
    for project in chosen:
        if project.completion_date < today and not project.milestones.filter(done_on__isnull=True).exists():
            services.report_completion(_unit_actor(project.unit), project, text=f"{project.name}已全部完工并通过验收，投入使用。")


def _next_year(writer, city, staff, units, today):
    year_number = today.year + 1
    year = services.create_year(staff, congress=city, year=year_number, title=f"{year_number}年荆门市民生实事项目", places=10,
                                collection_from=min(datetime.date(today.year, 9, 1), today - datetime.timedelta(days=30)),
                                collection_until=max(datetime.date(today.year, 12, 31), today + datetime.timedelta(days=7)))
    rep_li = RoleGrant.objects.get(user__username="rep_li", role=Role.REPRESENTATIVE).representative
    rep_li_user = User.objects.get(username="rep_li")
    unit_user = User.objects.get(username="unit_staff")
    places = {r.code: r for r in Region.objects.filter(code__in=[J.CITY, J.DONGBAO])}
    ideas = []
    for source, title, text, name, phone in IDEAS_2027:
        fields = {"proposer_name": name, "phone": phone, "region": places[J.DONGBAO if "东宝" in title else J.CITY]}
        if source == "representative":
            fields = {"representative": rep_li, "actor": rep_li_user}
        elif source == "department":
            fields = {"unit": units["住房和城乡建设局"], "actor": unit_user}
        ideas.append(services.propose(year=year, source=source, title=title, text=text, **fields)[0])
    everything = {key: True for key in services.CHECKLIST_KEYS}
    services.review(staff, ideas[0], checklist=everything, eligible=True)
    services.merge(staff, ideas[1], into=ideas[0])
    services.review(staff, ideas[2], checklist=everything, eligible=True)
    services.review(staff, ideas[4], checklist={**everything, "public_welfare": False, "fiscal": False}, eligible=False,
                    note="该项目不属于公益性民生项目，且主要依靠社会资本投入，不符合民生实事项目条件。")
    services.review(staff, ideas[6], checklist=everything, eligible=True)
    writer.created[ProjectYear._meta.label] += 1
