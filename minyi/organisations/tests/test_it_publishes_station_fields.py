import dataclasses
import datetime

import pytest
from django.utils import timezone

from minyi.organisations.models import ReceptionException, ReceptionRule, Station
from minyi.organisations.public_data import public_station, public_stations


@pytest.fixture
def stations(jingmen):
    town = jingmen.station("子陵铺镇代表联络站", jingmen.town, jingmen.town_congress, contact_name="周红", contact_phone="13900001111")
    ReceptionRule.objects.create(
        station=town, kind=ReceptionRule.Kind.MONTHLY, day_of_month=5, start_time=datetime.time(9), end_time=datetime.time(11, 30)
    )
    duodao = jingmen.station("掇刀区代表之家", jingmen.duodao, jingmen.duodao_congress, kind=Station.Kind.HOME)
    closed = jingmen.station("旧联络站", jingmen.town, jingmen.town_congress, is_active=False)
    return town, duodao, closed


@pytest.mark.django_db
def test_it_lists_active_stations_only(stations):
    assert {s.name for s in public_stations()} == {"子陵铺镇代表联络站", "掇刀区代表之家"}


@pytest.mark.django_db
def test_it_lists_the_stations_under_a_region(jingmen, stations):
    assert [s.name for s in public_stations(jingmen.dongbao)] == ["子陵铺镇代表联络站"]
    assert len(public_stations(jingmen.city)) == 2


@pytest.mark.django_db
def test_it_publishes_no_contact_details(stations):
    published = public_station(stations[0].public_code)
    fields = {f.name for f in dataclasses.fields(published)}
    assert not fields & {"contact_name", "contact_phone", "leader_name", "id"}
    assert "13900001111" not in repr(published)


@pytest.mark.django_db
def test_it_publishes_the_timetable_and_the_next_reception_days(stations):
    town = stations[0]
    today = timezone.localdate()
    next_fifth = today.replace(day=5) if today.day <= 5 else (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=5)
    ReceptionException.objects.create(station=town, date=next_fifth, reason="节假日")
    published = public_station(town.public_code)
    assert len(published.timetable) == 1
    assert published.upcoming_receptions
    assert next_fifth not in [r.date for r in published.upcoming_receptions]
    assert all(r.date.day == 5 for r in published.upcoming_receptions)


@pytest.mark.django_db
def test_it_finds_no_closed_or_unknown_station(stations):
    assert public_station(stations[2].public_code) is None
    assert public_station("nosuchcode") is None
