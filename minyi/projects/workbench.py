"""What a project's responsible unit owes, for its desk and its workbench: the months a progress
report may be sent for, the projects whose report for this month is missing, and the inspection
findings waiting for an answer. The workbench lines link to the unit's project list."""

import datetime

from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Finding, ProgressReport, Project
from .services import month_start

REPORTING = ("implementing",)


def _previous_month(month):
    return (month - datetime.timedelta(days=1)).replace(day=1)


def report_months(project, today=None):
    """The months a monthly report may be for, newest first: from January of the project's year up
    to this month, and not past the year of its completion date while it is being carried out (a
    project being rectified reports up to this month)."""
    current = month_start(today or timezone.localdate())
    first = datetime.date(project.year.year, 1, 1)
    last = current
    if project.matter is None or project.matter.status != "rectifying":
        last = min(current, datetime.date(max(project.year.year, project.completion_date.year), 12, 1))
    months, month = [], last
    while month >= first:
        months.append(month)
        month = _previous_month(month)
    return months


def report_due(project, today=None):
    """Whether a monthly report for this month is expected of the project (whether one is sent aside)."""
    months = report_months(project, today)
    return bool(project.matter and project.matter.status in REPORTING and months and months[0] == month_start(today or timezone.localdate()))


def missing_this_month(projects, today=None):
    """The ids of `projects` that owe this month's report and have not sent it."""
    today = today or timezone.localdate()
    due = [project.pk for project in projects if report_due(project, today)]
    sent = set(ProgressReport.objects.filter(project_id__in=due, kind=ProgressReport.Kind.MONTHLY, month=month_start(today))
               .values_list("project_id", flat=True))
    return {pk for pk in due if pk not in sent}


def open_findings(project_ids):
    """{project id: (unanswered findings, the earliest answer date)}."""
    rows = (Finding.objects.filter(inspection__project_id__in=project_ids, answered_at__isnull=True)
            .values("inspection__project_id").annotate(count=Count("pk"), first_due=Min("answer_due")))
    return {row["inspection__project_id"]: (row["count"], row["first_due"]) for row in rows}


def unit_projects(unit_ids):
    return Project.objects.filter(state=Project.State.CHOSEN, unit_id__in=unit_ids)


def items(actor):
    """The unit's lines: monthly reports due and findings to answer."""
    if not actor.unit_ids:
        return []
    projects = list(unit_projects(actor.unit_ids).filter(matter__status__in=REPORTING).select_related("year", "matter"))
    result = []
    url = reverse("projects:unit_list")
    missing = missing_this_month(projects)
    if missing:
        result.append({"label": _("Livelihood projects: this month's progress report due"), "count": len(missing), "url": url})
    findings = Finding.objects.filter(inspection__project__in=unit_projects(actor.unit_ids), answered_at__isnull=True).count()
    if findings:
        result.append({"label": _("Livelihood projects: inspection findings to answer"), "count": findings, "url": url})
    return result
