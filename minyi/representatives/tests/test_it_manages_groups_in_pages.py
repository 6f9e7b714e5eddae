import pytest
from django.urls import reverse

from minyi.representatives.models import RepresentativeGroup

from .people import group, representative

pytestmark = pytest.mark.django_db
LIST = reverse("representatives:groups")


def test_it_lists_the_groups_in_scope_with_their_serving_members(client, world):
    first = group(world.dongbao_congress)
    group(world.duodao_congress, "掇刀第一小组")
    person = representative("王建华", world.dongbao_congress)
    person.mandates.update(group=first)
    client.force_login(world.dongbao_staff)
    response = client.get(LIST)
    assert [(g.name, g.members) for g in response.context["page"]] == [("第一代表小组", 1)]


def test_it_creates_renames_and_deletes_a_group(client, world):
    client.force_login(world.dongbao_staff)
    response = client.post(reverse("representatives:group_create"), {"congress": world.dongbao_congress.pk, "name": " 农业组 ", "kind": "professional"})
    assert response.status_code == 302
    created = RepresentativeGroup.objects.get(name="农业组")
    assert created.kind == "professional"
    client.post(reverse("representatives:group_edit", args=[created.pk]), {"name": "农业农村组", "kind": "professional"})
    created.refresh_from_db()
    assert created.name == "农业农村组"
    assert client.post(reverse("representatives:group_delete", args=[created.pk])).status_code == 302
    assert not RepresentativeGroup.objects.filter(pk=created.pk).exists()


def test_it_keeps_a_group_that_mandates_name(client, world):
    first = group(world.dongbao_congress)
    representative("王建华", world.dongbao_congress).mandates.update(group=first)
    client.force_login(world.dongbao_staff)
    client.post(reverse("representatives:group_delete", args=[first.pk]))
    assert RepresentativeGroup.objects.filter(pk=first.pk).exists()
    response = client.post(reverse("representatives:group_edit", args=[first.pk]), {"name": "第一代表小组", "kind": "professional"})
    assert response.status_code == 200 and response.context["form"].errors["kind"]


def test_it_refuses_duplicates_and_other_countys_congresses(client, world):
    group(world.dongbao_congress)
    client.force_login(world.dongbao_staff)
    response = client.post(reverse("representatives:group_create"), {"congress": world.dongbao_congress.pk, "name": "第一代表小组", "kind": "area"})
    assert response.status_code == 200 and response.context["form"].errors
    response = client.post(reverse("representatives:group_create"), {"congress": world.duodao_congress.pk, "name": "x", "kind": "area"})
    assert response.status_code == 200 and response.context["form"].errors["congress"]


def test_it_hides_another_countys_group(client, world):
    other = group(world.duodao_congress)
    client.force_login(world.dongbao_staff)
    assert client.get(reverse("representatives:group_edit", args=[other.pk])).status_code == 404
    assert client.post(reverse("representatives:group_delete", args=[other.pk])).status_code == 404
