from unittest import mock

from django.core import mail
from django.utils import timezone

from minyi.notifications import services, tasks
from minyi.notifications.models import Delivery, SmsOutbox


def test_it_keeps_deliveries_pending_when_the_queue_is_down_and_the_sweep_sends_them_once(people, django_capture_on_commit_callbacks):
    down = mock.patch.object(tasks, "deliver_task", side_effect=ConnectionError("redis unreachable"))
    with down, django_capture_on_commit_callbacks(execute=True):
        [notification] = services.notify(people.citizen, "test.reply", "您的意见已答复")
    assert notification.pk  # the matter's notification is saved whatever the worker does
    assert set(Delivery.objects.filter(channel__in=["email", "sms"]).values_list("state", flat=True)) == {"pending"}
    assert mail.outbox == [] and SmsOutbox.objects.count() == 0

    assert tasks.sweep_notifications.call_local() == 2
    assert services.sweep() == 0  # a second sweep finds nothing to do
    assert len(mail.outbox) == 1 and SmsOutbox.objects.count() == 1
    assert set(Delivery.objects.values_list("state", flat=True)) == {"sent"}


def test_it_sends_a_delivery_once_even_when_enqueued_and_swept_together(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(people.citizen, "test.reply", "标题")
    ids = list(Delivery.objects.exclude(channel="in_app").values_list("pk", flat=True))
    assert services.deliver(ids) == 0 and services.sweep() == 0
    assert len(mail.outbox) == 1 and SmsOutbox.objects.count() == 1


def test_it_lets_only_one_worker_claim_a_delivery(people, django_capture_on_commit_callbacks):
    down = mock.patch.object(tasks, "deliver_task", side_effect=ConnectionError)
    with down, django_capture_on_commit_callbacks(execute=True):
        services.notify(people.citizen, "test.reply", "标题", channels=["email"])
    delivery = Delivery.objects.get(channel="email")
    assert services.claim(delivery.pk) is True
    assert services.claim(delivery.pk) is False  # the second worker's UPDATE matches no row
    assert services.sweep() == 0  # claimed rows are not swept while the claim holds
    later = timezone.now() + timezone.timedelta(seconds=services.CLAIM_SECONDS + 1)
    assert services.claim(delivery.pk, now=later) is True  # a dead worker's claim runs out
