"""Recording duty: activities and invitations, the 履职码 check-in (with its time window and optional
place), attendance recorded by hand, staff decisions on unplanned attendance, leave from sessions and
the flag for two unapproved absences from sessions (代表法 第62条).

Refusals are DutyRefused with a message for the person who tried; nothing is counted twice."""

import datetime
import math

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from minyi.accounts import access
from minyi.representatives.models import Mandate, Representative

from .models import Activity, Attendance, Invitation, LeaveRequest

EARLY = datetime.timedelta(hours=1)  # a code works from an hour before the start…
LATE = datetime.timedelta(hours=24)  # …and is recorded for staff to confirm up to a day after the end
ABSENCES_FLAGGED = 2


class DutyRefused(Exception):
    """A step that is not allowed; the message says why in words for the person who tried."""


def _actor(user):
    return user if isinstance(user, access.Actor) else access.actor_for(user)


def _user(actor):
    user = getattr(actor, "user", actor)
    return user if getattr(user, "is_authenticated", False) else None


def is_staff_of(actor, congress):
    return _actor(actor).may_edit_region(congress.region_id)


def _require_staff(actor, congress):
    if not is_staff_of(actor, congress):
        raise DutyRefused(_("Only the congress's staff may do this."))


@transaction.atomic
def create_activity(user, *, congress, invited=(), **fields):
    actor = _actor(user)
    _require_staff(actor, congress)
    activity = Activity(congress=congress, created_by=_user(actor), **fields)
    if activity.ends_at <= activity.starts_at:
        raise DutyRefused(_("An activity ends after it starts."))
    if activity.radius_m and (activity.latitude is None or activity.longitude is None):
        raise DutyRefused(_("To accept check-ins only near the place, give the place's position."))
    activity.save()
    invite(actor, activity, invited)
    return activity


@transaction.atomic
def update_activity(user, activity, *, invited, **fields):
    """Change an activity's details and who is invited. An invitation is withdrawn only from those
    not yet recorded there and without a leave request: what happened stays on record."""
    actor = _actor(user)
    activity = Activity.objects.select_for_update().select_related("congress__region").get(pk=activity.pk)
    _require_staff(actor, activity.congress)
    for name, value in fields.items():
        setattr(activity, name, value)
    if activity.ends_at <= activity.starts_at:
        raise DutyRefused(_("An activity ends after it starts."))
    if activity.radius_m and (activity.latitude is None or activity.longitude is None):
        raise DutyRefused(_("To accept check-ins only near the place, give the place's position."))
    activity.save()
    wanted = {r.pk for r in invited}
    kept = set(activity.attendances.values_list("representative_id", flat=True)) | set(activity.leave_requests.values_list("representative_id", flat=True))
    activity.invitations.exclude(representative_id__in=wanted | kept).delete()
    invite(actor, activity, invited)
    return activity


def invite(user, activity, representatives):
    _require_staff(_actor(user), activity.congress)
    existing = set(activity.invitations.values_list("representative_id", flat=True))
    Invitation.objects.bulk_create(Invitation(activity=activity, representative=r) for r in representatives if r.pk not in existing)


def distance_m(lat1, lon1, lat2, lon2):
    """Great-circle distance in metres (haversine): enough to tell the hall from the next street."""
    lat1, lon1, lat2, lon2 = (math.radians(float(v)) for v in (lat1, lon1, lat2, lon2))
    a = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371000 * 2 * math.asin(math.sqrt(a))


def activity_for_code(code):
    code = (code or "").strip()
    if not code or len(code) > 32 or not code.isalnum():
        return None
    return Activity.objects.select_related("congress__region").filter(code=code).first()


def _why_unplanned(activity, representative, now, latitude, longitude):
    if not activity.invitations.filter(representative=representative).exists():
        return _("not invited to this activity")
    if now < activity.starts_at - EARLY or now > activity.ends_at:
        return _("scanned outside the activity's time")
    if activity.radius_m:
        if latitude is None or longitude is None:
            return _("no position from the phone")
        if distance_m(activity.latitude, activity.longitude, latitude, longitude) > activity.radius_m:
            return _("scanned away from the place")
    return ""


