"""Citizens' opinions over JSON, for a WeChat mini-program or another system.

Without an account: the categories, submitting (JSON, or multipart with photos; an
`Idempotency-Key` header makes a retry return the first result), and following an opinion with its
tracking code and the phone's last four digits (timeline, reply, adding information, evaluating).
Signed in: the opinion's own steps (forward, resolve on the spot, accept, return) beside the
engine's (/api/matters, /api/assignments), with the same services and permissions as the pages.

Public endpoints are rate-limited per address (and submissions per phone) like the web form."""

from datetime import datetime
from decimal import Decimal
from typing import Literal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from minyi.accounts import access
from minyi.api.auth import Session, TokenAuth
from minyi.api.errors import ApiError
from minyi.matters import api as matters_api
from minyi.matters import attachments, policies
from minyi.matters import labels as matter_labels
from minyi.matters.models import Attachment, Channel, HandlingClass, Matter, Rating, Reply, TimelineEvent
from minyi.organisations.models import Station
from minyi.representatives import personal_data
from minyi.representatives.models import Representative

from . import labels as _labels  # noqa: F401  (registers the opinion actions' timeline words)
from . import services, tracking
from .models import Category, Form
from .policy import KIND

router = Router(tags=["opinions"], auth=matters_api.AUTH)

# The web form's settings and counters: a citizen's submissions through the form and the API count
# together. Tracking here counts refused codes only (the form counts every attempt), in its own group.
SUBMIT_RATE_PER_ADDRESS = "OPINION_SUBMIT_RATE_PER_ADDRESS"
SUBMIT_RATE_PER_PHONE = "OPINION_SUBMIT_RATE_PER_PHONE"
TRACK_RATE_PER_ADDRESS = "OPINION_TRACK_RATE_PER_ADDRESS"
TRACKING_METHODS = ("GET", "POST")
IDEMPOTENCY_KEY = matters_api.IDEMPOTENCY_KEY


def _rate(name):
    return getattr(settings, name)  # read per request: deployments and tests change them


def _brake(request, group, setting, key="ip", *, method="POST", increment=True, ignore=False):
    """429 once the caller has used up `setting`'s rate; `increment=False` only looks, `ignore=True` only counts."""
    usage = get_usage(request, group=group, key=key, rate=_rate(setting), method=method, increment=increment)
    # Counting, the request that goes over the rate is refused; only looking, the one after the last allowed.
    limited = usage is not None and (usage["should_limit"] if increment else usage["count"] >= usage["limit"])
    if limited and not ignore:
        raise ApiError("too_many_requests", _("Too many requests from your network. Wait a few minutes and try again."), status=429)


def _anyone(request):
    """Last in an auth list: a caller who is neither signed in nor sends a token passes, anonymous."""
    return True


class _QuietSession(Session):
    """The browser's session when its CSRF token is right; otherwise the caller is simply anonymous."""

    def __call__(self, request):
        try:
            return super().__call__(request)
        except HttpError:
            return None


OPTIONAL_ACCOUNT = [TokenAuth(), _QuietSession(), _anyone]


# --- Schemas ------------------------------------------------------------------------------------------


class CategoryOut(Schema):
    code: str
    name: str
    description: str


class OpinionIn(Schema):
    text: str = Field(description="What happened and what the citizen asks for (5 to 2000 characters).")
    region_code: str = Field(description="Where: a 12-digit region code down to the village or community.")
    category: str = Field("", description="A category code from /api/opinions/categories.")
    form: Literal[tuple(Form.values)] = Field(Form.OPINION, description="opinion, or snapshot (随手拍: shorter deadlines).")
    title: str = Field("", max_length=200, description="Taken from the text's first sentence when empty.")
    address: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    citizen_name: str = ""
    phone: str = Field("", description="A mainland mobile number; its last 4 digits then guard the tracking code.")
    anonymous: bool = Field(False, description="Keep the name and phone from the handling unit.")
    publish_consent: bool = Field(False, description="It may be published, without personal data, once closed.")
    consent: bool = Field(description="The citizen agreed to the consent text on personal data. Must be true.")
    station_code: str = Field("", max_length=16, description="A station's public code (from its QR poster): routed there first.")
    representative_code: str = Field("", max_length=16, description="A representative's public code: routed to them first.")


