"""Who hears what about a micro-wish: the citizen when it is claimed and when it is fulfilled, the
claimer when the citizen confirms receipt (or says it has not arrived).

A citizen who posted signed in hears of it in the app (and by their own choice of SMS); otherwise by
SMS to the phone they gave, decrypted only in the worker that sends it, in Chinese, with the tracking
code and nothing personal (as minyi/opinions/notify.py does for opinions)."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from huey.contrib.djhuey import db_task

log = logging.getLogger(__name__)

KINDS = {
    "wish.claimed": (_("Your micro-wish was claimed"), True),
    "wish.fulfilled": (_("Your micro-wish was fulfilled"), True),
    "wish.confirmed": (_("A micro-wish you fulfilled was confirmed"), False),
    "wish.not_received": (_("A micro-wish you fulfilled has not arrived"), False),
}

# event -> (notification kind, title, body in the app, SMS text)
CITIZEN_MESSAGES = {
    "claimed": (
        "wish.claimed", _("Your micro-wish was claimed: %(title)s"),
        _("Your micro-wish (tracking code %(code)s) was claimed by %(claimer)s. You will hear again when it is fulfilled."),
        _("Your micro-wish (tracking code %(code)s) has been claimed. Look it up with the tracking code."),
    ),
    "fulfilled": (
        "wish.fulfilled", _("Your micro-wish was fulfilled: %(title)s"),
        _("Your micro-wish (tracking code %(code)s) was fulfilled by %(claimer)s. Please confirm on its page that you received it."),
        _("Your micro-wish (tracking code %(code)s) has been fulfilled. Look it up with the tracking code and confirm that you received it."),
    ),
}

# event -> (notification kind, title, body)
CLAIMER_MESSAGES = {
    "confirmed": (
        "wish.confirmed", _("Receipt confirmed: %(title)s"),
        _("The micro-wish “%(title)s” that you fulfilled was confirmed as received. Thank you."),
    ),
    "not_received": (
        "wish.not_received", _("Not received yet: %(title)s"),
        _("The citizen says the micro-wish “%(title)s” has not arrived yet: %(note)s"),
    ),
}


def register():
    from minyi.notifications import kinds

    for key, (label, sms) in KINDS.items():
        kinds.register(key, label, email=not sms, sms=sms)


def _words(wish, note=""):
    from minyi.matters.notify import scrub

    return {"title": scrub(wish.title), "code": wish.code, "claimer": wish.claimer_label, "note": scrub(note)}


def citizen(wish, event):
    """Tell the citizen: in the app when they have an account, else by SMS after the commit."""
    from minyi.notifications.services import notify

    kind, title, body, _sms = CITIZEN_MESSAGES[event]
    words = _words(wish)
    account = wish.citizen
    if account is not None and account.is_active:
        notify(account, kind, (str(title) % words)[:200], str(body) % words, reverse("wishes:detail", args=[wish.code]))
        return
    if wish.phone_ciphertext:
        # The number stays encrypted in the queue: the task is given the wish, not the phone.
        transaction.on_commit(lambda: _queue_sms(wish.pk, event))


def _queue_sms(wish_id, event):
    try:
        send_citizen_sms(wish_id, event)
    except Exception:
        log.warning("wishes: could not queue the citizen's SMS for wish %s", wish_id, exc_info=True)


def sms_text(wish, event):
    with translation.override(settings.LANGUAGE_CODE):
        return str(CITIZEN_MESSAGES[event][3]) % {"code": wish.code}


def send_sms_now(wish_id, event):
    """Text the citizen of one wish; returns the provider's message id, or None without a phone."""
    from minyi.notifications.channels import sms

    from .models import Wish

    wish = Wish.objects.filter(pk=wish_id).first()
    if wish is None or not wish.phone_ciphertext:
        return None
    kind = CITIZEN_MESSAGES[event][0]
    return sms.get_backend().send(wish.phone, kind, {"code": wish.code, "message": sms_text(wish, event)})


@db_task(retries=3, retry_delay=300)
def send_citizen_sms(wish_id, event):
    return send_sms_now(wish_id, event)


def claimer_user_ids(wish):
    """The accounts that hold the current claim: the representative's, the unit's staff, the volunteer's."""
    from minyi.matters.notify import representative_user_ids, unit_people_ids

    from .models import Wish

    if wish.claimer_kind == Wish.ClaimerKind.REPRESENTATIVE:
        return representative_user_ids([wish.claimer_representative_id])
    if wish.claimer_kind == Wish.ClaimerKind.UNIT:
        return unit_people_ids([wish.claimer_unit_id]).get(wish.claimer_unit_id, set())
    return {wish.claimer_user_id} if wish.claimer_user_id else set()


def claimer_link(wish):
    from .models import Wish

    if wish.claimer_kind == Wish.ClaimerKind.UNIT:
        return reverse("wishes:unit_detail", args=[wish.pk])
    return reverse("wishes:claim_detail", args=[wish.pk])


def claimer(wish, event, note=""):
    from minyi.notifications.services import notify

    kind, title, body = CLAIMER_MESSAGES[event]
    if not note and event == "not_received":
        latest = wish.events.filter(action="not_received").order_by("-at", "-id").first()
        note = latest.note if latest else ""
    words = _words(wish, note)
    users = get_user_model().objects.filter(pk__in=claimer_user_ids(wish), is_active=True).order_by("pk")
    notify(list(users), kind, (str(title) % words)[:200], str(body) % words, claimer_link(wish))
