"""The representative's phone pages for duty (履职): the page the activity's QR code opens (check-in
with the 履职码), their own activities (invitations ahead, attendance behind) and leave from a
session. Views are thin: the rules live in minyi.duty.services."""

import decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minyi.accounts import access
from minyi.accounts.models import Role
from minyi.core import navigation

from .. import services
from ..models import Activity, Attendance, Invitation, LeaveRequest
from ..services import DutyRefused


def register():
    navigation.register("mobile", gettext_lazy("Duty"), "duty:rep_list", roles=[Role.REPRESENTATIVE], icon="id-badge", order=130)


def _member(request):
    return access.require_role(request.user, Role.REPRESENTATIVE, request=request)


def _coordinate(value, limit):
    try:
        number = decimal.Decimal((value or "").strip())
    except (decimal.InvalidOperation, ValueError):
        return None
    if not number.is_finite() or not -limit <= number <= limit:
        return None
    return number.quantize(decimal.Decimal("0.000001"))


def position_from(data):
    """(latitude, longitude) sent by the phone, or (None, None): a value that is not a position in
    range counts as no position at all (the check-in then waits for staff if the place matters)."""
    latitude, longitude = _coordinate(data.get("latitude"), 90), _coordinate(data.get("longitude"), 180)
    if latitude is None or longitude is None:
        return None, None
    return latitude, longitude


@login_required
def checkin(request, code):
    activity = services.activity_for_code(code)
    if activity is None:
        return render(request, "duty/mobile/checkin.html", {"activity": None, "mobile_nav": []}, status=404)
    actor = access.actor_for(request.user)
    attendance, created, refusal, status = None, None, "", 200
    if request.method == "POST":
        latitude, longitude = position_from(request.POST)
        try:
            attendance, created = services.check_in(request.user, code, latitude=latitude, longitude=longitude)
        except DutyRefused as error:
            refusal, status = str(error), 400
    else:
        attendance = Attendance.objects.filter(activity=activity, representative_id__in=actor.representative_ids).first()
        created = False if attendance else None
    return render(request, "duty/mobile/checkin.html", {
        "activity": activity, "attendance": attendance, "created": created, "refusal": refusal, "State": Attendance.State,
        "is_representative": bool(actor.representative_ids),
        # The check-in stands alone on the screen, like the ballot: the back arrow leads to the duty list.
        "mobile_nav": [],
    }, status=status)


@login_required
def rep_list(request):
    actor = _member(request)
    mine = actor.representative_ids
    now = timezone.now()
    invitations = list(
        Invitation.objects.filter(representative_id__in=mine, activity__ends_at__gte=now).select_related("activity").order_by("activity__starts_at", "activity_id")
    )
    leaves = {leave.activity_id: leave for leave in LeaveRequest.objects.filter(representative_id__in=mine, activity__in=[i.activity for i in invitations])}
    attendances = list(Attendance.objects.filter(representative_id__in=mine).select_related("activity").order_by("-activity__starts_at", "-activity_id")[:50])
    present = {a.activity_id for a in attendances}
    upcoming = [{
        "activity": i.activity, "leave": leaves.get(i.activity_id), "checked_in": i.activity_id in present,
        "may_ask_leave": i.activity.kind == Activity.Kind.SESSION and i.activity_id not in leaves and i.activity_id not in present,
    } for i in invitations]
    return render(request, "duty/mobile/list.html", {"upcoming": upcoming, "attendances": attendances, "State": Attendance.State})


class LeaveForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason for your absence"), max_length=300, widget=forms.Textarea(attrs={"rows": 4}))


@login_required
def rep_leave(request, pk):
    actor = _member(request)
    invitation = Invitation.objects.filter(activity_id=pk, representative_id__in=actor.representative_ids).select_related("activity").first()
    if invitation is None:
        raise Http404
    activity = invitation.activity
    leave = LeaveRequest.objects.filter(activity=activity, representative_id__in=actor.representative_ids).first()
    form = LeaveForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.request_leave(request.user, activity, reason=form.cleaned_data["reason"])
            except DutyRefused as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Your leave request is sent to the congress's staff."))
                return redirect("duty:rep_list")
        status = 400
    return render(request, "duty/mobile/leave.html", {"activity": activity, "leave": leave, "form": form}, status=status)


@login_required
def rep_activity(request, pk):
    """One activity as the representative sees it: when and where, whether they are recorded, their leave."""
    actor = _member(request)
    mine = actor.representative_ids
    activity = Activity.objects.filter(pk=pk).filter(
        Q(invitations__representative_id__in=mine) | Q(attendances__representative_id__in=mine)).distinct().first()
    if activity is None:
        raise Http404
    attendance = Attendance.objects.filter(activity=activity, representative_id__in=mine).first()
    leave = LeaveRequest.objects.filter(activity=activity, representative_id__in=mine).first()
    invited = activity.invitations.filter(representative_id__in=mine).exists()
    return render(request, "duty/mobile/activity.html", {
        "activity": activity, "attendance": attendance, "leave": leave, "State": Attendance.State,
        "may_ask_leave": invited and activity.kind == Activity.Kind.SESSION and not leave and not attendance and activity.ends_at > timezone.now(),
    })
