import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from minyi.accounts import services
from minyi.accounts.models import User
from minyi.audit.models import AuditEntry
from minyi.testing import PASSWORD

pytestmark = pytest.mark.django_db


def test_it_deactivates_so_the_person_cannot_sign_in_and_reactivates(client, world):
    client.force_login(world.unit_admin)
    assert client.post(reverse("accounts:manage_deactivate", args=[world.unit_staff.pk])).status_code == 302
    assert not User.objects.get(pk=world.unit_staff.pk).is_active
    other = client.__class__()
    response = other.post(reverse("accounts:login"), {"username": "unit_staff", "password": PASSWORD})
    assert response.status_code == 200  # the sign-in form again, with its error
    client.post(reverse("accounts:manage_reactivate", args=[world.unit_staff.pk]))
    assert User.objects.get(pk=world.unit_staff.pk).is_active
    changes = AuditEntry.objects.filter(object_type="accounts.user", object_id=str(world.unit_staff.pk), action="update")
    assert [entry.changes["is_active"] for entry in changes.order_by("at", "id")] == [[True, False], [False, True]]


def test_it_refuses_to_deactivate_oneself(client, world):
    client.force_login(world.city_staff)
    client.post(reverse("accounts:manage_deactivate", args=[world.city_staff.pk]))
    assert User.objects.get(pk=world.city_staff.pk).is_active


def lock(username):
    AccessAttempt.objects.create(
        username=username, ip_address="10.0.0.1", user_agent="test", failures_since_start=settings.AXES_FAILURE_LIMIT,
        attempt_time=timezone.now(), get_data="", post_data="", http_accept="", path_info="/accounts/login/",
    )


def test_it_shows_a_lockout_and_unlocks_with_an_audit_entry(client, world):
    lock("unit_staff")
    assert services.is_locked_out(world.unit_staff)
    client.force_login(world.unit_admin)
    page = client.get(reverse("accounts:manage_detail", args=[world.unit_staff.pk]))
    assert page.context["locked"]
    client.post(reverse("accounts:manage_unlock", args=[world.unit_staff.pk]))
    assert not services.is_locked_out(world.unit_staff)
    assert AuditEntry.objects.filter(note="unlock", actor=world.unit_admin, object_id=str(world.unit_staff.pk)).exists()


def test_it_links_administrators_to_the_persons_audit_log(client, world):
    client.force_login(world.admin)
    page = client.get(reverse("accounts:manage_detail", args=[world.unit_staff.pk])).content.decode()
    assert "/audit/?actor=unit_staff" in page
    client.force_login(world.city_staff)
    assert "/audit/?actor=" not in client.get(reverse("accounts:manage_detail", args=[world.unit_staff.pk])).content.decode()
