"""Congress staff issue a screen on the desk: the URL and QR code are shown once, only the key's hash
is kept, and issuing and switching off are both in the audit log."""

import hashlib
import re

import pytest
from django.urls import reverse

from minyi.audit.models import AuditEntry
from minyi.screens.models import DisplayToken

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    client.force_login(user)
    return client


def test_it_issues_a_screen_and_shows_its_address_once(client, world):
    signed_in(client, world.city_staff)
    form = client.get(reverse("screens:desk_new"))
    assert form.status_code == 200
    assert "东宝区" in form.content.decode()

    response = client.post(reverse("screens:desk_new"), {"name": "市人大代表之家大厅", "region_code": world.city.code,
                                                         "figure": "on_time_rate", "refresh_seconds": "60"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    key = re.search(r"/screen/([A-Za-z0-9_-]{40,})/", page).group(1)
    assert "<svg" in page  # the QR code

    token = DisplayToken.objects.get()
    assert (token.name, token.region_id, token.figure, token.refresh_seconds) == ("市人大代表之家大厅", world.city.code, "on_time_rate", 60)
    assert token.created_by == world.city_staff and token.revoked_at is None
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in {token.name, token.prefix, token.key_hash}

    entry = AuditEntry.objects.get(object_type="screens.displaytoken", object_id=str(token.pk), action=AuditEntry.Action.CREATE)
    assert entry.actor == world.city_staff
    assert entry.changes["key_hash"] == [None, "***"]
    assert entry.changes["region"] == [None, world.city.code]
    assert key not in str(entry.changes)

    listing = client.get(reverse("screens:desk_list")).content.decode()
    assert "市人大代表之家大厅" in listing and key not in listing


def test_it_switches_a_screen_off_and_records_it(client, world, issue):
    token, key = issue(world.city_staff, world.dongbao)
    assert client.get(reverse("screens:screen", kwargs={"key": key})).status_code == 200

    signed_in(client, world.city_staff)
    response = client.post(reverse("screens:desk_revoke", kwargs={"pk": token.pk}))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    entry = AuditEntry.objects.get(object_type="screens.displaytoken", object_id=str(token.pk), action=AuditEntry.Action.UPDATE)
    assert entry.actor == world.city_staff and list(entry.changes) == ["revoked_at"]

    client.logout()
    assert client.get(reverse("screens:screen", kwargs={"key": key})).status_code == 410
    # Switching off twice changes nothing and records nothing more.
    signed_in(client, world.city_staff)
    client.post(reverse("screens:desk_revoke", kwargs={"pk": token.pk}))
    assert AuditEntry.objects.filter(object_type="screens.displaytoken", action=AuditEntry.Action.UPDATE).count() == 1


def test_it_refuses_a_bad_form_field_by_field(client, world):
    signed_in(client, world.city_staff)
    response = client.post(reverse("screens:desk_new"), {"name": " ", "region_code": world.city.code, "figure": "everything",
                                                         "refresh_seconds": "5"})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"name", "figure", "refresh_seconds"}
    assert not DisplayToken.objects.exists()


@pytest.mark.parametrize("who", ["leader", "unit_staff", "rep", "citizen"])
def test_it_keeps_the_desk_for_staff_and_administrators(client, world, who):
    signed_in(client, getattr(world, who))
    assert client.get(reverse("screens:desk_list")).status_code == 403
    assert client.post(reverse("screens:desk_new"), {"name": "x", "region_code": world.city.code, "figure": "collected",
                                                     "refresh_seconds": "60"}).status_code == 403
    assert not DisplayToken.objects.exists()


def test_it_lets_administrators_issue_anywhere(client, world):
    signed_in(client, world.admin)
    response = client.post(reverse("screens:desk_new"), {"name": "掇刀区人大", "region_code": world.duodao.code,
                                                         "figure": "overdue_now", "refresh_seconds": "120"})
    assert response.status_code == 200
    assert DisplayToken.objects.get().created_by == world.admin


def test_it_asks_anonymous_visitors_to_sign_in(client, world):
    response = client.get(reverse("screens:desk_list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
