"""Helpers for the page tests: mandates, stations and grids on top of the `world` fixture."""

import datetime

from minyi.organisations.models import ReceptionRule, Station, StationAssignment
from minyi.regions.models import Level, Region
from minyi.representatives.models import MANDATE_LEVEL_OF_REGION, Grid, Mandate, Representative, RepresentativeGroup

START = datetime.date(2022, 1, 1)


def serve(person, congress, **fields):
    return Mandate.objects.create(
        representative=person, congress=congress, level=MANDATE_LEVEL_OF_REGION[congress.region.level], start=START, **fields
    )


def representative(name, congress=None, phone="", **fields):
    person = Representative(name=name, **fields)
    person.phone = phone
    person.save()
    if congress is not None:
        serve(person, congress)
    return person


def group(congress, name="第一代表小组", kind=RepresentativeGroup.Kind.AREA):
    return RepresentativeGroup.objects.create(congress=congress, name=name, kind=kind)


def village(world, code="420802100001", name="子陵村"):
    town = Region.objects.get_or_create(code="420802100000", defaults={"name": "子陵铺镇", "level": Level.TOWNSHIP, "parent": world.dongbao})[0]
    return Region.objects.get_or_create(code=code, defaults={"name": name, "level": Level.VILLAGE, "parent": town})[0]


def grid(world, name="子陵村第一网格", code="01"):
    return Grid.objects.create(region=village(world), name=name, code=code)


def station(world, name="子陵铺镇代表联络站", day_of_month=5):
    place = Station.objects.create(
        name=name, kind=Station.Kind.LIAISON_STATION, region=world.dongbao, congress=world.dongbao_congress, address="东宝区中心路1号"
    )
    ReceptionRule.objects.create(
        station=place, kind=ReceptionRule.Kind.MONTHLY, day_of_month=day_of_month, start_time=datetime.time(9), end_time=datetime.time(11, 30)
    )
    return place


def assign(place, person, start=START):
    return StationAssignment.objects.create(station=place, representative=person, start=start)
