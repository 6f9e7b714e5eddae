"""Sending notifications. `notify()` writes rows in the caller's transaction and, after commit,
asks the worker to deliver them; the web request never talks to a mail server or SMS provider.
If the worker's queue cannot be reached the rows stay pending and the per-minute sweep sends them.
A delivery is claimed with a conditional UPDATE before it is sent, so no two workers send it twice."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation

from . import kinds, phones
from .channels import email as email_channel
from .channels import sms as sms_channel
from .models import Channel, Delivery, Notification, Preference

log = logging.getLogger(__name__)

CLAIM_SECONDS = 300  # a worker that dies mid-send loses its claim after this


def max_attempts():
    return getattr(settings, "NOTIFICATIONS_MAX_ATTEMPTS", 5)


def backoff(attempts):
    """Wait before the next try: 1, 2, 4 … minutes, at most an hour."""
    return timedelta(seconds=min(60 * 2 ** max(attempts - 1, 0), 3600))


def _safe_link(link):
    link = (link or "").strip()
    if link.startswith("/") and not link.startswith("//"):
        return link
    if link.startswith(("https://", "http://")):
        return link
    return ""


def channels_for(user, kind, requested=None):
    """The channels one person gets a kind on: what was asked for, less what they turned off."""
    default = kinds.get(kind)
    wanted = set(requested) if requested is not None else {Channel.EMAIL, Channel.SMS}
    pref = Preference.objects.filter(user=user, kind=kind).first()
    email_on = pref.email if pref else default.email
    sms_on = pref.sms if pref else default.sms
    result = [Channel.IN_APP.value]
    if Channel.EMAIL in wanted and email_on:
        result.append(Channel.EMAIL.value)
    if Channel.SMS in wanted and sms_on:
        result.append(Channel.SMS.value)
    return result


def notify(recipients, kind, title, body="", link="", *, channels=None):
    """Create one Notification per recipient now; deliver email/SMS after the transaction commits."""
    if hasattr(recipients, "pk"):
        recipients = [recipients]
    now = timezone.now()
    created, pending_ids = [], []
    for user in recipients:
        if user is None or not user.is_active:
            continue
        chosen = channels_for(user, kind, channels)
        notification = Notification.objects.create(
            recipient=user, kind=kind, title=title[:200], body=body, link=_safe_link(link), channels=chosen, created_at=now
        )
        for channel in chosen:
            if channel == Channel.IN_APP:
                Delivery.objects.create(notification=notification, channel=channel, state=Delivery.State.SENT, sent_at=now)
            else:
                pending_ids.append(Delivery.objects.create(notification=notification, channel=channel).pk)
        created.append(notification)
    if pending_ids:
        transaction.on_commit(lambda: enqueue(pending_ids))
    return created


def enqueue(delivery_ids):
    """Hand deliveries to the worker; if its queue is down they wait for the sweep."""
    from . import tasks

    try:
        tasks.deliver_task(list(delivery_ids))
    except Exception:
        log.warning("notifications: could not enqueue %d deliveries; the sweep will send them", len(delivery_ids), exc_info=True)


def claim(delivery_id, now=None):
    """Take one due delivery for this worker. True only for the one worker whose UPDATE matched."""
    now = now or timezone.now()
    return bool(
        Delivery.objects.filter(pk=delivery_id, state=Delivery.State.PENDING, next_attempt_at__lte=now)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=now + timedelta(seconds=CLAIM_SECONDS), attempts=F("attempts") + 1)
    )


def deliver(delivery_ids):
    sent = 0
    for delivery_id in delivery_ids:
        if deliver_one(delivery_id):
            sent += 1
    return sent


def deliver_one(delivery_id):
    if not claim(delivery_id):
        return False
    delivery = Delivery.objects.select_related("notification__recipient").get(pk=delivery_id)
    try:
        with translation.override(settings.LANGUAGE_CODE):
            outcome = SENDERS[delivery.channel](delivery.notification)
    except Exception as error:  # noqa: BLE001 — a provider's failure is recorded and retried
        failed = delivery.attempts >= max_attempts()
        Delivery.objects.filter(pk=delivery.pk).update(
            state=Delivery.State.FAILED if failed else Delivery.State.PENDING,
            last_error=f"{type(error).__name__}: {error}"[:2000],
            next_attempt_at=timezone.now() + backoff(delivery.attempts),
            claimed_until=None,
        )
        log.warning("notifications: %s delivery %s failed (attempt %s): %s", delivery.channel, delivery.pk, delivery.attempts, error)
        return False
    if outcome is None:
        Delivery.objects.filter(pk=delivery.pk).update(state=Delivery.State.SKIPPED, claimed_until=None)
        return False
    Delivery.objects.filter(pk=delivery.pk).update(
        state=Delivery.State.SENT, sent_at=timezone.now(), provider_message_id=str(outcome)[:100], claimed_until=None, last_error=""
    )
    return True


def sweep(limit=500):
    """Send what is due and unclaimed: deliveries the queue never got, and retries."""
    now = timezone.now()
    due = list(
        Delivery.objects.filter(state=Delivery.State.PENDING, next_attempt_at__lte=now)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    return deliver(due)


def send_sms(notification):
    phone = phones.phone_for(notification.recipient, notification.kind)
    if not phone:
        return None
    params = {"title": notification.title[:35]}
    return sms_channel.get_backend().send(phone, notification.kind, params) or "sms"


def send_email(notification):
    return email_channel.send(notification)


SENDERS = {Channel.EMAIL.value: send_email, Channel.SMS.value: send_sms}


# --- The notification centre -----------------------------------------------------------------

def for_user(user):
    """A person's notifications, unread first, newest first."""
    return Notification.objects.filter(recipient=user).order_by(F("read_at").asc(nulls_first=True), "-created_at", "-pk")


def unread_count(user):
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def unread_badge(actor):
    return unread_count(actor.user) or None


def mark_read(user, notification_id):
    """Mark one of the person's notifications read; another person's is a 404 to the caller."""
    from django.http import Http404

    notification = Notification.objects.filter(recipient=user, pk=notification_id).first()
    if notification is None:
        raise Http404
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())
        notification.refresh_from_db(fields=["read_at"])
    return notification


def mark_all_read(user):
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def set_preference(user, kind, *, email, sms):
    return Preference.objects.update_or_create(user=user, kind=kind, defaults={"email": email, "sms": sms})[0]


def preferences_for(user):
    """Rows for the settings page: every registered kind and any kind the person has received."""
    received = set(Notification.objects.filter(recipient=user).values_list("kind", flat=True).distinct())
    keys = [k.key for k in kinds.all_kinds()] + sorted(received - {k.key for k in kinds.all_kinds()})
    saved = {p.kind: p for p in Preference.objects.filter(user=user, kind__in=keys)}
    rows = []
    for key in keys:
        kind = kinds.get(key)
        pref = saved.get(key)
        rows.append({
            "key": key,
            "label": kind.label,
            "email": pref.email if pref else kind.email,
            "sms": pref.sms if pref else kind.sms,
        })
    return rows


def save_preferences(user, data):
    """Store the checkboxes posted from the settings page (`email:<kind>`, `sms:<kind>`)."""
    rows = preferences_for(user)
    for row in rows:
        set_preference(user, row["key"], email=f"email:{row['key']}" in data, sms=f"sms:{row['key']}" in data)
    return len(rows)
