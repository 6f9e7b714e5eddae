"""The closed loop over JSON: staff, units, representatives and signed-in citizens act on matters
with exactly the permissions and services of the web pages.

Every object is loaded through `access` (outside the actor's scope: 404), every change goes
through the engine's services (permission: 403; the matter moved on: 409), and every change takes
the `version` the caller last saw, so two clients acting at once cannot both succeed.

Kinds (opinions…) register what they add to a matter's detail and where their own actions live
with `register_kind`; the engine's API never imports a kind."""

import contextlib
import json
import re
from datetime import date, datetime
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import Field
from pydantic import ValidationError as PydanticValidationError

from minyi.accounts import access
from minyi.api.auth import session_or_token
from minyi.api.errors import ApiError
from minyi.organisations.models import Congress, Unit
from minyi.regions.models import Region, prefix_of, within

from . import labels, policies, search
from . import services as engine
from .models import (
    Assignment,
    Attachment,
    Channel,
    DeadlineExtension,
    DeadlineState,
    HandlingClass,
    Matter,
    Rating,
    ReassignmentRequest,
    Supervision,
)

API_ROOT = "/api"
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
NOTE_LIMIT = 2000



AUTH = session_or_token

router = Router(tags=["matters"], auth=AUTH)
assignments_router = Router(tags=["assignments"], auth=AUTH)


# --- What kinds add ---------------------------------------------------------------------------------

_kinds = {}


def register_kind(kind, *, details=None, paths=None, assignable_units=None, conceals_raiser=None):
    """`details(user, matter)` → dict shown under "details"; `paths` maps the kind's own action keys
    to the path segment under /api/<paths["prefix"]>/{id}/; `assignable_units(matter)` → the units
    staff may assign to; `conceals_raiser(user, matter)` → True when the viewer must not learn who
    raised it (anonymity towards units)."""
    _kinds[kind] = {"details": details, "paths": paths or {}, "assignable_units": assignable_units, "conceals_raiser": conceals_raiser}


def _kind(matter, name):
    return _kinds.get(matter.kind, {}).get(name)


# --- Helpers the kinds' API modules share -----------------------------------------------------------

# An Idempotency-Key header: a retry with the same key returns what the first call made.
IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


@contextlib.contextmanager
def refusals():
    """The engine's refusals as API errors: a stale version or a step not possible now is a 409."""
    try:
        yield
    except engine.StaleMatter as error:
        raise ApiError("stale", error.message, status=409) from None
    except engine.TransitionNotAllowed as error:
        raise ApiError("not_allowed_now", error.message, status=409) from None


def user_of(request):
    """The caller's account: the session's or the API token's."""
    auth = getattr(request, "auth", None)
    return auth if getattr(auth, "is_authenticated", False) else None


def load_matter(request, matter_id, *, action="view"):
    return engine.get_matter(user_of(request), action=action, request=request, pk=matter_id)


def field_error(field, message):
    return ValidationError({field: [message]})


def paginate(queryset, page, page_size):
    """{"count", "page", "pages", "page_size", "items"}: `page` past the end gives the last page."""
    paginator = Paginator(queryset, page_size)
    current = paginator.get_page(page)
    return {"count": paginator.count, "page": current.number, "pages": paginator.num_pages, "page_size": page_size,
            "items": list(current.object_list)}


def read_body(request, schema, *, files=()):
    """A body sent as JSON or as multipart form data (when it carries files), validated by `schema`
    with the same 422 answer as ninja's own bodies. Returns (data, {file field: [uploads]})."""
    content_type = request.META.get("CONTENT_TYPE", "")
    if content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        raw = {}
        for key in request.POST:
            values = request.POST.getlist(key)
            field = schema.model_fields.get(key)
            if field is not None and values == [""] and not field.is_required() and field.default is None:
                continue  # an empty form field for an optional value (a position not given) means "none"
            raw[key] = values if key in _list_fields(schema) else values[-1]
        uploads = {name: request.FILES.getlist(name) for name in files}
    else:
        try:
            raw = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            raise ApiError("bad_request", _("The request could not be processed."), status=400) from None
        if not isinstance(raw, dict):
            raise ApiError("bad_request", _("The request could not be processed."), status=400)
        uploads = {name: [] for name in files}
    try:
        return schema.model_validate(raw), uploads
    except PydanticValidationError as error:
        raise NinjaValidationError([dict(e, loc=("body", *e["loc"])) for e in error.errors(include_url=False)]) from None


def _list_fields(schema):
    return {name for name, info in schema.model_fields.items() if getattr(info.annotation, "__origin__", None) is list}


