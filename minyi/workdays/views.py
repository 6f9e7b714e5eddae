import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minyi.accounts import access
from minyi.accounts.models import Role
from minyi.organisations.models import Congress

from . import calendar, services
from .forms import DayForm, DeadlineForm, YearForm
from .models import DayOverride, HolidayYear
from .rules import may_edit_calendar_of


def _congress_choices(actor):
    """The calendars this person may look after: national (administrators) and their congresses."""
    return list(Congress.objects.filter(pk__in=actor.congress_ids).select_related("region"))


def _chosen(request, actor):
    year_form = YearForm(request.GET)
    year = year_form.cleaned_data["year"] if year_form.is_valid() else datetime.date.today().year
    congress = None
    congress_id = request.GET.get("congress") or request.POST.get("congress")
    if congress_id:
        congress = next((c for c in _congress_choices(actor) if str(c.pk) == congress_id), None)
        if congress is None and actor.is_system_admin:
            congress = Congress.objects.filter(pk=congress_id).first() if congress_id.isdigit() else None
        if congress is None:
            raise Http404
    elif not actor.is_system_admin and actor.congress_ids:
        congress = _congress_choices(actor)[0]
    return year, congress


@login_required
def calendar_page(request):
    actor = access.require_role(request.user, Role.CONGRESS_STAFF, Role.SYSTEM_ADMIN, request=request)
    year, congress = _chosen(request, actor)
    return render(request, "workdays/calendar.html", _context(actor, year, congress, DayForm(), DeadlineForm(request.GET or None)))


def _context(actor, year, congress, day_form, deadline_form):
    cal = calendar.Calendar(congress)
    entries = DayOverride.objects.filter(date__year=year, congress=congress).order_by("date")
    result = None
    if deadline_form.is_bound and deadline_form.is_valid():
        result = cal.deadline(deadline_form.cleaned_data["start"], deadline_form.rule())
    return {
        "year": year,
        "years": range(year - 2, year + 3),
        "congress": congress,
        "congresses": _congress_choices(actor),
        "may_edit": may_edit_calendar_of(actor, congress),
        "special_days": cal.special_days(year),
        "entries": entries,
        "known": cal.is_known_year(year),
        "from_package": calendar.package_covers(year),
        "complete": HolidayYear.objects.filter(year=year, congress=congress, complete=True).exists(),
        "warning": calendar.missing_next_year_warning(),
        "day_form": day_form,
        "deadline_form": deadline_form,
        "deadline": result,
    }


def _back(year, congress):
    query = f"?year={year}" + (f"&congress={congress.pk}" if congress else "")
    return redirect(reverse("workdays:calendar") + query)


@login_required
@require_POST
def add_day(request):
    actor = access.require_role(request.user, Role.CONGRESS_STAFF, Role.SYSTEM_ADMIN, request=request)
    year, congress = _chosen(request, actor)
    form = DayForm(request.POST)
    if form.is_valid():
        try:
            services.add_day(actor=request.user, congress=congress, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The day has been added to the calendar."))
            return _back(form.cleaned_data["date"].year, congress)
    return render(request, "workdays/calendar.html", _context(actor, year, congress, form, DeadlineForm()), status=400)


@login_required
@require_POST
def remove_day(request, pk):
    access.require_role(request.user, Role.CONGRESS_STAFF, Role.SYSTEM_ADMIN, request=request)
    override = access.get_object(request.user, DayOverride.objects.select_related("congress"), action="manage", request=request, pk=pk)
    services.remove_day(override, actor=request.user)
    messages.success(request, _("The entry has been removed."))
    return _back(override.date.year, override.congress)


@login_required
@require_POST
def set_complete(request):
    actor = access.require_role(request.user, Role.CONGRESS_STAFF, Role.SYSTEM_ADMIN, request=request)
    year_form = YearForm(request.POST)
    if not year_form.is_valid():
        raise Http404
    _year, congress = _chosen(request, actor)
    year = year_form.cleaned_data["year"]
    services.set_year_complete(actor=request.user, year=year, congress=congress, complete=request.POST.get("complete") == "1")
    messages.success(request, _("Saved."))
    return _back(year, congress)
