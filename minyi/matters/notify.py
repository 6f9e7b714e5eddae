"""Who hears about what happens to a matter, wired to the engine's after-commit events.

`on_matter_event` is subscribed with `events.on_event`: after a transition commits it only hands
the timeline event's id to the worker (`tasks.notify_matter_event`). The worker works out the
recipients from RoleGrants and writes the notifications through `notifications.services.notify`,
which delivers email and SMS from the worker too. If the queue cannot be reached, the rows are
written at once and their email and SMS wait for the notifications sweep: nothing is sent inside
the web request, and nothing is lost.

    new matter            → staff of the holding congress (addressed representative / the
                            station's current representatives first, while it waits for them)
    forwarded             → staff of the holding congress
    escalated / sent down → staff of the congress that now holds it
    assigned              → the people of each assigned unit
    re-assignment or extension requested → staff of the holding congress
    decision on a request → the unit that asked
    co-unit's contribution → the lead unit
    reply                 → the representative who carried it (and, through the kind, the citizen)
    re-handling           → the unit and the holding congress's staff
    supervision           → the units handling it
    deadlines             → see reminders.py; auto close → nobody

Kinds add their own audiences (a citizen's SMS, say) with `register_audience`, and their screens'
addresses with `register_links`. Texts never carry a citizen's name or phone: a unit must not
learn who an anonymous citizen is from a notification, and a mobile number someone typed into a
title is masked."""

import logging
import re
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from minyi.accounts.models import Role, RoleGrant

from .models import Assignment, TimelineEvent

log = logging.getLogger(__name__)

UNIT_ROLES = (Role.UNIT_STAFF, Role.UNIT_ADMIN)

# key: (label, email by default, SMS by default)
KINDS = {
    "matter.new": (_("New matter for the congress"), True, False),
    "matter.to_representative": (_("Opinion addressed to you as a representative"), True, False),
    "matter.routed": (_("Matter escalated or sent down to your congress"), True, False),
    "matter.assigned": (_("Matter assigned to your unit"), True, True),
    "matter.request": (_("Unit's request waiting for a decision"), True, False),
    "matter.decision": (_("Decision on your unit's request"), True, False),
    "matter.contribution": (_("Co-handling unit's opinion received"), True, False),
    "matter.replied": (_("Matter you carried has been answered"), False, False),
    "matter.rehandle": (_("Unsatisfied evaluation: to be handled again"), True, True),
    "matter.supervised": (_("Supervision of your unit's matter"), True, False),
    "matter.deadline_approaching": (_("Deadline approaching"), True, False),
    "matter.overdue": (_("Deadline passed"), True, True),
    "matter.overdue_escalated": (_("Overdue matter to supervise"), True, False),
}

