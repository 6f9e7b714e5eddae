import re

import pytest
from django.contrib import admin

from minyi.organisations.models import Station


@pytest.mark.django_db
def test_it_gives_each_station_a_short_url_safe_code(jingmen):
    first = jingmen.station("子陵铺镇代表联络站", jingmen.town, jingmen.town_congress)
    second = jingmen.station("掇刀区代表之家", jingmen.duodao, jingmen.duodao_congress)
    assert re.fullmatch(r"[23456789abcdefghjkmnpqrstuvwxyz]{10}", first.public_code)
    assert first.public_code != second.public_code


@pytest.mark.django_db
def test_it_keeps_the_code_when_the_station_changes(jingmen):
    station = jingmen.station("子陵铺镇代表联络站", jingmen.town, jingmen.town_congress)
    code = station.public_code
    station.name = "子陵铺镇人大代表联络站"
    station.save()
    station.refresh_from_db()
    assert station.public_code == code


def test_it_keeps_the_code_out_of_forms():
    assert not Station._meta.get_field("public_code").editable
    assert "public_code" in admin.site._registry[Station].readonly_fields
