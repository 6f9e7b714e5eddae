"""Handling units and stations: import, re-import in place, bad rows, scope."""

import datetime
from decimal import Decimal

import pytest

from minyi.audit.models import AuditEntry
from minyi.organisations.models import ReceptionRule, Station, Unit

from .files import check, commit, counts, errors

pytestmark = pytest.mark.django_db


def unit(**values):
    row = {
        "region": "420802000000",
        "name": "东宝区交通运输局",
        "short_name": "区交通局",
        "branch": "政府工作部门",
        "parent": "",
        "contact_name": "刘洋",
        "contact_phone": "0724-2345678",
        "address": "东宝区泉口路 18 号",
    }
    row.update(values)
    return row


def units_now():
    return sorted(Unit.objects.values_list("region_id", "name", "short_name", "branch", "parent__name", "contact_phone"))


def test_units_import_and_re_import_in_place(world):
    rows = [unit(name="东宝区人民政府", branch="人民政府", short_name=""), unit(parent="东宝区人民政府")]
    assert counts(check("units", rows, world.dongbao_staff)) == {"new": 2, "update": 0, "unchanged": 0, "errors": 0}
    commit("units", rows, world.dongbao_staff)
    transport = Unit.objects.get(name="东宝区交通运输局")
    assert transport.parent.name == "东宝区人民政府" and transport.branch == Unit.Branch.GOVERNMENT_DEPARTMENT
    assert AuditEntry.objects.filter(object_type="organisations.unit", object_id=str(transport.pk), action="create").exists()

    rows[1] = unit(parent="东宝区人民政府", contact_name="王芳")
    assert counts(check("units", rows, world.dongbao_staff)) == {"new": 0, "update": 1, "unchanged": 1, "errors": 0}
    commit("units", rows, world.dongbao_staff)
    transport.refresh_from_db()
    assert transport.contact_name == "王芳"
    assert Unit.objects.filter(name="东宝区交通运输局").count() == 1


@pytest.mark.parametrize(
    ("bad", "column"),
    [
        ({"region": "429999000000"}, "区划代码"),
        ({"region": "四二零八"}, "区划代码"),
        ({"branch": "公司"}, "类型"),
        ({"parent": "不存在的单位"}, "上级单位"),
        ({"parent": "东宝区交通运输局"}, "上级单位"),
        ({"short_name": "简" * 31}, "简称"),
        ({"name": None}, "名称"),
    ],
)
def test_a_bad_unit_row_changes_nothing(world, bad, column):
    before = units_now()
    result = commit("units", [unit(name="东宝区水利局"), unit(**bad)], world.dongbao_staff)
    assert list(errors(result)) == [(3, column)]
    assert not result.written and units_now() == before


def test_a_unit_is_listed_once_per_file(world):
    assert list(errors(check("units", [unit(), unit(contact_name="王芳")], world.dongbao_staff))) == [(3, "名称")]


def test_parent_loops_are_refused(world):
    rows = [unit(name="甲局", parent="乙局"), unit(name="乙局", parent="甲局")]
    assert set(errors(check("units", rows, world.dongbao_staff))) == {(2, "上级单位"), (3, "上级单位")}


def test_county_staff_cannot_import_units_of_another_county(world):
    before = units_now()
    result = commit("units", [unit(), unit(region="420804000000", name="掇刀区水利局")], world.dongbao_staff)
    found = errors(result)
    assert list(found) == [(3, "区划代码")] and "掇刀区" in found[(3, "区划代码")]
    assert units_now() == before


def station(**values):
    row = {
        "public_code": None,
        "region": "420802000000",
        "name": "龙泉街道代表联络站",
        "kind": "代表联络站",
        "profession": "",
        "congress": None,
        "address": "龙泉街道长宁大道 8 号",
        "latitude": 31.0354,
        "longitude": 112.2047,
        "opening_hours": "工作日 9:00-17:00",
        "leader_name": "陈刚",
        "contact_name": "李娜",
        "contact_phone": "0724-2201234",
        "reception": "M5 09:00-11:30; W2 14:30-17:00",
    }
    row.update(values)
    return row


def test_stations_import_with_their_reception_timetable(world):
    result = commit("stations", [station(), station(name="东宝区网上联络站", kind="网上代表联络站", address="", latitude=None, longitude=None, reception="")], world.dongbao_staff)
    assert counts(result) == {"new": 2, "update": 0, "unchanged": 0, "errors": 0}
    liaison = Station.objects.get(name="龙泉街道代表联络站")
    assert liaison.congress == world.dongbao_congress  # the congress of the region, by default
    assert liaison.latitude == Decimal("31.035400")
    rules = sorted((r.kind, r.day_of_month, r.weekday, r.start_time) for r in liaison.reception_rules.all())
    assert rules == [("monthly", 5, None, datetime.time(9)), ("weekly", None, 1, datetime.time(14, 30))]


def test_a_station_is_found_again_by_its_public_code(world):
    commit("stations", [station()], world.dongbao_staff)
    liaison = Station.objects.get()
    renamed = station(public_code=liaison.public_code, name="龙泉街道人大代表联络站", reception="M5 09:00-11:30")
    assert counts(check("stations", [renamed], world.dongbao_staff)) == {"new": 0, "update": 1, "unchanged": 0, "errors": 0}
    commit("stations", [renamed], world.dongbao_staff)
    liaison.refresh_from_db()
    assert liaison.name == "龙泉街道人大代表联络站" and liaison.reception_rules.count() == 1
    assert Station.objects.count() == 1
    assert ReceptionRule.objects.count() == 1
    # By division code and name, when the code is left empty.
    assert counts(check("stations", [station(name="龙泉街道人大代表联络站", reception="M5 09:00-11:30")], world.dongbao_staff))["unchanged"] == 1


@pytest.mark.parametrize(
    ("bad", "column"),
    [
        ({"kind": "代表办公室"}, "类型"),
        ({"kind": None}, "类型"),
        ({"kind": "专业代表联络站"}, "专业领域"),
        ({"address": ""}, "地址"),
        ({"latitude": "北纬三十度"}, "纬度"),
        ({"latitude": 95}, "纬度"),
        ({"longitude": None}, "经度"),
        ({"reception": "每月五号"}, "接待日安排"),
        ({"reception": "M32 09:00-11:00"}, "接待日安排"),
        ({"reception": "W2 17:00-09:00"}, "接待日安排"),
        ({"public_code": "nosuchcode"}, "二维码编号"),
        ({"congress": "420804000000"}, "主管人大"),
        ({"region": "420804000000"}, "区划代码"),
    ],
)
def test_a_bad_station_row_changes_nothing(world, bad, column):
    commit("stations", [station(name="东宝区代表之家", kind="代表之家")], world.dongbao_staff)
    before = sorted(Station.objects.values_list("name", "address"))
    result = commit("stations", [station(name="牌楼镇代表联络站"), station(**bad)], world.dongbao_staff)
    assert list(errors(result)) == [(3, column)], errors(result)
    assert sorted(Station.objects.values_list("name", "address")) == before


def test_county_staff_cannot_use_another_countys_station_code(world):
    commit("stations", [station(region="420804000000", name="掇刀区代表之家", kind="代表之家")], world.city_staff)
    code = Station.objects.get().public_code
    found = errors(check("stations", [station(public_code=code)], world.dongbao_staff))
    assert list(found) == [(2, "二维码编号")]