def check_in(user, code, *, latitude=None, longitude=None):
    """A representative scans an activity's code. Returns (attendance, created); a second scan gives
    the first record back. Outside the window, away from the place or uninvited, the attendance waits
    for staff to confirm it."""
    actor = _actor(user)
    activity = activity_for_code(code)
    if activity is None:
        raise DutyRefused(_("This is not a check-in code of any activity. Scan the code shown at the activity."))
    if not actor.representative_ids:
        raise DutyRefused(_("Only representatives check in to activities."))
    now = timezone.now()
    if now > activity.ends_at + LATE:
        raise DutyRefused(_("This activity's code has expired. Ask the organiser to record your attendance."))
    representatives = Representative.objects.filter(pk__in=actor.representative_ids)
    serving = [r for r in representatives if Mandate.objects.covering(timezone.localdate()).filter(representative=r).exists()]
    if not serving:
        raise DutyRefused(_("Your mandate has ended: attendance is no longer recorded for you."))
    representative = serving[0]
    existing = Attendance.objects.filter(activity=activity, representative=representative).first()
    if existing is not None:
        return existing, False
    why = _why_unplanned(activity, representative, now, latitude, longitude)
    try:
        with transaction.atomic():
            attendance = Attendance.objects.create(
                activity=activity, representative=representative, how=Attendance.How.CODE, at=now, recorded_by=_user(actor),
                state=Attendance.State.PENDING if why else Attendance.State.CONFIRMED, unplanned_reason=why,
            )
    except IntegrityError:  # the same phone scanning twice at once
        return Attendance.objects.get(activity=activity, representative=representative), False
    return attendance, True


@transaction.atomic
def record_by_hand(user, activity, representative, *, reason):
    """Staff record a representative present who could not scan (no phone), with the reason."""
    actor = _actor(user)
    _require_staff(actor, activity.congress)
    if not (reason or "").strip():
        raise DutyRefused(_("Say why the attendance is recorded by hand (e.g. no smartphone)."))
    attendance, created = Attendance.objects.get_or_create(
        activity=activity, representative=representative,
        defaults={"how": Attendance.How.HAND, "at": timezone.now(), "recorded_by": _user(actor), "note": reason.strip()[:300],
                  "decided_by": _user(actor), "decided_at": timezone.now()},
    )
    if not created:
        raise DutyRefused(_("%(name)s is already recorded for this activity.") % {"name": representative.name})
    return attendance


@transaction.atomic
def decide_attendance(user, attendance, *, accept, note=""):
    actor = _actor(user)
    attendance = Attendance.objects.select_for_update().select_related("activity__congress__region").get(pk=attendance.pk)
    _require_staff(actor, attendance.activity.congress)
    if attendance.state != Attendance.State.PENDING:
        raise DutyRefused(_("This attendance has been decided."))
    attendance.state = Attendance.State.CONFIRMED if accept else Attendance.State.REJECTED
    attendance.note = (note or "").strip()[:300]
    attendance.decided_by, attendance.decided_at = _user(actor), timezone.now()
    attendance.save()
    return attendance


@transaction.atomic
def request_leave(user, activity, *, reason):
    actor = _actor(user)
    if activity.kind != Activity.Kind.SESSION:
        raise DutyRefused(_("Leave is asked for congress sessions and meetings."))
    if timezone.now() > activity.ends_at:
        raise DutyRefused(_("The session is over: leave is asked for before it."))
    representative = activity.invitations.filter(representative_id__in=actor.representative_ids).values_list("representative", flat=True).first()
    if representative is None:
        raise DutyRefused(_("You are not expected at this session."))
    if not (reason or "").strip():
        raise DutyRefused(_("Give the reason for your absence."))
    leave, created = LeaveRequest.objects.get_or_create(
        activity=activity, representative_id=representative, defaults={"reason": reason.strip()[:300], "requested_at": timezone.now()})
    if not created:
        raise DutyRefused(_("You have already asked for leave from this session."))
    return leave


@transaction.atomic
def decide_leave(user, leave, *, approve):
    actor = _actor(user)
    leave = LeaveRequest.objects.select_for_update().select_related("activity__congress__region").get(pk=leave.pk)
    _require_staff(actor, leave.activity.congress)
    if leave.state != LeaveRequest.State.REQUESTED:
        raise DutyRefused(_("This leave request has been decided."))
    leave.state = LeaveRequest.State.APPROVED if approve else LeaveRequest.State.REFUSED
    leave.decided_by, leave.decided_at = _user(actor), timezone.now()
    leave.save()
    return leave


def unapproved_absences(congress, *, now=None):
    """{representative: [sessions missed without approved leave]} for the congress's past sessions to
    which they were invited; those with two or more are flagged (代表法 第62条)."""
    now = now or timezone.now()
    sessions = Activity.objects.filter(congress=congress, kind=Activity.Kind.SESSION, ends_at__lt=now)
    missed = {}
    invitations = Invitation.objects.filter(activity__in=sessions).select_related("representative", "activity")
    present = set(Attendance.objects.filter(activity__in=sessions, state=Attendance.State.CONFIRMED).values_list("activity_id", "representative_id"))
    excused = set(LeaveRequest.objects.filter(activity__in=sessions, state=LeaveRequest.State.APPROVED).values_list("activity_id", "representative_id"))
    for invitation in invitations:
        key = (invitation.activity_id, invitation.representative_id)
        if key not in present and key not in excused:
            missed.setdefault(invitation.representative, []).append(invitation.activity)
    return missed


def flagged_for_absence(congress, *, now=None):
    return {rep: sessions for rep, sessions in unapproved_absences(congress, now=now).items() if len(sessions) >= ABSENCES_FLAGGED}