class SubmittedOut(Schema):
    tracking_code: str = Field(description="Give it to the citizen: with it (and the phone's last 4 digits) they follow it.")
    status: str
    status_label: str
    needs_phone_digits: bool
    created: bool = Field(description="False when this Idempotency-Key already made it: the first result, unchanged.")


class PublicPhoto(Schema):
    id: int
    url: str
    thumbnail_url: str | None


class PublicEvent(Schema):
    at: datetime
    action: str
    label: str
    status: str
    status_label: str
    note: str
    photos: list[PublicPhoto]


class PublicReply(Schema):
    round: int
    text: str
    unit: str
    at: datetime


class PublicEvaluation(Schema):
    round: int
    rating: str
    rating_label: str
    comment: str
    at: datetime


class TrackedOut(Schema):
    tracking_code: str
    title: str
    text: str
    category: str
    category_name: str
    status: str
    status_label: str
    created_at: datetime
    replied_at: datetime | None
    closed_at: datetime | None
    timeline: list[PublicEvent]
    replies: list[PublicReply]
    evaluations: list[PublicEvaluation]
    can_add_information: bool
    can_evaluate: bool
    version: int = Field(description="Send it back with an evaluation.")


class CodeHolder(Schema):
    phone_last4: str = Field("", max_length=4, description="The last 4 digits of the phone given when submitting, if one was.")


class SupplementIn(CodeHolder):
    text: str = Field("", description="What the citizen adds (with or without photos).")


class CodeEvaluationIn(CodeHolder):
    version: int = Field(description="The version from the tracking answer.")
    rating: Literal[tuple(Rating.values)] = Field(description="satisfied, basically_satisfied or unsatisfied.")
    comment: str = Field("", max_length=2000)


class ForwardIn(matters_api.Versioned):
    note: str = Field("", max_length=2000, description="What the representative knows, for the staff.")


class ResolveIn(matters_api.Versioned):
    text: str = Field(description="What was done on the spot (at least 5 characters); the citizen evaluates it next.")


class AcceptIn(matters_api.Versioned):
    category: str = Field("", description="A category code; the citizen's choice when empty.")
    handling_class: Literal[tuple(HandlingClass.values)] = HandlingClass.GENERAL
    green_channel: bool = Field(False, description="Halves every deadline.")
    note: str = Field("", max_length=2000)


class ReturnIn(matters_api.Versioned):
    reason: str = Field(max_length=2000, description="Why it is not accepted, in words the citizen reads (e.g. which court).")


class UnitChoice(Schema):
    id: int
    name: str


class UnitChoices(Schema):
    suggested: list[UnitChoice] = Field(description="The congress's usual unit for the category, then the most frequent ones.")
    assignable: list[UnitChoice] = Field(description="Every active unit of the holding congress's region.")


# --- Without an account ---------------------------------------------------------------------------------


@router.get("/categories", auth=None, response=list[CategoryOut], summary="The categories a citizen chooses from")
def categories(request):
    return [{"code": c.code, "name": c.name, "description": c.description} for c in Category.objects.filter(is_active=True)]


def _routing(body):
    """The station or representative a poster's code names; a wrong code is a field error."""
    station = representative = None
    errors = {}
    if body.station_code:
        code = body.station_code.strip()
        station = Station.objects.filter(public_code__in={code, code.lower(), code.upper()}, is_active=True).select_related("congress").first()
        if station is None or not station.congress.is_active:
            errors["station_code"] = _("No station has this code. Scan the poster again.")
    if body.representative_code:
        code = body.representative_code.strip()
        representative = Representative.objects.filter(public_code__in={code, code.lower(), code.upper()}).first()
        if representative is None or not representative.mandates.current().exists():
            errors["representative_code"] = _("No serving representative has this code. Scan the poster again.")
    if errors:
        raise ValidationError(errors)
    if station is not None:
        return Channel.STATION_CODE, station, representative
    if representative is not None:
        return Channel.REPRESENTATIVE_CODE, None, representative
    return Channel.API, None, None


def _phone_hash(phone):
    """Submissions are counted per phone by its lookup hash, never by the number itself."""
    try:
        number = personal_data.normalise_phone(phone)
    except ValidationError:
        return ""  # validation reports it
    return personal_data.lookup_hash(number) if number else ""


