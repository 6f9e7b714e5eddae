"""Every organisation page renders for the staff roles, within their scope, and is refused to
those without a staff role; the desk menu names the pages."""

import datetime

import pytest
from django.utils import timezone
from django.urls import reverse

from minyi.organisations.models import DutyRoster

from .ui import as_user, client_for, html, leader, monthly_rule  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def station(jingmen):
    station = jingmen.station("东宝区子陵铺镇代表联络站", jingmen.town, jingmen.dongbao_congress)
    monthly_rule(station)
    rep = jingmen.representative("李春梅", jingmen.dongbao_congress)
    jingmen.assign(station, rep)
    return station


def pages(jingmen, station):
    term = jingmen.term(jingmen.dongbao_congress)
    session = term.sessions.create(number=1, start=datetime.date(2022, 1, 5), end=datetime.date(2022, 1, 7))
    department = jingmen.dongbao_congress.departments.create(name="代表工作委员会")
    today = timezone.localdate()
    day = next(d for d in (today + datetime.timedelta(days=n) for n in range(40)) if d.day == 5)
    return [
        reverse("regions:browse"),
        reverse("regions:detail", args=[jingmen.dongbao.code]),
        reverse("regions:search") + "?q=子陵",
        reverse("regions:add_local", args=[jingmen.town.code]),
        reverse("organisations:congress_list"),
        reverse("organisations:congress_detail", args=[jingmen.dongbao_congress.pk]),
        reverse("organisations:term_create", args=[jingmen.dongbao_congress.pk]),
        reverse("organisations:term_edit", args=[term.pk]),
        reverse("organisations:session_create", args=[term.pk]),
        reverse("organisations:session_edit", args=[session.pk]),
        reverse("organisations:department_create", args=[jingmen.dongbao_congress.pk]),
        reverse("organisations:department_rename", args=[department.pk]),
        reverse("organisations:unit_list"),
        reverse("organisations:unit_create"),
        reverse("organisations:unit_detail", args=[jingmen.dongbao_unit.pk]),
        reverse("organisations:unit_edit", args=[jingmen.dongbao_unit.pk]),
        reverse("organisations:unit_rename", args=[jingmen.dongbao_unit.pk]),
        reverse("organisations:unit_merge", args=[jingmen.dongbao_unit.pk]),
        reverse("organisations:station_list"),
        reverse("organisations:station_create"),
        reverse("organisations:station_detail", args=[station.pk]),
        reverse("organisations:station_edit", args=[station.pk]),
        reverse("organisations:station_timetable", args=[station.pk]),
        reverse("organisations:station_representatives", args=[station.pk]),
        reverse("organisations:station_duty", args=[station.pk]),
        reverse("organisations:duty_day", args=[station.pk, day.isoformat()]),
    ]


@pytest.mark.parametrize("who", ["admin", "city_staff", "dongbao_staff"])
def test_it_renders_every_page_for_staff_in_scope(jingmen, station, who):
    client = client_for(getattr(jingmen, who))
    for url in pages(jingmen, station):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert "<h1" in html(response), url


def test_it_renders_the_pages_for_a_leader(jingmen, station):
    client = client_for(leader(jingmen))
    for url in (
        reverse("organisations:unit_list"),
        reverse("organisations:station_detail", args=[station.pk]),
        reverse("organisations:station_timetable", args=[station.pk]),
        reverse("organisations:congress_detail", args=[jingmen.city_congress.pk]),
    ):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["dongbao_unit_staff"])
def test_it_refuses_the_desk_pages_to_other_roles(jingmen, station, who):
    client = client_for(getattr(jingmen, who))
    for url in (
        reverse("regions:browse"),
        reverse("organisations:congress_list"),
        reverse("organisations:unit_list"),
        reverse("organisations:unit_detail", args=[jingmen.dongbao_unit.pk]),
        reverse("organisations:station_list"),
        reverse("organisations:station_detail", args=[station.pk]),
    ):
        assert client.get(url).status_code == 403, url


def test_it_sends_anonymous_visitors_to_sign_in(client, jingmen, station):
    response = client.get(reverse("organisations:station_list"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_it_lists_the_pages_in_the_desk_menu(jingmen):
    page = html(client_for(jingmen.city_staff).get(reverse("organisations:unit_list")))
    for url_name in ("regions:browse", "organisations:congress_list", "organisations:unit_list", "organisations:station_list"):
        assert f'href="{reverse(url_name)}"' in page


def test_it_shows_the_calendar_with_the_duty(jingmen, station):
    today = timezone.localdate()
    day = next(d for d in (today + datetime.timedelta(days=n) for n in range(40)) if d.day == 5)
    DutyRoster.objects.create(station=station, date=day, representative=station.assignments.get().representative)
    page = html(client_for(jingmen.dongbao_staff).get(reverse("organisations:station_timetable", args=[station.pk])))
    assert f'data-reception="{day.isoformat()}"' in page
    assert "李春梅" in page
    assert page.count('data-testid="calendar-month"') == 3
