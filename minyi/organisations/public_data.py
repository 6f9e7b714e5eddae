"""What anyone may read about stations, without signing in: the fields printed on a station's
poster and public page. Public pages read these functions instead of the scoped querysets,
so no scope ever has to open up to anonymous visitors."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from minyi.regions.models import PREFIX_LENGTH, Level, Region, within

from .models import DutyRoster, Station, StationAssignment
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
        stations = stations.filter(within("region__code", region.prefix))
    today = timezone.localdate()
    return [_public(station, today) for station in stations]


def public_station(public_code):
    """The active station a poster's code names, or None."""
    station = _active_stations().filter(public_code=public_code).first()
    return _public(station, timezone.localdate()) if station else None


@dataclass(frozen=True)
class PublicPerson:
    """A representative as a station's public page names them, with the code of their profile."""

    public_code: str
    name: str


@dataclass(frozen=True)
class PublicStationPeople:
    representatives: list[PublicPerson] = field(default_factory=list)
    on_duty: dict = field(default_factory=dict)  # date -> [PublicPerson], upcoming days only


def public_station_people(public_code):
    """Who an active station's public page names: the representatives assigned to it today and
    who is on duty on its upcoming reception days. None for an unknown or inactive code."""
    station = Station.objects.filter(is_active=True, public_code=public_code).first()
    if station is None:
        return None
    today = timezone.localdate()
    assignments = (
        StationAssignment.objects.current().filter(station=station).select_related("representative").order_by("representative__name")
    )
    representatives, seen = [], set()
    for assignment in assignments:
        if assignment.representative_id not in seen:
            seen.add(assignment.representative_id)
            representatives.append(PublicPerson(assignment.representative.public_code, assignment.representative.name))
    on_duty = {}
    roster = DutyRoster.objects.filter(station=station, date__range=(today, today + datetime.timedelta(days=UPCOMING_DAYS)))
    for entry in roster.select_related("representative").order_by("date", "representative__name"):
        on_duty.setdefault(entry.date, []).append(PublicPerson(entry.representative.public_code, entry.representative.name))
    return PublicStationPeople(representatives, on_duty)


def station_counties():
    """The counties (县/区) that have active stations, for a public list's filter: (code, name)."""
    codes = {
        code[: PREFIX_LENGTH[Level.COUNTY]].ljust(12, "0")
        for code in Station.objects.filter(is_active=True).values_list("region_id", flat=True).distinct()
    }
    counties = Region.objects.filter(code__in=codes, level=Level.COUNTY, is_active=True).order_by("code")
    return list(counties.values_list("code", "name"))


def public_stations_in(region_code):
    """Active stations within the region of `region_code`; None when there is no such region."""
    region = Region.objects.filter(code=region_code, is_active=True).first()
    return None if region is None else public_stations(region)
