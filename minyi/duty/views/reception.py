"""Reception days on the staff's desk and the representative's phone: the sessions by station (made
from the timetables and rosters, on demand or each morning), one session with who is on duty and
whether they checked in, the unit heads invited and whether they came, the opinions citizens raised
there and the form to enter one; on the phone, the representative on duty enters a citizen's
opinion. Views are thin: the rules live in minyi.duty.reception."""

import calendar
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minyi.accounts import access
from minyi.accounts.models import Role
from minyi.core import navigation
from minyi.opinions.forms import attach_service_errors
from minyi.organisations.models import Station
from minyi.organisations.views import public as public_station_pages
from minyi.representatives.models import Representative

from .. import reception
from ..forms_reception import ReceptionOpinionForm, SessionFilterForm, UnitGuestForm
from ..models import Activity, Attendance, Invitation
from ..services import DutyRefused, is_staff_of
from .desk import DESK_ROLES, _counts, _desk, _rows

PAST_DAYS = 7  # the desk's list starts a week back, to see the last sessions' check-ins and opinions


def register():
    navigation.register("desk", gettext_lazy("Reception days"), "duty:desk_receptions", roles=DESK_ROLES, icon="building-community",
                        order=292, section=gettext_lazy("Representatives' duty"))
    # The station's public page: who is on duty and which unit heads come, and what was held there.
    public_station_pages.register_reception_source(reception.public_receptions)
    public_station_pages.register_station_section(reception.public_station_section)


def _stations(actor):
    return (Station.objects.filter(actor.region_q("congress__region"), is_active=True)
            .select_related("congress__region", "region").order_by("congress__region_id", "name"))


def _generated_message(result):
    return _("New sessions: %(sessions)d; representatives invited: %(invited)d; invitations withdrawn: %(withdrawn)d (stations: %(stations)d).") % (
        result.as_dict())


def _generate(request, actor, stations):
    chosen = request.POST.get("station", "")
    if chosen:
        station = stations.filter(pk=chosen if chosen.isdigit() else 0).first()
        if station is None:
            raise Http404
        result = reception.generate_ahead(station, user=request.user)
    else:
        if not any(is_staff_of(actor, s.congress) for s in stations):
            raise PermissionDenied
        result = reception.generate_for_stations(user=request.user)
    messages.success(request, _generated_message(result))


@login_required
def desk_receptions(request):
    actor = _desk(request)
    stations = _stations(actor)
    if request.method == "POST":
        try:
            _generate(request, actor, stations)
        except DutyRefused as refusal:
            messages.error(request, str(refusal))
        query = request.GET.urlencode()
        return redirect(reverse("duty:desk_receptions") + (f"?{query}" if query else ""))
    filters = SessionFilterForm(request.GET or None, stations=stations)
    today = timezone.localdate()
    start, end = today - datetime.timedelta(days=PAST_DAYS), today + datetime.timedelta(days=reception.AHEAD_DAYS - 1)
    shown = stations
    if filters.is_valid():
        if filters.cleaned_data["station"] is not None:
            shown = stations.filter(pk=filters.cleaned_data["station"].pk)
        month = filters.cleaned_data["month"]
        if month is not None:
            start, end = month, month.replace(day=calendar.monthrange(month.year, month.month)[1])
    shown = list(shown.prefetch_related("reception_rules", "reception_exceptions"))
    since = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    until = timezone.make_aware(datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min))
    sessions = (Activity.objects.filter(kind=Activity.Kind.RECEPTION, station__in=shown, starts_at__gte=since, starts_at__lt=until)
                .annotate(invited_count=Count("invitations", distinct=True),
                          present_count=Count("attendances", filter=Q(attendances__state=Attendance.State.CONFIRMED), distinct=True),
                          raised_count=Count("activity_matters", distinct=True), guest_count=Count("unit_guests", distinct=True))
                .prefetch_related(Prefetch("invitations", queryset=Invitation.objects.select_related("representative").order_by("representative__name")))
                .order_by("starts_at", "pk"))
    by_station = {}
    for session in sessions:
        by_station.setdefault(session.station_id, []).append(session)
    groups = []
    for station in shown:
        slots = reception.timetable_slots(station, start, end)
        rows = [{"session": s, "in_timetable": reception.in_timetable(s, slots)} for s in by_station.get(station.pk, [])]
        made = {(timezone.localtime(r["session"].starts_at).date(), timezone.localtime(r["session"].starts_at).time()) for r in rows}
        missing = sorted(slot for slot in slots if slot not in made and slot[0] >= today)
        groups.append({"station": station, "rows": rows, "missing": missing, "may_write": is_staff_of(actor, station.congress)})
    return render(request, "duty/desk/reception_list.html", {
        "groups": groups, "filters": filters, "start": start, "end": end, "ahead_days": reception.AHEAD_DAYS,
        "may_generate": any(is_staff_of(actor, station.congress) for station in stations),
        "query": request.GET.urlencode(),
    })


def _session(request, pk):
    actor = _desk(request)
    activity = (Activity.objects.filter(actor.region_q("congress__region"), kind=Activity.Kind.RECEPTION, station__isnull=False, pk=pk)
                .select_related("congress__region", "station__region").first())
    if activity is None:
        raise Http404
    return actor, activity


