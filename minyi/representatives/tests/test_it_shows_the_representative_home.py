import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from minyi.organisations.models import DutyRoster

from .people import assign, serve, station

pytestmark = pytest.mark.django_db
HOME = reverse("representatives:home")


def test_it_shows_mandates_stations_with_reception_days_and_the_code(client, world):
    serve(world.representative, world.dongbao_congress, electoral_district="第三选区")
    place = station(world, day_of_month=5)
    assign(place, world.representative)
    today = timezone.localdate()
    fifth = today.replace(day=5) if today.day <= 5 else (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=5)
    DutyRoster.objects.create(station=place, date=fifth, representative=world.representative)
    client.force_login(world.rep)
    response = client.get(HOME)
    assert response.status_code == 200
    content = response.content.decode()
    for text in ("东宝区人民代表大会", "第三选区", "子陵铺镇代表联络站", "09:00", f"/s/{place.public_code}/", "<svg", "RTEST001"):
        assert text in content
    card = response.context["people"][0]
    assert card["stations"][0]["receptions"][0]["on_duty"]
    assert reverse("representatives:public_profile", args=["RTEST001"]) in content


def test_it_says_whom_to_ask_when_no_record_is_linked(client, world):
    client.force_login(world.admin)  # a system administrator may open every home
    response = client.get(HOME)
    assert response.status_code == 200 and response.context["people"] == []


def test_it_is_for_representatives_only(client, world):
    client.force_login(world.unit_staff)
    assert client.get(HOME).status_code == 403
