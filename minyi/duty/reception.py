"""Reception days (代表接待选民日, with unit heads when invited: 局长进站).

A station's timetable (organisations.reception) and its duty roster become concrete sessions: one
duty Activity of kind "reception" per station and start time, the rostered representatives invited.
The representatives' attendance is the ordinary check-in with the session's code; what citizens
raise there is entered as an opinion of the station and runs the closed loop like any other, linked
to the session by an ActivityMatter.

Refusals are DutyRefused with a message for the person who tried."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from minyi.matters.models import Channel
from minyi.opinions import services as opinions
from minyi.organisations.models import DutyRoster, Station, Unit
from minyi.organisations.public_data import PublicPerson
from minyi.organisations.reception import reception_days
from minyi.regions.models import within
from minyi.representatives.models import Representative

from .models import Activity, ActivityMatter, Attendance, Invitation, UnitGuest
from .services import DutyRefused, _actor, _require_staff, _user, is_staff_of

AHEAD_DAYS = 28  # the sessions generated: today and the next four weeks
RECENT_PUBLIC = 10  # past activities a station's public page lists


@dataclass
class Generated:
    """What one generation did, summed over the stations it ran for."""

    stations: int = 0
    sessions: int = 0
    invited: int = 0
    withdrawn: int = 0

    def add(self, other):
        self.stations += other.stations
        self.sessions += other.sessions
        self.invited += other.invited
        self.withdrawn += other.withdrawn
        return self

    def as_dict(self):
        return {"stations": self.stations, "sessions": self.sessions, "invited": self.invited, "withdrawn": self.withdrawn}


def is_reception_session(activity):
    return activity.kind == Activity.Kind.RECEPTION and activity.station_id is not None


def _moment(day, time):
    return timezone.make_aware(datetime.datetime.combine(day, time))


def _local_day(moment):
    return timezone.localtime(moment).date()


def session_title(station):
    # Stored once for everyone: in the deployment's language, not in that of whoever clicked.
    with translation.override(settings.LANGUAGE_CODE):
        return _("%(station)s reception day") % {"station": station.name}


def timetable_slots(station, start, end):
    """{(date, start time)} of the station's receptions from `start` to `end`, exceptions applied."""
    return {(reception.date, reception.start_time) for reception in reception_days(station, start, end)}


def in_timetable(activity, slots):
    moment = timezone.localtime(activity.starts_at)
    return (moment.date(), moment.time().replace(tzinfo=None)) in slots


@transaction.atomic
def generate_sessions(station, start, end, *, user=None):
    """The station's reception sessions from `start` to `end` (dates, both included): one activity
    per start time, made once; the representatives rostered on its day invited. Run again, it adds
    those rostered since and withdraws, from sessions not yet begun, the invitations of those taken
    off the roster who have not checked in. `user` is None for the daily task."""
    if user is not None:
        _require_staff(_actor(user), station.congress)
    # One generation per station at a time: the daily task and a click on the desk make no twins.
    station = Station.objects.select_for_update().select_related("congress").get(pk=station.pk)
    result = Generated(stations=1)
    receptions = reception_days(station, start, end)
    if not receptions:
        return result
    moments = sorted({(_moment(r.date, r.start_time), _moment(r.date, r.end_time)) for r in receptions})
    existing = {a.starts_at: a for a in Activity.objects.filter(station=station, kind=Activity.Kind.RECEPTION,
                                                                starts_at__in=[starts for starts, _ends in moments])}
    title = session_title(station)
    for starts_at, ends_at in moments:
        if starts_at in existing:
            continue
        existing[starts_at] = Activity.objects.create(
            congress=station.congress, kind=Activity.Kind.RECEPTION, title=title, starts_at=starts_at, ends_at=ends_at,
            place=station.address or station.name, latitude=station.latitude, longitude=station.longitude, organiser=station.name,
            station=station, created_by=_user(user) if user is not None else None,
        )
        result.sessions += 1
    rostered = {}
    for day, representative_id in DutyRoster.objects.filter(station=station, date__in={r.date for r in receptions}).values_list("date", "representative_id"):
        rostered.setdefault(day, set()).add(representative_id)
    sessions = list({existing[starts].pk: existing[starts] for starts, _ends in moments}.values())
    invited = set(Invitation.objects.filter(activity__in=sessions).values_list("activity_id", "representative_id"))
    checked_in = set(Attendance.objects.filter(activity__in=sessions).values_list("activity_id", "representative_id"))
    now = timezone.now()
    new, stale = [], Q(pk__in=[])
    for session in sessions:
        on_duty = rostered.get(_local_day(session.starts_at), set())
        new += [Invitation(activity=session, representative_id=rep) for rep in sorted(on_duty) if (session.pk, rep) not in invited]
        if session.starts_at > now:
            gone = {rep for activity_id, rep in invited if activity_id == session.pk and rep not in on_duty and (session.pk, rep) not in checked_in}
            if gone:
                stale |= Q(activity=session, representative_id__in=gone)
    Invitation.objects.bulk_create(new)
    result.invited = len(new)
    result.withdrawn, _by_model = Invitation.objects.filter(stale).delete()
    return result


