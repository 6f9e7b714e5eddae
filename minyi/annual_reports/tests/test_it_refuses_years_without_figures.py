"""The year must be a year from the congress's first figures to this one; anything else is
refused in words (Chinese by default) and nothing is queued."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from minyi.annual_reports import services
from minyi.annual_reports.models import AnnualReport
from minyi.matters.models import Matter

pytestmark = pytest.mark.django_db
OUT_OF_RANGE = ("There can be no annual report of %(congress)s for %(year)d: its figures begin in %(first)d, so choose a year "
                "from %(first)d to %(last)d.")
NOT_A_YEAR = "“%(value)s” is not a year: give a year from %(first)d to %(last)d."


@pytest.fixture
def since_2024(world, submission):
    from minyi.opinions import services as opinions

    matter, _created = opinions.submit(submission())
    Matter.objects.filter(pk=matter.pk).update(created_at=timezone.make_aware(datetime.datetime(2024, 3, 5, 9, 0)))
    return world


def refusal(client, world, year):
    response = client.post(reverse("annual_reports:index"), {"congress": world.city_congress.pk, "year": year})
    assert response.status_code == 400
    return response.content.decode()


def chinese(message, **values):
    with translation.override("zh-hans"):
        return escape(gettext(message) % values)


def test_years_outside_the_figures_are_refused_in_chinese(client, since_2024):
    world, this_year = since_2024, timezone.localdate().year
    client.force_login(world.city_staff)
    for year in (2023, this_year + 1, 1999):
        assert chinese(OUT_OF_RANGE, congress=world.city_congress.name, year=year, first=2024, last=this_year) in refusal(client, world, year)
    assert chinese(NOT_A_YEAR, value="二〇二五", first=2024, last=this_year) in refusal(client, world, "二〇二五")
    assert chinese(NOT_A_YEAR, value="", first=2024, last=this_year) in refusal(client, world, "")
    assert not AnnualReport.objects.exists()


def test_the_first_year_of_figures_is_accepted(client, since_2024, monkeypatch):
    monkeypatch.setattr(services, "_enqueue", lambda report: None)
    client.force_login(since_2024.city_staff)
    response = client.post(reverse("annual_reports:index"), {"congress": since_2024.city_congress.pk, "year": "2024"})
    report = AnnualReport.objects.get()
    assert response.status_code == 302 and (report.year, report.state) == (2024, AnnualReport.State.QUEUED)


def test_a_congress_without_any_figures_has_only_this_year(client, world):
    client.force_login(world.city_staff)
    this_year = timezone.localdate().year
    assert services.first_year(world.city_congress) == this_year
    assert chinese(OUT_OF_RANGE, congress=world.city_congress.name, year=this_year - 1, first=this_year, last=this_year) in refusal(
        client, world, this_year - 1)


def test_asking_twice_while_it_is_written_gives_the_same_report(world, monkeypatch):
    monkeypatch.setattr(services, "_enqueue", lambda report: None)
    first = services.request(world.city_staff, world.city_congress, timezone.localdate().year)
    assert services.request(world.leader, world.city_congress, timezone.localdate().year) == first
    assert AnnualReport.objects.count() == 1
