"""County staff get a 404 for another county's units, stations, congress and regions, and
cannot write to them; their lists leave them out."""

import datetime

import pytest
from django.utils import timezone
from django.urls import reverse

from minyi.organisations.models import Station, Unit

from .ui import client_for, html, monthly_rule

pytestmark = pytest.mark.django_db


@pytest.fixture
def duodao_station(jingmen):
    station = jingmen.station("掇刀区白庙村代表联系点", jingmen.duodao_village, jingmen.duodao_congress, kind=Station.Kind.CONTACT_POINT)
    monthly_rule(station)
    return station


def test_it_returns_404_for_another_countys_unit(jingmen):
    client = client_for(jingmen.dongbao_staff)
    unit = jingmen.duodao_unit
    for name in ("unit_detail", "unit_edit", "unit_rename", "unit_merge"):
        assert client.get(reverse(f"organisations:{name}", args=[unit.pk])).status_code == 404, name
    for name in ("unit_deactivate", "unit_delete", "unit_rename", "unit_edit"):
        assert client.post(reverse(f"organisations:{name}", args=[unit.pk]), {"name": "x"}).status_code == 404, name
    unit.refresh_from_db()
    assert unit.is_active and unit.name == "掇刀区城市管理执法局"


def test_it_returns_404_for_another_countys_station(jingmen, duodao_station):
    client = client_for(jingmen.dongbao_staff)
    pk = duodao_station.pk
    for name in ("station_detail", "station_edit", "station_timetable", "station_representatives", "station_duty", "station_poster"):
        assert client.get(reverse(f"organisations:{name}", args=[pk])).status_code == 404, name
    rule = duodao_station.reception_rules.get()
    for url in (
        reverse("organisations:rule_add", args=[pk]),
        reverse("organisations:rule_remove", args=[pk, rule.pk]),
        reverse("organisations:exception_add", args=[pk]),
        reverse("organisations:duty_fill", args=[pk]),
        reverse("organisations:station_deactivate", args=[pk]),
        reverse("organisations:assignment_add", args=[pk]),
    ):
        assert client.post(url, {}).status_code == 404, url
    day = next(d for d in (timezone.localdate() + datetime.timedelta(days=n) for n in range(40)) if d.day == 5)
    assert client.get(reverse("organisations:duty_day", args=[pk, day.isoformat()])).status_code == 404
    assert duodao_station.reception_rules.exists()


def test_it_returns_404_for_another_countys_congress_and_region(jingmen):
    client = client_for(jingmen.dongbao_staff)
    assert client.get(reverse("organisations:congress_detail", args=[jingmen.duodao_congress.pk])).status_code == 404
    assert client.get(reverse("organisations:term_create", args=[jingmen.duodao_congress.pk])).status_code == 404
    assert client.get(reverse("regions:detail", args=[jingmen.duodao.code])).status_code == 404
    assert client.get(reverse("regions:add_local", args=[jingmen.duodao.code])).status_code == 404
    # The city is above the county staff's scope: visible to nobody below it.
    assert client.get(reverse("regions:detail", args=[jingmen.city.code])).status_code == 404


def test_it_leaves_other_counties_out_of_the_lists(jingmen, duodao_station):
    client = client_for(jingmen.dongbao_staff)
    units = html(client.get(reverse("organisations:unit_list")))
    assert "东宝区教育局" in units and "掇刀区城市管理执法局" not in units
    stations = html(client.get(reverse("organisations:station_list")))
    assert "白庙村代表联系点" not in stations
    regions = html(client.get(reverse("regions:search") + "?q=区"))
    assert "东宝区" in regions and "掇刀区" not in regions


def test_it_offers_only_regions_and_parents_in_scope_on_forms(jingmen):
    page = html(client_for(jingmen.dongbao_staff).get(reverse("organisations:unit_create")))
    assert jingmen.dongbao.code in page and jingmen.duodao.code not in page
    response = client_for(jingmen.dongbao_staff).post(
        reverse("organisations:unit_create"), {"name": "掇刀区新单位", "region": jingmen.duodao.code, "branch": "department"}
    )
    assert response.status_code == 200
    assert not Unit.objects.filter(name="掇刀区新单位").exists()


def test_it_lets_city_staff_see_every_county(jingmen, duodao_station):
    client = client_for(jingmen.city_staff)
    assert client.get(reverse("organisations:unit_detail", args=[jingmen.duodao_unit.pk])).status_code == 200
    assert client.get(reverse("organisations:station_detail", args=[duodao_station.pk])).status_code == 200
