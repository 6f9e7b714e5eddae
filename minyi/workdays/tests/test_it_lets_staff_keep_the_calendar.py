import datetime

import pytest
from django.urls import reverse

from minyi.audit.models import AuditEntry
from minyi.workdays.models import DayOverride, HolidayYear

pytestmark = pytest.mark.django_db


def test_it_shows_the_2026_holidays_and_computes_a_deadline(client, world):
    client.force_login(world.city_staff)
    response = client.get(reverse("workdays:calendar"), {"year": 2026, "start": "2026-09-30", "count": 1, "unit": "workdays"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "国庆节" in body and "2026-10-08" in body


def test_it_lets_an_administrator_add_a_national_holiday_for_2027(client, world):
    client.force_login(world.admin)
    url = reverse("workdays:add_day") + "?year=2027"
    response = client.post(url, {"date": "2027-02-08", "kind": "holiday", "name": "春节"})
    assert response.status_code == 302
    entry = DayOverride.objects.get(date=datetime.date(2027, 2, 8))
    assert entry.congress is None and entry.created_by == world.admin
    assert AuditEntry.objects.filter(object_type="workdays.dayoverride", action="create").exists()
    client.post(reverse("workdays:set_complete"), {"year": 2027, "complete": "1"})
    assert HolidayYear.objects.get(year=2027, congress=None).complete


def test_it_keeps_county_staff_to_their_own_local_calendar(client, world):
    client.force_login(world.dongbao_staff)
    response = client.post(reverse("workdays:add_day"), {"date": "2027-05-03", "kind": "holiday", "name": "地方节日"})
    assert response.status_code == 302
    assert DayOverride.objects.get(date=datetime.date(2027, 5, 3)).congress == world.dongbao_congress
    other = reverse("workdays:calendar") + f"?congress={world.duodao_congress.pk}"
    assert client.get(other).status_code == 404


def test_it_refuses_a_removal_outside_the_scope(client, world):
    entry = DayOverride.objects.create(date=datetime.date(2027, 5, 4), kind="holiday", congress=world.duodao_congress)
    client.force_login(world.dongbao_staff)
    assert client.post(reverse("workdays:remove_day", args=[entry.pk])).status_code == 404
    assert DayOverride.objects.filter(pk=entry.pk).exists()


def test_it_explains_bad_input_and_keeps_it(client, world):
    client.force_login(world.admin)
    response = client.post(reverse("workdays:add_day"), {"date": "2027-02-30", "kind": "holiday", "name": "春节"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "有效的日期" in body and 'value="春节"' in body


def test_it_warns_from_november_that_next_year_is_missing(client, world, monkeypatch):
    from minyi.workdays import calendar

    monkeypatch.setattr(calendar, "missing_next_year_warning", lambda: "2027 年全国节假日尚未录入")
    client.force_login(world.city_staff)
    assert "2027 年全国节假日尚未录入" in client.get(reverse("workdays:calendar")).content.decode()


def test_it_is_closed_to_unit_staff(client, world):
    client.force_login(world.unit_staff)
    assert client.get(reverse("workdays:calendar")).status_code == 403
