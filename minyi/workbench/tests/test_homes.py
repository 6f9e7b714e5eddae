import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _count(response, name):
    body = response.content.decode()
    marker = f'data-testid="count-{name}">'
    return int(body.split(marker, 1)[1].split("<", 1)[0])


def test_it_counts_only_what_is_in_the_staff_members_scope(client, world):
    client.force_login(world.dongbao_staff)
    assert _count(client.get(reverse("workbench:staff_home")), "units") == 1
    client.force_login(world.city_staff)
    assert _count(client.get(reverse("workbench:staff_home")), "units") == 3


def test_it_shows_system_status_to_administrators_only(client, world):
    client.force_login(world.admin)
    assert "系统状态" in client.get(reverse("workbench:staff_home")).content.decode()
    client.force_login(world.city_staff)
    assert "系统状态" not in client.get(reverse("workbench:staff_home")).content.decode()


def test_it_shows_the_unit_its_own_details(client, world):
    client.force_login(world.unit_staff)
    body = client.get(reverse("workbench:unit_home")).content.decode()
    assert "荆门市住房和城乡建设局" in body and "东宝区教育局" not in body


def test_it_keeps_each_workbench_to_its_roles(client, world):
    client.force_login(world.unit_staff)
    assert client.get(reverse("workbench:staff_home")).status_code == 403
    client.force_login(world.city_staff)
    assert client.get(reverse("workbench:unit_home")).status_code == 403
