"""Administrators issue a system its API key on the account's page: shown once, only a fingerprint
kept, usable at once (the API and Open311) and revocable; nobody else sees or issues keys."""

import re

import pytest
from django.urls import reverse

from minyi.accounts.models import ApiToken
from minyi.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_an_administrator_issues_a_key_the_system_uses_and_then_revokes_it(client, world):
    client.force_login(world.admin)
    page = client.post(reverse("accounts:manage_token_issue", args=[world.unit_staff.pk]), {"name": "12345热线"})
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    key = re.search(r'data-testid="api-key">([^<]+)<', page.content.decode()).group(1)
    token = ApiToken.objects.get(user=world.unit_staff)
    assert token.name == "12345热线" and token.key_hash == ApiToken.hash_key(key) and key not in str(token.__dict__)
    assert AuditEntry.objects.filter(object_type="accounts.apitoken", action="create").exists()

    system = client.__class__()
    assert system.get("/api/accounts/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    detail = client.get(reverse("accounts:manage_detail", args=[world.unit_staff.pk])).content.decode()
    assert f'data-testid="api-key-{token.pk}"' in detail and key not in detail

    client.post(reverse("accounts:manage_token_revoke", args=[world.unit_staff.pk, token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert system.get("/api/accounts/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_a_key_needs_a_name_and_only_administrators_issue_or_see_them(client, world):
    client.force_login(world.admin)
    assert client.post(reverse("accounts:manage_token_issue", args=[world.unit_staff.pk]), {"name": "  "}).status_code == 302
    assert not ApiToken.objects.exists()
    client.force_login(world.unit_admin)
    assert 'data-testid="api-keys"' not in client.get(reverse("accounts:manage_detail", args=[world.unit_staff.pk])).content.decode()
    assert client.post(reverse("accounts:manage_token_issue", args=[world.unit_staff.pk]), {"name": "热线"}).status_code == 403
    assert not ApiToken.objects.exists()
