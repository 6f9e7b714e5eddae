"""Micro-wish actions. Each is one function and one transaction; views, the demo loader and the tests
all call these. A step that is not allowed raises WishRefused with words for the person who tried;
a field typed wrongly raises ValidationError keyed by the field, so a form shows it in place."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from minyi.accounts import access
from minyi.accounts.models import Role
from minyi.opinions.services import congress_for_region, holding_congress
from minyi.organisations.models import Unit
from minyi.regions.models import Region
from minyi.representatives import personal_data
from minyi.representatives.models import Representative

from . import notify
from .models import Wish, WishEvent, WishPhoto

TITLE_LIMIT = 30
TEXT_MINIMUM = 10
TEXT_LIMIT = 500
FOR_WHOM_LIMIT = 20
NAME_LIMIT = 20
REASON_MINIMUM = 5
REASON_LIMIT = 300
PROOF_LIMIT = 1000
MAX_PHOTOS = 9
# A run of seven or more digits is a phone, an ID card or a bank account: never on a public wall.
LONG_NUMBER = re.compile(r"\d{7,}")


class WishRefused(Exception):
    """A step that is not allowed; the message says why in words for the person who tried."""


class CodeRefused(Exception):
    """The same answer for an unknown code and a wrong phone: a guesser learns nothing."""


def _actor(user):
    return user if isinstance(user, access.Actor) else access.actor_for(user)


def _user(actor):
    user = getattr(actor, "user", actor)
    return user if getattr(user, "is_authenticated", False) else None


def _has_long_number(value):
    return bool(LONG_NUMBER.search(re.sub(r"[\s\-()]", "", value or "")))


# --- Posting -------------------------------------------------------------------------------------


@dataclass
class Posting:
    """What the citizen (or someone helping them) types."""

    title: str
    text: str
    for_whom: str
    region_code: str
    citizen_name: str
    phone: str


def _wording_errors(title, text, for_whom):
    errors = {}
    if not title:
        errors["title"] = _("Say in a few words what is wished for.")
    elif len(title) > TITLE_LIMIT:
        errors["title"] = _("The wish has at most %(limit)d characters.") % {"limit": TITLE_LIMIT}
    if len(text) < TEXT_MINIMUM:
        errors["text"] = _("Describe the wish in at least %(minimum)d characters: what is needed, and why.") % {"minimum": TEXT_MINIMUM}
    elif len(text) > TEXT_LIMIT:
        errors["text"] = _("The text has %(count)d characters; at most %(limit)d are allowed.") % {"count": len(text), "limit": TEXT_LIMIT}
    if not for_whom:
        errors["for_whom"] = _("Say for whom the wish is, e.g. 留守儿童 小林.")
    elif len(for_whom) > FOR_WHOM_LIMIT:
        errors["for_whom"] = _("Keep it short: at most %(limit)d characters.") % {"limit": FOR_WHOM_LIMIT}
    for name, value in (("title", title), ("text", text), ("for_whom", for_whom)):
        if name not in errors and _has_long_number(value):
            errors[name] = _("Leave phone, ID card and account numbers out: the wish is shown in public.")
    return errors


def validate_posting(posting):
    """Every problem at once, keyed by field. Returns the place and the congress that holds wishes from there."""
    title, text, for_whom = (posting.title or "").strip(), (posting.text or "").strip(), (posting.for_whom or "").strip()
    errors = _wording_errors(title, text, for_whom)
    code = (posting.region_code or "").strip()
    region = Region.objects.filter(pk=code, is_active=True).first() if code.isdigit() and len(code) == 12 else None
    congress = holding_congress(congress_for_region(region.pk)) if region is not None else None
    if region is None:
        errors["region_code"] = _("Choose the village or community from the lists.")
    elif congress is None:
        errors["region_code"] = _("That place is not served by this platform.")
    name = (posting.citizen_name or "").strip()
    if not name:
        errors["citizen_name"] = _("Leave a name we can ask for when we call.")
    elif len(name) > NAME_LIMIT:
        errors["citizen_name"] = _("A name may have at most %(limit)d characters.") % {"limit": NAME_LIMIT}
    try:
        if not personal_data.normalise_phone(posting.phone):
            errors["phone"] = _("Leave a mobile number: with it and the tracking code you follow the wish.")
    except ValidationError as error:
        errors["phone"] = error.messages[0]
    if errors:
        raise ValidationError(errors)
    return region, congress


def _event(wish, action, *, user=None, label="", note=""):
    return WishEvent.objects.create(wish=wish, action=action, state=wish.state, note=note, by=user, by_label=label[:120], at=timezone.now())


def post(posting, *, user=None, station=None, channel=Wish.Channel.H5, idempotency_key=None):
    """Save a new wish, waiting for review; returns (wish, created). The same idempotency key always
    returns the wish it first created, so a double tap or a retry after a timeout never makes two."""
    if idempotency_key:
        existing = Wish.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing, False
    region, congress = validate_posting(posting)
    if station is not None and not (station.is_active and station.congress.is_active):
        station = None
    entered_by = _user(user)
    citizen = None
    if entered_by is not None and channel != Wish.Channel.STAFF_ENTRY and Role.CITIZEN in _actor(entered_by).roles:
        citizen = entered_by
    wish = Wish(title=posting.title.strip(), text=posting.text.strip(), for_whom=posting.for_whom.strip(), region=region, congress=congress,
                station=station, channel=channel, citizen_name=posting.citizen_name.strip(), citizen=citizen, posted_by=entered_by,
                posted_at=timezone.now(), idempotency_key=idempotency_key or None)
    wish.phone = posting.phone
    try:
        with transaction.atomic():
            wish.save()
            label = congress.name if channel == Wish.Channel.STAFF_ENTRY else _("Citizen")
            _event(wish, WishEvent.Action.POSTED, user=entered_by, label=label)
    except IntegrityError:
        existing = Wish.objects.filter(idempotency_key=idempotency_key).first() if idempotency_key else None
        if existing is None:
            raise
        return existing, False
    return wish, True


def may_review(user, wish):
    return _actor(user).may_edit_region(wish.congress.region_id)


def _require_staff(actor, wish):
    if not may_review(actor, wish):
        raise WishRefused(_("Only the staff of the congress that holds this wish may do this."))


@transaction.atomic
def post_for_citizen(user, posting, *, publish_now=False, station=None):
    """Congress staff enter a wish a citizen brought them (by phone, at a station); having read it
    themselves, they may put it on the wall at once."""
    actor = _actor(user)
    region, congress = validate_posting(posting)
    if not actor.may_edit_region(congress.region_id):
        raise ValidationError({"region_code": _("That place is outside your congress's area.")})
    wish, _created = post(posting, user=actor.user, station=station, channel=Wish.Channel.STAFF_ENTRY)
    if publish_now:
        wish = publish(actor, wish)
    return wish


def _locked(wish):
    return Wish.objects.select_for_update().select_related("congress__region").get(pk=wish.pk)


# --- The congress staff's review -------------------------------------------------------------------


@transaction.atomic
def publish(user, wish, *, title=None, text=None, for_whom=None):
    """Put the wish on the wall. Staff may correct the wording first (a name or a number the
    citizen typed into the text must not reach the wall)."""
    actor = _actor(user)
    wish = _locked(wish)
    _require_staff(actor, wish)
    if wish.state not in (Wish.State.REVIEWING, Wish.State.DECLINED):
        raise WishRefused(_("This wish has already been published."))
    title = wish.title if title is None else title.strip()
    text = wish.text if text is None else text.strip()
    for_whom = wish.for_whom if for_whom is None else for_whom.strip()
    errors = _wording_errors(title, text, for_whom)
    if errors:
        raise ValidationError(errors)
    wish.title, wish.text, wish.for_whom = title, text, for_whom
    wish.state, wish.decline_reason = Wish.State.PUBLISHED, ""
    wish.reviewed_by, wish.reviewed_at = _user(actor), timezone.now()
    wish.save()
    _event(wish, WishEvent.Action.PUBLISHED, user=_user(actor), label=wish.congress.name)
    return wish


@transaction.atomic
def decline(user, wish, *, reason):
    """Not for the wall (a matter for an opinion, a request for money, …); the citizen reads why."""
    actor = _actor(user)
    wish = _locked(wish)
    _require_staff(actor, wish)
    if wish.state != Wish.State.REVIEWING:
        raise WishRefused(_("Only a wish waiting for review can be declined."))
    reason = _reason(reason, _("Tell the citizen why, in at least %(minimum)d characters."))
    wish.state, wish.decline_reason = Wish.State.DECLINED, reason
    wish.reviewed_by, wish.reviewed_at = _user(actor), timezone.now()
    wish.save()
    _event(wish, WishEvent.Action.DECLINED, user=_user(actor), label=wish.congress.name, note=reason)
    return wish


def _reason(value, message, field="reason"):
    value = (value or "").strip()
    if len(value) < REASON_MINIMUM:
        raise ValidationError({field: message % {"minimum": REASON_MINIMUM}})
    if len(value) > REASON_LIMIT:
        raise ValidationError({field: _("At most %(limit)d characters.") % {"limit": REASON_LIMIT}})
    return value


# --- Claiming --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClaimOption:
    """One way the signed-in person may claim: as a representative, for one of their units, or as a volunteer."""

    key: str
    kind: str
    label: str
    representative: object = None
    unit: object = None


def serving_representatives(actor):
    return list(Representative.objects.filter(pk__in=actor.representative_ids, mandates__in=_current_mandates()).distinct().order_by("pk"))


def _current_mandates():
    from minyi.representatives.models import Mandate

    return Mandate.objects.current()


def claim_options(user):
    actor = _actor(user)
    options = []
    for representative in serving_representatives(actor):
        options.append(ClaimOption(f"representative:{representative.pk}", Wish.ClaimerKind.REPRESENTATIVE,
                                   _("As representative %(name)s") % {"name": representative.name}, representative=representative))
    for unit in Unit.objects.filter(pk__in=actor.unit_ids, is_active=True).order_by("name"):
        options.append(ClaimOption(f"unit:{unit.pk}", Wish.ClaimerKind.UNIT, _("For %(unit)s") % {"unit": unit.name}, unit=unit))
    if Role.CITIZEN in actor.roles:
        options.append(ClaimOption("volunteer", Wish.ClaimerKind.VOLUNTEER, _("As a volunteer")))
    return options


def _claimer_of(actor, option, volunteer_name):
    """(kind, representative, unit, name shown) for the chosen way of claiming, or a refusal."""
    if option is None:
        if actor.representative_ids and not serving_representatives(actor):
            raise WishRefused(_("Your mandate as a representative has ended: you can no longer claim wishes as a representative."))
        raise WishRefused(_("Sign in as a representative, a unit's staff member or a citizen to claim a wish."))
    if option.kind == Wish.ClaimerKind.VOLUNTEER:
        name = (volunteer_name or "").strip()
        if len(name) < 2:
            raise ValidationError({"name": _("Give the name shown on the wall, at least 2 characters (e.g. 张先生).")})
        if len(name) > NAME_LIMIT:
            raise ValidationError({"name": _("A name may have at most %(limit)d characters.") % {"limit": NAME_LIMIT}})
        if _has_long_number(name):
            raise ValidationError({"name": _("Leave phone, ID card and account numbers out: the wish is shown in public.")})
        return option.kind, None, None, name
    if option.kind == Wish.ClaimerKind.REPRESENTATIVE:
        return option.kind, option.representative, None, option.representative.name
    return option.kind, None, option.unit, option.unit.name


def is_claimer(user, wish):
    """Whether `user` holds the current claim: the representative's account, a staff member of the
    claiming unit, or the volunteer who claimed it."""
    actor = _actor(user)
    if wish.claimer_kind == Wish.ClaimerKind.REPRESENTATIVE:
        return wish.claimer_representative_id in actor.representative_ids
    if wish.claimer_kind == Wish.ClaimerKind.UNIT:
        return wish.claimer_unit_id in actor.unit_ids
    if wish.claimer_kind == Wish.ClaimerKind.VOLUNTEER:
        return actor.user is not None and wish.claimer_user_id == actor.user.pk
    return False


@transaction.atomic
def claim(user, wish, *, option_key, volunteer_name=""):
    """One claimer per wish: the first to claim it holds it until they fulfil it or give it back."""
    actor = _actor(user)
    option = next((o for o in claim_options(actor) if o.key == option_key), None)
    kind, representative, unit, name = _claimer_of(actor, option, volunteer_name)
    wish = _locked(wish)
    if wish.citizen_id is not None and actor.user is not None and wish.citizen_id == actor.user.pk:
        raise WishRefused(_("This is your own wish: someone else will claim it."))
    if wish.state in (Wish.State.CLAIMED, Wish.State.FULFILLED, Wish.State.CONFIRMED):
        if is_claimer(actor, wish):
            raise WishRefused(_("You have already claimed this wish."))
        raise WishRefused(_("Someone else has already claimed this wish. Choose another one on the wall."))
    if wish.state != Wish.State.PUBLISHED:
        raise WishRefused(_("This wish is not on the wall."))
    wish.state, wish.claimer_kind = Wish.State.CLAIMED, kind
    wish.claimer_representative, wish.claimer_unit, wish.claimer_user = representative, unit, _user(actor)
    wish.claimer_name, wish.claimed_at = name[:100], timezone.now()
    wish.save()
    _event(wish, WishEvent.Action.CLAIMED, user=_user(actor), label=wish.claimer_label)
    notify.citizen(wish, "claimed")
    return wish


def _require_claimer(actor, wish):
    if not is_claimer(actor, wish):
        raise WishRefused(_("Only the one who claimed this wish may do this."))


@transaction.atomic
def give_back(user, wish, *, reason):
    """The claimer cannot fulfil it after all: the wish returns to the wall for someone else."""
    actor = _actor(user)
    wish = _locked(wish)
    _require_claimer(actor, wish)
    if wish.state != Wish.State.CLAIMED:
        raise WishRefused(_("Only a claimed wish that is not yet fulfilled can be given back."))
    reason = _reason(reason, _("Say why you give it back, in at least %(minimum)d characters."))
    label = wish.claimer_label
    wish.state, wish.claimer_kind = Wish.State.PUBLISHED, ""
    wish.claimer_representative = wish.claimer_unit = wish.claimer_user = None
    wish.claimer_name, wish.claimed_at = "", None
    wish.save()
    _event(wish, WishEvent.Action.GIVEN_BACK, user=_user(actor), label=label, note=reason)
    return wish


# --- Fulfilling and confirming -----------------------------------------------------------------------


@transaction.atomic
def fulfil(user, wish, *, text, photos):
    """The claimer says what was done and shows it: `photos` as clean_photo made them,
    [(original name, full JPEG, thumbnail JPEG)], at least one."""
    actor = _actor(user)
    wish = _locked(wish)
    _require_claimer(actor, wish)
    if wish.state != Wish.State.CLAIMED:
        raise WishRefused(_("This wish is not waiting to be fulfilled."))
    text = (text or "").strip()
    errors = {}
    if len(text) < REASON_MINIMUM:
        errors["text"] = _("Say what was done, in at least %(minimum)d characters.") % {"minimum": REASON_MINIMUM}
    elif len(text) > PROOF_LIMIT:
        errors["text"] = _("At most %(limit)d characters.") % {"limit": PROOF_LIMIT}
    if not photos:
        errors["photos"] = _("Add at least one photo that shows the wish fulfilled.")
    elif len(photos) > MAX_PHOTOS:
        errors["photos"] = _("You chose %(count)d photos; at most %(limit)d can be sent.") % {"count": len(photos), "limit": MAX_PHOTOS}
    if errors:
        raise ValidationError(errors)
    wish.state, wish.proof_text, wish.fulfilled_at = Wish.State.FULFILLED, text, timezone.now()
    wish.save()
    event = _event(wish, WishEvent.Action.FULFILLED, user=_user(actor), label=wish.claimer_label, note=text)
    for original_name, full, thumbnail in photos:
        photo = WishPhoto(wish=wish, event=event, original_name=(original_name or "")[:200], uploaded_by=_user(actor))
        photo.file.save("photo.jpg", ContentFile(full), save=False)
        photo.thumbnail.save("thumb.jpg", ContentFile(thumbnail), save=False)
        photo.save()
    notify.citizen(wish, "fulfilled")
    return wish


def _require_fulfilled(wish):
    if wish.state == Wish.State.CONFIRMED:
        raise WishRefused(_("The receipt of this wish has already been confirmed."))
    if wish.state != Wish.State.FULFILLED:
        raise WishRefused(_("This wish has not been fulfilled yet."))


@transaction.atomic
def confirm_received(wish):
    """The citizen, having proven the tracking code and phone digits, says the wish arrived."""
    wish = _locked(wish)
    _require_fulfilled(wish)
    wish.state, wish.confirmed_at = Wish.State.CONFIRMED, timezone.now()
    wish.save()
    _event(wish, WishEvent.Action.CONFIRMED, label=_("Citizen"))
    notify.claimer(wish, "confirmed")
    return wish


@transaction.atomic
def report_not_received(wish, *, note):
    """The citizen says it has not arrived (or not as described): back to the claimer, with why."""
    wish = _locked(wish)
    _require_fulfilled(wish)
    note = _reason(note, _("Say what is missing, in at least %(minimum)d characters."), field="note")
    wish.state, wish.fulfilled_at = Wish.State.CLAIMED, None
    wish.save()
    _event(wish, WishEvent.Action.NOT_RECEIVED, label=_("Citizen"), note=note)
    notify.claimer(wish, "not_received")
    return wish


@transaction.atomic
def confirm_for_citizen(user, wish, *, reason):
    """Staff confirm receipt for a citizen who cannot (no phone of their own, cannot read), saying how they know."""
    actor = _actor(user)
    wish = _locked(wish)
    _require_staff(actor, wish)
    _require_fulfilled(wish)
    reason = _reason(reason, _("Say how you know the wish was received, in at least %(minimum)d characters."))
    wish.state, wish.confirmed_at = Wish.State.CONFIRMED, timezone.now()
    wish.confirmed_by, wish.confirmation_note = _user(actor), reason
    wish.save()
    _event(wish, WishEvent.Action.CONFIRMED, user=_user(actor), label=wish.congress.name, note=reason)
    notify.claimer(wish, "confirmed")
    return wish


# --- The citizen with a tracking code ----------------------------------------------------------------


def normalised_code(code):
    return (code or "").strip().upper().replace(" ", "").replace("-", "")


def find_by_code(code, phone_last4):
    """The wish with this tracking code when the last four digits of its phone match."""
    code = normalised_code(code)
    wish = Wish.objects.filter(code=code).first() if code.isalnum() and len(code) <= 12 else None
    if wish is None or not wish.phone_last4 or (phone_last4 or "").strip() != wish.phone_last4:
        raise CodeRefused
    return wish


# --- The citizen's phone -----------------------------------------------------------------------------


def may_see_contact(user, wish):
    """The staff of the holding congress, and a representative or unit holding the claim (they arrange
    the hand-over); a volunteer arranges it through the station or the staff instead."""
    if may_review(user, wish):
        return True
    return wish.claimer_kind in (Wish.ClaimerKind.REPRESENTATIVE, Wish.ClaimerKind.UNIT) and is_claimer(user, wish)


def reveal_phone(user, wish):
    """The citizen's whole phone number, for someone allowed to call them; each reading is audited."""
    from minyi.audit.models import AuditEntry
    from minyi.audit.services import write

    actor = _actor(user)
    if not may_see_contact(actor, wish):
        raise WishRefused(_("Only the congress staff and the representative or unit holding the claim may call the citizen."))
    write(AuditEntry.Action.ACTION, obj=wish, note="view_phone", user=_user(actor))
    return wish.phone
