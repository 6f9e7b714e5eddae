"""data.json carries what the screen draws, and its figures are the figures' own: the tiles and
funnel equal queries.summary, the trend queries.trend, the map one tile per region beneath."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from minyi.figures import queries
from minyi.figures.queries import Period, Scope
from minyi.organisations.models import Unit
from minyi.projects.models import Project, ProjectYear
from minyi.screens.models import DisplayToken

pytestmark = pytest.mark.django_db

KEYS = {"state", "title", "congress", "region", "period", "generated_at", "refresh_seconds", "kpis", "funnel", "trend",
        "categories", "hot_topics", "projects", "map"}


def fetch(client, key):
    response = client.get(reverse("screens:data", kwargs={"key": key}))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    return response.json()


def test_the_data_has_the_screens_shape_and_the_figures_of_the_summary(client, world, matters, issue):
    _token, key = issue(world.city_staff, world.city, figure="collected", refresh_seconds=45)
    data = fetch(client, key)
    assert set(data) == KEYS
    assert data["state"] == "live" and data["refresh_seconds"] == 45
    assert data["region"] == {"code": world.city.code, "name": "荆门市"}
    assert data["congress"] == "荆门市人民代表大会"

    today = timezone.localdate()
    year = Scope(region_code=world.city.code, period=Period.year(today.year))
    summary = queries.summary(year).as_dict()
    assert summary["collected"] == 5
    for name, value in data["kpis"].items():
        assert value == summary[name], name
    assert data["funnel"] == [{"key": s.key, "label": s.label, "count": s.count} for s in queries.summary(year).funnel]

    trend = queries.trend(Scope(region_code=world.city.code, period=Period.months_back(12, today=today)))
    assert [m["month"] for m in data["trend"]] == [f"{month:%Y-%m}" for month, _f in trend]
    assert len(data["trend"]) == 12 and data["trend"][-1]["month"] == f"{today:%Y-%m}"
    assert [m["collected"] for m in data["trend"]] == [f.collected for _m, f in trend]
    assert sum(m["collected"] for m in data["trend"]) == 5

    assert data["categories"] == [{"label": "城市管理", "collected": 3}, {"label": "交通出行", "collected": 2}]
    assert data["hot_topics"] and all(set(t) == {"word", "count"} for t in data["hot_topics"])
    # The places' own names are where a matter happened, not what it asks: left out of the topics.
    names = ("荆门市", "东宝区", "掇刀区", "龙泉街道", "龙井社区", "掇刀石街道", "名泉社区")
    assert not [t["word"] for t in data["hot_topics"] if any(t["word"] in name for name in names)]

    regions = {r["code"]: r for r in data["map"]["regions"]}
    assert set(regions) == {world.dongbao.code, world.duodao.code}
    assert (regions[world.dongbao.code]["value"], regions[world.duodao.code]["value"]) == (3, 2)
    assert data["map"]["figure"] == "collected" and data["map"]["unit"] == "" and data["map"]["scale"] == "volume"


def test_the_map_shows_the_chosen_figure(client, world, matters, issue):
    token, key = issue(world.city_staff, world.city, figure="satisfaction_rate")
    data = fetch(client, key)
    assert data["map"]["unit"] == "%" and data["map"]["scale"] == "rate"
    # Nothing evaluated yet: no rate to show, rather than a false 0 %.
    assert {r["value"] for r in data["map"]["regions"]} == {None}

    DisplayToken.objects.filter(pk=token.pk).update(figure="overdue_now")
    data = fetch(client, key)
    assert data["map"]["scale"] == "alarm"
    assert {r["value"] for r in data["map"]["regions"]} == {0}


def test_a_region_without_matters_still_has_its_tile(client, world, issue):
    _token, key = issue(world.city_staff, world.city)
    data = fetch(client, key)
    assert [(r["name"], r["value"]) for r in data["map"]["regions"]] == [("东宝区", 0), ("掇刀区", 0)]
    assert data["kpis"]["collected"] == 0 and data["kpis"]["on_time_rate"] is None


def test_the_projects_are_the_scope_congresss_of_this_year(client, world, issue):
    today = timezone.localdate()
    unit = Unit.objects.get(name="荆门市住房和城乡建设局")
    this_year = ProjectYear.objects.create(congress=world.city_congress, year=today.year, title=f"{today.year}年荆门市民生实事项目",
                                           collection_from=datetime.date(today.year - 1, 9, 1), collection_until=datetime.date(today.year - 1, 10, 31))
    last_year = ProjectYear.objects.create(congress=world.city_congress, year=today.year - 1, title="去年",
                                           collection_from=datetime.date(today.year - 2, 9, 1), collection_until=datetime.date(today.year - 2, 10, 31))
    county_year = ProjectYear.objects.create(congress=world.dongbao_congress, year=today.year, title="东宝区",
                                             collection_from=datetime.date(today.year - 1, 9, 1), collection_until=datetime.date(today.year - 1, 10, 31))
    common = {"content": "……", "investment": Decimal("100"), "unit": unit, "completion_date": datetime.date(today.year, 12, 31)}
    Project.objects.create(year=this_year, number=1, name="老旧小区改造", state=Project.State.CHOSEN, progress=60, **common)
    Project.objects.create(year=this_year, number=2, name="城区停车位建设", state=Project.State.CHOSEN, progress=100, **common)
    Project.objects.create(year=this_year, number=3, name="落选的项目", state=Project.State.NOT_CHOSEN, **common)
    Project.objects.create(year=last_year, number=1, name="去年的项目", state=Project.State.CHOSEN, progress=100, **common)
    Project.objects.create(year=county_year, number=1, name="东宝区的项目", state=Project.State.CHOSEN, progress=10, **common)

    _token, key = issue(world.city_staff, world.city)
    projects = fetch(client, key)["projects"]
    assert projects["title"] == f"{today.year}年荆门市民生实事项目"
    assert [(p["number"], p["name"], p["progress"]) for p in projects["items"]] == [(1, "老旧小区改造", 60), (2, "城区停车位建设", 100)]
    assert projects["average_progress"] == 80.0

    # A township without a congress of its own shows its county congress's projects.
    from minyi.testing import region

    township = region("420802001000", "龙泉街道", 4, world.dongbao)
    _token, key = issue(world.dongbao_staff, township)
    projects = fetch(client, key)["projects"]
    assert [p["name"] for p in projects["items"]] == ["东宝区的项目"]


def test_the_page_carries_the_same_figures_for_its_first_paint(client, world, matters, issue):
    _token, key = issue(world.city_staff, world.city)
    response = client.get(reverse("screens:screen", kwargs={"key": key}))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="scr-data"' in page and 'id="scr-config"' in page
    assert 'data-testid="kpi-collected"' in page
    assert response.context["data"]["kpis"]["collected"] == 5
    assert response.context["tiles"][0]["display"] == "5"
    assert "<script>" not in page  # CSP: data as JSON blocks only
    assert response["Referrer-Policy"] == "no-referrer"
