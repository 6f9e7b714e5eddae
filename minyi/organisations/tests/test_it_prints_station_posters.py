"""QR posters (A4 PDF) for one station and for every station of the list's filters; each
download is an export in the audit log."""

import pytest
from django.urls import reverse

from minyi.audit.models import AuditEntry
from minyi.organisations.models import Station
from minyi.organisations.views.posters import poster_of

from .ui import client_for, monthly_rule

pytestmark = pytest.mark.django_db


@pytest.fixture
def station(jingmen):
    station = jingmen.station("子陵铺镇代表联络站", jingmen.town, jingmen.dongbao_congress)
    monthly_rule(station)
    return station


def test_it_prints_a_stations_poster(jingmen, station):
    response = client_for(jingmen.dongbao_staff).get(reverse("organisations:station_poster", args=[station.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = b"".join(response) if response.streaming else response.content
    assert pdf.startswith(b"%PDF")
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT, object_type="station_poster")
    assert entry.actor == jingmen.dongbao_staff and entry.changes["filters"]["public_code"] == station.public_code


def test_it_points_the_qr_code_at_the_public_page(settings, station):
    settings.SITE_URL = "https://minyi.example.gov.cn"
    poster = poster_of(station)
    assert poster["url"] == f"https://minyi.example.gov.cn/s/{station.public_code}/"
    assert poster["qr"].startswith("data:image/svg+xml")
    assert poster["station"].timetable


def test_it_prints_no_poster_for_a_closed_station(jingmen, station):
    station.is_active = False
    station.save()
    assert client_for(jingmen.dongbao_staff).get(reverse("organisations:station_poster", args=[station.pk])).status_code == 404


def test_it_prints_the_posters_of_the_filtered_list(jingmen, station):
    jingmen.station("掇刀区白庙村代表联系点", jingmen.duodao_village, jingmen.duodao_congress, kind=Station.Kind.CONTACT_POINT)
    response = client_for(jingmen.city_staff).get(reverse("organisations:station_posters"), {"region": jingmen.dongbao.code})
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT, object_type="station_posters")
    assert entry.note == "rows=1"


def test_it_sends_back_to_the_list_when_nothing_matches(jingmen, station):
    response = client_for(jingmen.dongbao_staff).get(reverse("organisations:station_posters"), {"kind": "online"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("organisations:station_list"))
