import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from minyi.organisations import services
from minyi.organisations.models import DutyRoster, ReceptionRule, Station, StationAssignment, Unit


@pytest.mark.django_db
def test_it_deletes_a_unit_nothing_refers_to(jingmen):
    unit = Unit.objects.create(region=jingmen.dongbao, name="误建单位")
    services.delete_unit(unit, actor=jingmen.dongbao_staff)
    assert not Unit.objects.filter(name="误建单位").exists()


@pytest.mark.django_db
def test_it_refuses_to_delete_a_unit_with_sub_units_and_says_why(jingmen):
    Unit.objects.create(region=jingmen.dongbao, name="东宝区教育局办公室", parent=jingmen.dongbao_unit)
    with translation.override("en"), pytest.raises(ValidationError) as refusal:
        services.delete_unit(jingmen.dongbao_unit, actor=jingmen.dongbao_staff)
    assert refusal.value.code == "referenced"
    assert "Handling units: 1" in refusal.value.messages[0]
    assert "Deactivate it instead" in refusal.value.messages[0]
    assert Unit.objects.filter(pk=jingmen.dongbao_unit.pk).exists()


@pytest.mark.django_db
def test_it_refuses_to_delete_a_unit_with_staff_accounts(jingmen):
    with pytest.raises(ValidationError):
        services.delete_unit(jingmen.dongbao_unit, actor=jingmen.dongbao_staff)
    assert Unit.objects.filter(pk=jingmen.dongbao_unit.pk).exists()


@pytest.mark.django_db
def test_it_refuses_to_delete_a_renamed_unit(jingmen):
    services.rename_unit(jingmen.duodao_unit, "掇刀区城市管理局", actor=jingmen.duodao_staff)
    with translation.override("en"), pytest.raises(ValidationError) as refusal:
        services.delete_unit(jingmen.duodao_unit, actor=jingmen.duodao_staff)
    assert "Unit name changes: 1" in refusal.value.messages[0]


@pytest.mark.django_db
def test_it_refuses_a_deletion_outside_the_actors_scope(jingmen):
    unit = Unit.objects.create(region=jingmen.dongbao, name="误建单位")
    with pytest.raises(PermissionDenied):
        services.delete_unit(unit, actor=jingmen.duodao_staff)


@pytest.mark.django_db
def test_it_deactivates_a_unit_instead(jingmen):
    services.deactivate_unit(jingmen.dongbao_unit, actor=jingmen.dongbao_staff)
    jingmen.dongbao_unit.refresh_from_db()
    assert not jingmen.dongbao_unit.is_active


@pytest.mark.django_db
def test_it_will_not_deactivate_a_unit_with_active_sub_units(jingmen):
    child = Unit.objects.create(region=jingmen.dongbao, name="东宝区教育局办公室", parent=jingmen.dongbao_unit)
    with pytest.raises(ValidationError):
        services.deactivate_unit(jingmen.dongbao_unit, actor=jingmen.dongbao_staff)
    services.deactivate_unit(child, actor=jingmen.dongbao_staff)
    services.deactivate_unit(jingmen.dongbao_unit, actor=jingmen.dongbao_staff)
    jingmen.dongbao_unit.refresh_from_db()
    assert not jingmen.dongbao_unit.is_active


@pytest.mark.django_db
def test_it_deletes_an_unused_station_with_its_timetable(jingmen):
    station = jingmen.station("误建联络站", jingmen.town, jingmen.town_congress)
    ReceptionRule.objects.create(
        station=station, kind=ReceptionRule.Kind.MONTHLY, day_of_month=5, start_time=datetime.time(9), end_time=datetime.time(11)
    )
    services.delete_station(station, actor=jingmen.dongbao_staff)
    assert not Station.objects.exists()
    assert not ReceptionRule.objects.exists()


@pytest.mark.django_db
def test_it_refuses_to_delete_a_station_representatives_were_assigned_to(jingmen):
    station = jingmen.station("子陵铺镇代表联络站", jingmen.town, jingmen.town_congress)
    jingmen.assign(station, jingmen.representative("李春梅", jingmen.town_congress))
    with translation.override("en"), pytest.raises(ValidationError) as refusal:
        services.delete_station(station, actor=jingmen.dongbao_staff)
    assert "Station assignments: 1" in refusal.value.messages[0]
    assert Station.objects.filter(pk=station.pk).exists()


@pytest.mark.django_db
def test_it_closes_a_station_keeping_its_history(jingmen):
    station = jingmen.station("子陵铺镇代表联络站", jingmen.town, jingmen.town_congress)
    ReceptionRule.objects.create(
        station=station, kind=ReceptionRule.Kind.MONTHLY, day_of_month=5, start_time=datetime.time(9), end_time=datetime.time(11)
    )
    li = jingmen.representative("李春梅", jingmen.town_congress)
    wang = jingmen.representative("王建华", jingmen.town_congress)
    planned = jingmen.representative("赵敏", jingmen.town_congress)
    jingmen.assign(station, li, start=datetime.date(2024, 1, 1))
    jingmen.assign(station, wang, start=datetime.date(2024, 1, 1), end=datetime.date(2024, 6, 30))
    jingmen.assign(station, planned, start=datetime.date(2025, 9, 1))
    DutyRoster.objects.create(station=station, date=datetime.date(2025, 5, 5), representative=li)
    DutyRoster.objects.create(station=station, date=datetime.date(2025, 7, 5), representative=li)

    services.deactivate_station(station, actor=jingmen.dongbao_staff, on=datetime.date(2025, 6, 30))

    station.refresh_from_db()
    assert not station.is_active
    assert [(a.representative.name, a.end) for a in StationAssignment.objects.order_by("representative__name")] == [
        ("李春梅", datetime.date(2025, 6, 30)),
        ("王建华", datetime.date(2024, 6, 30)),
    ]
    assert list(DutyRoster.objects.values_list("date", flat=True)) == [datetime.date(2025, 5, 5)]


@pytest.mark.django_db
def test_it_lets_system_administrators_delete_anywhere(jingmen):
    unit = Unit.objects.create(region=jingmen.duodao, name="误建单位")
    services.delete_unit(unit, actor=jingmen.admin)
    assert not Unit.objects.filter(pk=unit.pk).exists()
