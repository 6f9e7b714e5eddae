"""Representatives assigned to a station, and the duty roster on its reception days."""

import datetime

import pytest
from django.utils import timezone
from django.urls import reverse

from minyi.audit.models import AuditEntry
from minyi.organisations.models import DutyRoster, StationAssignment

from .ui import audited, client_for, html, monthly_rule

pytestmark = pytest.mark.django_db


@pytest.fixture
def station(jingmen):
    station = jingmen.station("子陵铺镇代表联络站", jingmen.town, jingmen.dongbao_congress)
    monthly_rule(station, day=5)
    return station


def reception_day(offset_months=0):
    today = timezone.localdate()
    days = [d for d in (today + datetime.timedelta(days=n) for n in range(100)) if d.day == 5]
    return days[offset_months]


def test_it_assigns_a_visible_representative(jingmen, station):
    rep = jingmen.representative("王建华", jingmen.dongbao_congress)
    client = client_for(jingmen.dongbao_staff)
    page = html(client.get(reverse("organisations:station_representatives", args=[station.pk])))
    assert "王建华" in page
    response = client.post(reverse("organisations:assignment_add", args=[station.pk]), {"representative": rep.pk, "start": "2025-01-01"})
    assert response.status_code == 302
    assignment = StationAssignment.objects.get(station=station, representative=rep)
    assert audited(AuditEntry.Action.CREATE, StationAssignment, assignment.pk, actor=jingmen.dongbao_staff).exists()


def test_it_does_not_offer_representatives_outside_scope(jingmen, station):
    other = jingmen.representative("赵远方", jingmen.duodao_congress)
    client = client_for(jingmen.dongbao_staff)
    assert "赵远方" not in html(client.get(reverse("organisations:station_representatives", args=[station.pk])))
    response = client.post(reverse("organisations:assignment_add", args=[station.pk]), {"representative": other.pk, "start": "2025-01-01"})
    assert response.status_code == 200 and not StationAssignment.objects.exists()


def test_it_searches_representatives_by_name(jingmen, station):
    jingmen.representative("王建华", jingmen.dongbao_congress)
    jingmen.representative("李秀英", jingmen.dongbao_congress)
    page = html(client_for(jingmen.dongbao_staff).get(reverse("organisations:station_representatives", args=[station.pk]), {"rep_q": "秀"}))
    assert "李秀英" in page and "王建华" not in page


def test_it_refuses_an_overlapping_assignment_and_keeps_the_dates(jingmen, station):
    rep = jingmen.representative("王建华", jingmen.dongbao_congress)
    jingmen.assign(station, rep, start=datetime.date(2024, 1, 1))
    response = client_for(jingmen.dongbao_staff).post(
        reverse("organisations:assignment_add", args=[station.pk]), {"representative": rep.pk, "start": "2025-02-03"}
    )
    assert response.status_code == 200
    assert 'value="2025-02-03"' in html(response) and "alert-danger" in html(response)
    assert StationAssignment.objects.count() == 1


def test_it_ends_an_assignment_and_drops_later_duty(jingmen, station):
    rep = jingmen.representative("王建华", jingmen.dongbao_congress)
    assignment = jingmen.assign(station, rep, start=datetime.date(2024, 1, 1))
    later = reception_day(1)
    DutyRoster.objects.create(station=station, date=later, representative=rep)
    end = later - datetime.timedelta(days=1)
    response = client_for(jingmen.dongbao_staff).post(
        reverse("organisations:assignment_end", args=[station.pk, assignment.pk]), {"end": end.isoformat()}
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.end == end
    assert not DutyRoster.objects.filter(date=later).exists()
    assert audited(AuditEntry.Action.UPDATE, StationAssignment, assignment.pk, actor=jingmen.dongbao_staff).exists()


def test_it_refuses_an_end_before_the_start(jingmen, station):
    rep = jingmen.representative("王建华", jingmen.dongbao_congress)
    assignment = jingmen.assign(station, rep, start=datetime.date(2024, 1, 1))
    response = client_for(jingmen.dongbao_staff).post(
        reverse("organisations:assignment_end", args=[station.pk, assignment.pk]), {"end": "2023-01-01"}, follow=True
    )
    assert "alert-danger" in html(response)
    assignment.refresh_from_db()
    assert assignment.end is None


def test_it_fills_the_roster_by_rotation(jingmen, station):
    first = jingmen.assign(station, jingmen.representative("王建华", jingmen.dongbao_congress)).representative
    second = jingmen.assign(station, jingmen.representative("李秀英", jingmen.dongbao_congress)).representative
    client = client_for(jingmen.dongbao_staff)
    start, end = reception_day(0), reception_day(1)
    response = client.post(reverse("organisations:duty_fill", args=[station.pk]), {"start": start.isoformat(), "end": end.isoformat(), "per_day": "1"})
    assert response.status_code == 302
    roster = list(DutyRoster.objects.filter(station=station).order_by("date"))
    assert [entry.date for entry in roster] == [start, end]
    assert {entry.representative for entry in roster} == {first, second}
    assert audited(AuditEntry.Action.CREATE, DutyRoster, roster[0].pk, actor=jingmen.dongbao_staff).exists()
    page = html(client.get(reverse("organisations:station_duty", args=[station.pk])))
    assert "王建华" in page and "李秀英" in page


@pytest.mark.parametrize("data", [{"start": "2026-02-01", "end": "2026-01-01", "per_day": "1"}, {"start": "x", "end": "", "per_day": "0"}])
def test_it_reshows_a_bad_fill_request(jingmen, station, data):
    response = client_for(jingmen.dongbao_staff).post(reverse("organisations:duty_fill", args=[station.pk]), data)
    assert response.status_code == 200 and "alert-danger" in html(response)
    assert not DutyRoster.objects.exists()


def test_it_edits_one_duty_day(jingmen, station):
    first = jingmen.assign(station, jingmen.representative("王建华", jingmen.dongbao_congress)).representative
    second = jingmen.assign(station, jingmen.representative("李秀英", jingmen.dongbao_congress)).representative
    day = reception_day(0)
    DutyRoster.objects.create(station=station, date=day, representative=first)
    client = client_for(jingmen.dongbao_staff)
    url = reverse("organisations:duty_day", args=[station.pk, day.isoformat()])
    assert "王建华" in html(client.get(url))
    assert client.post(url, {"representatives": [second.pk]}).status_code == 302
    assert list(DutyRoster.objects.filter(station=station, date=day).values_list("representative", flat=True)) == [second.pk]


def test_it_refuses_duty_for_someone_not_assigned(jingmen, station):
    outsider = jingmen.representative("赵远方", jingmen.dongbao_congress)
    day = reception_day(0)
    response = client_for(jingmen.dongbao_staff).post(
        reverse("organisations:duty_day", args=[station.pk, day.isoformat()]), {"representatives": [outsider.pk]}
    )
    assert response.status_code == 200 and not DutyRoster.objects.exists()


@pytest.mark.parametrize("day", ["2026-13-01", "yesterday", "2026-02-30"])
def test_it_gives_404_for_a_bad_duty_date(jingmen, station, day):
    assert client_for(jingmen.dongbao_staff).get(f"/org/stations/{station.pk}/duty/{day}/").status_code == 404


def test_it_gives_404_for_a_day_without_reception(jingmen, station):
    day = reception_day(0) + datetime.timedelta(days=1)
    assert client_for(jingmen.dongbao_staff).get(reverse("organisations:duty_day", args=[station.pk, day.isoformat()])).status_code == 404
