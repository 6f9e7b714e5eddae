"""The portal's home, without signing in: the root region's figures of the year, its child regions
to go down to (to the townships), the latest published opinions, the year's projects with their
progress, the stations with their timetables; a calm message for a region or year it cannot show."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from minyi.organisations.models import ReceptionRule, Station
from minyi.projects.models import Project, ProjectYear
from minyi.public import portal

from .conftest import assert_no_personal_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(world):
    today = timezone.localdate()
    year = ProjectYear.objects.create(congress=world.city_congress, year=today.year, title=f"{today.year}年荆门市民生实事项目",
                                      stage=ProjectYear.Stage.IMPLEMENTING, collection_from=today.replace(month=1, day=1),
                                      collection_until=today.replace(month=1, day=1))
    Project.objects.create(year=year, number=1, name="城区老旧小区加装电梯", content="完成100部电梯加装", investment=Decimal(1200),
                           unit=world.city_unit, completion_date=today.replace(month=12, day=31), state=Project.State.CHOSEN, progress=65)
    Project.objects.create(year=year, number=2, name="未入选的候选项目", content="……", investment=Decimal(10), unit=world.city_unit,
                           completion_date=today.replace(month=12, day=31), state=Project.State.NOT_CHOSEN)
    return year


def test_the_home_shows_the_figures_the_latest_opinions_and_a_projects_progress(client, world, published, project):
    page = client.get("/open/")
    assert page.status_code == 200
    body = page.content.decode()
    assert_no_personal_data(body)
    figures = page.context["figures"]
    assert page.context["region"] == world.city
    assert figures["summary"].collected == 4 and figures["summary"].completed == 3
    assert 'data-testid="figure-collected">4<' in body
    assert figures["year"] == timezone.localdate().year and len(figures["months"]) == timezone.localdate().month
    assert [bar.label for bar in figures["categories"]] == ["城市管理", "交通出行"]
    assert {row["name"]: row["collected"] for row in figures["children"]} == {"东宝区": 4, "掇刀区": 0}
    assert f"/open/opinions/{published.bad.pk}/" in body and f"/open/opinions/{published.private.pk}/" not in body
    assert "城区老旧小区加装电梯" in body and 'data-testid="project-progress">65%<' in body and "未入选的候选项目" not in body
    assert "echarts" not in body  # a phone paints the numbers at once

    # Down to the township, and no further.
    county = client.get("/open/", {"region": world.dongbao.pk})
    assert [child.name for child in county.context["children"]] == ["龙泉街道"]
    assert [place.name for place in county.context["trail"]] == ["荆门市", "东宝区"]
    assert county.context["figures"]["summary"].collected == 4
    township = client.get("/open/", {"region": published.township.pk})
    assert township.status_code == 200 and township.context["children"] == [] and township.context["figures"]["children"] == []
    assert "城区老旧小区加装电梯" not in township.content.decode()  # the city's projects belong to the city
    assert client.get("/open/", {"region": "420804000000"}).context["figures"]["summary"].collected == 0


def test_the_stations_show_their_reception_timetable(client, world, published):
    station = Station.objects.create(name="龙泉街道代表联络站", kind=Station.Kind.LIAISON_STATION, region=published.township,
                                     congress=world.dongbao_congress, public_code="STEST01")
    ReceptionRule.objects.create(station=station, kind=ReceptionRule.Kind.MONTHLY, day_of_month=15, start_time=datetime.time(9),
                                 end_time=datetime.time(11, 30), valid_from=datetime.date(2024, 1, 1))
    body = client.get("/open/", {"region": world.dongbao.pk}).content.decode()
    assert "龙泉街道代表联络站" in body and "/s/STEST01/" in body and "每月 15 日 09:00–11:30" in body
    assert "/representatives/public/?county=420802000000" in body


def test_a_bad_region_or_year_gets_a_message(client, world):
    for params in ({"region": "x"}, {"region": "110000000000"}, {"region": "420802001001"}, {"year": "1999"}, {"year": "abc"},
                   {"year": str(timezone.localdate().year + 1)}):
        page = client.get("/open/", params)
        assert page.status_code == 400, params
        assert "portal-message" in page.content.decode()


def test_the_front_page_leads_to_the_portal(client, world):
    assert any(section["template"] == "transparency/_front_section.html" for section in portal.front_page()["sections"])
    assert 'href="/open/"' in client.get("/").content.decode()
