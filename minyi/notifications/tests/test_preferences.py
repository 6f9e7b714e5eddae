from django.core import mail

from minyi.notifications import services
from minyi.notifications.models import Delivery, SmsOutbox


def test_it_respects_an_opt_out_of_email_and_sms(people, django_capture_on_commit_callbacks):
    services.set_preference(people.citizen, "test.reply", email=False, sms=False)
    with django_capture_on_commit_callbacks(execute=True):
        [notification] = services.notify(people.citizen, "test.reply", "标题")
    assert notification.channels == ["in_app"]  # in-app is always on
    assert mail.outbox == [] and SmsOutbox.objects.count() == 0


def test_it_sends_sms_only_to_those_who_opted_in_for_a_kind_that_does_not_text_by_default(people, django_capture_on_commit_callbacks):
    services.set_preference(people.unit_staff, "quiet.kind", email=True, sms=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.notify([people.citizen, people.unit_staff], "quiet.kind", "标题")
    assert list(SmsOutbox.objects.values_list("phone", flat=True)) == ["13800000002"]
    assert sorted(m.to[0] for m in mail.outbox) == ["citizen@example.cn", "unit@example.cn"]


def test_it_sends_only_the_channels_the_caller_asked_for(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(people.citizen, "test.reply", "标题", channels=["in_app"])
    assert list(Delivery.objects.values_list("channel", flat=True)) == ["in_app"]
    assert mail.outbox == []


def test_it_saves_the_choices_made_on_the_settings_page(people, client, django_capture_on_commit_callbacks):
    from django.urls import reverse

    client.force_login(people.citizen)
    page = client.get(reverse("notifications:preferences"))
    assert page.status_code == 200 and 'name="sms:test.reply"' in page.content.decode()
    client.post(reverse("notifications:preferences"), {"email:test.reply": "on"})  # SMS unticked
    with django_capture_on_commit_callbacks(execute=True):
        [notification] = services.notify(people.citizen, "test.reply", "标题")
    assert notification.channels == ["in_app", "email"]
    assert SmsOutbox.objects.count() == 0 and len(mail.outbox) == 1
    other = client.get(reverse("notifications:preferences"))
    assert 'name="sms:test.reply" checked' not in other.content.decode()