def body_with_files(schema, files):
    """The OpenAPI request body for an endpoint that takes `schema` as JSON, or as multipart form
    data with `files` (lists of binary parts) added."""
    json_schema = schema.model_json_schema()
    multipart = json.loads(json.dumps(json_schema))
    for name, description in files.items():
        multipart.setdefault("properties", {})[name] = {
            "type": "array", "items": {"type": "string", "format": "binary"}, "description": description,
        }
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": json_schema},
                                                           "multipart/form-data": {"schema": multipart}}}}


def attachment_out(attachment, path):
    return {"id": attachment.pk, "kind": attachment.kind, "name": attachment.original_name, "size": attachment.size,
            "content_type": attachment.content_type, "url": f"{path}/{attachment.pk}",
            "thumbnail_url": f"{path}/{attachment.pk}?variant=thumbnail" if attachment.thumbnail else None}


def file_response(attachment, variant):
    stored = attachment.thumbnail if variant == "thumbnail" and attachment.thumbnail else attachment.file
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=attachment.content_type or "application/octet-stream",
                            as_attachment=attachment.kind == Attachment.Kind.DOCUMENT, filename=attachment.original_name or None)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def status_label(matter, status=None):
    status = matter.status if status is None else status
    state = matter.policy.states.get(status)
    return str(state.label) if state else status


# --- Schemas --------------------------------------------------------------------------------------


class CongressOut(Schema):
    id: int
    name: str


class UnitOut(Schema):
    id: int
    name: str


class ActionLink(Schema):
    action: str = Field(description="The action key (accept, assign, sign, reply, evaluate…).")
    method: str = "POST"
    path: str | None = Field(description="Where to send it; the body always carries the matter's `version`.")
    assignment: int | None = Field(None, description="For a unit's action: the assignment it acts on.")


class MatterSummary(Schema):
    id: int
    kind: str
    tracking_code: str
    title: str
    status: str
    status_label: str
    category: str
    channel: str
    channel_label: str
    handling_class: str
    green_channel: bool
    region_code: str
    region_name: str
    owner_congress: CongressOut
    round: int
    deadline_state: str | None = Field(description="The worst deadline colour among the open assignments you see: "
                                                    "normal, approaching (yellow) or overdue (red); null when none runs.")
    created_at: datetime
    replied_at: datetime | None
    closed_at: datetime | None
    version: int = Field(description="Send this back as `version` with any action; a newer one on the server gives 409.")