def generate_ahead(station, *, user=None, today=None):
    today = today or timezone.localdate()
    return generate_sessions(station, today, today + datetime.timedelta(days=AHEAD_DAYS - 1), user=user)


def stations_to_generate(user=None):
    """Active stations of active congresses; with a user, those whose congress's staff they are."""
    stations = Station.objects.filter(is_active=True, congress__is_active=True).select_related("congress__region").order_by("pk")
    if user is not None:
        actor = _actor(user)
        stations = [s for s in stations.filter(actor.region_q("congress__region")) if is_staff_of(actor, s.congress)]
    return stations


def generate_for_stations(*, user=None, today=None):
    """The next four weeks for every active station (the daily task) or for those of `user`."""
    total = Generated()
    for station in stations_to_generate(user):
        total.add(generate_ahead(station, user=user, today=today))
    return total


@transaction.atomic
def remove_session(user, activity):
    """A session the timetable no longer has (a reception cancelled or moved after it was made),
    before it begins and while nothing is recorded on it."""
    actor = _actor(user)
    _require_staff(actor, activity.congress)
    activity = Activity.objects.select_for_update(of=("self",)).select_related("station").get(pk=activity.pk)
    if not is_reception_session(activity):
        raise DutyRefused(_("This is not a reception session of a station."))
    if activity.starts_at <= timezone.now():
        raise DutyRefused(_("A session that has begun stays on record."))
    day = _local_day(activity.starts_at)
    if in_timetable(activity, timetable_slots(activity.station, day, day)):
        raise DutyRefused(_("This session is in the station's timetable. To call it off, record the cancellation in the station's timetable first."))
    if activity.attendances.exists() or activity.activity_matters.exists() or activity.unit_guests.exists():
        raise DutyRefused(_("Something is already recorded on this session (a check-in, an opinion or an invited unit head): it stays."))
    activity.delete()


# --- Unit heads (局长进站) -------------------------------------------------------------------------


def units_for(activity):
    """The active units a session's congress may invite: those of its region and below."""
    region = activity.congress.region
    return Unit.objects.filter(within("region__code", region.prefix), is_active=True).order_by("region_id", "name")


@transaction.atomic
def invite_unit_head(user, activity, *, unit, name, position=""):
    _require_staff(_actor(user), activity.congress)
    if not is_reception_session(activity):
        raise DutyRefused(_("Unit heads are invited to reception sessions of a station."))
    if activity.ends_at <= timezone.now():
        raise DutyRefused(_("The session is over: invite unit heads before it."))
    if not units_for(activity).filter(pk=unit.pk).exists():
        raise DutyRefused(_("Choose an active unit of the congress's region."))
    name, position = (name or "").strip(), (position or "").strip()
    if not name:
        raise DutyRefused(_("Give the name of the unit head."))
    return UnitGuest.objects.create(activity=activity, unit=unit, name=name[:50], position=position[:100])


@transaction.atomic
def record_guest_presence(user, guest, *, present):
    guest = UnitGuest.objects.select_for_update().select_related("activity__congress__region").get(pk=guest.pk)
    _require_staff(_actor(user), guest.activity.congress)
    if guest.activity.starts_at > timezone.now():
        raise DutyRefused(_("Whether a unit head came is recorded once the session has begun."))
    guest.present = bool(present)
    guest.save(update_fields=["present"])
    return guest


@transaction.atomic
def withdraw_unit_head(user, guest):
    guest = UnitGuest.objects.select_for_update().select_related("activity__congress__region").get(pk=guest.pk)
    _require_staff(_actor(user), guest.activity.congress)
    if guest.activity.starts_at <= timezone.now():
        raise DutyRefused(_("The session has begun: record whether the unit head came instead."))
    guest.delete()


# --- Opinions raised at a session ------------------------------------------------------------------


def on_duty_ids(activity):
    """The representatives invited to the session or recorded at it (a rejected scan aside)."""
    invited = set(activity.invitations.values_list("representative_id", flat=True))
    present = set(activity.attendances.exclude(state=Attendance.State.REJECTED).values_list("representative_id", flat=True))
    return invited | present


