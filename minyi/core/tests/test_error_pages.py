import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_it_shows_a_chinese_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_it_shows_a_chinese_403(client, world):
    client.force_login(world.citizen)
    response = client.get("/workbench/")
    assert response.status_code == 403
    assert "没有权限" in response.content.decode()


def test_it_shows_a_chinese_500_without_a_traceback(world, settings):

    from minyi.core import views

    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    response = views.server_error(client.get("/").wsgi_request)
    assert response.status_code == 500
    assert "出错" in response.content.decode()


def test_it_shows_a_chinese_csrf_failure(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    assert "刷新" in response.content.decode()
