"""Stations (家站点) on the desk: list, create and edit, the reception timetable with its
calendar, the assigned representatives and the duty roster."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minyi.accounts import access
from minyi.core import qr
from minyi.regions.models import within

from .. import services
from ..calendars import MONTHS_SHOWN, first_of_next_month, months_ahead, weekday_names
from ..forms import (
    AssignmentForm,
    DutyDayForm,
    EndAssignmentForm,
    FillRosterForm,
    ReceptionExceptionForm,
    ReceptionRuleForm,
    StationFilterForm,
    StationForm,
    apply_active,
)
from ..models import DutyRoster, ReceptionException, ReceptionRule, Station, StationAssignment
from ..reception import reception_days
from .common import STAFF, attach_errors, exporter, filter_query, paginate


def stations_for(request):
    """The stations of the list page's filters (also used by the export and the batch posters)."""
    form = StationFilterForm(request.GET, user=request.user)
    filters = form.filters()
    stations = access.visible(request.user, Station.objects.select_related("region", "congress"))
    stations = apply_active(stations, filters)
    if filters.get("q"):
        q = filters["q"]
        stations = stations.filter(Q(name__icontains=q) | Q(address__icontains=q) | Q(public_code=q.lower()))
    if filters.get("region"):
        stations = stations.filter(within("region__code", filters["region"].prefix))
    if filters.get("kind"):
        stations = stations.filter(kind=filters["kind"])
    return form, stations.order_by("region_id", "name")


@login_required
def station_list(request):
    access.require_role(request.user, *STAFF, request=request)
    form, stations = stations_for(request)
    today = timezone.localdate()
    stations = stations.annotate(
        representative_count=Count(
            "assignments",
            filter=Q(assignments__start__lte=today) & (Q(assignments__end__isnull=True) | Q(assignments__end__gte=today)),
            distinct=True,
        ),
        rule_count=Count("reception_rules", distinct=True),
    )
    page, query = paginate(request, stations)
    context = {
        "form": form,
        "page": page,
        "query": query,
        "filter_query": filter_query(request),
        "export_available": exporter("stations") is not None,
    }
    return render(request, "organisations/station_list.html", context)


@login_required
def station_export(request):
    access.require_role(request.user, *STAFF, request=request)
    export_response = exporter("stations")
    if export_response is None:
        raise Http404
    form, stations = stations_for(request)
    return export_response("stations", stations, request, filters=form.filters())


@login_required
def station_create(request):
    access.require_role(request.user, *STAFF, request=request)
    form = StationForm(request.POST or None, user=request.user, instance=Station())
    if request.method == "POST" and form.is_valid():
        try:
            station = services.create_station(form.instance, actor=request.user)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("%(station)s was added. Now set its reception timetable.") % {"station": station})
            return redirect("organisations:station_timetable", pk=station.pk)
    return render(request, "organisations/station_form.html", {"form": form, "station": None})


def _station(request, pk, action="view"):
    access.require_role(request.user, *STAFF, request=request)
    queryset = Station.objects.select_related("region", "congress")
    return access.get_object(request.user, queryset, pk=pk, action=action, request=request)


def _tab_context(request, station, tab):
    return {
        "station": station,
        "tab": tab,
        "may_manage": access.can(request.user, "manage", station),
        "public_url": reverse("organisations:public_station", args=[station.public_code]),
    }


@login_required
def station_detail(request, pk):
    station = _station(request, pk)
    today = timezone.localdate()
    public_path = reverse("organisations:public_station", args=[station.public_code])
    upcoming = reception_days(station, today, today + datetime.timedelta(days=62))[:5]
    context = {
        **_tab_context(request, station, "overview"),
        "qr_svg": qr.svg(qr.absolute_url(public_path), scale=4),
        "public_absolute_url": qr.absolute_url(public_path),
        "rules": station.reception_rules.all(),
        "upcoming": upcoming,
        "representative_count": StationAssignment.objects.current().filter(station=station).count(),
    }
    return render(request, "organisations/station_detail.html", context)


