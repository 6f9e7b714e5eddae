"""The citizen hears when the wish is claimed and when it is fulfilled: by SMS (with the tracking code,
nothing personal) without an account, in the app with one. The claimer hears when receipt is
confirmed, or when the citizen says it has not arrived."""

import pytest

from minyi.notifications.models import Notification, SmsOutbox
from minyi.wishes import services

from .conftest import cleaned_photo

pytestmark = pytest.mark.django_db


def test_a_citizen_without_an_account_gets_an_sms_when_claimed_and_when_fulfilled(world, reps, make_wish, django_capture_on_commit_callbacks):
    wish = make_wish()
    with django_capture_on_commit_callbacks(execute=True):
        services.claim(reps["li"], wish, option_key=f"representative:{world.representative.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        services.fulfil(reps["li"], wish, text="书包已经送到。", photos=cleaned_photo())
    messages = list(SmsOutbox.objects.order_by("pk"))
    assert [m.template_key for m in messages] == ["wish.claimed", "wish.fulfilled"]
    assert all(m.phone == "13912345678" and m.params["code"] == wish.code for m in messages)
    assert all("林奶奶" not in m.params["message"] and "李春梅" not in m.params["message"] for m in messages)


def test_a_citizen_with_an_account_is_told_in_the_app(world, reps, make_wish, django_capture_on_commit_callbacks):
    wish = make_wish(user=world.citizen)
    with django_capture_on_commit_callbacks(execute=True):
        services.claim(reps["li"], wish, option_key=f"representative:{world.representative.pk}")
    notice = Notification.objects.get(recipient=world.citizen)
    assert notice.kind == "wish.claimed" and wish.code in notice.link
    assert not SmsOutbox.objects.filter(template_key="wish.claimed", phone="13912345678").exists()


def test_the_claimer_hears_of_the_confirmation_and_of_a_wish_that_did_not_arrive(world, make_wish, django_capture_on_commit_callbacks):
    wish = make_wish()
    services.claim(world.unit_staff, wish, option_key=f"unit:{world.city_unit.pk}")
    services.fulfil(world.unit_staff, wish, text="楼道扶手已经装好。", photos=cleaned_photo())
    with django_capture_on_commit_callbacks(execute=True):
        services.report_not_received(wish, note="扶手装在了另一栋楼。")
    missing = Notification.objects.filter(kind="wish.not_received")
    assert {n.recipient for n in missing} == {world.unit_staff, world.unit_admin}
    assert all("扶手装在了另一栋楼。" in n.body for n in missing)
    services.fulfil(world.unit_staff, wish, text="已改装到老人住的楼道。", photos=cleaned_photo())
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_received(wish)
    confirmed = Notification.objects.filter(kind="wish.confirmed")
    assert {n.recipient for n in confirmed} == {world.unit_staff, world.unit_admin}
    assert not Notification.objects.filter(recipient=world.other_unit_staff).exists()
