import pytest
from django.urls import reverse

from minyi.accounts.models import User
from minyi.testing import PASSWORD

pytestmark = pytest.mark.django_db


def test_it_resets_a_password_that_must_be_changed_at_the_next_sign_in(client, world):
    client.force_login(world.unit_admin)
    response = client.post(reverse("accounts:manage_reset_password", args=[world.unit_staff.pk]))
    assert response.status_code == 200
    temporary = response.context["password"]
    user = User.objects.get(pk=world.unit_staff.pk)
    assert user.must_change_password and user.check_password(temporary) and not user.check_password(PASSWORD)

    client.logout()
    response = client.post(reverse("accounts:login"), {"username": "unit_staff", "password": temporary})
    assert response.status_code == 302
    response = client.get(reverse("workbench:unit_home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:password_change"))
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": temporary, "new_password1": "Another-Passw0rd!", "new_password2": "Another-Passw0rd!"},
    )
    assert response.status_code == 302
    assert client.get(reverse("workbench:unit_home")).status_code == 200


def test_it_only_resets_with_a_post(client, world):
    client.force_login(world.unit_admin)
    assert client.get(reverse("accounts:manage_reset_password", args=[world.unit_staff.pk])).status_code == 405


def test_it_does_not_reset_ones_own_password_here(client, world):
    client.force_login(world.unit_admin)
    response = client.post(reverse("accounts:manage_reset_password", args=[world.unit_admin.pk]))
    assert response.status_code == 302
    assert User.objects.get(pk=world.unit_admin.pk).check_password(PASSWORD)
