import pytest

from minyi.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


def test_it_publishes_the_openapi_schema_and_docs(client):
    schema = client.get("/api/openapi.json")
    assert schema.status_code == 200
    assert "/api/accounts/me" in schema.json()["paths"]
    assert client.get("/api/docs").status_code == 200


def test_it_answers_a_signed_in_browser(client, world):
    client.force_login(world.city_staff)
    body = client.get("/api/accounts/me").json()
    assert body["username"] == "city_staff"
    assert body["roles"][0]["role"] == "congress_staff"
    assert body["roles"][0]["congress"] == "荆门市人民代表大会"


def test_it_answers_a_system_with_a_token_and_rejects_a_revoked_one(client, world):
    token, key = ApiToken.issue(world.unit_staff, "12345 hotline")
    response = client.get("/api/accounts/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.json()["username"] == "unit_staff"
    from django.utils import timezone

    token.revoked_at = timezone.now()
    token.save()
    response = client.get("/api/accounts/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 401


def test_it_explains_errors_in_chinese_with_a_stable_code(client):
    response = client.get("/api/accounts/me")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    assert "登录" in response.json()["message"]


def test_it_answers_in_english_when_asked(client):
    response = client.get("/api/accounts/me", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["message"] == "Sign in or send a valid API token."


def test_it_never_stores_the_token_itself(world):
    token, key = ApiToken.issue(world.unit_staff, "hotline")
    assert key not in token.key_hash and token.prefix == key[:8]