@login_required
def station_edit(request, pk):
    station = _station(request, pk, "manage")
    form = StationForm(request.POST or None, instance=station, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_station(form.instance, actor=request.user)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("%(station)s was saved.") % {"station": station})
            return redirect("organisations:station_detail", pk=station.pk)
    return render(request, "organisations/station_form.html", {"form": form, "station": Station.objects.get(pk=station.pk)})


@login_required
@require_POST
def station_deactivate(request, pk):
    station = _station(request, pk, "manage")
    services.deactivate_station(station, actor=request.user)
    messages.success(request, _("%(station)s was closed; its assignments end today.") % {"station": station})
    return redirect("organisations:station_detail", pk=station.pk)


# ---- Timetable -------------------------------------------------------------------------------


def _timetable_page(request, station, *, rule_form=None, exception_form=None):
    today = timezone.localdate()
    context = {
        **_tab_context(request, station, "timetable"),
        "rules": access.visible(request.user, station.reception_rules.all()),
        "exceptions": access.visible(request.user, station.reception_exceptions.filter(date__gte=today - datetime.timedelta(days=31))),
        "rule_form": rule_form or ReceptionRuleForm(),
        "exception_form": exception_form or ReceptionExceptionForm(),
        "months": months_ahead(station, today),
        "weekdays": weekday_names(),
        "months_shown": MONTHS_SHOWN,
    }
    return render(request, "organisations/station_timetable.html", context)


@login_required
def station_timetable(request, pk):
    station = _station(request, pk)
    return _timetable_page(request, station)


@login_required
@require_POST
def rule_add(request, pk):
    station = _station(request, pk, "manage")
    form = ReceptionRuleForm(request.POST, instance=ReceptionRule(station=station))
    if form.is_valid():
        try:
            rule = services.add_reception_rule(form.instance, actor=request.user)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Added: %(rule)s.") % {"rule": rule.describe()})
            return redirect(reverse("organisations:station_timetable", args=[station.pk]) + "#calendar")
    return _timetable_page(request, station, rule_form=form)


@login_required
@require_POST
def rule_remove(request, pk, rule_pk):
    station = _station(request, pk, "manage")
    rule = access.get_object(request.user, station.reception_rules.all(), pk=rule_pk, action="manage", request=request)
    description = rule.describe()
    services.remove_reception_rule(rule, actor=request.user)
    messages.success(request, _("Removed: %(rule)s.") % {"rule": description})
    return redirect("organisations:station_timetable", pk=station.pk)


@login_required
@require_POST
def exception_add(request, pk):
    station = _station(request, pk, "manage")
    form = ReceptionExceptionForm(request.POST, instance=ReceptionException(station=station))
    if form.is_valid():
        try:
            exception = services.add_reception_exception(form.instance, actor=request.user)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Recorded: %(exception)s.") % {"exception": exception})
            return redirect("organisations:station_timetable", pk=station.pk)
    return _timetable_page(request, station, exception_form=form)


@login_required
@require_POST
def exception_remove(request, pk, exception_pk):
    station = _station(request, pk, "manage")
    exception = access.get_object(
        request.user, station.reception_exceptions.all(), pk=exception_pk, action="manage", request=request
    )
    description = str(exception)
    services.remove_reception_exception(exception, actor=request.user)
    messages.success(request, _("Removed: %(exception)s.") % {"exception": description})
    return redirect("organisations:station_timetable", pk=station.pk)


# ---- Representatives -------------------------------------------------------------------------


def _representatives_page(request, station, *, form=None):
    search = request.GET.get("rep_q", "").strip()[:50]
    assignments = access.visible(request.user, station.assignments.select_related("representative")).order_by("-start")
    today = timezone.localdate()
    context = {
        **_tab_context(request, station, "representatives"),
        "current": [a for a in assignments if a.covers(today) or a.start > today],
        "past": [a for a in assignments if a.end is not None and a.end < today],
        "form": form or AssignmentForm(user=request.user, station=station, search=search),
        "rep_q": search,
        "end_form": EndAssignmentForm(),
        "today": today,
    }
    return render(request, "organisations/station_representatives.html", context)