def _submitted(matter, created):
    return {"tracking_code": matter.tracking_code, "status": matter.status, "status_label": matters_api.status_label(matter),
            "needs_phone_digits": bool(matter.opinion.phone_last4), "created": created}


def _photos(uploads):
    try:
        return attachments.clean_photos(uploads)
    except ValidationError as error:
        raise ValidationError({"photos": error.messages}) from None


@router.post(
    "", auth=OPTIONAL_ACCOUNT, response={200: SubmittedOut, 201: SubmittedOut},
    summary="Submit an opinion (no account needed)",
    description="JSON, or `multipart/form-data` with the same fields and up to 9 `photos` (JPEG, PNG or WebP, 10 MB each; "
                "metadata such as the position is removed). Send an `Idempotency-Key` header (8–64 letters, digits, "
                "`-` or `_`) that stays the same for retries: the same key always answers with the first opinion "
                "(200 instead of 201). Limited per network address and per phone (429). A signed-in citizen "
                "(session or token) becomes the opinion's owner and finds it under /api/matters.",
    openapi_extra=matters_api.body_with_files(OpinionIn, {"photos": "Up to 9 photos."}),
)
def submit(request):
    key = request.headers.get("Idempotency-Key", "").strip()
    if key and not IDEMPOTENCY_KEY.match(key):
        raise ValidationError({"Idempotency-Key": _("Send an Idempotency-Key of 8 to 64 letters, digits, hyphens or underscores.")})
    if key:
        existing = services.Opinion.objects.filter(idempotency_key=key).select_related("matter").first()
        if existing is not None:
            return Status(200, _submitted(existing.matter, False))
    _brake(request, "opinions:submit:ip", SUBMIT_RATE_PER_ADDRESS)
    body, uploads = matters_api.read_body(request, OpinionIn, files=["photos"])
    phone_hash = _phone_hash(body.phone)
    if phone_hash:
        _brake(request, "opinions:submit:phone", SUBMIT_RATE_PER_PHONE, key=lambda group, request: phone_hash)
    if not body.consent:
        raise ValidationError({"consent": _("Agree to how your personal data is used before sending.")})
    channel, station, representative = _routing(body)
    photos = _photos(uploads["photos"])
    submission = services.Submission(
        text=body.text, region_code=body.region_code, category=body.category, form=body.form, title=body.title,
        address=body.address, latitude=body.latitude, longitude=body.longitude, citizen_name=body.citizen_name, phone=body.phone,
        anonymous=body.anonymous, publish_consent=body.publish_consent, photos=photos,
    )
    user = matters_api.user_of(request)
    matter, created = services.submit(submission, actor=user, channel=channel, station=station, representative=representative,
                                      idempotency_key=key or None)
    return Status(201 if created else 200, _submitted(matter, created))


def _by_code(request, code, phone_last4):
    """Only refused lookups count towards the limit: a guesser is stopped, while a citizen opening
    their own timeline and its photos again and again is not."""
    _brake(request, "opinions:api:track:ip", TRACK_RATE_PER_ADDRESS, method=TRACKING_METHODS, increment=False)
    try:
        matter = services.find_by_code(code, phone_last4)
    except services.CodeRefused as refused:
        _brake(request, "opinions:api:track:ip", TRACK_RATE_PER_ADDRESS, method=TRACKING_METHODS, ignore=True)
        raise ApiError("not_found", refused.message, status=404) from None
    tracking.remember(request, matter)  # this client's session may now open the photos, like the tracking page
    return matter


def _can_evaluate(matter):
    if matter.merged_into_id:
        root = matter.merged_into
        return root.replied_at is not None and not matter.evaluations.filter(round=root.round).exists()
    return matter.policy.target(matter.status, "evaluate") is not None


