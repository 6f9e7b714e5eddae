"""Stations through the desk pages: create and edit with every field, the profession that only
a professional station has, the village picker, closing a station."""

import pytest
from django.urls import reverse

from minyi.audit.models import AuditEntry
from minyi.organisations.models import Station

from .ui import audited, client_for, html

pytestmark = pytest.mark.django_db


def station_data(jingmen, **changes):
    data = {
        "name": "子陵铺镇代表之家",
        "kind": "home",
        "profession": "",
        "area": jingmen.town.code,
        "village": "",
        "congress": jingmen.town_congress.pk,
        "address": "子陵铺镇中心路8号",
        "latitude": "31.05",
        "longitude": "112.20",
        "opening_hours": "工作日 9:00–17:00",
        "leader_name": "张主任",
        "contact_name": "李联络",
        "contact_phone": "0724-2345678",
    }
    data.update(changes)
    return data


def test_it_creates_a_station_with_every_field(jingmen):
    client = client_for(jingmen.dongbao_staff)
    response = client.post(reverse("organisations:station_create"), station_data(jingmen))
    station = Station.objects.get(name="子陵铺镇代表之家")
    assert response.status_code == 302
    assert response["Location"] == reverse("organisations:station_timetable", args=[station.pk])
    assert station.region == jingmen.town and station.congress == jingmen.town_congress
    assert str(station.latitude) == "31.050000" and station.leader_name == "张主任"
    assert len(station.public_code) == 10
    assert audited(AuditEntry.Action.CREATE, Station, station.pk, actor=jingmen.dongbao_staff).exists()


def test_it_places_a_station_in_a_village(jingmen):
    client = client_for(jingmen.dongbao_staff)
    client.post(reverse("organisations:station_create"), station_data(jingmen, village=jingmen.village.code, name="子陵村代表联系点"))
    station = Station.objects.get(name="子陵村代表联系点")
    assert station.region == jingmen.village
    page = html(client.get(reverse("organisations:station_edit", args=[station.pk])))
    assert f'<option value="{jingmen.village.code}" selected>' in page


def test_it_refuses_a_village_of_another_area(jingmen):
    response = client_for(jingmen.city_staff).post(
        reverse("organisations:station_create"), station_data(jingmen, area=jingmen.dongbao.code, village=jingmen.duodao_village.code)
    )
    assert response.status_code == 200
    assert not Station.objects.filter(name="子陵铺镇代表之家").exists()


def test_it_asks_a_professional_station_for_its_profession_and_keeps_the_input(jingmen):
    response = client_for(jingmen.dongbao_staff).post(reverse("organisations:station_create"), station_data(jingmen, kind="professional"))
    page = html(response)
    assert response.status_code == 200
    assert "专业联络站需要填写所属领域" in page or "station-profession has-error" in page
    assert 'value="子陵铺镇代表之家"' in page and "工作日 9:00–17:00" in page and 'value="0724-2345678"' in page
    assert not Station.objects.exists()


def test_it_refuses_a_congress_whose_region_does_not_hold_the_station(jingmen):
    response = client_for(jingmen.city_staff).post(
        reverse("organisations:station_create"), station_data(jingmen, area=jingmen.duodao.code, congress=jingmen.dongbao_congress.pk)
    )
    assert response.status_code == 200 and not Station.objects.exists()


def test_it_refuses_a_second_station_of_the_same_name_in_a_region(jingmen):
    jingmen.station("子陵铺镇代表之家", jingmen.town, jingmen.town_congress)
    response = client_for(jingmen.dongbao_staff).post(reverse("organisations:station_create"), station_data(jingmen))
    assert response.status_code == 200 and Station.objects.count() == 1


@pytest.mark.parametrize("bad", [{"area": "999"}, {"latitude": "north"}, {"latitude": "91", "longitude": "1"}, {"longitude": ""}, {"kind": "castle"}, {"congress": "x"}])
def test_it_reshows_bad_input_without_a_500(jingmen, bad):
    response = client_for(jingmen.dongbao_staff).post(reverse("organisations:station_create"), station_data(jingmen, **bad))
    assert response.status_code == 200 and not Station.objects.exists()


def test_it_edits_a_station(jingmen):
    station = jingmen.station("子陵铺镇代表联络站", jingmen.town, jingmen.dongbao_congress)
    code = station.public_code
    client = client_for(jingmen.dongbao_staff)
    data = station_data(jingmen, name="子陵铺镇人大代表联络站", congress=jingmen.dongbao_congress.pk, latitude="", longitude="")
    assert client.post(reverse("organisations:station_edit", args=[station.pk]), data).status_code == 302
    station.refresh_from_db()
    assert station.name == "子陵铺镇人大代表联络站" and station.public_code == code
    assert audited(AuditEntry.Action.UPDATE, Station, station.pk, actor=jingmen.dongbao_staff).exists()


def test_it_closes_a_station(jingmen):
    station = jingmen.station("子陵铺镇代表联络站", jingmen.town, jingmen.dongbao_congress)
    assert client_for(jingmen.dongbao_staff).post(reverse("organisations:station_deactivate", args=[station.pk])).status_code == 302
    station.refresh_from_db()
    assert not station.is_active


def test_it_serves_the_village_options(jingmen):
    client = client_for(jingmen.dongbao_staff)
    page = html(client.get(reverse("regions:village_options"), {"area": jingmen.town.code}))
    assert jingmen.village.code in page
    assert jingmen.duodao_village.code not in html(client.get(reverse("regions:village_options"), {"area": jingmen.duodao.code}))


def test_it_filters_the_station_list(jingmen):
    jingmen.station("子陵铺镇代表联络站", jingmen.town, jingmen.dongbao_congress)
    jingmen.station("白庙村代表联系点", jingmen.duodao_village, jingmen.duodao_congress, kind=Station.Kind.CONTACT_POINT)
    client = client_for(jingmen.city_staff)
    page = html(client.get(reverse("organisations:station_list"), {"kind": "contact_point"}))
    assert "白庙村代表联系点" in page and "子陵铺镇代表联络站" not in page
    page = html(client.get(reverse("organisations:station_list"), {"region": jingmen.dongbao.code}))
    assert "子陵铺镇代表联络站" in page and "白庙村代表联系点" not in page
    for bad in ({"region": "x"}, {"kind": "x"}, {"active": "x"}, {"page": "-1"}):
        assert client.get(reverse("organisations:station_list"), bad).status_code == 200
