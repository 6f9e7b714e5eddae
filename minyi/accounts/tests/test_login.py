import pytest
from django.urls import reverse

from minyi.audit.models import AuditEntry
from minyi.testing import PASSWORD

pytestmark = pytest.mark.django_db


def test_it_signs_in_with_username_and_lands_on_the_role_home(client, world):
    response = client.post(reverse("accounts:login"), {"username": "city_staff", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("workbench:staff_home")


def test_it_signs_in_with_the_mobile_number(client, world):
    world.unit_staff.phone = "13800000001"
    world.unit_staff.save()
    response = client.post(reverse("accounts:login"), {"username": "13800000001", "password": PASSWORD})
    assert response.url == reverse("workbench:unit_home")


@pytest.mark.parametrize(
    "username, home",
    [
        ("admin", "workbench:staff_home"),
        ("leader", "workbench:staff_home"),
        ("unit_admin", "workbench:unit_home"),
        ("rep", "representatives:home"),
        ("citizen", "public:my_home"),
    ],
)
def test_it_sends_each_role_to_its_home(client, world, username, home):
    response = client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})
    assert response.url == reverse(home)
    assert client.get(response.url).status_code == 200


def test_it_keeps_the_username_and_explains_a_wrong_password_in_chinese(client, world):
    response = client.post(reverse("accounts:login"), {"username": "city_staff", "password": "wrong"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "用户名或密码不正确" in body
    assert 'value="city_staff"' in body
    assert AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN_FAILED, object_repr="city_staff").exists()


def test_it_locks_the_account_after_repeated_failures(client, world, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "city_staff", "password": "wrong"})
    response = client.post(reverse("accounts:login"), {"username": "city_staff", "password": PASSWORD})
    assert response.status_code == 403
    assert "锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_redirects_only_to_local_next_urls(client, world):
    response = client.post(reverse("accounts:login") + "?next=https://evil.example/", {"username": "citizen", "password": PASSWORD})
    assert response.url == reverse("public:my_home")
    response = client.post(reverse("accounts:login") + "?next=/audit/", {"username": "admin", "password": PASSWORD})
    assert response.url == "/audit/"


def test_it_records_sign_in_and_sign_out(client, world):
    client.post(reverse("accounts:login"), {"username": "citizen", "password": PASSWORD})
    client.post(reverse("accounts:logout"))
    actions = list(AuditEntry.objects.filter(actor=world.citizen).values_list("action", flat=True))
    assert AuditEntry.Action.LOGIN in actions and AuditEntry.Action.LOGOUT in actions


def test_it_refuses_sign_out_by_get(client, world):
    client.force_login(world.citizen)
    assert client.get(reverse("accounts:logout")).status_code == 405


def test_it_rejects_a_blank_form_with_field_errors(client, db):
    response = client.post(reverse("accounts:login"), {"username": "", "password": ""})
    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode()


def test_it_slows_down_one_address_trying_many_accounts(client, world, settings, fresh_cache):
    settings.LOGIN_RATE_PER_ADDRESS = "3/m"
    for n in range(3):
        client.post(reverse("accounts:login"), {"username": f"nobody{n}", "password": "x"})
    response = client.post(reverse("accounts:login"), {"username": "citizen", "password": PASSWORD})
    assert response.status_code == 429
    assert "频繁" in response.content.decode()
    assert 'value="citizen"' in response.content.decode()