def _on_duty(activity):
    return list(Representative.objects.filter(pk__in=reception.on_duty_ids(activity)).order_by("name", "pk"))


def _matter_rows(activity):
    return [{"matter": m, "status": m.policy.states[m.status].label} for m in reception.raised_at(activity)]


@login_required
def desk_reception(request, pk):
    actor, activity = _session(request, pk)
    may_write = is_staff_of(actor, activity.congress)
    refusal = reception.entry_refusal(actor, activity) if may_write else ""
    on_duty = _on_duty(activity)
    opinion_form = ReceptionOpinionForm(station=activity.station, representatives=on_duty)
    guest_form = UnitGuestForm(activity=activity)
    status = 200
    if request.method == "POST":
        if not may_write:
            raise PermissionDenied
        action = request.POST.get("action", "")
        try:
            if action == "opinion":
                opinion_form = ReceptionOpinionForm(request.POST, station=activity.station, representatives=on_duty)
                if opinion_form.is_valid():
                    try:
                        matter, _created = reception.raise_opinion(
                            request.user, activity, opinion_form.submission(), representative=opinion_form.cleaned_data.get("representative"),
                            idempotency_key=opinion_form.cleaned_data["idempotency_key"] or None)
                    except ValidationError as error:
                        attach_service_errors(opinion_form, error)
                    else:
                        messages.success(request, _("The opinion was entered; its tracking code for the citizen is %(code)s.") % {"code": matter.tracking_code})
                        return redirect("duty:desk_reception", pk=activity.pk)
                status = 400
            elif action == "invite_guest":
                guest_form = UnitGuestForm(request.POST, activity=activity)
                if guest_form.is_valid():
                    reception.invite_unit_head(request.user, activity, **guest_form.cleaned_data)
                    messages.success(request, _("The unit head was invited."))
                    return redirect("duty:desk_reception", pk=activity.pk)
                status = 400
            elif action in ("guest_came", "guest_absent", "guest_withdraw"):
                guest = activity.unit_guests.filter(pk=request.POST.get("guest") if (request.POST.get("guest") or "").isdigit() else 0).first()
                if guest is None:
                    raise Http404
                if action == "guest_withdraw":
                    reception.withdraw_unit_head(request.user, guest)
                    messages.success(request, _("The invitation of the unit head was withdrawn."))
                else:
                    reception.record_guest_presence(request.user, guest, present=action == "guest_came")
                    messages.success(request, _("Recorded."))
                return redirect("duty:desk_reception", pk=activity.pk)
            elif action == "remove":
                reception.remove_session(request.user, activity)
                messages.success(request, _("The session was removed."))
                return redirect("duty:desk_receptions")
            else:
                messages.error(request, _("Unknown action."))
                return redirect("duty:desk_reception", pk=activity.pk)
        except DutyRefused as error:
            if action == "opinion":
                opinion_form.add_error(None, str(error))
            elif action == "invite_guest":
                guest_form.add_error(None, str(error))
            else:
                messages.error(request, str(error))
                return redirect("duty:desk_reception", pk=activity.pk)
            status = 400
    now = timezone.now()
    day = timezone.localtime(activity.starts_at).date()
    in_timetable = reception.in_timetable(activity, reception.timetable_slots(activity.station, day, day))
    return render(request, "duty/desk/reception_detail.html", {
        "activity": activity, "station": activity.station, "may_write": may_write, "rows": _rows(activity), "counts": _counts(activity),
        "guests": list(activity.unit_guests.select_related("unit")), "raised": _matter_rows(activity),
        "opinion_form": opinion_form if may_write and not refusal else None, "entry_refusal": refusal,
        "guest_form": guest_form if may_write and activity.ends_at > now else None,
        "started": activity.starts_at <= now, "in_timetable": in_timetable,
        "may_remove": may_write and not in_timetable and activity.starts_at > now,
    }, status=status)


@login_required
def rep_reception(request, pk):
    """The representative on duty types in what a citizen raises at the session, on its day."""
    actor = access.require_role(request.user, Role.REPRESENTATIVE, request=request)
    activity = (Activity.objects.filter(pk=pk, kind=Activity.Kind.RECEPTION, station__isnull=False)
                .select_related("congress__region", "station__region").first())
    if activity is None or not reception.on_duty_ids(activity) & set(actor.representative_ids):
        raise Http404
    refusal = reception.entry_refusal(actor, activity)
    form = ReceptionOpinionForm(request.POST or None, station=activity.station)
    status = 200
    if request.method == "POST":
        status = 400
        if refusal:
            form.is_valid()
        elif form.is_valid():
            try:
                matter, _created = reception.raise_opinion(request.user, activity, form.submission(),
                                                           idempotency_key=form.cleaned_data["idempotency_key"] or None)
            except ValidationError as error:
                attach_service_errors(form, error)
            except DutyRefused as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The opinion was entered; its tracking code for the citizen is %(code)s.") % {"code": matter.tracking_code})
                return redirect("duty:rep_reception", pk=activity.pk)
    return render(request, "duty/mobile/reception_opinion.html", {
        "activity": activity, "station": activity.station, "form": form, "refusal": refusal, "raised": _matter_rows(activity),
        "page_title": _("Reception day"), "back_url": reverse("duty:rep_activity", args=[activity.pk]),
    }, status=status)
