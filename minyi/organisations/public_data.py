"""What anyone may read about stations, without signing in: the fields printed on a station's
poster and public page. Public pages read these functions instead of the scoped querysets,
so no scope ever has to open up to anonymous visitors."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from .models import Station
from .reception import Reception, compute_reception_days

# How far ahead a public page lists reception days: two months always show a monthly one.
UPCOMING_DAYS = 62


@dataclass(frozen=True)
class PublicStation:
    public_code: str
    name: str
    kind: str
    kind_label: str
    profession: str
    region_code: str
    region_name: str
    address: str
    latitude: Decimal | None
    longitude: Decimal | None
    opening_hours: str
    timetable: list[str] = field(default_factory=list)
    upcoming_receptions: list[Reception] = field(default_factory=list)


def _public(station, today):
    rules = station.reception_rules.all()
    return PublicStation(
        public_code=station.public_code,
        name=station.name,
        kind=station.kind,
        kind_label=str(station.get_kind_display()),
        profession=station.profession,
        region_code=station.region_id,
        region_name=station.region.name,
        address=station.address,
        latitude=station.latitude,
        longitude=station.longitude,
        opening_hours=station.opening_hours,
        timetable=[rule.describe() for rule in rules if not (rule.valid_to and rule.valid_to < today)],
        upcoming_receptions=compute_reception_days(
            rules, station.reception_exceptions.all(), today, today + datetime.timedelta(days=UPCOMING_DAYS)
        ),
    )


def _active_stations():
    return (
        Station.objects.filter(is_active=True)
        .select_related("region")
        .prefetch_related("reception_rules", "reception_exceptions")
    )


def public_stations(region=None):
    """Active stations, within `region` (a Region) and everything under it when given."""
    stations = _active_stations()
    if region is not None:
        stations = stations.filter(region__code__startswith=region.prefix)
    today = timezone.localdate()
    return [_public(station, today) for station in stations]


def public_station(public_code):
    """The active station a poster's code names, or None."""
    station = _active_stations().filter(public_code=public_code).first()
    return _public(station, timezone.localdate()) if station else None
