"""An address never issued is a 404, a revoked one a 410: a page in Chinese for a person, JSON for
the running screen, and never a figure."""

import pytest
from django.urls import reverse
from django.utils import timezone

from minyi.screens.models import DisplayToken

pytestmark = pytest.mark.django_db


def test_an_unknown_address_is_a_404_without_figures(client, world, matters):
    page = client.get(reverse("screens:screen", kwargs={"key": "x" * 43}))
    assert page.status_code == 404
    assert "no-store" in page["Cache-Control"]
    text = page.content.decode()
    assert "This screen address is not valid." in text or "大屏地址无效" in text
    assert "scr-data" not in text

    data = client.get(reverse("screens:data", kwargs={"key": "x" * 43}))
    assert data.status_code == 404
    assert data.json()["state"] == "unknown"
    assert "kpis" not in data.json()


def test_a_very_long_address_is_a_404_too(client, world):
    assert client.get(reverse("screens:data", kwargs={"key": "y" * 500})).status_code == 404


def test_a_revoked_address_is_a_410_without_figures(client, world, matters, issue):
    token, key = issue(world.city_staff, world.city)
    assert client.get(reverse("screens:data", kwargs={"key": key})).json()["kpis"]["collected"] == 5
    DisplayToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())

    page = client.get(reverse("screens:screen", kwargs={"key": key}))
    assert page.status_code == 410
    assert "scr-data" not in page.content.decode()
    data = client.get(reverse("screens:data", kwargs={"key": key}))
    assert data.status_code == 410
    body = data.json()
    assert body["state"] == "revoked" and body["message"]
    assert set(body) == {"state", "message", "hint"}

