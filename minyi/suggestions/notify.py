"""Suggestion-specific recipients on top of the engine's (minyi/matters/notify.py).

Co-signers are asked to confirm; staff hear of a suggestion only once it is sent to review; the
lead representative hears that it was numbered or returned; every signer hears of the reply (a
joint suggestion is answered to each of them) and is asked to confirm a unit's contact."""

from django.utils.translation import gettext_lazy as _

from minyi.matters import notify as engine_notify
from minyi.matters.notify import Message, Outgoing, first_url, representative_user_ids

from .policy import KIND

KINDS = {
    "suggestion.invited": _("A representative asks you to co-sign a suggestion"),
    "suggestion.reviewed": _("Your suggestion was reviewed"),
    "suggestion.answered": _("Your suggestion has been answered"),
    "suggestion.contact": _("A unit recorded a contact with you"),
}

MESSAGES = {
    "invite": ("suggestion.invited", _("Please confirm your co-signature: %(title)s"),
               _("%(lead)s has named you as a co-signer. The suggestion counts for you once you confirm.")),
    "register": ("suggestion.reviewed", _("Registered as %(number)s: %(title)s"),
                 _("Your suggestion was accepted and numbered %(number)s; it will be assigned to the handling units.")),
    "return": ("suggestion.reviewed", _("Returned for revision: %(title)s"), _("Reasons: %(note)s")),
    "reply": ("suggestion.answered", _("Answered: %(title)s"),
              _("The handling unit has replied (class %(class)s). Read the reply and give your judgement.")),
    "contact": ("suggestion.contact", _("Please confirm a contact: %(title)s"),
                _("%(unit)s recorded a contact with you on %(date)s. Confirm that it happened, or say what was not so.")),
}
ACTIONS = {"open", "submit", "register", "return", "reply", "contact"}


def register():
    from minyi.notifications import kinds

    for key, label in KINDS.items():
        kinds.register(key, label, email=True, sms=False)
    engine_notify.register_audience(KIND, ACTIONS, audience, replaces={"open", "reply"})
    engine_notify.register_links(KIND, link)


def link(matter, audience):
    pk = {"pk": matter.pk}
    if audience == "representative":
        return first_url(("suggestions:rep_detail", pk), ("suggestions:rep_list", None))
    if audience == "unit":
        return first_url(("suggestions:unit_list", None), ("matters:unit_inbox", None))
    return first_url(("suggestions:desk_detail", pk), ("suggestions:desk_list", None))


def _signer_ids(matter, *, confirmed_only=True, exclude_lead=False):
    from .models import Signer

    rows = Signer.objects.filter(suggestion_id=matter.pk)
    if confirmed_only:
        rows = rows.filter(state=Signer.State.CONFIRMED)
    if exclude_lead:
        rows = rows.filter(is_lead=False)
    return set(rows.values_list("representative_id", flat=True))


def _message(what, words):
    kind, title, body = MESSAGES[what]
    words = engine_notify._Words({name: engine_notify.scrub(value) for name, value in words.items()})
    return Message(kind, (str(title) % words)[:200], " ".join((str(body) % words).split()))


def audience(event, matter):
    from minyi.organisations.models import Unit

    words = engine_notify.describe(matter) | {"note": event.note}
    suggestion = getattr(matter, "suggestion", None)
    words["number"] = suggestion.number_label if suggestion else ""
    action = event.action
    if action == "open":
        if matter.status == "collecting":
            words["lead"] = matter.representative.name if matter.representative_id else ""
            invited = _signer_ids(matter, confirmed_only=False, exclude_lead=True)
            return [Outgoing(representative_user_ids(invited), _message("invite", words), "representative")]
        return [Outgoing(engine_notify._staff(matter.owner_congress_id), engine_notify.message("new", words), "staff")]
    if action == "submit":
        return [Outgoing(engine_notify._staff(matter.owner_congress_id), engine_notify.message("new", words), "staff")]
    if action in ("register", "return"):
        return [Outgoing(representative_user_ids([matter.representative_id]), _message(action, words), "representative")]
    if action == "reply":
        words["class"] = event.data.get("reply_class", "")
        return [Outgoing(representative_user_ids(_signer_ids(matter)), _message("reply", words), "representative")]
    if action == "contact":
        words["unit"] = Unit.objects.filter(pk=event.data.get("unit")).values_list("name", flat=True).first() or ""
        words["date"] = event.data.get("date", "")
        return [Outgoing(representative_user_ids([event.data.get("representative")]), _message("contact", words), "representative")]
    return []
