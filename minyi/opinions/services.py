"""Opinion actions. Each is one function and one transaction, on top of the engine's services;
views, the API and the demo loader all call these."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minyi.matters import attachments
from minyi.matters import services as engine
from minyi.matters.models import Assignment, Channel, HandlingClass, Matter, TimelineEvent
from minyi.organisations.models import Congress, Unit
from minyi.regions.models import PREFIX_LENGTH, Region

from . import settings as opinion_settings
from .models import Category, Form, Opinion
from .policy import KIND

TEXT_LIMIT = 2000
TITLE_LENGTH = 30


@dataclass
class Submission:
    """What a citizen (or a representative or staff member for them) sends in."""

    text: str
    region_code: str
    category: str = ""
    form: str = Form.OPINION
    title: str = ""
    address: str = ""
    latitude: object = None
    longitude: object = None
    citizen_name: str = ""
    phone: str = ""
    anonymous: bool = False
    publish_consent: bool = False
    photos: list = field(default_factory=list)  # cleaned by attachments.clean_photos


def title_from(text):
    """The first line or sentence of the text, short enough for a list."""
    first = text.strip().splitlines()[0] if text.strip() else ""
    for stop in "。！？!?；;":
        if stop in first:
            first = first.split(stop)[0]
            break
    return first[:TITLE_LENGTH] + ("…" if len(first) > TITLE_LENGTH else "")


def congress_for_region(code):
    """The lowest active people's congress whose region contains `code`: who receives an opinion
    raised there. A sub-district has no people's congress of its own (its residents' council
    deliberates, the county congress's working committee acts), so its opinions go to the county."""
    candidates = {code[:length].ljust(12, "0") for length in PREFIX_LENGTH.values()}
    congresses = Congress.objects.filter(region_id__in=candidates, is_active=True, kind=Congress.Kind.CONGRESS).select_related("region")
    return max(congresses, key=lambda congress: congress.region.level, default=None)


def holding_congress(congress):
    """A council hands what reaches it to the people's congress above it."""
    while congress is not None and congress.kind == Congress.Kind.COUNCIL:
        congress = congress.parent
    return congress


def congress_for_representative(representative):
    """The congress of the representative's closest-to-the-people current mandate."""
    mandates = representative.mandates.current().filter(congress__isnull=False, congress__is_active=True).select_related("congress__region")
    chosen = max(mandates, key=lambda mandate: mandate.congress.region.level, default=None)
    return chosen.congress if chosen else None


def validate_submission(submission):
    """Every problem at once, keyed by field, in words a citizen understands. Returns the region and
    the congress serving it."""
    errors = {}
    text = (submission.text or "").strip()
    if len(text) < 5:
        errors["text"] = _("Describe the matter in at least 5 characters.")
    elif len(text) > TEXT_LIMIT:
        errors["text"] = _("The text has %(count)d characters; at most %(limit)d are allowed.") % {"count": len(text), "limit": TEXT_LIMIT}
    region = Region.objects.filter(pk=submission.region_code or "", is_active=True).first()
    congress = congress_for_region(region.pk) if region is not None else None
    if region is None:
        errors["region_code"] = _("Choose where it happened from the list of places.")
    elif congress is None:
        errors["region_code"] = _("That place is not served by this platform.")
    if submission.category and not Category.objects.filter(code=submission.category, is_active=True).exists():
        errors["category"] = _("Choose a category from the list.")
    if submission.form not in Form.values:
        errors["form"] = _("Choose what you are sending.")
    try:
        from minyi.representatives.personal_data import normalise_phone

        normalise_phone(submission.phone)
    except ValidationError as error:
        errors["phone"] = error.messages[0]
    for name, value, low, high in (("latitude", submission.latitude, -90, 90), ("longitude", submission.longitude, -180, 180)):
        if value not in (None, ""):
            try:
                if not low <= float(value) <= high:
                    raise ValueError
            except (TypeError, ValueError):
                errors[name] = _("The position from the browser could not be read; submit without it.")
    if len(submission.citizen_name or "") > 50:
        errors["citizen_name"] = _("A name may have at most 50 characters.")
    if len(submission.address or "") > 200:
        errors["address"] = _("An address may have at most 200 characters.")
    if errors:
        raise ValidationError(errors)
    return region, congress