def _tracked(matter, code):
    matter = Matter.objects.select_related("merged_into").get(pk=matter.pk)
    base = f"{matters_api.API_ROOT}/opinions/track/{code}/photos"
    events = list(services.public_timeline(matter))
    photos = {}
    for attachment in Attachment.objects.filter(matter=matter, event__in=events, visibility=TimelineEvent.Visibility.PUBLIC,
                                                kind=Attachment.Kind.IMAGE):
        photos.setdefault(attachment.event_id, []).append(attachment)
    source = matter.merged_into if matter.merged_into_id else matter
    replies = Reply.objects.filter(matter=source, kind=Reply.Kind.REPLY).select_related("assignment__unit").order_by("round", "at")
    category = Category.objects.filter(code=matter.category).first()
    return {
        "tracking_code": matter.tracking_code, "title": matter.title, "text": matter.text, "category": matter.category,
        "category_name": category.name if category else "", "status": matter.status,
        "status_label": matters_api.status_label(matter), "created_at": matter.created_at, "replied_at": matter.replied_at,
        "closed_at": matter.closed_at,
        "timeline": [
            {"at": e.at, "action": e.action, "label": str(matter_labels.event_label(e)), "status": e.to_status,
             "status_label": matters_api.status_label(matter, e.to_status), "note": e.note,
             "photos": [{"id": p.pk, "url": f"{base}/{p.pk}", "thumbnail_url": f"{base}/{p.pk}?variant=thumbnail" if p.thumbnail else None}
                        for p in photos.get(e.pk, [])]}
            for e in events
        ],
        "replies": [{"round": r.round, "text": r.text, "unit": r.assignment.unit.name, "at": r.at} for r in replies],
        "evaluations": [
            {"round": e.round, "rating": e.rating, "rating_label": str(e.get_rating_display()), "comment": e.comment, "at": e.at}
            for e in matter.evaluations.order_by("round", "at")
        ],
        "can_add_information": not matter.policy.is_terminal(matter.status),
        "can_evaluate": _can_evaluate(matter),
        "version": matter.version,
    }


_CODE_DESCRIPTION = ("The same 404 for a code that does not exist and for wrong phone digits, and a limit per network "
                     "address (429), so codes cannot be guessed.")


@router.get("/track/{code}", auth=None, response=TrackedOut, summary="Follow an opinion with its tracking code",
            description="What the citizen sees: the public timeline in words, the reply and the evaluations. "
                        "`phone_last4` is needed when a phone was given. " + _CODE_DESCRIPTION)
def track(request, code: str, params: Query[CodeHolder]):
    matter = _by_code(request, code, params.phone_last4)
    return _tracked(matter, matter.tracking_code)


@router.get("/track/{code}/photos/{int:photo_id}", auth=None, summary="A photo on the public timeline",
            description="`variant=thumbnail` for the small version. Needs `phone_last4` like the tracking answer.")
def track_photo(request, code: str, photo_id: int, params: Query[CodeHolder], variant: Literal["file", "thumbnail"] = "file"):
    matter = _by_code(request, code, params.phone_last4)
    photo = Attachment.objects.filter(pk=photo_id, matter=matter, visibility=TimelineEvent.Visibility.PUBLIC,
                                      event__visibility=TimelineEvent.Visibility.PUBLIC).first()
    if photo is None:
        raise Http404
    return matters_api.file_response(photo, variant)


@router.post("/track/{code}/supplements", auth=None, response=TrackedOut, summary="Add information to an open opinion",
             description="JSON, or multipart with up to 9 `photos`. It shows on the timeline for staff and units. "
                         + _CODE_DESCRIPTION,
             openapi_extra=matters_api.body_with_files(SupplementIn, {"photos": "Up to 9 photos."}))
def supplement(request, code: str):
    body, uploads = matters_api.read_body(request, SupplementIn, files=["photos"])
    matter = _by_code(request, code, body.phone_last4)
    photos = _photos(uploads["photos"])
    services.add_information(matter, text=body.text, photos=photos)
    return _tracked(matter, matter.tracking_code)


@router.post("/track/{code}/evaluation", auth=None, response=TrackedOut, summary="Evaluate the reply with the tracking code",
             description="满意 / 基本满意 close it; 不满意 sends it back to the unit once with the comment as the reason. "
                         + _CODE_DESCRIPTION)
def evaluate_by_code(request, code: str, body: CodeEvaluationIn):
    matter = _by_code(request, code, body.phone_last4)
    with matters_api.refusals():
        services.evaluate_by_code(matter, rating=body.rating, comment=body.comment, expected_version=body.version)
    return _tracked(matter, matter.tracking_code)


