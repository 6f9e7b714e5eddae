import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from minyi.organisations.models import Station


def station(jingmen, **fields):
    values = {
        "name": "东宝区农业专业联络站",
        "kind": Station.Kind.LIAISON_STATION,
        "region": jingmen.dongbao,
        "congress": jingmen.dongbao_congress,
        "address": "东宝区长宁大道1号",
    }
    return Station(**{**values, **fields})


def errors_of(candidate):
    with pytest.raises(ValidationError) as refusal:
        candidate.full_clean()
    return refusal.value.message_dict


def test_it_offers_all_seven_kinds_of_station():
    assert len(Station.Kind.choices) == 7


@pytest.mark.django_db
def test_it_needs_the_profession_of_a_professional_station(jingmen):
    assert "profession" in errors_of(station(jingmen, kind=Station.Kind.PROFESSIONAL_STATION))
    station(jingmen, kind=Station.Kind.PROFESSIONAL_STATION, profession="农业").full_clean()
    assert "profession" in errors_of(station(jingmen, profession="农业"))


@pytest.mark.django_db
def test_it_needs_an_address_except_online(jingmen):
    assert "address" in errors_of(station(jingmen, address=""))
    station(jingmen, kind=Station.Kind.ONLINE_STATION, address="").full_clean()


@pytest.mark.django_db
def test_it_takes_both_coordinates_or_neither(jingmen):
    assert "longitude" in errors_of(station(jingmen, latitude="31.03"))
    station(jingmen, latitude="31.035000", longitude="112.199000").full_clean()
    assert "latitude" in errors_of(station(jingmen, latitude="95", longitude="112.2"))
    with pytest.raises(IntegrityError), transaction.atomic():
        station(jingmen, longitude="112.2").save()


@pytest.mark.django_db
def test_it_keeps_a_station_within_the_region_of_its_congress(jingmen):
    assert "congress" in errors_of(station(jingmen, region=jingmen.duodao))
    station(jingmen, region=jingmen.town).full_clean()
    station(jingmen, region=jingmen.duodao, congress=jingmen.city_congress).full_clean()