def entry_refusal(actor, activity):
    """Why `actor` may not enter an opinion at this session now, or "" when they may."""
    actor = _actor(actor)
    if not is_reception_session(activity):
        return _("Opinions are entered here for reception sessions of a station.")
    today, day = timezone.localdate(), _local_day(activity.starts_at)
    if is_staff_of(actor, activity.congress):
        return _("Opinions raised at a session are entered from the session's day on.") if today < day else ""
    if not on_duty_ids(activity) & set(actor.representative_ids):
        return _("Only the representatives on duty at this session enter what citizens raise there.")
    if today != day:
        return _("You enter what citizens raise at this session on the session's day (%(day)s).") % {"day": day.isoformat()}
    return ""


def raise_opinion(user, activity, submission, *, representative=None, idempotency_key=None):
    """What a citizen raises at a reception session, entered for them by a representative on duty
    (the opinion is theirs) or by the congress's staff (naming the representative who received
    it). It opens as an opinion of the station in the loop, first with the representative, and is
    linked to the session. Returns (matter, created); bad input is the opinions' ValidationError."""
    actor = _actor(user)
    refusal = entry_refusal(actor, activity)
    if refusal:
        raise DutyRefused(refusal)
    on_duty = on_duty_ids(activity)
    if is_staff_of(actor, activity.congress):
        channel = Channel.STAFF_ENTRY
        if representative is not None and representative.pk not in on_duty:
            raise DutyRefused(_("Choose one of the representatives on duty at this session."))
    else:
        channel = Channel.REPRESENTATIVE_ON_BEHALF
        representative = Representative.objects.get(pk=min(on_duty & set(actor.representative_ids)))
    with transaction.atomic():
        matter, created = opinions.submit(submission, actor=user, channel=channel, representative=representative,
                                          station=activity.station, idempotency_key=idempotency_key)
        ActivityMatter.objects.get_or_create(matter=matter, defaults={"activity": activity})
    return matter, created


def raised_at(activity):
    """The matters raised at the session, newest first, with what their lists show."""
    links = activity.activity_matters.select_related("matter__representative").order_by("-matter__created_at", "-matter_id")
    return [link.matter for link in links]


# --- The station's public page --------------------------------------------------------------------


def _day_bounds(start, end):
    return _moment(start, datetime.time.min), _moment(end + datetime.timedelta(days=1), datetime.time.min)


def public_receptions(public_code, start, end):
    """{(date, start time): {"on_duty": [PublicPerson], "guests": [(unit, position)]}} for the
    station's public sessions from `start` to `end`: who is invited and which unit heads come.
    Three queries however many sessions there are."""
    since, until = _day_bounds(start, end)
    sessions = (Activity.objects.filter(station__public_code=public_code, station__is_active=True, kind=Activity.Kind.RECEPTION,
                                        public=True, starts_at__gte=since, starts_at__lt=until)
                .only("pk", "starts_at")
                .prefetch_related(Prefetch("invitations", queryset=Invitation.objects.select_related("representative").order_by("representative__name", "pk")),
                                  Prefetch("unit_guests", queryset=UnitGuest.objects.select_related("unit").exclude(present=False).order_by("pk"))))
    details = {}
    for session in sessions:
        moment = timezone.localtime(session.starts_at)
        details[(moment.date(), moment.time().replace(tzinfo=None))] = {
            "on_duty": [PublicPerson(i.representative.public_code, i.representative.name) for i in session.invitations.all()],
            # By unit and position only: a head's name is not for the public page.
            "guests": [(g.unit.name, g.position) for g in session.unit_guests.all()],
        }
    return details


def public_recent_activities(public_code):
    """The latest public activities held at the station: what, when, how many representatives came
    and how many opinions were raised; no one's name or number. One query."""
    activities = (Activity.objects.filter(station__public_code=public_code, station__is_active=True, public=True, ends_at__lt=timezone.now())
                  .annotate(present=Count("attendances", filter=Q(attendances__state=Attendance.State.CONFIRMED), distinct=True),
                            raised=Count("activity_matters", distinct=True))
                  .only("pk", "kind", "title", "starts_at", "ends_at")
                  .order_by("-starts_at", "-pk")[:RECENT_PUBLIC])
    return [{"date": _local_day(a.starts_at), "kind": a.get_kind_display(), "title": a.title, "present": a.present, "raised": a.raised}
            for a in activities]


def public_station_section(public_code):
    return {"template": "duty/public/reception_station_activities.html", "context": {"activities": public_recent_activities(public_code)}}