# --- Signed in: the opinion's own steps ---------------------------------------------------------------


def _opinion(request, matter_id):
    matter = matters_api.load_matter(request, matter_id)
    if matter.kind != KIND:
        raise Http404
    return matter


@router.post("/{int:matter_id}/forward", response=matters_api.MatterDetail, summary="Forward to the congress staff (representative)")
def forward(request, matter_id: int, body: ForwardIn):
    matter = _opinion(request, matter_id)
    with matters_api.refusals():
        services.forward(matter, actor=matters_api.user_of(request), note=body.note, expected_version=body.version)
    return matters_api.fresh_detail(request, matter_id)


@router.post("/{int:matter_id}/resolve-on-spot", response=matters_api.MatterDetail,
             summary="Resolve on the spot (现场解决, representative)",
             description="JSON, or multipart with up to 9 `photos` of what was done. The citizen evaluates it next.",
             openapi_extra=matters_api.body_with_files(ResolveIn, {"photos": "Up to 9 photos of what was done."}))
def resolve_on_spot(request, matter_id: int):
    body, uploads = matters_api.read_body(request, ResolveIn, files=["photos"])
    matter = _opinion(request, matter_id)
    photos = _photos(uploads["photos"])
    with matters_api.refusals():
        services.resolve_on_spot(matter, actor=matters_api.user_of(request), text=body.text, photos=photos,
                                 expected_version=body.version)
    return matters_api.fresh_detail(request, matter_id)


@router.post("/{int:matter_id}/accept", response=matters_api.MatterDetail, summary="Accept and classify (受理, staff)")
def accept(request, matter_id: int, body: AcceptIn):
    matter = _opinion(request, matter_id)
    with matters_api.refusals():
        services.accept(matter, actor=matters_api.user_of(request), category=body.category, handling_class=body.handling_class,
                        green_channel=body.green_channel, note=body.note, expected_version=body.version)
    return matters_api.fresh_detail(request, matter_id)


@router.post("/{int:matter_id}/return", response=matters_api.MatterDetail, summary="Do not accept, with the reason (不予受理, staff)")
def return_(request, matter_id: int, body: ReturnIn):
    matter = _opinion(request, matter_id)
    with matters_api.refusals():
        services.return_as_inadmissible(matter, actor=matters_api.user_of(request), reason=body.reason, expected_version=body.version)
    return matters_api.fresh_detail(request, matter_id)


@router.get("/{int:matter_id}/units", response=UnitChoices, summary="Units to assign to (suggested first)")
def units(request, matter_id: int):
    matter = _opinion(request, matter_id)
    if not policies.is_owner_staff(access.actor_for(matters_api.user_of(request)), matter):
        raise PermissionDenied
    return {"suggested": [{"id": u.pk, "name": u.name} for u in services.suggested_units(matter)],
            "assignable": [{"id": u.pk, "name": u.name} for u in services.assignable_units(matter)]}


# --- What an opinion adds to the engine's answers ------------------------------------------------------


def _details(user, matter):
    opinion = getattr(matter, "opinion", None)
    if opinion is None:
        return {}
    name, phone = opinion.contact_for(user)
    category = Category.objects.filter(code=matter.category).first()
    return {
        "form": opinion.form, "form_label": str(opinion.get_form_display()), "category_name": category.name if category else "",
        "citizen_name": str(name), "phone": phone, "anonymous": opinion.anonymous,
        "address": opinion.address, "latitude": None if opinion.latitude is None else str(opinion.latitude),
        "longitude": None if opinion.longitude is None else str(opinion.longitude),
        "publish_consent": opinion.publish_consent,
    }


def _conceals(user, matter):
    opinion = getattr(matter, "opinion", None)
    actor = access.actor_for(user)
    return bool(opinion and opinion.anonymous and not (actor.is_system_admin or actor.is_congress_staff))


matters_api.register_kind(
    KIND,
    details=_details,
    conceals_raiser=_conceals,
    assignable_units=services.assignable_units,
    paths={"prefix": "opinions", "forward": "forward", "resolve_on_spot": "resolve-on-spot", "accept": "accept", "return": "return"},
)
