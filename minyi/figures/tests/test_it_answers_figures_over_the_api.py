"""The figures API answers a congress's staff and leaders for their regions only: a sibling
county's region, through any endpoint, answers 404 exactly like a region that does not exist."""

import pytest

from minyi.accounts.models import ApiToken, Role
from minyi.figures.rebuild import rebuild
from minyi.opinions import services
from minyi.testing import person, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(world, places, submission):
    duodao_village = region("420804001001", "白庙社区", 5, region("420804001000", "白庙街道", 4, world.duodao))
    for _ in range(3):
        services.submit(submission())  # the Dongbao village
    services.submit(submission(region_code=duodao_village.code))
    rebuild()
    return duodao_village


def get(client, user, path):
    client.force_login(user)
    return client.get(f"/api/figures/{path}")


def test_a_county_leader_gets_her_county_and_nothing_of_the_next(client, world, places, figures):
    leader = person("dongbao_leader", Role.LEADER, congress=world.dongbao_congress)
    summary = get(client, leader, "summary").json()
    assert summary["scope"]["region"] == world.dongbao.code and summary["figures"]["collected"] == 3
    assert [row["label"] for row in get(client, leader, "breakdown/region").json()["rows"]] == ["龙泉街道"]
    for path in (f"summary?region={world.duodao.code}", f"trend?region={figures.code}", f"breakdown/region?region={world.city.code}",
                 f"hot-topics?region={world.duodao.code}", "summary?region=420804", "summary?region=999999999999"):
        response = get(client, leader, path)
        assert response.status_code == 404 and response.json()["code"] == "not_found", path
        assert "collected" not in response.content.decode()


def test_the_city_leader_drills_down_to_the_village(client, world, places, figures):
    rows = get(client, world.leader, "breakdown/region").json()["rows"]
    assert {(row["label"], row["collected"]) for row in rows} == {("东宝区", 3), ("掇刀区", 1)}
    village = get(client, world.leader, f"breakdown/region?region={places.township.code}").json()["rows"]
    assert [(row["value"], row["collected"]) for row in village] == [(places.village.code, 3)]
    months = get(client, world.leader, "trend?start=2026-01&end=2026-12").json()["months"]
    assert len(months) == 12 and sum(m["collected"] for m in months) == 4


def test_a_system_with_a_token_gets_the_same_scope(client, world, figures):
    _token, key = ApiToken.issue(world.dongbao_staff, "大屏系统")
    response = client.get(f"/api/figures/summary?region={world.duodao.code}", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 404
    response = client.get("/api/figures/summary", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.json()["figures"]["collected"] == 3


def test_impossible_periods_are_explained_in_chinese(client, world, figures):
    for query, words in (("start=2026-13&end=2026-12", "年-月"), ("start=2026-10&end=2026-01", "起始月份晚于截止月份"),
                         ("start=1990-01&end=1990-12", "以前没有统计数据"), ("start=2099-01&end=2099-02", "未来")):
        response = get(client, world.leader, f"summary?{query}")
        assert response.status_code == 400 and words in response.json()["message"], query


def test_people_without_figures_are_refused(client, world, figures):
    for user in (world.citizen, world.unit_staff, world.rep):
        assert get(client, user, "summary").status_code == 403
    client.logout()
    assert client.get("/api/figures/summary").status_code == 401


def test_a_township_whose_code_ends_in_zeros_holds_only_its_own(client, world, submission):
    """420802100000's own digits are 420802100: its sibling 420802101000 is not below it."""
    town = region("420802100000", "子陵铺镇", 4, world.dongbao)
    sibling = region("420802101000", "栗溪镇", 4, world.dongbao)
    town_village = region("420802100001", "子陵村", 5, town)
    services.submit(submission(region_code=town_village.code))
    services.submit(submission(region_code=sibling.code))
    rebuild()
    town_leader = person("town_leader", Role.LEADER, congress=world.dongbao_congress.__class__.objects.create(
        region=town, name="子陵铺镇人民代表大会", parent=world.dongbao_congress))
    assert get(client, town_leader, "summary").json()["figures"]["collected"] == 1
    assert get(client, town_leader, f"summary?region={sibling.code}").status_code == 404
    from minyi.figures import queries

    assert list(queries.matters(queries.Scope(town.code)).values_list("region_code", flat=True)) == [town_village.code]
