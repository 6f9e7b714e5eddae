import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from minyi.accounts import access
from minyi.accounts.models import Role
from minyi.organisations.models import (
    DutyRoster,
    ReceptionRule,
    Session,
    Station,
    StationAssignment,
    Term,
    Unit,
    UnitNameChange,
)
from minyi.organisations.services import rename_unit


@pytest.fixture
def stations(jingmen):
    dongbao = jingmen.station("子陵铺镇代表联络站", jingmen.town, jingmen.town_congress)
    duodao = jingmen.station("掇刀区代表之家", jingmen.duodao, jingmen.duodao_congress, kind=Station.Kind.HOME)
    for station in (dongbao, duodao):
        ReceptionRule.objects.create(
            station=station, kind=ReceptionRule.Kind.MONTHLY, day_of_month=5, start_time=datetime.time(9), end_time=datetime.time(11)
        )
    return dongbao, duodao


def visible(user, model):
    return set(access.visible(user, model.objects.all()))


@pytest.mark.django_db
def test_it_hides_another_countys_units(jingmen):
    assert visible(jingmen.dongbao_staff, Unit) == {jingmen.dongbao_unit}
    assert visible(jingmen.duodao_staff, Unit) == {jingmen.duodao_unit}


@pytest.mark.django_db
def test_it_shows_a_city_staff_member_every_county(jingmen):
    assert visible(jingmen.city_staff, Unit) == {jingmen.city_unit, jingmen.dongbao_unit, jingmen.duodao_unit}


@pytest.mark.django_db
def test_it_shows_unit_staff_their_own_unit_only(jingmen):
    assert visible(jingmen.dongbao_unit_staff, Unit) == {jingmen.dongbao_unit}
    assert visible(jingmen.dongbao_unit_staff, Station) == set()


@pytest.mark.django_db
def test_it_hides_another_countys_stations(jingmen, stations):
    dongbao, duodao = stations
    assert visible(jingmen.dongbao_staff, Station) == {dongbao}
    assert visible(jingmen.duodao_staff, Station) == {duodao}
    assert visible(jingmen.city_staff, Station) == {dongbao, duodao}
    assert {rule.station for rule in access.visible(jingmen.dongbao_staff, ReceptionRule.objects.all())} == {dongbao}


@pytest.mark.django_db
def test_it_lets_staff_manage_only_their_regions_objects(jingmen, stations):
    dongbao, duodao = stations
    assert access.can(jingmen.dongbao_staff, "manage", dongbao)
    assert not access.can(jingmen.dongbao_staff, "manage", duodao)
    assert access.can(jingmen.city_staff, "manage", duodao)
    assert not access.can(jingmen.dongbao_staff, "manage", jingmen.duodao_unit)
    assert not access.can(jingmen.dongbao_unit_staff, "manage", jingmen.dongbao_unit)
    assert access.can(jingmen.admin, "manage", duodao)


@pytest.mark.django_db
def test_it_shows_a_representative_their_own_stations_and_duty(jingmen, stations):
    dongbao, duodao = stations
    li = jingmen.representative("李春梅", jingmen.town_congress)
    wang = jingmen.representative("王建华", jingmen.duodao_congress)
    jingmen.assign(dongbao, li)
    jingmen.assign(duodao, wang)
    DutyRoster.objects.create(station=dongbao, date=datetime.date(2025, 1, 5), representative=li)
    DutyRoster.objects.create(station=duodao, date=datetime.date(2025, 1, 5), representative=wang)
    user = jingmen.person("li", Role.REPRESENTATIVE, representative=li)
    assert visible(user, Station) == {dongbao}
    assert {entry.representative for entry in access.visible(user, DutyRoster.objects.all())} == {li}
    assert {a.representative for a in access.visible(user, StationAssignment.objects.all())} == {li}
    assert visible(user, Unit) == set()
    assert not access.can(user, "manage", dongbao)


@pytest.mark.django_db
def test_it_scopes_terms_sessions_and_name_history(jingmen):
    dongbao_term = jingmen.term(jingmen.dongbao_congress)
    duodao_term = jingmen.term(jingmen.duodao_congress)
    Session.objects.create(term=dongbao_term, number=1, start=datetime.date(2021, 10, 8), end=datetime.date(2021, 10, 10))
    Session.objects.create(term=duodao_term, number=1, start=datetime.date(2021, 10, 8), end=datetime.date(2021, 10, 10))
    rename_unit(jingmen.dongbao_unit, "东宝区教育和体育局", actor=jingmen.dongbao_staff)
    rename_unit(jingmen.duodao_unit, "掇刀区城市管理局", actor=jingmen.duodao_staff)
    assert visible(jingmen.dongbao_staff, Term) == {dongbao_term}
    assert {s.term for s in access.visible(jingmen.dongbao_staff, Session.objects.all())} == {dongbao_term}
    assert {c.unit for c in access.visible(jingmen.dongbao_staff, UnitNameChange.objects.all())} == {jingmen.dongbao_unit}
    assert {c.unit for c in access.visible(jingmen.dongbao_unit_staff, UnitNameChange.objects.all())} == {jingmen.dongbao_unit}
    assert access.can(jingmen.dongbao_staff, "manage", dongbao_term)
    assert not access.can(jingmen.dongbao_staff, "manage", duodao_term)


@pytest.mark.django_db
def test_it_shows_anonymous_visitors_nothing(jingmen, stations):
    anonymous = AnonymousUser()
    for model in (Unit, Station, ReceptionRule, Term, StationAssignment):
        assert visible(anonymous, model) == set()
