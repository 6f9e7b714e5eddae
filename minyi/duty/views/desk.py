"""The congress staff's desk for duty activities: the list with attendance counts, a new activity
with its invited representatives, one activity with its 履职码 (and a full-screen page to show it),
the invited and who came, attendance by hand, staff decisions on waiting scans and on leave, and the
representatives flagged for unapproved absences from sessions. Leaders see the same without the
buttons; staff of another congress do not find the activity at all."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minyi.accounts import access
from minyi.accounts.models import Role
from minyi.core import navigation, qr
from minyi.organisations.models import Congress

from .. import services
from ..forms_desk import ActivityForm, ByHandForm, FilterForm
from ..models import Activity, Attendance, LeaveRequest
from ..services import DutyRefused

DESK_ROLES = {Role.CONGRESS_STAFF, Role.LEADER, Role.SYSTEM_ADMIN}


def register():
    section = gettext_lazy("Representatives' duty")
    navigation.register("desk", gettext_lazy("Duty activities"), "duty:desk_list", roles=DESK_ROLES, icon="calendar-event", order=290, section=section)
    navigation.register("desk", gettext_lazy("Absences from sessions"), "duty:desk_absences", roles=DESK_ROLES, icon="user-x", order=291, section=section)


def _desk(request):
    return access.require_role(request.user, Role.CONGRESS_STAFF, Role.LEADER, request=request)


def _activities(actor):
    return Activity.objects.select_related("congress__region").filter(actor.region_q("congress__region"))


def _activity(request, pk):
    actor = _desk(request)
    activity = _activities(actor).select_related("station", "group", "session").filter(pk=pk).first()
    if activity is None:
        raise Http404
    return actor, activity


def _congresses(actor):
    congresses = Congress.objects.filter(is_active=True).select_related("region").order_by("region_id")
    return list(congresses if actor.is_system_admin else congresses.filter(pk__in=actor.congress_ids))


def _may_create(actor):
    return actor.is_system_admin or Role.CONGRESS_STAFF in actor.roles


def checkin_url(activity):
    """The address the representatives' phones open when they scan the code."""
    try:
        path = reverse("duty:checkin", kwargs={"code": activity.code})
    except NoReverseMatch:  # the representatives' pages are not wired in yet
        path = f"/duty/c/{activity.code}/"
    return qr.absolute_url(path)


@login_required
def desk_list(request):
    actor = _desk(request)
    filters = FilterForm(request.GET or None)
    activities = _activities(actor)
    if filters.is_valid():
        if filters.cleaned_data["kind"]:
            activities = activities.filter(kind=filters.cleaned_data["kind"])
        month = filters.cleaned_data["month"]
        if month:
            activities = activities.filter(starts_at__year=month.year, starts_at__month=month.month)
    activities = activities.annotate(
        invited_count=Count("invitations", distinct=True),
        present_count=Count("attendances", filter=Q(attendances__state=Attendance.State.CONFIRMED), distinct=True),
        waiting_count=Count("attendances", filter=Q(attendances__state=Attendance.State.PENDING), distinct=True),
    ).order_by("-starts_at", "-pk")[:300]
    return render(request, "duty/desk/list.html", {"activities": activities, "filters": filters, "may_create": _may_create(actor)})


@login_required
def desk_new(request):
    actor = _desk(request)
    if not _may_create(actor):
        raise PermissionDenied
    form = ActivityForm(request.POST or None, congresses=_congresses(actor))
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.create_activity(
                request.user, congress=form.cleaned_data["congress"], invited=list(form.cleaned_data["invited"]), **form.activity_fields())
        except DutyRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("The activity was created. Show its check-in code at the place."))
            return redirect("duty:desk_detail", pk=activity.pk)
    return render(request, "duty/desk/new.html", {"form": form}, status=400 if request.method == "POST" else 200)


@login_required
def desk_edit(request, pk):
    actor, activity = _activity(request, pk)
    if not services.is_staff_of(actor, activity.congress):
        raise PermissionDenied
    initial = {"invited": list(activity.invitations.values_list("representative_id", flat=True))}
    form = ActivityForm(request.POST or None, instance=activity, initial=initial, congresses=[activity.congress])
    form.fields["congress"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.update_activity(request.user, activity, invited=list(form.cleaned_data["invited"]), **form.activity_fields())
        except DutyRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("The activity was changed."))
            return redirect("duty:desk_detail", pk=activity.pk)
    return render(request, "duty/desk/new.html", {"form": form, "activity": activity}, status=400 if request.method == "POST" else 200)


