"""The annual duty list on the desk (set it, copy last year's, see who is behind and remind them now),
the evaluation (points scheme, scores and ranks, one representative's breakdown with adjustments,
the statistics as Excel) and the representative's progress on the phone. Leaders see the desk
pages without the buttons; staff of another congress do not find the congress at all. The rules
live in minyi.duty.duty_list, .reminders, .evaluation and .exports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.encoding import escape_uri_path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from minyi.accounts import access
from minyi.accounts.models import Role
from minyi.audit import services as audit
from minyi.core import navigation
from minyi.organisations.models import Congress
from minyi.representatives.models import Representative

from .. import duty_list as lists
from .. import evaluation, exports, reminders, services
from ..forms_evaluation import AdjustmentForm, DutyListForm, PointsForm
from ..models import DutyList, DutyReminder
from ..services import DutyRefused
from .desk import DESK_ROLES, _congresses

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def register():
    section = gettext_lazy("Representatives' duty")
    navigation.register("desk", gettext_lazy("Annual duty lists"), "duty:duty_lists", roles=DESK_ROLES, icon="list-check", order=296, section=section)
    navigation.register("desk", gettext_lazy("Duty evaluation"), "duty:evaluation", roles=DESK_ROLES, icon="chart-bar", order=297, section=section)


def _desk(request):
    return access.require_role(request.user, Role.CONGRESS_STAFF, Role.LEADER, request=request)


def _congress(request, pk):
    """(actor, congress, may_write): a congress outside the actor's regions is not found."""
    actor = _desk(request)
    congress = Congress.objects.select_related("region").filter(actor.region_q("region")).filter(pk=pk).first()
    if congress is None:
        raise Http404
    return actor, congress, services.is_staff_of(actor, congress)


def _check_year(year):
    if not 2000 <= year <= 2100:
        raise Http404


def _writing(request, may_write):
    if request.method == "POST" and not may_write:
        raise PermissionDenied


# --- The annual duty list -------------------------------------------------------------------------


@login_required
def duty_lists(request):
    actor = _desk(request)
    this_year = timezone.localdate().year
    congresses = []
    for congress in _congresses(actor):
        set_years = set(DutyList.objects.filter(congress=congress, requirements__isnull=False).values_list("year", flat=True))
        years = sorted(set_years | {this_year, this_year + 1}, reverse=True)
        congresses.append({"congress": congress, "years": [(year, year in set_years) for year in years]})
    return render(request, "duty/desk/duty_list_index.html", {"congresses": congresses, "this_year": this_year})


def _progress_rows(the_list, congress, year, today, behind_only):
    over = year < today.year
    representatives = list((lists.serving_in(congress, year) if over else lists.serving_on(congress, today)))
    found = lists.progress(the_list, [r.pk for r in representatives], today)
    last_reminded = dict(DutyReminder.objects.filter(duty_list=the_list).values("representative_id").annotate(last=Max("sent_at"))
                         .values_list("representative_id", "last"))
    rows = [{"representative": r, "progress": found[r.pk], "reminded": last_reminded.get(r.pk)} for r in representatives]
    behind = sum(1 for row in rows if row["progress"].behind)
    if behind_only:
        rows = [row for row in rows if row["progress"].behind]
    return rows, behind


@login_required
def duty_list_detail(request, congress, year):
    _check_year(year)
    actor, congress, may_write = _congress(request, congress)
    _writing(request, may_write)
    the_list = lists.list_for(congress, year)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "copy":
                lists.copy_previous(request.user, congress, year)
                messages.success(request, _("The list of %(year)s was copied; change what differs this year.") % {"year": year - 1})
                return redirect("duty:duty_list_edit", congress=congress.pk, year=year)
            if action == "remind" and the_list is not None:
                run = reminders.remind(the_list, user=request.user)
                messages.success(request, _report_run(run))
            else:
                messages.error(request, _("Unknown action."))
        except DutyRefused as refusal:
            messages.error(request, str(refusal))
        return redirect("duty:duty_list", congress=congress.pk, year=year)
    today = timezone.localdate()
    has_requirements = the_list is not None and bool(the_list.requirements.all())
    rows, behind = _progress_rows(the_list, congress, year, today, request.GET.get("behind") == "1") if has_requirements else ([], 0)
    return render(request, "duty/desk/duty_list_detail.html", {
        "congress": congress, "year": year, "duty_list": the_list if has_requirements else None, "rows": rows, "behind_count": behind,
        "behind_only": request.GET.get("behind") == "1", "may_write": may_write, "at": lists.checkpoint(year, today),
        "is_this_year": year == today.year, "may_copy": not has_requirements and DutyList.objects.filter(
            congress=congress, year=year - 1, requirements__isnull=False).exists(),
    })


def _report_run(run):
    parts = [ngettext("%(count)d reminder sent.", "%(count)d reminders sent.", run.sent) % {"count": run.sent}]
    if run.already:
        parts.append(ngettext("%(count)d representative was already reminded this quarter.",
                              "%(count)d representatives were already reminded this quarter.", run.already) % {"count": run.already})
    if run.without_account:
        parts.append(ngettext("%(count)d representative behind has no account to be reminded on.",
                              "%(count)d representatives behind have no account to be reminded on.", run.without_account) % {"count": run.without_account})
    if not run.behind:
        parts = [_("Nobody is behind schedule: no reminder sent.")]
    return " ".join(parts)


