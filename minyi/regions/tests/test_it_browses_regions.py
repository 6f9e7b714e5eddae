"""The region pages: drill down the tree within one's scope, with counts, and search it."""

import pytest
from django.test import Client
from django.urls import reverse

from minyi.regions.models import Level, Region
from minyi.testing import region

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def tree(world):
    world.town = region("420802100000", "子陵铺镇", Level.TOWNSHIP, world.dongbao)
    world.village = region("420802100001", "子陵村", Level.VILLAGE, world.town)
    region("420802100002", "双河村", Level.VILLAGE, world.town)
    Region.objects.create(code="420802100003", name="废村", level=Level.VILLAGE, parent=world.town, is_active=False)
    region("420804001000", "掇刀街道", Level.TOWNSHIP, world.duodao)
    return world


def test_it_starts_staff_at_their_congress_region(tree):
    response = client_for(tree.dongbao_staff).get(reverse("regions:browse"))
    assert response.status_code == 302 and response["Location"] == reverse("regions:detail", args=[tree.dongbao.code])
    response = client_for(tree.city_staff).get(reverse("regions:browse"))
    assert response["Location"] == reverse("regions:detail", args=[tree.city.code])


def test_it_starts_administrators_at_the_top(tree):
    response = client_for(tree.admin).get(reverse("regions:browse"), follow=True)
    assert response.status_code == 200
    assert "湖北省" in response.content.decode()


def test_it_shows_children_with_counts(tree):
    page = client_for(tree.dongbao_staff).get(reverse("regions:detail", args=[tree.town.code])).content.decode()
    assert "子陵村" in page and "双河村" in page and "废村" not in page
    page = client_for(tree.dongbao_staff).get(reverse("regions:detail", args=[tree.dongbao.code])).content.decode()
    row = page[page.index("子陵铺镇") :]
    assert '<td class="text-end">2 <span class="text-secondary small">(' in row  # 2 active of 3
    inactive = client_for(tree.dongbao_staff).get(reverse("regions:detail", args=[tree.town.code]), {"inactive": "1"})
    assert "废村" in inactive.content.decode()


def test_it_links_to_the_regions_units_and_stations(tree):
    page = client_for(tree.dongbao_staff).get(reverse("regions:detail", args=[tree.town.code])).content.decode()
    assert f'{reverse("organisations:unit_list")}?region={tree.town.code}' in page
    assert f'{reverse("organisations:station_list")}?region={tree.town.code}' in page


def test_it_searches_by_name_and_code_within_scope(tree):
    client = client_for(tree.dongbao_staff)
    page = client.get(reverse("regions:search"), {"q": "子陵"}).content.decode()
    assert "子陵铺镇" in page and "子陵村" in page
    page = client.get(reverse("regions:search"), {"q": "420804"}).content.decode()
    assert "掇刀街道" not in page
    page = client_for(tree.city_staff).get(reverse("regions:search"), {"q": "420804"}).content.decode()
    assert "掇刀街道" in page


@pytest.mark.parametrize("query", [{"q": ""}, {"q": "x" * 300}, {"q": "%_"}, {}])
def test_it_survives_odd_searches(tree, query):
    assert client_for(tree.dongbao_staff).get(reverse("regions:search"), query).status_code == 200


@pytest.mark.parametrize("code", ["nosuch", "999999999999", "00", "4208021000010"])
def test_it_gives_404_for_unknown_codes(tree, code):
    assert client_for(tree.admin).get(f"/regions/{code}/").status_code == 404


def test_it_refuses_regions_to_other_roles(tree):
    for who in (tree.unit_staff, tree.citizen, tree.rep):
        assert client_for(who).get(reverse("regions:detail", args=[tree.dongbao.code])).status_code == 403