# What each message says: (notification kind, title, body). Titles end with the matter's title;
# bodies start with its tracking code, the one thing everybody can look it up by.
MESSAGES = {
    "new": ("matter.new", _("New %(kind)s to accept: %(title)s"), _("Tracking code %(code)s.")),
    "to_representative": (
        "matter.to_representative", _("A citizen wrote to you: %(title)s"),
        _("Tracking code %(code)s. Resolve it on the spot or forward it to the congress staff."),
    ),
    "forwarded": ("matter.new", _("Forwarded by the representative: %(title)s"), _("Tracking code %(code)s. %(note)s")),
    "escalate": ("matter.routed", _("Escalated to your congress: %(title)s"), _("Tracking code %(code)s. %(note)s")),
    "send_down": ("matter.routed", _("Sent down to your congress: %(title)s"), _("Tracking code %(code)s. %(note)s")),
    "assigned_lead": (
        "matter.assigned", _("Assigned to your unit to lead: %(title)s"),
        _("Tracking code %(code)s. Sign by %(sign_due)s, reply by %(handle_due)s."),
    ),
    "assigned_co": (
        "matter.assigned", _("Assigned to your unit to help handle: %(title)s"),
        _("Tracking code %(code)s. Sign by %(sign_due)s and send your opinion to the lead unit in time."),
    ),
    "request_reassignment": (
        "matter.request", _("%(unit)s asks for re-assignment: %(title)s"), _("Tracking code %(code)s. Reason: %(note)s"),
    ),
    "request_extension": ("matter.request", _("%(unit)s asks for more time: %(title)s"), _("Tracking code %(code)s. Reason: %(note)s")),
    "extension_approved": ("matter.decision", _("Extension approved: %(title)s"), _("Tracking code %(code)s. New deadline: %(new_due)s.")),
    "extension_refused": ("matter.decision", _("Extension refused: %(title)s"), _("Tracking code %(code)s. %(note)s")),
    "reassignment_approved": ("matter.decision", _("Re-assignment approved: %(title)s"), _("Tracking code %(code)s. %(note)s")),
    "reassignment_refused": ("matter.decision", _("Re-assignment refused: %(title)s"), _("Tracking code %(code)s. %(note)s")),
    "contribute": ("matter.contribution", _("A co-handling unit sent its opinion: %(title)s"), _("Tracking code %(code)s.")),
    "replied": ("matter.replied", _("Answered: %(title)s"), _("Tracking code %(code)s. The handling unit has replied.")),
    "rehandle": (
        "matter.rehandle", _("Unsatisfied, to be handled again: %(title)s"), _("Tracking code %(code)s. The citizen's reason: %(note)s"),
    ),
    "supervise": ("matter.supervised", _("Supervision: %(title)s"), _("Tracking code %(code)s. %(note)s")),
    "matter.deadline_approaching": (
        "matter.deadline_approaching", _("Deadline approaching: %(title)s"), _("Tracking code %(code)s. Due on %(due)s."),
    ),
    "matter.overdue": (
        "matter.overdue", _("Deadline passed: %(title)s"),
        _("Tracking code %(code)s. It was due on %(due)s; the congress staff have been told."),
    ),
    "matter.overdue_escalated": (
        "matter.overdue_escalated", _("Overdue at %(unit)s: %(title)s"), _("Tracking code %(code)s. It was due on %(due)s."),
    ),
}
SIGN_DUE = _("Tracking code %(code)s. Sign for it by %(due)s.")

PHONE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")


def register_kinds():
    from minyi.notifications import kinds

    for key, (label, email, sms) in KINDS.items():
        kinds.register(key, label, email=email, sms=sms)


def scrub(text):
    """Mask any mobile number in free text (a citizen may type theirs into the opinion)."""
    return PHONE.sub(r"\1****\2", str(text or ""))


@dataclass(frozen=True)
class Message:
    kind: str
    title: str
    body: str


class _Words(dict):
    def __missing__(self, key):
        return ""


def message(what, words, *, sign=False):
    kind, title, body = MESSAGES[what]
    if sign and what == "matter.deadline_approaching":
        body = SIGN_DUE
    words = _Words({name: scrub(value) for name, value in words.items()})
    return Message(kind, (str(title) % words)[:200], " ".join((str(body) % words).split()))


def describe(matter):
    from .policies import registry

    return {"kind": registry.get(matter.kind).label, "title": matter.title, "code": matter.tracking_code}


# --- Recipients, from RoleGrants ---------------------------------------------------------------


def _grouped(rows):
    result = {}
    for scope_id, user_id in rows:
        result.setdefault(scope_id, set()).add(user_id)
    return result


def congress_staff_ids(congress_ids):
    """{congress id: user ids} of congress staff (not leaders: they do not triage)."""
    rows = RoleGrant.objects.filter(role=Role.CONGRESS_STAFF, congress_id__in=congress_ids, user__is_active=True)
    return _grouped(rows.values_list("congress_id", "user_id"))


def unit_people_ids(unit_ids):
    """{unit id: user ids} of the unit's staff and administrators."""
    rows = RoleGrant.objects.filter(role__in=UNIT_ROLES, unit_id__in=unit_ids, user__is_active=True)
    return _grouped(rows.values_list("unit_id", "user_id"))


