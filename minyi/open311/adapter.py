"""Open311 GeoReport v2 over the opinion engine: the categories are the services, an opinion is a
service request, its tracking code the service_request_id. Nothing here takes a step of its own;
posting calls opinions.services.submit, and every status is read from the engine.

What a request shows is what the public may see: never the citizen's name, phone or address, nor
the position. A list holds only opinions whose citizens agreed to publication; one request by its id
also to the registered system (an API key) that may have posted it."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from minyi.accounts.models import ApiToken
from minyi.matters.models import Assignment, Channel, Matter, Reply
from minyi.opinions import publication
from minyi.opinions import services as opinions
from minyi.opinions.models import Category

KIND = "opinion"
LIST_LIMIT = 1000
DEFAULT_DAYS = 90


class Refused(Exception):
    def __init__(self, code, description):
        super().__init__(description)
        self.code, self.description = code, description


def system_for(api_key):
    """The account of the registered system holding `api_key`, or None."""
    key = (api_key or "").strip()
    if not key:
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=ApiToken.hash_key(key), revoked_at__isnull=True).first()
    return token.user if token is not None and token.user.is_active else None


def services():
    return [
        {"service_code": c.code, "service_name": c.name, "description": c.description, "metadata": False, "type": "realtime",
         "keywords": "", "group": ""}
        for c in Category.objects.filter(is_active=True).order_by("order", "name")
    ]


def definition(service_code):
    if not Category.objects.filter(code=service_code, is_active=True).exists():
        raise Refused(404, _("There is no service with this code."))
    return {"service_code": service_code, "attributes": []}


def post_request(data, *, api_key):
    """Create the opinion a posting system sends; returns [{service_request_id, service_notice, account_id}]."""
    system = system_for(api_key)
    if system is None:
        raise Refused(403, _("Send the api_key your system was given."))
    service_code = (data.get("service_code") or "").strip()
    if not Category.objects.filter(code=service_code, is_active=True).exists():
        raise Refused(400, _("service_code: choose one of the codes GET services.json lists."))
    name = " ".join(part for part in ((data.get("last_name") or "").strip(), (data.get("first_name") or "").strip()) if part)
    submission = opinions.Submission(
        text=(data.get("description") or "").strip(), region_code=(data.get("jurisdiction_id") or "").strip(), category=service_code,
        address=(data.get("address_string") or "").strip()[:200], latitude=_coordinate(data.get("lat"), 90),
        longitude=_coordinate(data.get("long"), 180), citizen_name=name[:50], phone=(data.get("phone") or "").strip(),
    )
    try:
        # No account of the citizen: they follow it with the tracking code, as on the phone page.
        matter, _created = opinions.submit(submission, actor=None, channel=Channel.API)
    except ValidationError as error:
        raise Refused(400, " ".join(f"{field}: {' '.join(messages)}" for field, messages in _fields(error))) from None
    notice = _("Received. Follow it with the tracking code %(code)s.") % {"code": matter.tracking_code}
    return [{"service_request_id": matter.tracking_code, "service_notice": notice, "account_id": None}]


def _fields(error):
    names = {"region_code": "jurisdiction_id", "text": "description", "category": "service_code"}
    if hasattr(error, "error_dict"):
        return [(names.get(field, field), [str(m) for m in errors[0].messages] if len(errors) == 1 else
                 [m for e in errors for m in e.messages]) for field, errors in error.error_dict.items()]
    return [("request", error.messages)]


def _coordinate(value, limit):
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return round(number, 6) if -limit <= number <= limit else None


def _closed_states():
    """The opinion's terminal states (closed, not accepted, merged, taken up into a suggestion) are "closed"."""
    from minyi.matters.policies import registry

    return [key for key, state in registry.get(KIND).states.items() if state.terminal]


def _matters(base=None):
    return ((Matter.objects.filter(kind=KIND) if base is None else base).select_related("opinion", "raised_by")
            .prefetch_related(Prefetch("assignments", queryset=Assignment.objects.select_related("unit").filter(role=Assignment.Role.LEAD)),
                              Prefetch("replies", queryset=Reply.objects.filter(kind=Reply.Kind.REPLY).order_by("-at"))))


def _as_request(matter, names):
    lead = next(iter(matter.assignments.all()), None)
    reply = next(iter(matter.replies.all()), None)
    due = lead.handle_due if lead is not None else None
    private = publication.matter_private_words(matter)
    return {
        "service_request_id": matter.tracking_code,
        "status": "closed" if matter.policy.is_terminal(matter.status) else "open",
        "status_notes": publication.scrub(reply.text, private) if reply is not None and matter.opinion.publish_consent else "",
        "service_name": names.get(matter.category, ""),
        "service_code": matter.category,
        "description": publication.scrub(matter.text, private) if matter.opinion.publish_consent else "",
        "agency_responsible": lead.unit.name if lead is not None else "",
        "service_notice": "",
        "requested_datetime": matter.created_at,
        "updated_datetime": matter.updated_at,
        "expected_datetime": timezone.make_aware(datetime.datetime.combine(due, datetime.time(18, 0))) if due else None,
        "address": "", "address_id": "", "zipcode": "", "lat": None, "long": None, "media_url": "",
    }


def get_request(service_request_id, *, api_key=""):
    code = (service_request_id or "").strip().upper()
    matter = _matters().filter(tracking_code=code).first() if code else None
    if matter is None or not (matter.opinion.publish_consent or system_for(api_key) is not None):
        raise Refused(404, _("There is no service request with this id."))
    return [_as_request(matter, _names())]


def _names():
    return dict(Category.objects.values_list("code", "name"))


def _moment(value, name):
    if not value:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise Refused(400, _("%(name)s: give a date and time like 2026-12-01T00:00:00+08:00.") % {"name": name}) from None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def list_requests(params):
    """Published requests, newest first: by ids, or by service, status and period (90 days by default)."""
    matters = _matters(publication.consented())
    ids = [i.strip().upper() for i in (params.get("service_request_id") or "").split(",") if i.strip()]
    if ids:
        matters = matters.filter(tracking_code__in=ids[:LIST_LIMIT])
    else:
        end = _moment(params.get("end_date"), "end_date") or timezone.now()
        start = _moment(params.get("start_date"), "start_date") or end - datetime.timedelta(days=DEFAULT_DAYS)
        if start > end:
            raise Refused(400, _("start_date must be before end_date."))
        matters = matters.filter(created_at__gte=start, created_at__lte=end)
        codes = [c.strip() for c in (params.get("service_code") or "").split(",") if c.strip()]
        if codes:
            matters = matters.filter(category__in=codes)
        status = (params.get("status") or "").strip().lower()
        if status not in ("", "open", "closed"):
            raise Refused(400, _("status is open or closed."))
        if status == "open":
            matters = matters.exclude(status__in=_closed_states())
        elif status == "closed":
            matters = matters.filter(status__in=_closed_states())
    names = _names()
    return [_as_request(m, names) for m in matters.order_by("-created_at")[:LIST_LIMIT]]