def submit(submission, *, actor=None, channel=Channel.H5, representative=None, station=None, idempotency_key=None):
    """Save a new opinion; returns (matter, created). The same idempotency key always returns the
    one matter it first created, so a double tap or a retry after a timeout never makes two."""
    if idempotency_key:
        existing = Opinion.objects.filter(idempotency_key=idempotency_key).select_related("matter").first()
        if existing:
            return existing.matter, False
    region, region_congress = validate_submission(submission)
    if station is not None:
        owner = holding_congress(station.congress) or region_congress
    elif representative is not None:
        owner = holding_congress(congress_for_representative(representative)) or region_congress
    else:
        owner = region_congress
    text = submission.text.strip()
    try:
        with transaction.atomic():
            matter = engine.open_matter(
                KIND, actor=actor, title=(submission.title or "").strip()[:200] or title_from(text), text=text,
                region_code=region.pk, owner_congress=owner, channel=channel, category=submission.category,
                representative=representative, station=station,
                raised_by=_citizen_account(actor, channel),
                data={"form": submission.form, "photos": len(submission.photos)},
            )
            opinion = Opinion(
                matter=matter, form=submission.form, citizen_name=(submission.citizen_name or "").strip(), anonymous=submission.anonymous,
                address=(submission.address or "").strip(), latitude=submission.latitude or None, longitude=submission.longitude or None,
                publish_consent=submission.publish_consent, idempotency_key=idempotency_key or None,
            )
            opinion.phone = submission.phone
            opinion.save(force_insert=True)  # its key is the new matter's: no UPDATE attempt first
            attachments.save_photos(matter, submission.photos, event=matter.opening_event, user=_user(actor))
    except IntegrityError:
        if idempotency_key:
            existing = Opinion.objects.filter(idempotency_key=idempotency_key).select_related("matter").first()
            if existing:
                return existing.matter, False
        raise
    return matter, True


def _user(actor):
    user = getattr(actor, "user", actor)
    return user if getattr(user, "is_authenticated", False) else None


def _citizen_account(actor, channel):
    """The account that evaluates: the citizen's own when they are signed in and raise it
    themselves; nobody's (the tracking code) when staff or a representative enter it for them."""
    if channel in (Channel.REPRESENTATIVE_ON_BEHALF, Channel.STAFF_ENTRY, Channel.PHONE):
        return None
    return _user(actor)


# --- The representative ----------------------------------------------------------------------------


def forward(matter, *, actor, note="", expected_version=None):
    """The representative passes it to the congress staff; their note is for the staff only."""
    return engine.transition(matter, "forward", actor=actor, note=note, expected_version=expected_version,
                             visibility=TimelineEvent.Visibility.INTERNAL)


@transaction.atomic
def resolve_on_spot(matter, *, actor, text, photos=(), expected_version=None):
    """现场解决: the representative records what was done; the citizen evaluates it next."""
    text = (text or "").strip()
    if len(text) < 5:
        raise ValidationError({"text": _("Say what was done, in at least 5 characters.")})
    event = engine.transition(matter, "resolve_on_spot", actor=actor, note=text, expected_version=expected_version,
                              data={"photos": len(photos)})
    now = timezone.now()
    Matter.objects.filter(pk=matter.pk).update(replied_at=now)
    matter.replied_at = now
    attachments.save_photos(matter, photos, event=event, user=_user(actor))
    return event


# --- Congress staff --------------------------------------------------------------------------------


@transaction.atomic
def accept(matter, *, actor, category="", handling_class=HandlingClass.GENERAL, green_channel=False, note="", expected_version=None):
    """受理: the matter is admissible; staff classify it (category, handling class, green channel)."""
    if category and not Category.objects.filter(code=category).exists():
        raise ValidationError({"category": _("Choose a category from the list.")})
    if handling_class not in HandlingClass.values:
        raise ValidationError({"handling_class": _("Choose a handling class.")})
    category = category or matter.category
    event = engine.transition(
        matter, "accept", actor=actor, note=note, expected_version=expected_version,
        data={"category": category, "handling_class": handling_class, "green_channel": bool(green_channel)},
    )
    Matter.objects.filter(pk=matter.pk).update(category=category, handling_class=handling_class, green_channel=bool(green_channel))
    matter.category, matter.handling_class, matter.green_channel = category, handling_class, bool(green_channel)
    return event