def representative_user_ids(representative_ids):
    rows = RoleGrant.objects.filter(role=Role.REPRESENTATIVE, representative_id__in=representative_ids, user__is_active=True)
    return set(rows.values_list("user_id", flat=True))


def station_representative_ids(station_id):
    from minyi.organisations.models import StationAssignment

    return set(StationAssignment.objects.current().filter(station_id=station_id).values_list("representative_id", flat=True))


def _staff(congress_id):
    return congress_staff_ids([congress_id]).get(congress_id, set())


def _union(mapping, keys):
    return {uid for key in keys for uid in mapping.get(key, ())}


def _users(ids):
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("pk"))


# --- Links -------------------------------------------------------------------------------------

_links = {}


def register_links(kind, function):
    """function(matter, audience) -> URL, audience one of staff / unit / representative / citizen."""
    _links[kind] = function


def link_for(matter, audience):
    function = _links.get(matter.kind)
    return function(matter, audience) if function else ""


def first_url(*candidates):
    """The first of (url name, kwargs) that exists: screens are registered by the apps that own them."""
    for name, kwargs in candidates:
        try:
            return reverse(name, kwargs=kwargs or None)
        except NoReverseMatch:
            continue
    return ""


# --- Who hears what ------------------------------------------------------------------------------


@dataclass
class Outgoing:
    user_ids: set
    message: Message
    audience: str


_audiences = {}


def register_audience(kind, actions, function, *, replaces=()):
    """A kind's own recipients: function(event, matter) -> list of Outgoing, for `actions`; for the
    actions in `replaces` the engine's own recipients are left out (the kind knows better)."""
    _audiences[kind] = (frozenset(actions), function)
    _replaced[kind] = frozenset(replaces)


_replaced = {}


def _assignment_unit(assignment_id):
    return Assignment.objects.filter(pk=assignment_id).values_list("unit_id", flat=True).first()


def _unit_name(unit_id):
    from minyi.organisations.models import Unit

    return Unit.objects.filter(pk=unit_id).values_list("name", flat=True).first() or ""


def _carriers(event, matter):
    """The representative's accounts that carried the matter: addressed to them, or forwarded by them."""
    ids = representative_user_ids([matter.representative_id]) if matter.representative_id else set()
    forwarders = TimelineEvent.objects.filter(matter=matter, action="forward", actor__isnull=False).values_list("actor_id", flat=True)
    return ids | set(forwarders)


def _open(event, matter, words):
    if matter.status == "with_representative" or event.to_status == "with_representative":
        rep_ids = {matter.representative_id} if matter.representative_id else station_representative_ids(matter.station_id)
        return [Outgoing(representative_user_ids(rep_ids), message("to_representative", words), "representative")]
    return [Outgoing(_staff(matter.owner_congress_id), message("new", words), "staff")]


def _forward(event, matter, words):
    return [Outgoing(_staff(matter.owner_congress_id), message("forwarded", words), "staff")]


def _route(event, matter, words):
    congress_id = event.data.get("to_congress") or matter.owner_congress_id
    return [Outgoing(_staff(congress_id), message(event.action, words), "staff")]


def _assign(event, matter, words):
    data = event.data
    words = words | {"sign_due": data.get("sign_due", ""), "handle_due": data.get("handle_due", "")}
    people = unit_people_ids([data.get("lead"), *data.get("co_units", [])])
    result = [Outgoing(people.get(data.get("lead"), set()), message("assigned_lead", words), "unit")]
    co_people = _union(people, data.get("co_units", []))
    if co_people:
        result.append(Outgoing(co_people, message("assigned_co", words), "unit"))
    return result


def _request(event, matter, words):
    unit_id = event.data.get("unit") or _assignment_unit(event.data.get("assignment"))
    words = words | {"unit": _unit_name(unit_id)}
    return [Outgoing(_staff(matter.owner_congress_id), message(event.action, words), "staff")]