@login_required
def duty_list_edit(request, congress, year):
    _check_year(year)
    actor, congress, may_write = _congress(request, congress)
    if not may_write:
        raise PermissionDenied
    the_list = lists.list_for(congress, year)
    form = DutyListForm(request.POST or None, duty_list=the_list)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                lists.save_list(request.user, congress, year, form.requirements(), note=form.cleaned_data["note"])
            except DutyRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, _("The duty list of %(year)s was saved.") % {"year": year})
                return redirect("duty:duty_list", congress=congress.pk, year=year)
        status = 400
    return render(request, "duty/desk/duty_list_edit.html", {"congress": congress, "year": year, "form": form}, status=status)


# --- The evaluation -------------------------------------------------------------------------------


@login_required
def evaluation_index(request):
    actor = _desk(request)
    this_year = timezone.localdate().year
    congresses = [{"congress": c, "has_scheme": c.points_rules.exists()} for c in _congresses(actor)]
    return render(request, "duty/desk/evaluation_index.html", {"congresses": congresses, "years": [this_year, this_year - 1, this_year - 2]})


@login_required
def evaluation_list(request, congress, year):
    _check_year(year)
    actor, congress, may_write = _congress(request, congress)
    scores, progress, the_list = exports.statistics(congress, year)
    groups = sorted({row.group for row in scores if row.group is not None}, key=lambda g: g.name)
    chosen = request.GET.get("group", "")
    shown = [row for row in scores if chosen.isdigit() and row.group and row.group.pk == int(chosen)] if chosen.isdigit() else scores
    return render(request, "duty/desk/evaluation_list.html", {
        "congress": congress, "year": year, "rows": [(row, progress.get(row.representative.pk)) for row in shown], "total": len(scores),
        "groups": groups, "chosen_group": int(chosen) if chosen.isdigit() else None, "duty_list": the_list, "may_write": may_write,
        "has_scheme": congress.points_rules.exists(), "this_year": timezone.localdate().year,
    })


@login_required
def evaluation_detail(request, congress, year, representative):
    _check_year(year)
    actor, congress, may_write = _congress(request, congress)
    _writing(request, may_write)
    person = Representative.objects.filter(pk=representative).first()
    found = evaluation.breakdown(congress, person, year) if person else None
    if found is None:
        raise Http404
    form = AdjustmentForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                evaluation.adjust(request.user, congress, person, year, points=form.cleaned_data["points"], reason=form.cleaned_data["reason"])
            except DutyRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, _("The score of %(name)s was adjusted.") % {"name": person.name})
                return redirect("duty:evaluation_detail", congress=congress.pk, year=year, representative=person.pk)
        status = 400
    the_list = lists.list_for(congress, year)
    progress = lists.progress(the_list, [person.pk]).get(person.pk) if the_list else None
    return render(request, "duty/desk/evaluation_detail.html", {
        "congress": congress, "year": year, "breakdown": found, "score": found.score, "form": form, "may_write": may_write,
        "progress": progress,
    }, status=status)


@login_required
def evaluation_points(request, congress):
    actor, congress, may_write = _congress(request, congress)
    _writing(request, may_write)
    current = evaluation.scheme(congress)
    offer_defaults = not current or request.GET.get("defaults") == "1"
    form = PointsForm(request.POST or None, points=evaluation.DEFAULT_POINTS if offer_defaults else current)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                evaluation.save_scheme(request.user, congress, form.points())
            except DutyRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, _("The points scheme was saved."))
                return redirect("duty:evaluation_points", congress=congress.pk)
        status = 400
    return render(request, "duty/desk/evaluation_points.html", {
        "congress": congress, "form": form, "may_write": may_write, "has_scheme": bool(current), "offer_defaults": offer_defaults,
        "current": [(field.label, current.get(field.name.removeprefix("points_"))) for field in form.rows()],
        "this_year": timezone.localdate().year,
    }, status=status)


@login_required
def evaluation_export(request, congress, year):
    _check_year(year)
    actor, congress, may_write = _congress(request, congress)
    content = exports.statistics_workbook(congress, year)
    audit.write("export", obj=congress, user=request.user, note=f"duty statistics {year}")
    response = HttpResponse(content, content_type=XLSX)
    filename = _("%(congress)s-duty statistics-%(year)s.xlsx") % {"congress": congress.name, "year": year}
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(filename)}"
    return response


# --- The representative's progress on the phone ---------------------------------------------------


@login_required
def rep_progress(request):
    actor = access.require_role(request.user, Role.REPRESENTATIVE, request=request)
    today = timezone.localdate()
    entries = []
    for the_list, representative_id in lists.current_lists(actor.representative_ids, today):
        entries.append({"duty_list": the_list, "progress": lists.progress(the_list, [representative_id], today)[representative_id]})
    return render(request, "duty/mobile/progress.html", {"entries": entries, "year": today.year, "at": lists.checkpoint(today.year, today)})

