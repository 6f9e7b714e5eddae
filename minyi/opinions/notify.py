"""Opinion-specific recipients on top of the engine's (minyi/matters/notify.py): the citizen.

When a unit replies, a representative resolves an opinion on the spot, or staff return it, the
citizen hears of it: in the app (and by their own choice of email/SMS) when they raised it with an
account, otherwise by SMS to the phone they gave, decrypted only in the worker that sends it. The
SMS is in Chinese, carries the tracking code and nothing personal."""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from huey.contrib.djhuey import db_task

from minyi.matters import notify as engine_notify
from minyi.matters.notify import Message, Outgoing, first_url

from .policy import KIND

log = logging.getLogger(__name__)

CITIZEN_KINDS = {
    "opinion.answered": _("Your opinion has been answered"),
    "opinion.returned": _("Your opinion was not accepted"),
}

# action -> (notification kind, title, SMS text / body)
CITIZEN_MESSAGES = {
    "reply": (
        "opinion.answered", _("Your opinion has been answered: %(title)s"),
        _("Your opinion (tracking code %(code)s) has been answered. Look it up with the tracking code and tell us whether you are satisfied."),
    ),
    "resolve_on_spot": (
        "opinion.answered", _("Your opinion was resolved on the spot: %(title)s"),
        _("Your opinion (tracking code %(code)s) was resolved on the spot by the representative. Look it up with the tracking code and tell us whether you are satisfied."),
    ),
    "return": (
        "opinion.returned", _("Your opinion was not accepted: %(title)s"),
        _("Your opinion (tracking code %(code)s) was not accepted. Look it up with the tracking code to read why."),
    ),
}


def register():
    from minyi.notifications import kinds

    for key, label in CITIZEN_KINDS.items():
        kinds.register(key, label, email=False, sms=True)
    engine_notify.register_audience(KIND, CITIZEN_MESSAGES, citizen_audience)
    engine_notify.register_links(KIND, link)


def link(matter, audience):
    """Where each audience opens an opinion."""
    pk, code = {"pk": matter.pk}, {"code": matter.tracking_code}
    if audience == "citizen":
        return first_url(("opinions:detail", code), ("opinions:mine", None))
    if audience == "representative":
        return first_url(("opinions:rep_detail", pk), ("opinions:rep_inbox", None))
    if audience == "unit":
        return first_url(("matters:unit_inbox", None))
    return first_url(("opinions:desk_detail", pk), ("opinions:inbox", None))


def citizen_audience(event, matter):
    """The citizen's message for this event: an Outgoing for an account, an SMS queued otherwise."""
    kind, title, body = CITIZEN_MESSAGES[event.action]
    words = {"title": engine_notify.scrub(matter.title), "code": matter.tracking_code}
    citizen = matter.raised_by
    if citizen is not None and citizen.is_active:
        message = Message(kind, (str(title) % words)[:200], str(body) % words)
        return [Outgoing({citizen.pk}, message, "citizen")]
    opinion = getattr(matter, "opinion", None)
    if opinion is not None and opinion.phone_ciphertext:
        # The number stays encrypted in the queue: the task is given the matter, not the phone.
        transaction.on_commit(lambda: _queue_sms(matter.pk, event.action))
    return []


def _queue_sms(matter_id, action):
    try:
        send_citizen_sms(matter_id, action)
    except Exception:
        log.warning("opinions: could not queue the citizen's SMS for matter %s", matter_id, exc_info=True)


def sms_text(matter, action):
    _kind, _title, body = CITIZEN_MESSAGES[action]
    with translation.override(settings.LANGUAGE_CODE):
        return str(body) % {"code": matter.tracking_code}


def send_sms_now(matter_id, action):
    """Text the citizen of one opinion; returns the provider's message id, or None without a phone."""
    from minyi.matters.models import Matter
    from minyi.notifications.channels import sms

    matter = Matter.objects.select_related("opinion").filter(pk=matter_id).first()
    opinion = getattr(matter, "opinion", None) if matter else None
    if opinion is None or not opinion.phone_ciphertext:
        return None
    kind = CITIZEN_MESSAGES[action][0]
    return sms.get_backend().send(opinion.phone, kind, {"code": matter.tracking_code, "message": sms_text(matter, action)})


@db_task(retries=3, retry_delay=300)
def send_citizen_sms(matter_id, action):
    return send_sms_now(matter_id, action)
