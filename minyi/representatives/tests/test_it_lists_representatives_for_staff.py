import pytest
from django.urls import reverse

from minyi.representatives.models import Mandate, MandateLevel, OccupationCategory, Party

from .people import assign, group, representative, serve, station

pytestmark = pytest.mark.django_db
URL = reverse("representatives:list")


@pytest.fixture
def roll(world):
    return {
        "dongbao": representative("王建华", world.dongbao_congress, phone="13800001111", party=Party.CPC_MEMBER),
        "duodao": representative("赵敏", world.duodao_congress, occupation_category=OccupationCategory.FARMER),
        "city": representative("孙丽", world.city_congress),
    }


def names(response):
    return {person.name for person in response.context["page"]}


@pytest.mark.parametrize("who", ["admin", "city_staff", "dongbao_staff", "leader"])
def test_it_shows_the_roll_to_congress_staff_leaders_and_administrators(client, world, roll, who):
    client.force_login(getattr(world, who))
    response = client.get(URL)
    assert response.status_code == 200
    assert "代表" in response.content.decode()


@pytest.mark.parametrize("who", ["unit_admin", "unit_staff", "rep", "citizen"])
def test_it_refuses_the_roll_to_everyone_else(client, world, who):
    client.force_login(getattr(world, who))
    assert client.get(URL).status_code == 403


def test_it_sends_strangers_to_sign_in(client, world):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_limits_county_staff_to_their_county(client, world, roll):
    client.force_login(world.dongbao_staff)
    assert names(client.get(URL)) == {"王建华"}
    client.force_login(world.city_staff)
    assert names(client.get(URL)) == {"王建华", "赵敏", "孙丽"}


def test_it_finds_by_name_and_by_whole_phone_but_never_shows_the_phone(client, world, roll):
    client.force_login(world.city_staff)
    assert names(client.get(URL, {"q": "建华"})) == {"王建华"}
    response = client.get(URL, {"q": "138 0000 1111"})
    assert names(response) == {"王建华"}
    assert "13800001111" not in response.content.decode()
    assert "138****1111" in response.content.decode()
    assert names(client.get(URL, {"q": "1380000"})) == set()


def test_it_filters_by_level_congress_group_station_party_and_occupation(client, world, roll):
    client.force_login(world.city_staff)
    first = group(world.dongbao_congress)
    Mandate.objects.filter(representative=roll["dongbao"]).update(group=first)
    place = station(world)
    assign(place, roll["city"])
    assert names(client.get(URL, {"level": MandateLevel.CITY})) == {"孙丽"}
    assert names(client.get(URL, {"congress": world.duodao_congress.pk})) == {"赵敏"}
    assert names(client.get(URL, {"group": first.pk})) == {"王建华"}
    assert names(client.get(URL, {"station": place.pk})) == {"孙丽"}
    assert names(client.get(URL, {"party": Party.CPC_MEMBER})) == {"王建华"}
    assert names(client.get(URL, {"occupation": OccupationCategory.FARMER})) == {"赵敏"}


def test_it_tells_serving_from_former_representatives(client, world, roll):
    client.force_login(world.city_staff)
    seat = roll["duodao"].mandates.get()
    seat.end, seat.end_reason = seat.start, Mandate.EndReason.RESIGNATION
    seat.save()
    assert names(client.get(URL)) == {"王建华", "孙丽"}
    assert names(client.get(URL, {"status": "former"})) == {"赵敏"}
    assert names(client.get(URL, {"status": "all"})) == {"王建华", "赵敏", "孙丽"}


def test_it_ignores_bad_parameters(client, world, roll):
    client.force_login(world.city_staff)
    response = client.get(URL, {"congress": "abc", "group": "99999", "level": "galactic", "page": "x", "status": "?"})
    assert response.status_code == 200
    assert names(response) == {"王建华", "赵敏", "孙丽"}


def test_it_shows_the_excel_button_only_when_transfers_can_export(client, world, roll):
    from minyi.accounts import manage_exports

    client.force_login(world.city_staff)
    content = client.get(URL).content.decode()
    assert ("export=xlsx" in content) == (manage_exports.exporter("representatives") is not None)
    assert manage_exports.exporter("no such kind") is None


def test_it_exports_the_current_filter_to_excel(client, world, roll):
    from minyi.accounts import manage_exports

    if manage_exports.exporter("representatives") is None:
        pytest.skip("the transfers app does not export representatives yet")
    client.force_login(world.dongbao_staff)
    response = client.get(URL, {"q": "建华", "export": "xlsx"})
    assert response.status_code == 200
    assert response.content.startswith(b"PK")  # an .xlsx file is a zip archive


def test_it_counts_a_representative_once_however_many_mandates(client, world, roll):
    serve(roll["dongbao"], world.city_congress)
    client.force_login(world.city_staff)
    response = client.get(URL)
    assert [person.name for person in response.context["page"]].count("王建华") == 1
