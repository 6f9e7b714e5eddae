"""A staff member issues, sees and switches off only the screens of their congresses' regions; a
screen shows only its own region's figures."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from minyi.figures import queries
from minyi.figures.queries import Period, Scope
from minyi.screens import services
from minyi.screens.models import DisplayToken

pytestmark = pytest.mark.django_db


def test_a_county_staff_member_cannot_issue_for_another_county(client, world, issue):
    client.force_login(world.dongbao_staff)
    form = client.get(reverse("screens:desk_new")).content.decode()
    assert "东宝区" in form and "掇刀区" not in form and "荆门市" not in form

    response = client.post(reverse("screens:desk_new"), {"name": "掇刀", "region_code": world.duodao.code, "figure": "collected",
                                                         "refresh_seconds": "60"})
    assert response.status_code == 400
    assert "region_code" in response.context["form"].errors
    with pytest.raises(ValidationError) as refused:
        issue(world.dongbao_staff, world.duodao)
    assert "region_code" in refused.value.error_dict
    with pytest.raises(ValidationError):
        issue(world.dongbao_staff, world.city)
    assert not DisplayToken.objects.exists()


def test_a_staff_member_sees_and_switches_off_only_their_regions_screens(client, world, issue):
    dongbao, _key = issue(world.dongbao_staff, world.dongbao, name="东宝区代表之家")
    duodao, _key = issue(world.duodao_staff, world.duodao, name="掇刀区代表之家")

    client.force_login(world.dongbao_staff)
    listing = client.get(reverse("screens:desk_list")).content.decode()
    assert "东宝区代表之家" in listing and "掇刀区代表之家" not in listing
    assert client.post(reverse("screens:desk_revoke", kwargs={"pk": duodao.pk})).status_code == 404
    with pytest.raises(PermissionDenied):
        services.revoke(world.dongbao_staff, duodao)
    duodao.refresh_from_db()
    assert duodao.revoked_at is None

    client.force_login(world.city_staff)
    listing = client.get(reverse("screens:desk_list")).content.decode()
    assert "东宝区代表之家" in listing and "掇刀区代表之家" in listing
    assert {pk for pk in services.visible(world.city_staff).values_list("pk", flat=True)} == {dongbao.pk, duodao.pk}


def test_the_screen_of_one_county_shows_none_of_another(client, world, matters, issue):
    _token, key = issue(world.dongbao_staff, world.dongbao)
    data = client.get(reverse("screens:data", kwargs={"key": key})).json()

    year = Period.year(timezone.localdate().year)
    dongbao = queries.summary(Scope(region_code=world.dongbao.code, period=year))
    city = queries.summary(Scope(region_code=world.city.code, period=year))
    assert dongbao.collected == 3 and city.collected == 5
    assert data["kpis"]["collected"] == 3
    assert all(region["code"].startswith("420802") for region in data["map"]["regions"])
    text = str(data)
    for other in ("掇刀", "名泉", "篮球场", "遮雨棚", "交通出行"):
        assert other not in text
    page = client.get(reverse("screens:screen", kwargs={"key": key})).content.decode()
    for other in ("掇刀", "名泉", "篮球场", "遮雨棚"):
        assert other not in page
