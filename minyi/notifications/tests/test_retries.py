from unittest import mock

from django.test import override_settings
from django.utils import timezone

from minyi.notifications import services
from minyi.notifications.channels import sms
from minyi.notifications.models import Delivery


def make_due():
    Delivery.objects.filter(state=Delivery.State.PENDING).update(next_attempt_at=timezone.now() - timezone.timedelta(seconds=1))


@override_settings(NOTIFICATIONS_MAX_ATTEMPTS=3)
def test_it_retries_with_backoff_and_gives_up_after_the_last_attempt(people, django_capture_on_commit_callbacks):
    failing = mock.patch.object(sms.DatabaseSmsBackend, "send", side_effect=sms.SmsError("isv.BUSINESS_LIMIT_CONTROL"))
    with failing:
        with django_capture_on_commit_callbacks(execute=True):
            services.notify(people.citizen, "test.reply", "标题", channels=["sms"])
        delivery = Delivery.objects.get(channel="sms")
        assert (delivery.state, delivery.attempts) == ("pending", 1)
        assert "BUSINESS_LIMIT_CONTROL" in delivery.last_error
        assert delivery.next_attempt_at > timezone.now() + timezone.timedelta(seconds=50)  # backs off
        assert services.sweep() == 0  # not due yet
        make_due()
        services.sweep()
        delivery.refresh_from_db()
        assert (delivery.state, delivery.attempts) == ("pending", 2)
        make_due()
        services.sweep()
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("failed", 3)
    assert "SmsError" in delivery.last_error
    make_due()
    assert services.sweep() == 0  # a failed delivery is never tried again


def test_it_sends_on_a_later_attempt_after_a_failure(people, django_capture_on_commit_callbacks):
    calls = iter([sms.SmsError("timeout"), "biz-42"])

    def flaky(self, phone, template_key, params):
        outcome = next(calls)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    with mock.patch.object(sms.DatabaseSmsBackend, "send", flaky):
        with django_capture_on_commit_callbacks(execute=True):
            services.notify(people.citizen, "test.reply", "标题", channels=["sms"])
        make_due()
        assert services.sweep() == 1
    delivery = Delivery.objects.get(channel="sms")
    assert (delivery.state, delivery.attempts, delivery.provider_message_id, delivery.last_error) == ("sent", 2, "biz-42", "")


def test_it_backs_off_longer_each_time_up_to_an_hour():
    assert [services.backoff(n).total_seconds() for n in (1, 2, 3, 10)] == [60, 120, 240, 3600]
