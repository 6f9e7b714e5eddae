"""A running screen asks every refresh interval; when it was last seen is written at most once a
minute, and never into the audit log."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from minyi.audit.models import AuditEntry
from minyi.screens.models import DisplayToken

pytestmark = pytest.mark.django_db


def updates_of_tokens(queries):
    return [q["sql"] for q in queries if q["sql"].startswith("UPDATE") and "screens_displaytoken" in q["sql"]]


def test_it_writes_last_seen_once_a_minute(client, world, issue):
    token, key = issue(world.city_staff, world.city)
    url = reverse("screens:data", kwargs={"key": key})
    entries = AuditEntry.objects.count()

    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    assert len(updates_of_tokens(first.captured_queries)) == 1
    seen = DisplayToken.objects.get(pk=token.pk).last_seen_at
    assert seen is not None

    with CaptureQueriesContext(connection) as again:
        client.get(url)
        client.get(reverse("screens:screen", kwargs={"key": key}))
    assert updates_of_tokens(again.captured_queries) == []
    assert DisplayToken.objects.get(pk=token.pk).last_seen_at == seen

    DisplayToken.objects.filter(pk=token.pk).update(last_seen_at=seen - datetime.timedelta(seconds=61))
    client.get(url)
    assert DisplayToken.objects.get(pk=token.pk).last_seen_at > seen
    assert AuditEntry.objects.count() == entries


def test_the_desk_shows_which_screens_are_on_air(client, world, issue):
    
    _token, key = issue(world.city_staff, world.city)
    client.get(reverse("screens:data", kwargs={"key": key}))
    client.force_login(world.city_staff)
    assert 'data-testid="on-air"' in client.get(reverse("screens:desk_list")).content.decode()
