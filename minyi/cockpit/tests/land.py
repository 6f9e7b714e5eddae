"""The cockpit tests' world: two counties with matters in their villages, leaders of each, and the
figures rebuilt from them (`build(world)`; the `land` fixture, and the browser test on the live server).

Dongbao: 龙井社区 (龙泉街道) 3 matters about street lights, 子陵村 (子陵铺镇 420802100000) 2 and
漳河村 (漳河镇 420802101000, whose code starts like 子陵铺镇's trailing-zero prefix 4208021) 1.
Duodao: 兴隆社区 2 matters about manhole covers. Their words differ so a leak shows in any text."""

from dataclasses import dataclass

from minyi.accounts.models import Role
from minyi.figures.rebuild import rebuild
from minyi.matters import services as engine
from minyi.opinions import services
from minyi.opinions.models import Category
from minyi.opinions.services import Submission
from minyi.organisations.models import Unit
from minyi.testing import person, region

DONGBAO_TEXT = "龙泉街道龙井社区门口路灯不亮已经一周了，晚上出行很不方便。"
DUODAO_TEXT = "兴隆社区主干道井盖破损塌陷，车辆经过时非常危险。"


@dataclass
class Land:
    world: object
    longquan: object
    longjing: object
    ziling: object
    ziling_village: object
    zhanghe: object
    zhanghe_village: object
    xinglong: object
    xinglong_village: object
    dongbao_leader: object
    duodao_leader: object
    dongbao_roads: object
    matters: dict


def _unit_person(unit):
    return person(f"unit-{unit.pk}", Role.UNIT_STAFF, unit=unit)


def _submit(village, text, phone):
    matter, _created = services.submit(
        Submission(text=text, region_code=village.code, category="city", citizen_name="王芳", phone=phone)
    )
    return matter


def _through(matter, staff, unit, clerk, *, until):
    """Take an opinion along the loop up to `until`: accepted, assigned, replied or evaluated."""
    services.accept(matter, actor=staff, category="city")
    if until == "accepted":
        return matter
    engine.assign(matter, lead=unit, actor=staff)
    if until == "assigned":
        return matter
    lead = matter.assignments.get(role="lead")
    engine.sign(lead, actor=clerk)
    engine.reply(lead, text="已安排维修，现已修复。", actor=clerk)
    if until == "replied":
        return matter
    services.evaluate_by_code(type(matter).objects.get(pk=matter.pk), rating="satisfied")
    return matter


def build(world):
    longquan = region("420802001000", "龙泉街道", 4, world.dongbao)
    longjing = region("420802001001", "龙井社区", 5, longquan)
    ziling = region("420802100000", "子陵铺镇", 4, world.dongbao)
    ziling_village = region("420802100200", "子陵村", 5, ziling)
    zhanghe = region("420802101000", "漳河镇", 4, world.dongbao)
    zhanghe_village = region("420802101201", "漳河村", 5, zhanghe)
    xinglong = region("420804001000", "兴隆街道", 4, world.duodao)
    xinglong_village = region("420804001001", "兴隆社区", 5, xinglong)
    Category.objects.get_or_create(code="city", defaults={"name": "城市管理", "order": 1})
    roads = Unit.objects.create(region=world.dongbao, name="东宝区城市管理执法局")
    dongbao_leader = person("dongbao_leader", Role.LEADER, congress=world.dongbao_congress, full_name="东宝区领导")
    duodao_leader = person("duodao_leader", Role.LEADER, congress=world.duodao_congress, full_name="掇刀区领导")

    db_clerk, roads_clerk, dd_clerk = _unit_person(world.dongbao_unit), _unit_person(roads), _unit_person(world.duodao_unit)
    made = {}
    made["longjing_done"] = _through(
        _submit(longjing, DONGBAO_TEXT, "13900000001"), world.dongbao_staff, world.dongbao_unit, db_clerk, until="evaluated"
    )
    made["longjing_assigned"] = _through(
        _submit(longjing, DONGBAO_TEXT, "13900000002"), world.dongbao_staff, roads, roads_clerk, until="assigned"
    )
    made["longjing_new"] = _submit(longjing, DONGBAO_TEXT, "13900000003")
    made["ziling_replied"] = _through(
        _submit(ziling_village, "子陵村村道路灯损坏，夜间漆黑一片。", "13900000004"),
        world.dongbao_staff,
        world.dongbao_unit,
        db_clerk,
        until="replied",
    )
    made["ziling_new"] = _submit(ziling_village, "子陵村路灯太少，希望增设路灯。", "13900000005")
    made["zhanghe_new"] = _submit(zhanghe_village, "漳河村路灯不亮，村民夜间出行不便。", "13900000006")
    made["xinglong_assigned"] = _through(
        _submit(xinglong_village, DUODAO_TEXT, "13900000007"), world.duodao_staff, world.duodao_unit, dd_clerk, until="assigned"
    )
    made["xinglong_new"] = _submit(xinglong_village, DUODAO_TEXT, "13900000008")
    rebuild()
    return Land(
        world,
        longquan,
        longjing,
        ziling,
        ziling_village,
        zhanghe,
        zhanghe_village,
        xinglong,
        xinglong_village,
        dongbao_leader,
        duodao_leader,
        roads,
        made,
    )
