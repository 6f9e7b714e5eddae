import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from minyi.testing import PASSWORD

pytestmark = pytest.mark.django_db


def _code(device, steps_ahead=0):
    # A code is accepted once; the next time step's code is still within the device's tolerance.
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead):06d}"


def test_it_sets_up_totp_and_then_asks_for_a_code_at_sign_in(client, world):
    client.force_login(world.city_staff)
    page = client.get(reverse("accounts:totp_setup"))
    assert page.status_code == 200 and b"<svg" in page.content
    device = TOTPDevice.objects.get(user=world.city_staff)
    assert client.post(reverse("accounts:totp_setup"), {"code": _code(device)}).status_code == 302
    client.logout()

    response = client.post(reverse("accounts:login"), {"username": "city_staff", "password": PASSWORD})
    assert response.url == reverse("accounts:login_verify")
    assert "_auth_user_id" not in client.session
    wrong = client.post(reverse("accounts:login_verify"), {"code": "000000"})
    assert "无效" in wrong.content.decode() or "过期" in wrong.content.decode()
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    response = client.post(reverse("accounts:login_verify"), {"code": _code(device, steps_ahead=1)})
    assert response.url == reverse("workbench:staff_home")
    assert client.session["_auth_user_id"] == str(world.city_staff.pk)


def test_it_requires_staff_to_set_up_totp_when_the_deployment_says_so(client, world, settings):
    settings.REQUIRE_2FA_FOR_STAFF = True
    client.force_login(world.unit_staff)
    response = client.get(reverse("workbench:unit_home"))
    assert response.url == reverse("accounts:totp_setup")
    client.force_login(world.citizen)
    assert client.get(reverse("public:my_home")).status_code == 200


def test_it_rejects_a_malformed_code_with_a_clear_message(client, world):
    client.force_login(world.city_staff)
    response = client.post(reverse("accounts:totp_setup"), {"code": "12ab"})
    assert "6 位" in response.content.decode()
