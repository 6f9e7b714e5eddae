import pytest
from django.urls import reverse
from django.utils import timezone

from minyi.testing import PASSWORD

pytestmark = pytest.mark.django_db

NEW = "Nouveau-Mot9"


def _change(client, old, new, again=None):
    return client.post(
        reverse("accounts:password_change"), {"old_password": old, "new_password1": new, "new_password2": again or new}
    )


def test_it_changes_the_password_and_keeps_the_session(client, world):
    client.force_login(world.city_staff)
    response = _change(client, PASSWORD, NEW)
    assert response.status_code == 302
    world.city_staff.refresh_from_db()
    assert world.city_staff.check_password(NEW)
    assert client.get(reverse("workbench:staff_home")).status_code == 200


@pytest.mark.parametrize(
    "new, message",
    [
        ("short1A!", "密码太短"),
        ("alllowercaseletters", "至少"),
        (PASSWORD, "不同"),
    ],
)
def test_it_explains_weak_or_reused_passwords_in_chinese(client, world, new, message):
    client.force_login(world.city_staff)
    response = _change(client, PASSWORD, new)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_it_refuses_any_of_the_last_five_passwords(client, world):
    client.force_login(world.city_staff)
    _change(client, PASSWORD, NEW)
    _change(client, NEW, "Second-Pass7")
    response = _change(client, "Second-Pass7", NEW)
    assert response.status_code == 200
    assert "最近" in response.content.decode()


def test_it_forces_a_change_when_the_password_is_too_old(client, world, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 90
    world.city_staff.password_changed_at = timezone.now() - timezone.timedelta(days=91)
    world.city_staff.save()
    client.force_login(world.city_staff)
    response = client.get(reverse("workbench:staff_home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:password_change"))


def test_it_does_not_age_out_citizens(client, world, settings):
    world.citizen.password_changed_at = timezone.now() - timezone.timedelta(days=400)
    world.citizen.save()
    client.force_login(world.citizen)
    assert client.get(reverse("public:my_home")).status_code == 200
