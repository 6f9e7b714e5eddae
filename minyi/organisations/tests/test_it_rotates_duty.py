import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minyi.organisations import services
from minyi.organisations.models import DutyRoster, ReceptionRule, StationAssignment
from minyi.organisations.reception import propose_duty_rotation

D = datetime.date


@pytest.fixture
def station(jingmen):
    station = jingmen.station("子陵铺镇代表联络站", jingmen.town, jingmen.town_congress)
    ReceptionRule.objects.create(
        station=station, kind=ReceptionRule.Kind.MONTHLY, day_of_month=5, start_time=datetime.time(9), end_time=datetime.time(11)
    )
    return station


@pytest.fixture
def three(jingmen, station):
    people = [jingmen.representative(name, jingmen.town_congress) for name in ("李春梅", "王建华", "赵敏")]
    for person in people:
        jingmen.assign(station, person, start=D(2025, 1, 1))
    return people


def names(proposal):
    return [[person.name for person in on_duty] for _day, on_duty in proposal]


@pytest.mark.django_db
def test_it_takes_turns_on_reception_days(station, three):
    proposal = propose_duty_rotation(station, D(2025, 1, 1), D(2025, 5, 31))
    assert [day for day, _ in proposal] == [D(2025, m, 5) for m in range(1, 6)]
    assert names(proposal) == [["李春梅"], ["王建华"], ["赵敏"], ["李春梅"], ["王建华"]]


@pytest.mark.django_db
def test_it_puts_several_on_duty_when_asked(station, three):
    assert names(propose_duty_rotation(station, D(2025, 1, 1), D(2025, 3, 31), per_day=2)) == [
        ["李春梅", "王建华"],
        ["赵敏", "李春梅"],
        ["王建华", "赵敏"],
    ]


@pytest.mark.django_db
def test_it_carries_the_rotation_on_from_the_last_roster(jingmen, station, three):
    services.fill_duty_roster(station, D(2025, 1, 1), D(2025, 2, 28), actor=jingmen.dongbao_staff)
    assert names(propose_duty_rotation(station, D(2025, 3, 1), D(2025, 4, 30))) == [["赵敏"], ["李春梅"]]


@pytest.mark.django_db
def test_it_only_rosters_those_assigned_on_the_day(jingmen, station, three):
    StationAssignment.objects.filter(representative=three[0]).update(end=D(2025, 2, 28))
    newcomer = jingmen.representative("孙丽", jingmen.town_congress)
    jingmen.assign(station, newcomer, start=D(2025, 4, 1))
    assert names(propose_duty_rotation(station, D(2025, 1, 1), D(2025, 5, 31))) == [["李春梅"], ["王建华"], ["赵敏"], ["孙丽"], ["王建华"]]


@pytest.mark.django_db
def test_it_fills_only_days_without_a_roster(jingmen, station, three):
    DutyRoster.objects.create(station=station, date=D(2025, 2, 5), representative=three[2])
    created = services.fill_duty_roster(station, D(2025, 1, 1), D(2025, 3, 31), actor=jingmen.dongbao_staff)
    assert [(entry.date, entry.representative.name) for entry in created] == [(D(2025, 1, 5), "李春梅"), (D(2025, 3, 5), "王建华")]
    assert DutyRoster.objects.count() == 3


@pytest.mark.django_db
def test_it_leaves_filling_the_roster_to_staff_of_the_region(jingmen, station, three):
    with pytest.raises(PermissionDenied):
        services.fill_duty_roster(station, D(2025, 1, 1), D(2025, 3, 31), actor=jingmen.duodao_staff)


@pytest.mark.django_db
def test_it_refuses_duty_for_someone_not_assigned_that_day(jingmen, station, three):
    outsider = jingmen.representative("钱进", jingmen.town_congress)
    with pytest.raises(ValidationError):
        DutyRoster(station=station, date=D(2025, 1, 5), representative=outsider).full_clean()
    with pytest.raises(ValidationError):
        DutyRoster(station=station, date=D(2024, 12, 5), representative=three[0]).full_clean()


@pytest.mark.django_db
def test_it_refuses_overlapping_assignments_of_one_person(jingmen, station, three):
    with pytest.raises(ValidationError):
        StationAssignment(station=station, representative=three[0], start=D(2025, 6, 1)).full_clean()
    StationAssignment.objects.filter(representative=three[0]).update(end=D(2025, 5, 31))
    StationAssignment(station=station, representative=three[0], start=D(2025, 6, 1)).full_clean()