@login_required
def station_representatives(request, pk):
    station = _station(request, pk)
    return _representatives_page(request, station)


@login_required
@require_POST
def assignment_add(request, pk):
    station = _station(request, pk, "manage")
    form = AssignmentForm(request.POST, user=request.user, station=station, search=request.POST.get("rep_q", ""))
    if form.is_valid():
        try:
            assignment = services.assign_representative(form.instance, actor=request.user)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("%(name)s was assigned to the station.") % {"name": assignment.representative})
            return redirect("organisations:station_representatives", pk=station.pk)
    return _representatives_page(request, station, form=form)


@login_required
@require_POST
def assignment_end(request, pk, assignment_pk):
    station = _station(request, pk, "manage")
    assignment = access.get_object(
        request.user, station.assignments.select_related("representative"), pk=assignment_pk, action="manage", request=request
    )
    form = EndAssignmentForm(request.POST)
    if form.is_valid():
        try:
            services.end_assignment(assignment, on=form.cleaned_data["end"], actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("%(name)s’s assignment ends on %(date)s.") % {
                "name": assignment.representative, "date": form.cleaned_data["end"].isoformat()})
    else:
        messages.error(request, _("Enter the last day of the assignment."))
    return redirect("organisations:station_representatives", pk=station.pk)


# ---- Duty roster -----------------------------------------------------------------------------


def _duty_page(request, station, *, fill_form=None):
    today = timezone.localdate()
    end = first_of_next_month(first_of_next_month(first_of_next_month(today.replace(day=1)))) - datetime.timedelta(days=1)
    roster = {}
    for entry in station.duty_roster.filter(date__range=(today, end)).select_related("representative"):
        roster.setdefault(entry.date, []).append(entry.representative)
    days = []
    for reception in reception_days(station, today, end):
        if days and days[-1]["date"] == reception.date:
            days[-1]["times"].append(reception)
            continue
        days.append({"date": reception.date, "times": [reception], "on_duty": roster.get(reception.date, [])})
    context = {
        **_tab_context(request, station, "duty"),
        "days": days,
        "until": end,
        "fill_form": fill_form or FillRosterForm(initial={"start": today, "end": end, "per_day": 1}),
        "assigned_count": StationAssignment.objects.current().filter(station=station).count(),
    }
    return render(request, "organisations/station_duty.html", context)


@login_required
def station_duty(request, pk):
    station = _station(request, pk)
    return _duty_page(request, station)


@login_required
@require_POST
def duty_fill(request, pk):
    station = _station(request, pk, "manage")
    form = FillRosterForm(request.POST)
    if form.is_valid():
        created = services.fill_duty_roster(
            station, form.cleaned_data["start"], form.cleaned_data["end"], per_day=form.cleaned_data["per_day"], actor=request.user
        )
        days = len({entry.date for entry in created})
        if days:
            messages.success(request, _("Representatives were put on duty on %(count)d reception days, in turn.") % {"count": days})
        else:
            messages.info(request, _("Every reception day in that period already has someone on duty, or nobody is assigned."))
        return redirect("organisations:station_duty", pk=station.pk)
    return _duty_page(request, station, fill_form=form)


@login_required
def duty_day(request, pk, day):
    station = _station(request, pk, "manage")
    try:
        day = datetime.date.fromisoformat(day)
    except ValueError:
        raise Http404 from None
    if not reception_days(station, day, day):
        raise Http404
    current = DutyRoster.objects.filter(station=station, date=day).values_list("representative_id", flat=True)
    form = DutyDayForm(request.POST or None, station=station, day=day, initial={"representatives": list(current)})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_duty_day(station, day, form.cleaned_data["representatives"], actor=request.user)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The duty of %(date)s was saved.") % {"date": day.isoformat()})
            return redirect("organisations:station_duty", pk=station.pk)
    context = {**_tab_context(request, station, "duty"), "form": form, "day": day, "times": reception_days(station, day, day)}
    return render(request, "organisations/station_duty_day.html", context)