def _rows(activity):
    """Each invited representative with how they attended (or not) and their leave; then those who
    scanned without an invitation."""
    now = timezone.now()
    attendances = {a.representative_id: a for a in activity.attendances.select_related("representative")}
    leaves = {lv.representative_id: lv for lv in activity.leave_requests.all()}
    rows = []
    for invitation in activity.invitations.select_related("representative").order_by("representative__name"):
        rep = invitation.representative
        rows.append(_row(rep, attendances.pop(rep.pk, None), leaves.get(rep.pk), True, now, activity))
    for attendance in sorted(attendances.values(), key=lambda a: a.at):
        rows.append(_row(attendance.representative, attendance, leaves.get(attendance.representative_id), False, now, activity))
    return rows


def _row(representative, attendance, leave, invited, now, activity):
    if attendance is None:
        state, label = ("absent", _("Absent")) if now > activity.ends_at else ("expected", _("Not checked in yet"))
    elif attendance.state == Attendance.State.PENDING:
        state, label = "waiting", _("Waiting for confirmation")
    elif attendance.state == Attendance.State.REJECTED:
        state, label = "rejected", _("Not confirmed")
    elif attendance.how == Attendance.How.HAND:
        state, label = "hand", _("Present (recorded by hand)")
    else:
        state, label = "code", _("Present (scanned the code)")
    return {"representative": representative, "attendance": attendance, "leave": leave, "invited": invited, "state": state, "label": label}


def _counts(activity):
    rows = activity.attendances.values("state").annotate(n=Count("pk"))
    by_state = {row["state"]: row["n"] for row in rows}
    return {"invited": activity.invitations.count(), "present": by_state.get(Attendance.State.CONFIRMED, 0),
            "waiting": by_state.get(Attendance.State.PENDING, 0)}


@login_required
def desk_detail(request, pk):
    actor, activity = _activity(request, pk)
    may_write = services.is_staff_of(actor, activity.congress)
    hand_form = ByHandForm(activity=activity)
    if request.method == "POST":
        if not may_write:
            raise PermissionDenied
        action = request.POST.get("action", "")
        try:
            if action == "by_hand":
                hand_form = ByHandForm(request.POST, activity=activity)
                if hand_form.is_valid():
                    representative = hand_form.cleaned_data["representative"]
                    services.record_by_hand(request.user, activity, representative, reason=hand_form.cleaned_data["reason"])
                    messages.success(request, _("%(name)s was recorded present.") % {"name": representative.name})
                    return redirect("duty:desk_detail", pk=activity.pk)
                return _render_detail(request, activity, may_write, hand_form, status=400)
            if action in ("confirm", "reject"):
                attendance = activity.attendances.filter(pk=request.POST.get("attendance")).first()
                if attendance is None:
                    raise Http404
                services.decide_attendance(request.user, attendance, accept=action == "confirm", note=request.POST.get("note", ""))
                messages.success(request, _("The attendance was confirmed.") if action == "confirm" else _("The attendance was not confirmed."))
            elif action in ("approve_leave", "refuse_leave"):
                leave = activity.leave_requests.filter(pk=request.POST.get("leave")).first()
                if leave is None:
                    raise Http404
                services.decide_leave(request.user, leave, approve=action == "approve_leave")
                messages.success(request, _("The leave was approved.") if action == "approve_leave" else _("The leave was refused."))
            else:
                messages.error(request, _("Unknown action."))
        except DutyRefused as refusal:
            if action == "by_hand":
                hand_form.add_error(None, str(refusal))
                return _render_detail(request, activity, may_write, hand_form, status=400)
            messages.error(request, str(refusal))
        return redirect("duty:desk_detail", pk=activity.pk)
    return _render_detail(request, activity, may_write, hand_form)


def _render_detail(request, activity, may_write, hand_form, status=200):
    url = checkin_url(activity)
    return render(request, "duty/desk/detail.html", {
        "activity": activity, "may_write": may_write, "hand_form": hand_form, "rows": _rows(activity), "counts": _counts(activity),
        "checkin_url": url, "qr_svg": qr.svg(url), "pending_leaves": activity.leave_requests.filter(state=LeaveRequest.State.REQUESTED).exists(),
    }, status=status)


@login_required
def desk_screen(request, pk):
    """The code shown on a projector or a big screen at the door; the count refreshes by itself."""
    _actor, activity = _activity(request, pk)
    context = {"activity": activity, "counts": _counts(activity)}
    if request.headers.get("HX-Request"):
        return render(request, "duty/desk/_screen_count.html", context)
    url = checkin_url(activity)
    return render(request, "duty/desk/screen.html", {**context, "qr_svg": qr.svg(url, scale=12)})


@login_required
def desk_absences(request):
    actor = _desk(request)
    congresses = []
    for congress in _congresses(actor):
        flagged = services.flagged_for_absence(congress)
        congresses.append({"congress": congress, "flagged": sorted(flagged.items(), key=lambda item: (-len(item[1]), item[0].name))})
    return render(request, "duty/desk/absences.html", {"congresses": congresses})
