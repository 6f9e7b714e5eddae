"""The services behind the management pages check the actor's right on the object as stored
and as changed, validate, and save in one transaction."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minyi.organisations import services
from minyi.organisations.models import (
    Department,
    DutyRoster,
    ReceptionException,
    ReceptionRule,
    Session,
    Station,
    StationAssignment,
    Term,
    Unit,
)

from .ui import monthly_rule

pytestmark = pytest.mark.django_db


def test_it_refuses_to_create_outside_scope(jingmen):
    with pytest.raises(PermissionDenied):
        services.create_unit(Unit(region=jingmen.duodao, name="掇刀区新单位"), actor=jingmen.dongbao_staff)
    with pytest.raises(PermissionDenied):
        services.create_term(Term(congress=jingmen.duodao_congress, number=1, start=datetime.date(2021, 1, 1)), actor=jingmen.dongbao_staff)
    with pytest.raises(PermissionDenied):
        services.add_department(Department(congress=jingmen.duodao_congress, name="办公室"), actor=jingmen.dongbao_staff)
    assert not Unit.objects.filter(name="掇刀区新单位").exists() and not Term.objects.exists()


def test_it_refuses_to_move_a_unit_into_another_county(jingmen):
    unit = jingmen.dongbao_unit
    unit.region = jingmen.duodao
    with pytest.raises(PermissionDenied):
        services.update_unit(unit, actor=jingmen.dongbao_staff)
    unit.refresh_from_db()
    assert unit.region == jingmen.dongbao


def test_it_refuses_to_move_a_station_out_of_scope(jingmen):
    station = jingmen.station("东宝区代表之家", jingmen.dongbao, jingmen.dongbao_congress, kind=Station.Kind.HOME)
    station.region, station.congress = jingmen.duodao, jingmen.duodao_congress
    with pytest.raises(PermissionDenied):
        services.update_station(station, actor=jingmen.dongbao_staff)


def test_it_keeps_renames_in_the_rename_service(jingmen):
    unit = jingmen.dongbao_unit
    unit.name = "新名字"
    with pytest.raises(ValidationError):
        services.update_unit(unit, actor=jingmen.dongbao_staff)


def test_it_refuses_a_parent_cycle(jingmen):
    top = jingmen.dongbao_unit
    middle = Unit.objects.create(region=jingmen.dongbao, name="中间单位", parent=top)
    bottom = Unit.objects.create(region=jingmen.dongbao, name="底层单位", parent=middle)
    top.parent = bottom
    with pytest.raises(ValidationError):
        services.update_unit(top, actor=jingmen.dongbao_staff)


def test_it_keeps_sessions_within_their_term(jingmen):
    term = jingmen.term(jingmen.dongbao_congress, start=datetime.date(2021, 10, 1))
    services.create_session(Session(term=term, number=1, start=datetime.date(2022, 1, 5), end=datetime.date(2022, 1, 7)), actor=jingmen.admin)
    term.end = datetime.date(2021, 12, 31)
    with pytest.raises(ValidationError):
        services.update_term(term, actor=jingmen.admin)
    term.refresh_from_db()
    assert term.end is None


def test_it_adds_exceptions_only_on_reception_days(jingmen):
    station = jingmen.station("东宝区代表之家", jingmen.dongbao, jingmen.dongbao_congress, kind=Station.Kind.HOME)
    monthly_rule(station, day=5)
    with pytest.raises(ValidationError):
        services.add_reception_exception(ReceptionException(station=station, date=datetime.date(2026, 3, 6), reason="x"), actor=jingmen.admin)
    services.add_reception_exception(ReceptionException(station=station, date=datetime.date(2026, 3, 5), reason="x"), actor=jingmen.admin)
    assert station.reception_exceptions.count() == 1


def test_it_assigns_only_visible_representatives(jingmen):
    station = jingmen.station("东宝区代表之家", jingmen.dongbao, jingmen.dongbao_congress, kind=Station.Kind.HOME)
    outsider = jingmen.representative("赵远方", jingmen.duodao_congress)
    with pytest.raises(ValidationError):
        services.assign_representative(
            StationAssignment(station=station, representative=outsider, start=datetime.date(2025, 1, 1)), actor=jingmen.dongbao_staff
        )
    # The city's staff see both counties, so they may assign a representative across them.
    services.assign_representative(
        StationAssignment(station=station, representative=outsider, start=datetime.date(2025, 1, 1)), actor=jingmen.city_staff
    )


def test_it_sets_one_duty_day(jingmen):
    station = jingmen.station("东宝区代表之家", jingmen.dongbao, jingmen.dongbao_congress, kind=Station.Kind.HOME)
    monthly_rule(station, day=5)
    first, second = (jingmen.representative(name, jingmen.dongbao_congress) for name in ("甲", "乙"))
    for person in (first, second):
        jingmen.assign(station, person)
    day = datetime.date(2026, 3, 5)
    services.set_duty_day(station, day, [first, second], actor=jingmen.admin)
    services.set_duty_day(station, day, [second], actor=jingmen.admin)
    assert list(DutyRoster.objects.filter(date=day).values_list("representative", flat=True)) == [second.pk]
    with pytest.raises(ValidationError):
        services.set_duty_day(station, datetime.date(2026, 3, 6), [second], actor=jingmen.admin)
    with pytest.raises(PermissionDenied):
        services.set_duty_day(station, day, [], actor=jingmen.duodao_staff)


def test_it_removes_rules_only_for_those_who_manage_the_station(jingmen):
    station = jingmen.station("东宝区代表之家", jingmen.dongbao, jingmen.dongbao_congress, kind=Station.Kind.HOME)
    rule = monthly_rule(station)
    with pytest.raises(PermissionDenied):
        services.remove_reception_rule(rule, actor=jingmen.duodao_staff)
    services.remove_reception_rule(rule, actor=jingmen.dongbao_staff)
    assert not ReceptionRule.objects.exists()
