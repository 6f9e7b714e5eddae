import pytest
from django.urls import reverse

from minyi.audit.models import AuditEntry
from minyi.representatives.models import GridResponsibility

from .people import assign, grid, group, representative, station

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(world):
    return representative("王建华", world.dongbao_congress, phone="13800001111")


def test_it_shows_the_profile_mandates_groups_stations_and_grids(client, world, person):
    first = group(world.dongbao_congress)
    person.mandates.update(group=first)
    assign(station(world), person)
    GridResponsibility.objects.create(grid=grid(world), representative=person, start=person.mandates.get().start)
    client.force_login(world.dongbao_staff)
    content = client.get(reverse("representatives:detail", args=[person.pk])).content.decode()
    for text in ("王建华", "东宝区人民代表大会", "第一代表小组", "子陵铺镇代表联络站", "子陵村第一网格", person.public_code):
        assert text in content


def test_it_answers_another_countys_staff_with_not_found(client, world, person):
    client.force_login(world.duodao_staff)
    assert client.get(reverse("representatives:detail", args=[person.pk])).status_code == 404
    assert client.get(reverse("representatives:edit", args=[person.pk])).status_code == 404
    assert client.post(reverse("representatives:reveal_phone", args=[person.pk])).status_code == 404


def test_it_answers_unknown_ids_with_not_found(client, world):
    client.force_login(world.admin)
    assert client.get("/representatives/999999/").status_code == 404
    assert client.get("/representatives/mandates/999999/end/").status_code == 404


def test_it_masks_the_phone_until_revealed_and_audits_the_reveal(client, world, person):
    client.force_login(world.dongbao_staff)
    page = client.get(reverse("representatives:detail", args=[person.pk])).content.decode()
    assert "138****1111" in page and "13800001111" not in page
    response = client.post(reverse("representatives:reveal_phone", args=[person.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "13800001111" in response.content.decode()
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.ACTION, note="view_phone").get()
    assert entry.actor == world.dongbao_staff and entry.object_id == str(person.pk)


def test_it_reveals_without_javascript_too(client, world, person):
    client.force_login(world.dongbao_staff)
    response = client.post(reverse("representatives:reveal_phone", args=[person.pk]))
    assert "13800001111" in response.content.decode()
    assert response["Cache-Control"] == "no-store"


def test_it_refuses_the_reveal_to_those_who_may_not_call(client, world, person):
    # A county staff member sees a city representative assigned to a station in the county,
    # and may call them; the leader of the city may too. A representative record outside
    # every scope is a 404 for staff.
    client.force_login(world.leader)
    assert client.post(reverse("representatives:reveal_phone", args=[person.pk])).status_code == 200
    client.force_login(world.unit_admin)
    assert client.post(reverse("representatives:reveal_phone", args=[person.pk])).status_code == 403


def test_it_only_accepts_a_post_for_the_reveal(client, world, person):
    client.force_login(world.dongbao_staff)
    assert client.get(reverse("representatives:reveal_phone", args=[person.pk])).status_code == 405


def test_it_offers_edit_only_to_those_who_keep_the_record(client, world, person):
    city = representative("孙丽", world.city_congress)
    assign(station(world), city)
    client.force_login(world.dongbao_staff)
    page = client.get(reverse("representatives:detail", args=[city.pk]))
    assert page.status_code == 200
    assert reverse("representatives:edit", args=[city.pk]) not in page.content.decode()
    assert client.get(reverse("representatives:edit", args=[city.pk])).status_code == 403
