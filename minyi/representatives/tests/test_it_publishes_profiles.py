import dataclasses
import datetime

import pytest

from minyi.representatives.models import Ethnicity, Mandate, Party, Representative
from minyi.representatives.public_data import public_profile


@pytest.fixture
def person(jingmen):
    person = jingmen.representative(
        "李春梅",
        jingmen.dongbao_congress,
        phone="13812341234",
        birth_date=datetime.date(1978, 5, 1),
        ethnicity=Ethnicity.TUJIA,
        party=Party.CPC_MEMBER,
        workplace="子陵铺镇子陵村",
        position="党支部书记",
        gender="F",
    )
    Mandate.objects.create(
        representative=person,
        congress=jingmen.town_congress,
        level="township",
        start=datetime.date(2016, 1, 1),
        end=datetime.date(2020, 12, 31),
        end_reason=Mandate.EndReason.TERM_ENDED,
    )
    station = jingmen.station("子陵铺镇代表联络站", jingmen.town, jingmen.town_congress)
    closed = jingmen.station("旧联络站", jingmen.town, jingmen.town_congress, is_active=False)
    jingmen.assign(station, person)
    jingmen.assign(closed, person)
    return person


@pytest.mark.django_db
def test_it_publishes_no_private_fields(person):
    profile = public_profile(person)
    fields = {f.name for f in dataclasses.fields(profile)}
    assert not fields & {"phone", "masked_phone", "birth_date", "id", "phone_hash"}
    assert "1234" not in repr(profile)
    assert "1978" not in repr(profile)


@pytest.mark.django_db
def test_it_publishes_current_mandates_and_active_stations(person):
    profile = public_profile(person)
    assert profile.name == "李春梅" and profile.workplace == "子陵铺镇子陵村"
    assert [(m.level, m.congress_name) for m in profile.mandates] == [("county", "东宝区人民代表大会")]
    assert [s.name for s in profile.stations] == ["子陵铺镇代表联络站"]
    assert profile.is_serving


@pytest.mark.django_db
def test_it_shows_a_former_representative_as_not_serving():
    assert not public_profile(Representative.objects.create(name="王建华")).is_serving
