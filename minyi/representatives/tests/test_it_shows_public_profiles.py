import pytest
from django.urls import reverse

from minyi.regions.models import Region

from .people import assign, group, representative, station

pytestmark = pytest.mark.django_db


def test_it_shows_the_public_profile_without_sign_in(client, world):
    person = representative("王建华", world.dongbao_congress, phone="13800001111", workplace="东宝区实验小学")
    person.mandates.update(group=group(world.dongbao_congress), electoral_district="第三选区")
    place = station(world)
    assign(place, person)
    response = client.get(reverse("representatives:public_profile", args=[person.public_code]))
    assert response.status_code == 200
    content = response.content.decode()
    for text in ("王建华", "东宝区人民代表大会", "第三选区", "第一代表小组", "东宝区实验小学", f"/s/{place.public_code}/"):
        assert text in content
    assert "13800001111" not in content and "138****" not in content


def test_it_answers_unknown_codes_with_not_found(client, world):
    assert client.get("/r/nosuchcode/").status_code == 404
    assert client.get("/r/%E4%BD%A0%E5%A5%BD/").status_code == 404


def test_it_finds_representatives_by_name_and_county(client, world):
    representative("王建华", world.dongbao_congress)
    representative("赵敏", world.duodao_congress)
    city = representative("孙丽", world.city_congress)
    assign(station(world), city)
    url = reverse("representatives:public_list")

    def names(**query):
        return {person.name for person in client.get(url, query).context["page"]}

    assert names() == {"王建华", "赵敏", "孙丽"}
    assert names(q="建华") == {"王建华"}
    assert names(county=world.dongbao.code) == {"王建华", "孙丽"}
    assert names(county=world.duodao.code) == {"赵敏"}
    assert names(county="999999999999") == {"王建华", "赵敏", "孙丽"}  # a bad county is ignored
    assert Region.objects.filter(code=world.dongbao.code).exists()


def test_it_leaves_former_representatives_out_of_the_public_search(client, world):
    person = representative("王建华", world.dongbao_congress)
    person.mandates.update(end=person.mandates.get().start, end_reason="resignation")
    assert client.get(reverse("representatives:public_list")).context["page"].paginator.count == 0