class MatterPage(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    items: list[MatterSummary]


class AttachmentOut(Schema):
    id: int
    kind: str
    name: str
    size: int
    content_type: str
    url: str
    thumbnail_url: str | None


class EventOut(Schema):
    id: int
    at: datetime
    action: str
    label: str = Field(description="The action in words, in the caller's language.")
    actor: str
    from_status: str
    to_status: str
    note: str
    visibility: str
    data: dict[str, Any] = Field(description="Ids and rules behind the event, for congress staff; empty for others.")
    attachments: list[AttachmentOut]


class ExtensionOut(Schema):
    id: int
    state: str
    reason: str
    rule: str
    old_due: date | None
    new_due: date | None
    requested_at: datetime
    decided_at: datetime | None


class ReassignmentOut(Schema):
    id: int
    state: str
    reason: str
    suggested_unit: str
    requested_at: datetime
    decided_at: datetime | None
    decision_note: str


class AssignmentOut(Schema):
    id: int
    matter: int
    unit: UnitOut
    role: str
    role_label: str
    state: str
    state_label: str
    round: int
    assigned_at: datetime
    sign_due: date | None
    handle_due: date | None
    deadline_state: str
    signed_at: datetime | None
    replied_at: datetime | None
    extensions: list[ExtensionOut]
    reassignment_requests: list[ReassignmentOut]
    available_actions: list[ActionLink]


class ReplyOut(Schema):
    id: int
    kind: str
    round: int
    text: str
    unit: UnitOut
    at: datetime


class EvaluationOut(Schema):
    id: int
    round: int
    rating: str
    rating_label: str
    comment: str
    at: datetime


class SupervisionOut(Schema):
    id: int
    method: str
    method_label: str
    note: str
    result: str
    at: datetime


class MatterDetail(MatterSummary):
    text: str
    representative: str | None
    station: str | None
    merged_into: int | None
    details: dict[str, Any] = Field(description="What the matter's kind adds (for an opinion: the citizen as you may see "
                                                "them, with the phone masked or hidden, the address and form).")
    timeline: list[EventOut]
    assignments: list[AssignmentOut]
    replies: list[ReplyOut]
    evaluations: list[EvaluationOut]
    supervisions: list[SupervisionOut]
    available_actions: list[ActionLink]


class AssignmentItem(Schema):
    assignment: AssignmentOut
    matter: MatterSummary


class AssignmentPage(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    items: list[AssignmentItem]


class Versioned(Schema):
    version: int = Field(description="The matter's version you last read.")


class NoteIn(Versioned):
    note: str = Field("", max_length=NOTE_LIMIT)


class AssignIn(Versioned):
    lead: int = Field(description="The lead unit's id.")
    co_units: list[int] = Field(default_factory=list, description="Co-handling units' ids.")
    note: str = Field("", max_length=NOTE_LIMIT)


class MergeIn(Versioned):
    into: int = Field(description="The id of the open matter this one duplicates.")
    note: str = Field("", max_length=NOTE_LIMIT)


class EscalateIn(Versioned):
    to_congress: int | None = Field(None, description="Defaults to the congress above the one holding it.")
    note: str = Field("", max_length=NOTE_LIMIT)


class SendDownIn(Versioned):
    to_congress: int = Field(description="A congress directly below the one holding it.")
    note: str = Field("", max_length=NOTE_LIMIT)


class CloseIn(Versioned):
    reason: str = Field(min_length=1, max_length=NOTE_LIMIT)


class SupervisionIn(Versioned):
    method: Literal[tuple(Supervision.Method.values)] = Field(description="reminder, written_notice, visit or meeting.")
    note: str = Field("", max_length=NOTE_LIMIT)
    result: str = Field("", max_length=NOTE_LIMIT)


class EvaluationIn(Versioned):
    rating: Literal[tuple(Rating.values)] = Field(description="satisfied, basically_satisfied or unsatisfied.")
    comment: str = Field("", max_length=NOTE_LIMIT)


class DecisionIn(Versioned):
    approve: bool
    note: str = Field("", max_length=NOTE_LIMIT)


class TextIn(Versioned):
    text: str = Field(min_length=1, max_length=NOTE_LIMIT * 5)


class ProgressIn(Versioned):
    note: str = Field(min_length=1, max_length=NOTE_LIMIT)


class ExtensionIn(Versioned):
    reason: str = Field(min_length=1, max_length=NOTE_LIMIT)
    rule: str = Field(description="The whole handling period from assignment, e.g. workdays:30.", examples=["workdays:30"])


class ReassignmentIn(Versioned):
    reason: str = Field(min_length=1, max_length=NOTE_LIMIT)
    suggested_unit: str = Field("", max_length=100, description="The unit you think should handle it, in words.")


class MatterFilters(Schema):
    status: str | None = Field(None, description="A state key, e.g. submitted, handling, replied.")
    kind: str | None = Field(None, description="opinion, …")
    category: str | None = None
    region: str | None = Field(None, description="A region code: matters raised there or anywhere below it.")
    channel: Literal[tuple(Channel.values)] | None = None
    handling_class: Literal[tuple(HandlingClass.values)] | None = None
    deadline: Literal[tuple(DeadlineState.values)] | None = Field(None, description="Matters with an open assignment of this colour.")
    open: bool | None = Field(None, description="true: not closed yet; false: closed only.")
    q: str | None = Field(None, max_length=200, description="Words in the title or text (Chinese words understood).")
    page: int = Field(1, ge=1)
    page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


class AssignmentFilters(Schema):
    state: Literal[tuple(Assignment.State.values)] | None = None
    open: bool | None = Field(None, description="true: assigned or signed, still running.")
    deadline: Literal[tuple(DeadlineState.values)] | None = None
    page: int = Field(1, ge=1)
    page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


# --- Building the answers ---------------------------------------------------------------------------


def _region_names(codes):
    return dict(Region.objects.filter(pk__in=set(codes)).values_list("code", "name"))


def _worst_deadlines(user, matter_ids):
    order = {DeadlineState.NORMAL: 0, DeadlineState.APPROACHING: 1, DeadlineState.OVERDUE: 2}
    worst = {}
    rows = access.visible(user, Assignment.objects.filter(matter_id__in=matter_ids, state__in=Assignment.OPEN_STATES))
    for matter_id, state in rows.values_list("matter_id", "deadline_state"):
        if matter_id not in worst or order.get(state, 0) > order.get(worst[matter_id], 0):
            worst[matter_id] = state
    return worst


def _summary(matter, region_names, deadlines):
    return {
        "id": matter.pk, "kind": matter.kind, "tracking_code": matter.tracking_code, "title": matter.title,
        "status": matter.status, "status_label": status_label(matter), "category": matter.category,
        "channel": matter.channel, "channel_label": str(matter.get_channel_display()), "handling_class": matter.handling_class,
        "green_channel": matter.green_channel, "region_code": matter.region_code,
        "region_name": region_names.get(matter.region_code, ""),
        "owner_congress": {"id": matter.owner_congress_id, "name": matter.owner_congress.name}, "round": matter.round,
        "deadline_state": deadlines.get(matter.pk), "created_at": matter.created_at, "replied_at": matter.replied_at,
        "closed_at": matter.closed_at, "version": matter.version,
    }


def summaries(user, matters):
    matters = list(matters)
    names = _region_names(m.region_code for m in matters)
    deadlines = _worst_deadlines(user, [m.pk for m in matters])
    return [_summary(m, names, deadlines) for m in matters]


def _unit_actions(user, assignment, matter, pending_reassignment):
    if not access.can(user, "sign", assignment):  # one rule covers every unit action on an assignment
        return []
    base = f"{API_ROOT}/assignments/{assignment.pk}"
    actions = []
    if assignment.state == Assignment.State.ASSIGNED:
        actions.append("sign")
    if assignment.is_open:
        actions.append("progress")
        if assignment.role == Assignment.Role.CO:
            actions.append("contribute")
        elif matter.policy.target(matter.status, "reply"):
            actions.append("reply")
        actions.append("request_extension")
    if engine.reassignment_window_open(assignment) and not pending_reassignment:
        actions.append("request_reassignment")
    segments = {"sign": "sign", "progress": "progress", "contribute": "contribution", "reply": "reply",
                "request_extension": "extension-requests", "request_reassignment": "reassignment-requests"}
    paths = {a: f"{base}/{segments[a]}" for a in actions}
    kind_paths = _kind(matter, "paths") or {}
    if "reply" in paths and "reply" in kind_paths:
        # The kind's reply carries more than text (a suggestion's class and signed letter).
        paths["reply"] = f"{API_ROOT}/{kind_paths['prefix']}/{matter.pk}/{kind_paths['reply']}"
    return [{"action": a, "method": "POST", "path": paths[a], "assignment": assignment.pk} for a in actions]


def _assignments(user, matter):
    rows = list(access.visible(user, matter.assignments.select_related("unit")).order_by("round", "role", "id"))
    extensions, requests = {}, {}
    for extension in access.visible(user, DeadlineExtension.objects.filter(assignment__matter=matter)):
        extensions.setdefault(extension.assignment_id, []).append(extension)
    for request in access.visible(user, ReassignmentRequest.objects.filter(assignment__matter=matter)):
        requests.setdefault(request.assignment_id, []).append(request)
    out = []
    for a in rows:
        pending = any(r.state == ReassignmentRequest.State.REQUESTED for r in requests.get(a.pk, []))
        out.append(assignment_out(user, a, matter, extensions.get(a.pk, []), requests.get(a.pk, []), pending))
    return out


def assignment_out(user, a, matter, extensions=None, requests=None, pending=None):
    if extensions is None:
        extensions = list(access.visible(user, a.extensions.all()))
    if requests is None:
        requests = list(access.visible(user, a.reassignment_requests.all()))
    if pending is None:
        pending = any(r.state == ReassignmentRequest.State.REQUESTED for r in requests)
    return {
        "id": a.pk, "matter": a.matter_id, "unit": {"id": a.unit_id, "name": a.unit.name}, "role": a.role,
        "role_label": str(a.get_role_display()), "state": a.state, "state_label": str(a.get_state_display()), "round": a.round,
        "assigned_at": a.assigned_at, "sign_due": a.sign_due, "handle_due": a.handle_due, "deadline_state": a.deadline_state,
        "signed_at": a.signed_at, "replied_at": a.replied_at,
        "extensions": [
            {"id": e.pk, "state": e.state, "reason": e.reason, "rule": e.rule, "old_due": e.old_due, "new_due": e.new_due,
             "requested_at": e.requested_at, "decided_at": e.decided_at} for e in extensions
        ],
        "reassignment_requests": [
            {"id": r.pk, "state": r.state, "reason": r.reason, "suggested_unit": r.suggested_unit, "requested_at": r.requested_at,
             "decided_at": r.decided_at, "decision_note": r.decision_note} for r in requests
        ],
        "available_actions": _unit_actions(user, a, matter, pending),
    }


# Engine actions from the kind's table, and where the API takes them. "sign" and "reply" belong to
# an assignment; "reassign" happens through a re-assignment decision; nobody takes "auto_close";
# "convert" happens when a representative raises a suggestion adopting the matter.
_MATTER_SEGMENTS = {"assign": "assign", "merge": "merge", "escalate": "escalate", "send_down": "send-down", "close": "close",
                    "evaluate": "evaluation", "rehandle": "evaluation"}
_NOT_LISTED = {"sign", "reply", "reassign", "auto_close", "convert"}


def _evaluates_merged(user, matter):
    if not matter.merged_into_id:
        return False
    root = matter.merged_into
    if root.replied_at is None or matter.evaluations.filter(round=root.round).exists():
        return False
    return policies.is_evaluator(access.actor_for(user), matter)


def available_actions(user, matter, assignments):
    actor = access.actor_for(user)
    kind_paths = _kind(matter, "paths") or {}
    links, seen = [], set()
    for action in policies.available_actions(actor, matter):
        if action in _NOT_LISTED:
            continue
        if action in _MATTER_SEGMENTS:
            key, path = ("evaluate" if action == "rehandle" else action), f"{API_ROOT}/matters/{matter.pk}/{_MATTER_SEGMENTS[action]}"
        else:
            segment = kind_paths.get(action)
            key, path = action, (f"{API_ROOT}/{kind_paths['prefix']}/{matter.pk}/{segment}" if segment else None)
        if key not in seen:
            seen.add(key)
            links.append({"action": key, "method": "POST", "path": path})
    if "evaluate" not in seen and _evaluates_merged(user, matter):
        links.append({"action": "evaluate", "method": "POST", "path": f"{API_ROOT}/matters/{matter.pk}/evaluation"})
    if access.can(user, "supervise", matter) and not matter.policy.is_terminal(matter.status):
        links.append({"action": "supervise", "method": "POST", "path": f"{API_ROOT}/matters/{matter.pk}/supervisions"})
    decides = access.can(user, "decide_extension", matter)
    for a in assignments:
        links.extend(a["available_actions"])
        if not decides:
            continue
        for e in a["extensions"]:
            if e["state"] == DeadlineExtension.State.REQUESTED:
                links.append({"action": "decide_extension", "method": "POST", "assignment": a["id"],
                              "path": f"{API_ROOT}/matters/{matter.pk}/extensions/{e['id']}/decision"})
        for r in a["reassignment_requests"]:
            if r["state"] == ReassignmentRequest.State.REQUESTED:
                links.append({"action": "decide_reassignment", "method": "POST", "assignment": a["id"],
                              "path": f"{API_ROOT}/matters/{matter.pk}/reassignment-requests/{r['id']}/decision"})
    return links


def _timeline(user, matter, concealed):
    events = access.visible(user, matter.timeline.all()).order_by("at", "id")
    attachments = {}
    for attachment in access.visible(user, matter.attachments.filter(event__isnull=False)):
        attachments.setdefault(attachment.event_id, []).append(attachment)
    path = f"{API_ROOT}/matters/attachments"
    # The events' data names units and assignments by id: for staff only, so a unit learns nothing of the others.
    actor = access.actor_for(user)
    sees_data = actor.is_system_admin or actor.is_congress_staff
    out = []
    for event in events:
        hidden = concealed and matter.raised_by_id is not None and event.actor_id == matter.raised_by_id
        out.append({
            "id": event.pk, "at": event.at, "action": event.action, "label": str(labels.event_label(event)),
            "actor": str(_("Anonymous")) if hidden else event.actor_label, "from_status": event.from_status,
            "to_status": event.to_status, "note": event.note, "visibility": event.visibility, "data": event.data if sees_data else {},
            "attachments": [attachment_out(a, path) for a in attachments.get(event.pk, [])],
        })
    return out


def matter_detail(user, matter):
    """Everything about one matter that `user` may see, and what they may do with it now."""
    concealer = _kind(matter, "conceals_raiser")
    concealed = bool(concealer and concealer(user, matter))
    details = _kind(matter, "details")
    assignments = _assignments(user, matter)
    replies = access.visible(user, matter.replies.select_related("assignment__unit")).order_by("round", "at", "id")
    evaluations = access.visible(user, matter.evaluations.all()).order_by("round", "at", "id")
    supervisions = access.visible(user, matter.supervisions.all()).order_by("at", "id")
    return {
        **summaries(user, [matter])[0],
        "text": matter.text,
        "representative": matter.representative.name if matter.representative_id else None,
        "station": matter.station.name if matter.station_id else None,
        "merged_into": matter.merged_into_id,
        "details": details(user, matter) if details else {},
        "timeline": _timeline(user, matter, concealed),
        "assignments": assignments,
        "replies": [
            {"id": r.pk, "kind": r.kind, "round": r.round, "text": r.text, "at": r.at,
             "unit": {"id": r.assignment.unit_id, "name": r.assignment.unit.name}} for r in replies
        ],
        "evaluations": [
            {"id": e.pk, "round": e.round, "rating": e.rating, "rating_label": str(e.get_rating_display()), "comment": e.comment,
             "at": e.at} for e in evaluations
        ],
        "supervisions": [
            {"id": s.pk, "method": s.method, "method_label": str(s.get_method_display()), "note": s.note, "result": s.result,
             "at": s.at} for s in supervisions
        ],
        "available_actions": available_actions(user, matter, assignments),
    }


def fresh_detail(request, matter_id):
    """The matter as it is after an action (the caller's scope still applies to every part)."""
    matter = Matter.objects.select_related("owner_congress", "representative", "station", "merged_into").get(pk=matter_id)
    return matter_detail(user_of(request), matter)


# --- Reading ----------------------------------------------------------------------------------------


def _filtered(user, filters):
    matters = access.visible(user, Matter.objects.select_related("owner_congress"))
    if filters.status:
        matters = matters.filter(status=filters.status)
    if filters.kind:
        matters = matters.filter(kind=filters.kind)
    if filters.category:
        matters = matters.filter(category=filters.category)
    if filters.channel:
        matters = matters.filter(channel=filters.channel)
    if filters.handling_class:
        matters = matters.filter(handling_class=filters.handling_class)
    if filters.region:
        region = Region.objects.filter(pk=filters.region).first()
        if region is None:
            raise field_error("region", _("Choose a region from the list."))
        matters = matters.filter(within("region_code", prefix_of(region.code, region.level)))
    if filters.deadline:
        running = access.visible(user, Assignment.objects.filter(state__in=Assignment.OPEN_STATES, deadline_state=filters.deadline))
        matters = matters.filter(pk__in=running.values("matter_id"))
    if filters.open is not None:
        matters = matters.filter(closed_at__isnull=filters.open)
    if filters.q:
        matters = search.matching(matters, filters.q)
    return matters


@router.get("", response=MatterPage, summary="List the matters you may see",
            description="Scoped like the workbench: congress staff see their congresses' matters, a unit the matters "
                        "assigned to it, a representative those addressed to them or their stations, a citizen what "
                        "they raised. Newest first, `page_size` per page (at most 100).")
def list_matters(request, filters: Query[MatterFilters]):
    user = user_of(request)
    page = paginate(_filtered(user, filters), filters.page, filters.page_size)
    page["items"] = summaries(user, page["items"])
    return page


@router.get("/{int:matter_id}", response=MatterDetail, summary="One matter, its timeline and what you may do now",
            description="The timeline, assignments, replies and evaluations are the parts you may see (a unit sees its "
                        "own assignment only, and no other unit's contribution). `available_actions` lists each "
                        "action you may take now with the path to send it to.")
def get_matter(request, matter_id: int):
    load_matter(request, matter_id)
    return fresh_detail(request, matter_id)


@router.get("/attachments/{int:attachment_id}", summary="Download a photo or document",
            description="`variant=thumbnail` for a photo's small version. Only attachments you may see.")
def get_attachment(request, attachment_id: int, variant: Literal["file", "thumbnail"] = "file"):
    attachment = access.visible(user_of(request), Attachment.objects.filter(pk=attachment_id)).first()
    if attachment is None:
        raise Http404
    return file_response(attachment, variant)


# --- Staff actions ------------------------------------------------------------------------------------


def _may(request, matter, action):
    """Refuse before judging the input, as the service would: not possible in this state (409), or not
    for this caller (403, audited). The service checks both again under its lock."""
    entry = matter.policy.transitions.get((matter.status, action))
    if entry is None:
        raise ApiError("not_allowed_now", engine.TransitionNotAllowed.message, status=409)
    if not entry[1](access.actor_for(user_of(request)), matter):
        from minyi.audit.services import record_denial

        record_denial(user_of(request), f"matter:{action}", matter, request=request)
        raise PermissionDenied


def _units(matter, ids, field):
    chooser = _kind(matter, "assignable_units")
    allowed = chooser(matter) if chooser else Unit.objects.filter(is_active=True)
    found = {u.pk: u for u in allowed.filter(pk__in=ids)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise field_error(field, _("Choose a handling unit from the list."))
    return [found[i] for i in ids]


@router.post("/{int:matter_id}/assign", response=MatterDetail, summary="Assign to a lead unit and co-handling units",
             description="Staff of the holding congress. Sign and handling deadlines come from the kind's rules on the "
                         "working-day calendar.")
def assign(request, matter_id: int, body: AssignIn):
    matter = load_matter(request, matter_id)
    _may(request, matter, "assign")  # a refusal comes before any complaint about the units chosen
    lead = _units(matter, [body.lead], "lead")[0]
    co_units = _units(matter, list(dict.fromkeys(body.co_units)), "co_units")
    with refusals():
        engine.assign(matter, lead=lead, co_units=co_units, actor=user_of(request), note=body.note, expected_version=body.version)
    return fresh_detail(request, matter_id)


@router.post("/{int:matter_id}/merge", response=MatterDetail, summary="Merge into a matter it duplicates",
             description="The merged matter's citizen receives the main matter's reply and evaluates it.")
def merge(request, matter_id: int, body: MergeIn):
    matter = load_matter(request, matter_id)
    _may(request, matter, "merge")
    try:
        into = load_matter(request, body.into)
    except Http404:
        raise field_error("into", _("Choose a matter you can see to merge into.")) from None
    with refusals():
        engine.merge(matter, into=into, actor=user_of(request), note=body.note, expected_version=body.version)
    return fresh_detail(request, matter_id)


def _congress(congress_id, field):
    congress = Congress.objects.filter(pk=congress_id, is_active=True).first() if congress_id else None
    if congress is None:
        raise field_error(field, _("The matter cannot be sent to that congress."))
    return congress


@router.post("/{int:matter_id}/escalate", response=MatterDetail, summary="Escalate to the congress above (提级)")
def escalate(request, matter_id: int, body: EscalateIn):
    matter = load_matter(request, matter_id)
    _may(request, matter, "escalate")
    target = _congress(body.to_congress or matter.owner_congress.parent_id, "to_congress")
    with refusals():
        engine.escalate(matter, to_congress=target, actor=user_of(request), note=body.note, expected_version=body.version)
    return fresh_detail(request, matter_id)


@router.post("/{int:matter_id}/send-down", response=MatterDetail, summary="Send down to a congress below (下转)")
def send_down(request, matter_id: int, body: SendDownIn):
    matter = load_matter(request, matter_id)
    _may(request, matter, "send_down")
    target = _congress(body.to_congress, "to_congress")
    with refusals():
        engine.send_down(matter, to_congress=target, actor=user_of(request), note=body.note, expected_version=body.version)
    return fresh_detail(request, matter_id)


@router.post("/{int:matter_id}/close", response=MatterDetail, summary="Close, with the reason")
def close(request, matter_id: int, body: CloseIn):
    matter = load_matter(request, matter_id)
    with refusals():
        engine.close(matter, reason=body.reason, actor=user_of(request), expected_version=body.version)
    return fresh_detail(request, matter_id)


@router.post("/{int:matter_id}/supervisions", response=MatterDetail, summary="Record a supervision (督办)",
             description="Staff and leaders of the holding congress.")
def supervise(request, matter_id: int, body: SupervisionIn):
    matter = load_matter(request, matter_id)
    with refusals():
        engine.add_supervision(matter, method=body.method, note=body.note, result=body.result, actor=user_of(request),
                               expected_version=body.version)
    return fresh_detail(request, matter_id)


@router.post("/{int:matter_id}/extensions/{int:extension_id}/decision", response=MatterDetail,
             summary="Approve or refuse a deadline extension")
def decide_extension(request, matter_id: int, extension_id: int, body: DecisionIn):
    load_matter(request, matter_id)
    extension = access.get_object(user_of(request), DeadlineExtension.objects.select_related("assignment__matter"),
                                  pk=extension_id, assignment__matter_id=matter_id)
    with refusals():
        engine.decide_extension(extension, approve=body.approve, note=body.note, actor=user_of(request), expected_version=body.version)
    return fresh_detail(request, matter_id)


@router.post("/{int:matter_id}/reassignment-requests/{int:request_id}/decision", response=MatterDetail,
             summary="Approve or refuse a unit's re-assignment request",
             description="Approved for the lead unit: the matter goes back to staff to assign again; for a co-unit: it leaves.")
def decide_reassignment(request, matter_id: int, request_id: int, body: DecisionIn):
    load_matter(request, matter_id)
    asked = access.get_object(user_of(request), ReassignmentRequest.objects.select_related("assignment__matter"),
                              pk=request_id, assignment__matter_id=matter_id)
    with refusals():
        engine.decide_reassignment(asked, approve=body.approve, note=body.note, actor=user_of(request), expected_version=body.version)
    return fresh_detail(request, matter_id)


# --- The person who raised it ---------------------------------------------------------------------------


@router.post("/{int:matter_id}/evaluation", response=MatterDetail, summary="Evaluate the reply (signed-in citizen or representative)",
             description="满意 / 基本满意 close it; 不满意 sends it back to the same lead unit once, then closes. "
                         "Citizens without an account evaluate with their tracking code instead.")
def evaluate(request, matter_id: int, body: EvaluationIn):
    matter = load_matter(request, matter_id)
    with refusals():
        engine.evaluate(matter, rating=body.rating, comment=body.comment, actor=user_of(request), expected_version=body.version)
    return fresh_detail(request, matter_id)


# --- Units ----------------------------------------------------------------------------------------------


def _assignment_items(user, assignments):
    assignments = list(assignments)
    matters = summaries(user, [a.matter for a in assignments])
    return [{"assignment": assignment_out(user, a, a.matter), "matter": m} for a, m in zip(assignments, matters)]


@assignments_router.get("", response=AssignmentPage, summary="Your unit's assignments",
                        description="A unit sees its own assignments only; staff see those of their congresses' "
                                    "matters. Most urgent first (overdue, approaching, then by deadline).")
def list_assignments(request, filters: Query[AssignmentFilters]):
    user = user_of(request)
    rows = access.visible(user, Assignment.objects.select_related("unit", "matter__owner_congress"))
    if filters.state:
        rows = rows.filter(state=filters.state)
    if filters.open is not None:
        rows = rows.filter(state__in=Assignment.OPEN_STATES) if filters.open else rows.exclude(state__in=Assignment.OPEN_STATES)
    if filters.deadline:
        rows = rows.filter(deadline_state=filters.deadline)
    rows = rows.annotate(
        urgency=Case(When(Q(deadline_state=DeadlineState.OVERDUE), then=Value(0)), When(deadline_state=DeadlineState.APPROACHING, then=Value(1)),
                     default=Value(2), output_field=IntegerField())
    ).order_by("urgency", "handle_due", "-assigned_at", "-id")
    page = paginate(rows, filters.page, filters.page_size)
    page["items"] = _assignment_items(user, page["items"])
    return page


def _assignment(request, assignment_id):
    return access.get_object(user_of(request), Assignment.objects.select_related("unit", "matter__owner_congress"), pk=assignment_id)


@assignments_router.get("/{int:assignment_id}", response=AssignmentItem, summary="One assignment and its matter")
def get_assignment(request, assignment_id: int):
    assignment = _assignment(request, assignment_id)
    return _assignment_items(user_of(request), [assignment])[0]


@assignments_router.post("/{int:assignment_id}/sign", response=MatterDetail, summary="Sign for the assignment (签收)")
def sign(request, assignment_id: int, body: NoteIn):
    assignment = _assignment(request, assignment_id)
    with refusals():
        engine.sign(assignment, note=body.note, actor=user_of(request), expected_version=body.version)
    return fresh_detail(request, assignment.matter_id)


@assignments_router.post("/{int:assignment_id}/progress", response=MatterDetail, summary="Record progress")
def progress(request, assignment_id: int, body: ProgressIn):
    assignment = _assignment(request, assignment_id)
    with refusals():
        engine.record_progress(assignment, note=body.note, actor=user_of(request), expected_version=body.version)
    return fresh_detail(request, assignment.matter_id)


@assignments_router.post("/{int:assignment_id}/contribution", response=MatterDetail,
                         summary="Send a co-handling unit's opinion to the lead unit")
def contribute(request, assignment_id: int, body: TextIn):
    assignment = _assignment(request, assignment_id)
    with refusals():
        engine.record_contribution(assignment, text=body.text, actor=user_of(request), expected_version=body.version)
    return fresh_detail(request, assignment.matter_id)


@assignments_router.post("/{int:assignment_id}/reply", response=MatterDetail, summary="The lead unit's reply to the citizen",
                         description="It goes to whoever evaluates, and to every matter merged into this one.")
def reply(request, assignment_id: int, body: TextIn):
    assignment = _assignment(request, assignment_id)
    with refusals():
        engine.reply(assignment, text=body.text, actor=user_of(request), expected_version=body.version)
    return fresh_detail(request, assignment.matter_id)


@assignments_router.post("/{int:assignment_id}/extension-requests", response=MatterDetail, summary="Ask for a longer deadline")
def request_extension(request, assignment_id: int, body: ExtensionIn):
    assignment = _assignment(request, assignment_id)
    with refusals():
        try:
            engine.request_extension(assignment, reason=body.reason, rule=body.rule, actor=user_of(request),
                                     expected_version=body.version)
        except ValueError:
            raise field_error("rule", _("The rule must look like workdays:15, days:10 or months:3.")) from None
    return fresh_detail(request, assignment.matter_id)


@assignments_router.post("/{int:assignment_id}/reassignment-requests", response=MatterDetail,
                         summary="Ask to be relieved of the assignment (before signing, within the sign deadline)")
def request_reassignment(request, assignment_id: int, body: ReassignmentIn):
    assignment = _assignment(request, assignment_id)
    with refusals():
        engine.request_reassignment(assignment, reason=body.reason, suggested_unit=body.suggested_unit, actor=user_of(request),
                                    expected_version=body.version)
    return fresh_detail(request, assignment.matter_id)

