import pytest
from django.core import mail
from django.db import transaction

from minyi.notifications import services
from minyi.notifications.models import Delivery, Notification, SmsOutbox


class Boom(Exception):
    pass


def test_it_sends_nothing_when_the_transaction_rolls_back(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Boom), transaction.atomic():
        services.notify([people.citizen], "test.reply", "您的意见已答复", "详情", "/track/")
        raise Boom
    assert callbacks == []
    assert Notification.objects.count() == 0
    assert mail.outbox == [] and SmsOutbox.objects.count() == 0


def test_it_writes_the_in_app_row_at_once_and_delivers_email_and_sms_after_commit(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        [notification] = services.notify(people.citizen, "test.reply", "您的意见已答复", "东宝区教育局已答复。", "/track/ABC/")
        assert notification.read_at is None
        assert mail.outbox == []  # nothing leaves before commit
    assert len(callbacks) == 1
    states = dict(notification.deliveries.values_list("channel", "state"))
    assert states == {"in_app": "sent", "email": "pending", "sms": "pending"}

    callbacks[0]()  # the commit: huey runs in immediate mode in tests

    assert dict(notification.deliveries.values_list("channel", "state")) == {"in_app": "sent", "email": "sent", "sms": "sent"}
    [message] = mail.outbox
    assert message.to == ["citizen@example.cn"]
    assert "您的意见已答复" in message.subject
    assert "http://" in message.body and "/track/ABC/" in message.body
    assert message.alternatives and "text/html" == message.alternatives[0][1]
    sms = SmsOutbox.objects.get()
    assert sms.phone == "13800000001" and sms.template_key == "test.reply" and sms.params == {"title": "您的意见已答复"}
    email = notification.deliveries.get(channel="email")
    assert email.attempts == 1 and email.sent_at and email.provider_message_id


def test_it_skips_a_channel_the_person_cannot_be_reached_on(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        [notification] = services.notify([world.leader], "anything", "标题")
    assert dict(notification.deliveries.values_list("channel", "state")) == {"in_app": "sent", "email": "skipped"}
    assert mail.outbox == []


def test_it_drops_unsafe_links_and_inactive_recipients(people, django_capture_on_commit_callbacks):
    people.unit_staff.is_active = False
    people.unit_staff.save(update_fields=["is_active"])
    with django_capture_on_commit_callbacks(execute=True):
        created = services.notify([people.citizen, people.unit_staff], "test.reply", "标题", link="javascript:alert(1)")
    assert [n.recipient for n in created] == [people.citizen]
    assert created[0].link == ""


def test_it_uses_a_registered_phone_resolver_before_the_account_phone(people, django_capture_on_commit_callbacks):
    from minyi.notifications import phones

    def from_elsewhere(user, kind):
        return "13900000009" if user == people.citizen else None

    phones.register(from_elsewhere)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.notify([people.citizen], "test.reply", "标题", channels=["sms"])
    finally:
        phones.unregister(from_elsewhere)
    assert SmsOutbox.objects.get().phone == "13900000009"
    assert set(Delivery.objects.values_list("channel", flat=True)) == {"in_app", "sms"}
