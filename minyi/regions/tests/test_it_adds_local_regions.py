"""Local regions (places the statistical codes do not list yet): added under a parent by
those whose scope covers it, with a free code of the local range (9…) or a given one,
deactivated again when nothing active uses them; every change is in the audit log."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from minyi.audit.models import AuditEntry
from minyi.organisations.models import Unit
from minyi.regions import services
from minyi.regions.models import Level, Region
from minyi.testing import region

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def town(world):
    return region("420802100000", "子陵铺镇", Level.TOWNSHIP, world.dongbao)


def test_it_adds_a_community_through_the_page(world, town):
    client = client_for(world.dongbao_staff)
    response = client.post(reverse("regions:add_local", args=[town.code]), {"name": "新城社区", "code": "", "urban_rural_code": "111"})
    assert response.status_code == 302
    community = Region.objects.get(name="新城社区")
    assert community.code == "420802100900" and community.level == Level.VILLAGE and community.parent == town
    assert community.is_local and community.urban_rural_code == "111"
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CREATE, object_type="regions.region", object_id=community.code)
    assert entry.actor == world.dongbao_staff


def test_it_takes_the_next_free_code_of_the_local_range(world, town):
    services.add_local_region(town, "甲社区", actor=world.admin)
    second = services.add_local_region(town, "乙社区", actor=world.admin)
    assert second.code == "420802100901"
    township = services.add_local_region(world.dongbao, "开发区", actor=world.admin)
    assert township.code == "420802900000" and township.level == Level.TOWNSHIP


def test_it_accepts_a_given_code_under_the_parent(world, town):
    community = services.add_local_region(town, "丙社区", code="420802100501", actor=world.admin)
    assert community.code == "420802100501"


@pytest.mark.parametrize("code", ["420804001501", "abc", "420802100000", "420802101001"])
def test_it_refuses_a_code_not_directly_under_the_parent(world, town, code):
    with pytest.raises(ValidationError):
        services.add_local_region(town, "丙社区", code=code, actor=world.admin)


def test_it_reshows_bad_input_with_errors(world, town):
    region("420802100001", "子陵村", Level.VILLAGE, town)
    client = client_for(world.dongbao_staff)
    response = client.post(reverse("regions:add_local", args=[town.code]), {"name": "子陵村", "code": "4208021009", "urban_rural_code": "1"})
    page = response.content.decode()
    assert response.status_code == 200 and 'value="子陵村"' in page and 'value="4208021009"' in page
    assert 'id="id_urban_rural_code_error"' in page
    response = client.post(reverse("regions:add_local", args=[town.code]), {"name": "子陵村"})
    assert 'id="id_name_error"' in response.content.decode()
    response = client.post(reverse("regions:add_local", args=[town.code]), {"name": "新村", "code": "420802100001"})
    assert 'id="id_code_error"' in response.content.decode()
    assert Region.objects.filter(is_local=True).count() == 0


def test_it_lets_only_those_covering_the_parent_add(world, town):
    with pytest.raises(PermissionDenied):
        services.add_local_region(town, "新社区", actor=world.duodao_staff)
    with pytest.raises(PermissionDenied):
        services.add_local_region(world.city, "新区", actor=world.dongbao_staff)
    assert client_for(world.dongbao_staff).get(reverse("regions:add_local", args=[world.city.code])).status_code == 404
    assert client_for(world.duodao_staff).post(reverse("regions:add_local", args=[town.code]), {"name": "新社区"}).status_code == 404
    assert client_for(world.unit_staff).get(reverse("regions:add_local", args=[town.code])).status_code == 403
    assert client_for(world.city_staff).get(reverse("regions:add_local", args=[town.code])).status_code == 200


def test_it_adds_nothing_under_a_village(world, town):
    village = region("420802100001", "子陵村", Level.VILLAGE, town)
    assert client_for(world.admin).get(reverse("regions:add_local", args=[village.code])).status_code == 404
    with pytest.raises(ValidationError):
        services.add_local_region(village, "小组", actor=world.admin)


def test_it_deactivates_a_local_region_nothing_uses(world, town):
    community = services.add_local_region(town, "新城社区", actor=world.admin)
    client = client_for(world.dongbao_staff)
    assert client.post(reverse("regions:deactivate", args=[community.code])).status_code == 302
    community.refresh_from_db()
    assert not community.is_active
    assert AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE, object_id=community.code).exists()


def test_it_refuses_to_deactivate_a_used_or_statistical_region(world, town):
    township = services.add_local_region(world.dongbao, "开发区", actor=world.admin)
    Unit.objects.create(region=township, name="开发区管委会")
    response = client_for(world.dongbao_staff).post(reverse("regions:deactivate", args=[township.code]), follow=True)
    assert "alert-danger" in response.content.decode()
    township.refresh_from_db()
    assert township.is_active
    with pytest.raises(ValidationError):
        services.deactivate_local_region(town, actor=world.admin)
    assert client_for(world.duodao_staff).post(reverse("regions:deactivate", args=[township.code])).status_code == 404
