import pytest
from django.urls import reverse

from minyi.accounts.models import Role, User
from minyi.testing import PASSWORD

pytestmark = pytest.mark.django_db

ACTIONS = ["manage_reset_password", "manage_deactivate", "manage_reactivate", "manage_unlock", "manage_grant"]


@pytest.mark.parametrize("action", ACTIONS)
def test_it_hides_another_units_staff_from_a_unit_administrator(client, world, action):
    client.force_login(world.unit_admin)
    assert client.get(reverse("accounts:manage_detail", args=[world.other_unit_staff.pk])).status_code == 404
    assert client.post(reverse(f"accounts:{action}", args=[world.other_unit_staff.pk])).status_code == 404


@pytest.mark.parametrize("who", ["city_staff", "dongbao_staff", "leader", "admin"])
def test_it_never_lets_a_unit_administrator_touch_congress_staff(client, world, who):
    client.force_login(world.unit_admin)
    target = getattr(world, who)
    assert client.get(reverse("accounts:manage_detail", args=[target.pk])).status_code == 404
    assert client.post(reverse("accounts:manage_deactivate", args=[target.pk])).status_code == 404
    assert User.objects.get(pk=target.pk).is_active


def test_it_refuses_a_unit_staff_member_who_is_also_congress_staff(client, world):
    from minyi.accounts import services

    services.grant_role(world.unit_staff, Role.CONGRESS_STAFF, congress=world.city_congress)
    client.force_login(world.unit_admin)
    assert client.get(reverse("accounts:manage_detail", args=[world.unit_staff.pk])).status_code == 200
    assert client.post(reverse("accounts:manage_reset_password", args=[world.unit_staff.pk])).status_code == 403
    assert User.objects.get(pk=world.unit_staff.pk).check_password(PASSWORD)


def test_it_answers_county_staff_with_not_found_for_another_countys_account(client, world):
    client.force_login(world.duodao_staff)
    assert client.get(reverse("accounts:manage_detail", args=[world.other_unit_staff.pk])).status_code == 404
    assert client.get(reverse("accounts:manage_detail", args=[999999])).status_code == 404
