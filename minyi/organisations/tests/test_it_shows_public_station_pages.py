"""The public station page behind a poster's QR code and the public list of stations: no
sign-in, only public fields, 404 for unknown or closed stations."""

import datetime

import pytest
from django.utils import timezone
from django.urls import reverse

from minyi.organisations.models import DutyRoster, Station
from minyi.organisations.public_data import public_station_people, station_counties

from .ui import html, monthly_rule

pytestmark = pytest.mark.django_db


@pytest.fixture
def station(jingmen):
    station = jingmen.station("子陵铺镇代表联络站", jingmen.town, jingmen.dongbao_congress, opening_hours="工作日 9:00–17:00")
    monthly_rule(station, day=5)
    return station


def next_fifth():
    today = timezone.localdate()
    return next(d for d in (today + datetime.timedelta(days=n) for n in range(40)) if d.day == 5)


def test_it_shows_a_station_to_anyone(client, jingmen, station):
    rep = jingmen.representative("李春梅", jingmen.dongbao_congress)
    jingmen.assign(station, rep)
    DutyRoster.objects.create(station=station, date=next_fifth(), representative=rep)
    response = client.get(f"/s/{station.public_code}/")
    page = html(response)
    assert response.status_code == 200
    assert "子陵铺镇代表联络站" in page and "子陵铺镇中心路1号" in page and "工作日 9:00–17:00" in page
    assert f'href="/r/{rep.public_code}/"' in page
    assert page.count("李春梅") >= 2  # assigned, and on duty
    assert "contact_phone" not in page


@pytest.mark.parametrize("code", ["nosuchcode", "../../etc", "a" * 40, "有码"])
def test_it_gives_404_for_unknown_codes(client, station, code):
    assert client.get(f"/s/{code}/").status_code == 404


def test_it_gives_404_for_a_closed_station(client, station):
    station.is_active = False
    station.save()
    assert client.get(f"/s/{station.public_code}/").status_code == 404
    assert public_station_people(station.public_code) is None


def test_it_names_only_current_representatives(jingmen, station):
    current = jingmen.representative("李春梅", jingmen.dongbao_congress)
    former = jingmen.representative("王建华", jingmen.dongbao_congress)
    jingmen.assign(station, current)
    jingmen.assign(station, former, start=datetime.date(2020, 1, 1), end=datetime.date(2021, 1, 1))
    people = public_station_people(station.public_code)
    assert [person.name for person in people.representatives] == ["李春梅"]


def test_it_lists_stations_by_county(client, jingmen, station):
    jingmen.station("白庙村代表联系点", jingmen.duodao_village, jingmen.duodao_congress, kind=Station.Kind.CONTACT_POINT)
    closed = jingmen.station("已关闭联络站", jingmen.dongbao, jingmen.dongbao_congress, is_active=False)
    assert [code for code, _ in station_counties()] == [jingmen.dongbao.code, jingmen.duodao.code]
    page = html(client.get(reverse("organisations:public_station_list")))
    assert "子陵铺镇代表联络站" in page and "白庙村代表联系点" in page and closed.name not in page
    page = html(client.get(reverse("organisations:public_station_list"), {"county": jingmen.duodao.code}))
    assert "白庙村代表联系点" in page and "子陵铺镇代表联络站" not in page
    for bad in ({"county": "x"}, {"county": jingmen.city.code}, {"page": "abc"}):
        assert client.get(reverse("organisations:public_station_list"), bad).status_code == 200
