"""The satisfaction vote on the units that handled a year's suggestions is one click from the unit
scoring page: the vote form comes filled with those units."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from minyi.matters import services as engine
from minyi.organisations.models import Unit

pytestmark = pytest.mark.django_db


def test_the_form_is_filled_with_the_units_that_led_suggestions(world):
    water = Unit.objects.create(region=world.city, name="荆门市水务局")
    for unit in (world.city_unit, water, world.city_unit):
        matter = engine.open_matter("suggestion", actor=world.city_staff, title="建议", text="内容", region_code=world.city.code,
                                    owner_congress=world.city_congress, state="registered")
        engine.assign(matter, lead=unit, actor=world.city_staff)
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(world.city_staff)
    year = timezone.localdate().year
    page = client.get(reverse("voting:desk_new"), {"preset": "suggestion_units", "congress": world.city_congress.pk, "year": year}).content.decode()
    assert "荆门市住房和城乡建设局\n荆门市水务局</textarea>" in page
    assert 'value="satisfaction" selected' in page or 'value="satisfaction" checked' in page
    other = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    other.force_login(world.dongbao_staff)
    page = other.get(reverse("voting:desk_new"), {"preset": "suggestion_units", "congress": world.city_congress.pk, "year": year}).content.decode()
    assert "荆门市水务局" not in page
