"""Leaders of a standing committee read the same organisation pages as congress staff, but are
shown no buttons or forms that would change anything (the rules refuse those writes anyway)."""

import datetime

import pytest
from django.urls import reverse

from minyi.organisations.models import ReceptionRule, Station

pytestmark = pytest.mark.django_db


@pytest.fixture
def station(world):
    place = Station.objects.create(
        name="子陵铺镇代表联络站", kind=Station.Kind.LIAISON_STATION, region=world.dongbao, congress=world.dongbao_congress, address="东宝区中心路1号"
    )
    ReceptionRule.objects.create(
        station=place, kind=ReceptionRule.Kind.MONTHLY, day_of_month=5, start_time=datetime.time(9), end_time=datetime.time(11, 30)
    )
    return place


def pages(world, station):
    """Each read page with the write links staff see on it."""
    unit = world.dongbao_unit
    return [
        (reverse("organisations:unit_list"), [reverse("organisations:unit_create")]),
        (
            reverse("organisations:unit_detail", args=[unit.pk]),
            [
                reverse("organisations:unit_edit", args=[unit.pk]),
                reverse("organisations:unit_rename", args=[unit.pk]),
                reverse("organisations:unit_merge", args=[unit.pk]),
                reverse("organisations:unit_deactivate", args=[unit.pk]),
                reverse("organisations:unit_delete", args=[unit.pk]),
            ],
        ),
        (reverse("organisations:station_list"), [reverse("organisations:station_create")]),
        (
            reverse("organisations:station_detail", args=[station.pk]),
            [reverse("organisations:station_edit", args=[station.pk]), reverse("organisations:station_deactivate", args=[station.pk])],
        ),
        (reverse("organisations:station_timetable", args=[station.pk]), [reverse("organisations:rule_add", args=[station.pk])]),
        (reverse("organisations:station_representatives", args=[station.pk]), [reverse("organisations:assignment_add", args=[station.pk])]),
        (reverse("organisations:station_duty", args=[station.pk]), [reverse("organisations:duty_fill", args=[station.pk])]),
    ]


def test_it_shows_the_leader_the_pages_without_write_links(client, world, station):
    client.force_login(world.leader)
    for url, write_urls in pages(world, station):
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        for write_url in write_urls:
            assert f'"{write_url}"' not in content, (url, write_url)


def test_it_still_shows_the_leader_the_read_only_links(client, world, station):
    client.force_login(world.leader)
    content = client.get(reverse("organisations:station_detail", args=[station.pk])).content.decode()
    assert reverse("organisations:station_poster", args=[station.pk]) in content
    assert reverse("organisations:station_timetable", args=[station.pk]) in content


def test_it_shows_city_staff_the_write_links(client, world, station):
    client.force_login(world.city_staff)
    for url, write_urls in pages(world, station):
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        for write_url in write_urls:
            assert f'"{write_url}"' in content, (url, write_url)
