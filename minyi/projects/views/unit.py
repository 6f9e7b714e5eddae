"""The responsible unit's desk for the livelihood projects it carries out: the list of its chosen
projects by year (progress, next milestone, overdue milestones, this month's report, findings to
answer) and one project's page with every step the unit takes: the plan and its milestones, a
milestone reached, the monthly and mid-year progress reports with photos, the answers to the
inspection findings, the completion report and, after an unsatisfactory year-end vote, the
rectification report.

A unit sees its own projects only (another unit's is a 404). Every step is a service of
minyi.projects.services; a refusal is shown on the form that asked, with what was typed kept."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minyi.accounts import access
from minyi.accounts.models import Role
from minyi.matters.models import Assignment, Attachment
from minyi.matters.policies import registry
from minyi.matters.views import unit as generic

from .. import services
from ..forms_unit import (
    CompletionForm,
    FindingAnswerForm,
    MilestoneReachedForm,
    PlanForm,
    ProgressReportForm,
    RectificationForm,
    milestone_lines,
)
from ..models import Finding, ProgressReport, ProjectYear
from ..policy import KIND
from ..services import ProjectRefused
from ..workbench import missing_this_month, open_findings, report_due, report_months, unit_projects

UNIT_ROLES = (Role.UNIT_STAFF, Role.UNIT_ADMIN)
MID_YEAR_MONTH = 6

SUCCESS = {
    "plan": gettext_lazy("The implementation plan was saved."),
    "milestone": gettext_lazy("The milestone is marked reached."),
    "progress": gettext_lazy("The progress report was sent."),
    "mid_year": gettext_lazy("The mid-year report was sent."),
    "answer": gettext_lazy("Your answer was sent to the congress staff."),
    "complete": gettext_lazy("The project is reported completed. The representatives judge it at the year's end."),
    "rectify": gettext_lazy("The rectification report was sent to the congress staff."),
}
WITH_PHOTOS = {"progress", "mid_year", "complete"}


def status_label(matter):
    if matter is None:
        return ""
    state = registry.get(KIND).states.get(matter.status)
    return state.label if state else matter.status


def _actor(request):
    return access.require_role(request.user, *UNIT_ROLES, request=request)


# --- The list ----------------------------------------------------------------------------------


@login_required
def unit_list(request):
    actor = _actor(request)
    mine = unit_projects(actor.unit_ids)
    years = list(ProjectYear.objects.filter(pk__in=mine.values("year_id")).select_related("congress").order_by("-year", "congress__name"))
    year = None
    if request.GET.get("year"):
        year = next((y for y in years if str(y.pk) == request.GET["year"]), None)
        if year is None:
            raise Http404
    elif years:
        year = years[0]
    projects = list(mine.filter(year=year).select_related("year", "unit", "matter").prefetch_related("milestones").order_by("number")) if year else []
    today = timezone.localdate()
    overdue = {}
    for milestone in services.overdue_milestones(today).filter(project__in=[p.pk for p in projects]):
        overdue.setdefault(milestone.project_id, []).append(milestone)
    missing = missing_this_month(projects, today)
    findings = open_findings([p.pk for p in projects])
    for project in projects:
        project.status_label = status_label(project.matter)
        project.next_milestone = next((m for m in project.milestones.all() if m.done_on is None), None)
        project.overdue = overdue.get(project.pk, [])
        project.report_missing = project.pk in missing
        project.open_findings, project.findings_due = findings.get(project.pk, (0, None))
        project.findings_late = project.findings_due is not None and project.findings_due < today
        project.completion_late = project.matter is not None and project.matter.status == "implementing" and project.completion_date < today
    return render(request, "projects/unit/list.html", {
        "page_title": _("Our livelihood projects"),
        "units": generic._unit_names(actor),
        "years": years,
        "year": year,
        "projects": projects,
        "today": today,
    })


# --- One project -------------------------------------------------------------------------------


def _load(request, pk):
    actor = _actor(request)
    project = get_object_or_404(unit_projects(actor.unit_ids).select_related("year__congress__region", "unit", "matter"), pk=pk)
    return actor, project


def _mid_year_month(project):
    return datetime.date(project.year.year, MID_YEAR_MONTH, 1)


def _offered(project, today):
    status = project.matter.status if project.matter else ""
    reported = set(project.reports.filter(kind=ProgressReport.Kind.MONTHLY).values_list("month", flat=True))
    waiting = [month for month in report_months(project, today) if month not in reported]
    has_mid_year = project.reports.filter(kind=ProgressReport.Kind.MID_YEAR).exists()
    return {
        "plan": status == "implementing",
        "milestone": status in ("implementing", "completed"),
        # Once every month so far is reported the form waits for the next month.
        "progress": status in ("implementing", "rectifying") and bool(waiting),
        "mid_year": status == "implementing" and not has_mid_year and today >= _mid_year_month(project),
        "answer": status in ("implementing", "completed", "rectifying"),
        "complete": status == "implementing",
        "rectify": status == "rectifying",
    }


def _form(action, project, *, data=None, files=None, today=None):
    """The form of `action`, bound when data is given."""
    kwargs = {"prefix": action, "data": data, "files": files}
    if action == "plan":
        form = PlanForm(year=project.year.year, **kwargs)
        if data is None:
            form.initial = {"plan": project.plan, "budget": project.budget,
                            "milestones": milestone_lines(project.milestones.filter(done_on__isnull=True))}
        return form
    if action in ("milestone", "answer") and data is not None:
        # One form per row on the page: ids of the row's own, so the page keeps them apart.
        kwargs["auto_id"] = f"id_{action}{data.get(f'{action}-target', '')}_%s"
    if action == "milestone":
        return MilestoneReachedForm(**kwargs)
    if action in ("progress", "mid_year"):
        months = report_months(project, today or timezone.localdate())
        reported = set(project.reports.filter(kind=ProgressReport.Kind.MONTHLY).values_list("month", flat=True))
        return ProgressReportForm(months=months, reported=reported, last_percent=project.progress, mid_year=action == "mid_year", **kwargs)
    if action == "answer":
        return FindingAnswerForm(**kwargs)
    if action == "complete":
        return CompletionForm(**kwargs)
    if action == "rectify":
        form = RectificationForm(**kwargs)
        if data is None:
            form.initial = {"text": project.rectification_report}
        return form
    return None


def _row_form(form_class, action, pk, bound):
    """The form of one milestone or finding: the bound one when the person sent it, else a new one."""
    if bound is not None and bound.prefix == action and bound.target_id == pk:
        bound.placed = True
        return bound
    return form_class(prefix=action, initial={"target": pk}, auto_id=f"id_{action}{pk}_%s")


def _page_context(actor, project, bound=None):
    today = timezone.localdate()
    matter = project.matter
    offered = _offered(project, today)
    forms = {action: bound if bound is not None and bound.prefix == action else _form(action, project, today=today)
             for action in ("plan", "progress", "mid_year", "complete", "rectify")}
    milestones = list(project.milestones.all())
    for milestone in milestones:
        milestone.overdue = milestone.done_on is None and milestone.due < today
        if milestone.done_on is None:
            milestone.form = _row_form(MilestoneReachedForm, "milestone", milestone.pk, bound)
    inspections = list(project.inspections.prefetch_related("findings").select_related("group"))
    for inspection in inspections:
        for finding in inspection.findings.all():
            finding.late = not finding.answered_at and finding.answer_due < today
            if not finding.answered_at:
                finding.form = _row_form(FindingAnswerForm, "answer", finding.pk, bound)
    reports = list(project.reports.select_related("by"))
    photos = {}
    events = [report.event_id for report in reports if report.event_id]
    for attachment in access.visible(actor.user, Attachment.objects.filter(event_id__in=events, kind=Attachment.Kind.IMAGE)):
        photos.setdefault(attachment.event_id, []).append(attachment)
    for report in reports:
        report.photos = photos.get(report.event_id, [])
    reported = {r.month for r in reports if r.kind == ProgressReport.Kind.MONTHLY}
    lead = services.lead_assignment(project)
    open_milestones = [m for m in milestones if m.done_on is None]
    return {
        "page_title": project.name,
        "project": project,
        "year": project.year,
        "matter": matter,
        "status_label": status_label(matter),
        "lead": lead,
        "milestones": milestones,
        "open_milestones": open_milestones,
        "reached_milestones": [m for m in milestones if m.done_on is not None],
        "reports": reports,
        "inspections": inspections,
        "unanswered": sum(1 for i in inspections for f in i.findings.all() if not f.answered_at),
        "offered": offered,
        "forms": forms,
        "report_missing": report_due(project, today) and services.month_start(today) not in reported,
        "reported_months": sorted(reported, reverse=True),
        "mid_year_month": _mid_year_month(project),
        "timeline": generic._visible_timeline(actor, lead) if lead is not None else [],
        "completion_late": matter.status == "implementing" and project.completion_date < today,
        "rectification_late": matter.status == "rectifying" and project.rectification_due is not None and project.rectification_due < today,
        "next_month": services.month_start(services.month_start(today) + datetime.timedelta(days=32)),
        "today": today,
    }


def _run(action, project, form, user):
    data = form.cleaned_data
    if action == "plan":
        services.set_plan(user, project, plan=data["plan"], budget=data["budget"], milestones=data["milestones"])
    elif action == "milestone":
        milestone = project.milestones.filter(pk=data["target"], done_on__isnull=True).first()
        if milestone is None:
            raise ProjectRefused(_("This milestone is not open on this project any more; reload the page."))
        services.reach_milestone(user, milestone, on=data["on"])
    elif action in ("progress", "mid_year"):
        kind, month = ProgressReport.Kind.MONTHLY, data.get("month")
        if action == "mid_year":
            kind, month = ProgressReport.Kind.MID_YEAR, _mid_year_month(project)
        services.report_progress(user, project, month=month, percent=data["percent"], text=data["text"], spent=data["spent"],
                                 photos=data["photos"], kind=kind)
    elif action == "answer":
        finding = Finding.objects.filter(pk=data["target"], inspection__project=project).first()
        if finding is None:
            raise ProjectRefused(_("This finding does not belong to this project; reload the page."))
        services.answer_finding(user, finding, answer=data["answer"])
    elif action == "complete":
        services.report_completion(user, project, text=data["text"], photos=data["photos"])
    elif action == "rectify":
        services.report_rectification(user, project, text=data["text"])


def _service_error(form, error):
    """A service's refusal on the field it names, else at the top of the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, [" ".join(e.messages) for e in errors])
        return
    form.add_error(None, error.messages)


