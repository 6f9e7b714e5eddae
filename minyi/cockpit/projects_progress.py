"""The livelihood projects (民生实事项目) of the scope's congress for a year: each chosen project's
progress as its unit last reported it, the milestones it let pass, and links to the projects desk.
The numbers are the projects app's own (Project.progress, services.overdue_milestones)."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone


@dataclass
class Progress:
    year: object  # ProjectYear
    rows: list  # dicts: project, progress, overdue, url
    average: float | None
    completed: int
    url: str


def progress(congress, year_number, today=None):
    if congress is None:
        return None
    from minyi.projects import services
    from minyi.projects.models import ProjectYear

    year = ProjectYear.objects.filter(congress=congress, year=year_number).first()
    if year is None:
        return None
    chosen = list(services.chosen(year))
    overdue = {}
    for milestone in services.overdue_milestones(today or timezone.localdate()).filter(project__year=year):
        overdue[milestone.project_id] = overdue.get(milestone.project_id, 0) + 1
    rows = [
        {
            "project": project,
            "progress": project.progress,
            "overdue": overdue.get(project.pk, 0),
            "url": reverse("projects:desk_project", args=[project.pk]),
        }
        for project in chosen
    ]
    average = round(sum(row["progress"] for row in rows) / len(rows), 1) if rows else None
    return Progress(
        year, rows, average, sum(1 for row in rows if row["progress"] >= 100), reverse("projects:desk_year", args=[year.pk])
    )