def _decision(event, matter, words):
    unit_id = event.data.get("unit") or _assignment_unit(event.data.get("assignment"))
    words = words | {"new_due": event.data.get("new_due", "")}
    return [Outgoing(unit_people_ids([unit_id]).get(unit_id, set()), message(event.action, words), "unit")]


def _contribute(event, matter, words):
    leads = matter.assignments.filter(round=matter.round, role=Assignment.Role.LEAD).exclude(state=Assignment.State.WITHDRAWN)
    unit_ids = list(leads.values_list("unit_id", flat=True))
    return [Outgoing(_union(unit_people_ids(unit_ids), unit_ids), message("contribute", words), "unit")]


def _reply(event, matter, words):
    return [Outgoing(_carriers(event, matter), message("replied", words), "representative")]


def _rehandle(event, matter, words):
    unit_id = _assignment_unit(event.data.get("assignment")) if event.data.get("assignment") else None
    result = [Outgoing(_staff(matter.owner_congress_id), message("rehandle", words), "staff")]
    if unit_id:
        result.append(Outgoing(unit_people_ids([unit_id]).get(unit_id, set()), message("rehandle", words), "unit"))
    return result


def _supervise(event, matter, words):
    unit_ids = list(matter.assignments.filter(round=matter.round, state__in=Assignment.OPEN_STATES).values_list("unit_id", flat=True))
    return [Outgoing(_union(unit_people_ids(unit_ids), unit_ids), message("supervise", words), "unit")]


HANDLERS = {
    "open": _open,
    "forward": _forward,
    "escalate": _route,
    "send_down": _route,
    "assign": _assign,
    "request_reassignment": _request,
    "request_extension": _request,
    "extension_approved": _decision,
    "extension_refused": _decision,
    "reassignment_approved": _decision,
    "reassignment_refused": _decision,
    "contribute": _contribute,
    "reply": _reply,
    "rehandle": _rehandle,
    "supervise": _supervise,
}


def wanted(kind, action):
    extra = _audiences.get(kind)
    return action in HANDLERS or bool(extra and action in extra[0])


def plan(event):
    """Everything to send for one timeline event: a list of Outgoing."""
    matter = event.matter
    words = describe(matter) | {"note": event.note}
    result = []
    handler = HANDLERS.get(event.action)
    if handler is not None and event.action not in _replaced.get(matter.kind, ()):
        result.extend(handler(event, matter, words))
    extra = _audiences.get(matter.kind)
    if extra and event.action in extra[0]:
        result.extend(extra[1](event, matter))
    return result


def deliver_event(event_id):
    """Write the notifications for one timeline event (the worker runs this). Returns how many."""
    event = TimelineEvent.objects.select_related("matter").filter(pk=event_id).first()
    if event is None:
        return 0
    from minyi.notifications import services as notifications

    written = 0
    with transaction.atomic():
        for outgoing in plan(event):
            ids = set(outgoing.user_ids) - {event.actor_id, None}
            if not ids:
                continue
            link = link_for(event.matter, outgoing.audience)
            written += len(notifications.notify(_users(ids), outgoing.message.kind, outgoing.message.title, outgoing.message.body, link))
    return written


def on_matter_event(payload):
    """The engine's after-commit hook: hand the event to the worker, nothing more."""
    if not wanted(payload.get("kind"), payload.get("action")):
        return
    enqueue(payload["event_id"])


def enqueue(event_id):
    from . import tasks

    try:
        tasks.notify_matter_event(event_id)
    except Exception:
        # The queue is down: write the rows now; their email and SMS wait for the worker's sweep.
        log.warning("matters: could not enqueue notifications for event %s; writing them without the worker", event_id, exc_info=True)
        try:
            deliver_event(event_id)
        except Exception:
            log.exception("matters: notifications for event %s could not be written", event_id)