@login_required
def unit_detail(request, pk):
    actor, project = _load(request, pk)
    template = "projects/unit/detail.html"
    if request.method != "POST":
        return render(request, template, _page_context(actor, project))
    action = request.POST.get("action", "")
    if action not in SUCCESS:
        messages.error(request, _("Choose one of the steps on this page."))
        return render(request, template, _page_context(actor, project), status=400)
    form = _form(action, project, data=request.POST, files=request.FILES)
    status = 400
    if form.is_valid():
        try:
            _run(action, project, form, request.user)
        except ProjectRefused as refusal:
            form.add_error(None, str(refusal))
        except ValidationError as error:
            _service_error(form, error)
        except PermissionDenied:
            form.add_error(None, _("Your unit may not take this step on this project."))
            status = 403
        else:
            messages.success(request, SUCCESS[action])
            return redirect("projects:unit_detail", pk=project.pk)
    if action in WITH_PHOTOS and request.FILES:
        form.add_error(None, _("Photos cannot be kept after an error: choose them again."))
    actor, project = _load(request, pk)
    context = _page_context(actor, project, bound=form)
    on_page = context["offered"].get(action) and (action not in ("milestone", "answer") or getattr(form, "placed", False))
    if not on_page:
        # The form is no longer on the page (the project moved on, the row was answered): say why at the top.
        for message in form.non_field_errors():
            messages.error(request, message)
    return render(request, template, context, status=status)


@login_required
def unit_assignment(request, pk):
    """The engine's generic unit page sends a project's assignment here, to the project's own page."""
    actor = _actor(request)
    assignment = get_object_or_404(generic.my_assignments(actor).filter(matter__kind=KIND, role=Assignment.Role.LEAD)
                                   .select_related("matter__project"), pk=pk)
    project = getattr(assignment.matter, "project", None)
    if project is None or project.unit_id not in actor.unit_ids:
        raise Http404
    return redirect("projects:unit_detail", pk=project.pk)


def register():
    """The engine's generic assignment page leads a unit to its project's page (where the completion
    report checks the milestones) instead of offering a bare reply."""
    generic.register_kind_page(KIND, "projects:unit_assignment")
