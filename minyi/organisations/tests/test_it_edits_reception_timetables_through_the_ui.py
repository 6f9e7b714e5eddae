"""The reception timetable page: rules and exceptions through the services, shown in the
three-month calendar; bad rules come back with their errors and what was typed."""

import datetime

import pytest
from django.utils import timezone
from django.urls import reverse

from minyi.audit.models import AuditEntry
from minyi.organisations.models import ReceptionException, ReceptionRule

from .ui import audited, client_for, html, monthly_rule

pytestmark = pytest.mark.django_db


@pytest.fixture
def station(jingmen):
    return jingmen.station("子陵铺镇代表联络站", jingmen.town, jingmen.dongbao_congress)


def next_day(day_of_month):
    today = timezone.localdate()
    return next(d for d in (today + datetime.timedelta(days=n) for n in range(62)) if d.day == day_of_month)


def test_it_adds_a_monthly_rule_and_shows_it_in_the_calendar(jingmen, station):
    client = client_for(jingmen.dongbao_staff)
    response = client.post(
        reverse("organisations:rule_add", args=[station.pk]),
        {"kind": "monthly", "day_of_month": "15", "weekday": "3", "date": "2025-01-01", "start_time": "09:00", "end_time": "11:30"},
    )
    assert response.status_code == 302
    rule = ReceptionRule.objects.get(station=station)
    assert rule.day_of_month == 15 and rule.weekday is None and rule.date is None
    assert audited(AuditEntry.Action.CREATE, ReceptionRule, rule.pk, actor=jingmen.dongbao_staff).exists()
    page = html(client.get(reverse("organisations:station_timetable", args=[station.pk])))
    assert f'data-reception="{next_day(15).isoformat()}"' in page
    assert page.count("data-reception=") == 3


def test_it_adds_weekly_and_one_day_rules(jingmen, station):
    client = client_for(jingmen.dongbao_staff)
    client.post(reverse("organisations:rule_add", args=[station.pk]), {"kind": "weekly", "weekday": "1", "start_time": "14:30", "end_time": "17:00"})
    once = timezone.localdate() + datetime.timedelta(days=10)
    client.post(reverse("organisations:rule_add", args=[station.pk]), {"kind": "once", "date": once.isoformat(), "start_time": "09:00", "end_time": "10:00"})
    kinds = set(station.reception_rules.values_list("kind", flat=True))
    assert kinds == {"weekly", "once"}
    assert f'data-reception="{once.isoformat()}"' in html(client.get(reverse("organisations:station_timetable", args=[station.pk])))


@pytest.mark.parametrize(
    "data, field",
    [
        ({"kind": "monthly", "day_of_month": "", "start_time": "09:00", "end_time": "11:00"}, "day_of_month"),
        ({"kind": "monthly", "day_of_month": "32", "start_time": "09:00", "end_time": "11:00"}, "day_of_month"),
        ({"kind": "weekly", "weekday": "", "start_time": "09:00", "end_time": "11:00"}, "weekday"),
        ({"kind": "monthly", "day_of_month": "5", "start_time": "11:00", "end_time": "09:00"}, "end_time"),
        ({"kind": "monthly", "day_of_month": "5", "start_time": "9点", "end_time": "11:00"}, "start_time"),
        ({"kind": "monthly", "day_of_month": "5", "start_time": "09:00", "end_time": "11:00", "valid_from": "2026-05-01", "valid_to": "2026-01-01"}, "valid_to"),
        ({"kind": "yearly", "start_time": "09:00", "end_time": "11:00"}, "kind"),
    ],
)
def test_it_reshows_a_bad_rule_with_its_error_and_input(jingmen, station, data, field):
    response = client_for(jingmen.dongbao_staff).post(reverse("organisations:rule_add", args=[station.pk]), data)
    page = html(response)
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in page
    assert f'value="{data["start_time"]}"' in page
    assert not station.reception_rules.exists()


def test_it_removes_a_rule(jingmen, station):
    rule = monthly_rule(station)
    response = client_for(jingmen.dongbao_staff).post(reverse("organisations:rule_remove", args=[station.pk, rule.pk]))
    assert response.status_code == 302 and not station.reception_rules.exists()
    assert audited(AuditEntry.Action.DELETE, ReceptionRule, rule.pk, actor=jingmen.dongbao_staff).exists()


def test_it_cancels_and_moves_reception_days(jingmen, station):
    monthly_rule(station, day=5)
    client = client_for(jingmen.dongbao_staff)
    day = next_day(5)
    moved = day + datetime.timedelta(days=1)
    response = client.post(
        reverse("organisations:exception_add", args=[station.pk]), {"date": day.isoformat(), "moved_to": moved.isoformat(), "reason": "国庆假期"}
    )
    assert response.status_code == 302
    exception = ReceptionException.objects.get(station=station)
    assert audited(AuditEntry.Action.CREATE, ReceptionException, exception.pk, actor=jingmen.dongbao_staff).exists()
    page = html(client.get(reverse("organisations:station_timetable", args=[station.pk])))
    assert f'data-reception="{moved.isoformat()}"' in page and f'data-reception="{day.isoformat()}"' not in page
    assert "国庆假期" in page
    client.post(reverse("organisations:exception_remove", args=[station.pk, exception.pk]))
    assert not ReceptionException.objects.exists()


def test_it_refuses_an_exception_on_a_day_without_reception(jingmen, station):
    monthly_rule(station, day=5)
    day = next_day(6)
    response = client_for(jingmen.dongbao_staff).post(
        reverse("organisations:exception_add", args=[station.pk]), {"date": day.isoformat(), "reason": "停电"}
    )
    assert response.status_code == 200
    assert 'value="停电"' in html(response) and 'id="id_date_error"' in html(response)
    assert not ReceptionException.objects.exists()


def test_it_refuses_a_move_to_the_same_day(jingmen, station):
    monthly_rule(station, day=5)
    day = next_day(5).isoformat()
    response = client_for(jingmen.dongbao_staff).post(
        reverse("organisations:exception_add", args=[station.pk]), {"date": day, "moved_to": day, "reason": "调整"}
    )
    assert response.status_code == 200 and not ReceptionException.objects.exists()


def test_it_gives_404_for_a_rule_of_another_station(jingmen, station):
    other = jingmen.station("东宝区另一联络站", jingmen.dongbao, jingmen.dongbao_congress)
    rule = monthly_rule(other)
    response = client_for(jingmen.dongbao_staff).post(reverse("organisations:rule_remove", args=[station.pk, rule.pk]))
    assert response.status_code == 404 and ReceptionRule.objects.filter(pk=rule.pk).exists()