def return_as_inadmissible(matter, *, actor, reason, expected_version=None):
    """不予受理, with a reason the citizen reads (e.g. a case before a court goes to the court)."""
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ValidationError({"reason": _("Tell the citizen why, in at least 5 characters.")})
    return engine.transition(matter, "return", actor=actor, note=reason, expected_version=expected_version)


def suggested_units(matter, limit=3):
    """Units to offer first when assigning: the congress's usual unit for the category, then the
    units that most often led matters of this category in this region over the past year."""
    congress = matter.owner_congress
    suggestions = []
    usual = opinion_settings.default_unit(congress.pk, matter.category)
    if usual is not None:
        suggestions.append(usual)
    if matter.category:
        since = timezone.now() - datetime.timedelta(days=365)
        frequent = (
            Assignment.objects.filter(
                role=Assignment.Role.LEAD, matter__kind=matter.kind, matter__category=matter.category,
                matter__owner_congress=congress, assigned_at__gte=since, unit__is_active=True,
            )
            .values("unit_id").annotate(n=Count("id")).order_by("-n")[: limit + 1]
        )
        ids = [row["unit_id"] for row in frequent]
        units = {u.pk: u for u in Unit.objects.filter(pk__in=ids)}
        suggestions.extend(units[i] for i in ids if i in units)
    unique = list(dict.fromkeys(suggestions))
    return unique[:limit]


def assignable_units(matter):
    """Units of the holding congress's region, active: the ones its staff can assign to."""
    return Unit.objects.filter(region_id=matter.owner_congress.region_id, is_active=True).order_by("name")


# --- The citizen with a tracking code -----------------------------------------------------------


class CodeRefused(Exception):
    message = _("No opinion matches that tracking code and phone number. Check both and try again.")

    def __str__(self):
        return str(self.message)


def find_by_code(code, phone_last4=""):
    """The opinion matter for a tracking code, when the last four phone digits match (if a phone was
    given). The same message for an unknown code and a wrong phone: a guesser learns nothing."""
    code = (code or "").strip().upper().replace(" ", "").replace("-", "")
    matter = Matter.objects.filter(kind=KIND, tracking_code=code).select_related("opinion").first() if code else None
    if matter is None:
        raise CodeRefused
    expected = getattr(getattr(matter, "opinion", None), "phone_last4", "")
    if expected and (phone_last4 or "").strip() != expected:
        raise CodeRefused
    return matter


@transaction.atomic
def add_information(matter, *, text, photos=(), actor=None, label=""):
    """The citizen adds more (text and photos) to an open opinion; it shows on the timeline."""
    text = (text or "").strip()
    if not text and not photos:
        raise ValidationError({"text": _("Write what you want to add, or add a photo.")})
    if len(text) > TEXT_LIMIT:
        raise ValidationError({"text": _("The text has %(count)d characters; at most %(limit)d are allowed.") % {"count": len(text), "limit": TEXT_LIMIT}})
    locked = Matter.objects.select_for_update().get(pk=matter.pk)
    if locked.policy.is_terminal(locked.status):
        raise ValidationError(_("This opinion is finished; raise a new one to add something."))
    locked.version += 1
    locked.save(update_fields=["version", "updated_at"])
    event = engine._event(locked, "supplement", actor=actor, from_status=locked.status, note=text,
                          data={"photos": len(photos)}, label=label or str(_("Citizen")))
    attachments.save_photos(locked, photos, event=event, user=_user(actor))
    matter.version = locked.version
    return event


def evaluate_by_code(matter, *, rating, comment="", expected_version=None):
    return engine.evaluate(matter, rating=rating, comment=comment, actor=None, by_label=str(_("Citizen")), code_holder=True,
                           expected_version=expected_version)


# The staff's instructions to the units travel on these public events; the citizen sees the step, not the words.
NOTES_FOR_UNITS = {"assign"}


def public_timeline(matter):
    """What the citizen sees: the public events, oldest first (a list; notes meant for units blanked)."""
    events = list(matter.timeline.filter(visibility=TimelineEvent.Visibility.PUBLIC).order_by("at", "id").prefetch_related("attachments"))
    for event in events:
        if event.action in NOTES_FOR_UNITS:
            event.note = ""
    return events
