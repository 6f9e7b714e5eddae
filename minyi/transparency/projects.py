"""The livelihood projects the portal shows for a region: each project year of the congresses and
councils in it, with the published candidates (progress, and the votes once the selection vote's
result is published, the satisfaction once the year-end vote's is). Read through projects.public_data,
the same rules as the project pages."""

from django.db.models import Count, Q

from minyi.projects import public_data
from minyi.projects.models import Project, ProjectYear

from . import places

HOME_PROJECTS = 6


def years_in(region, year=None):
    """Project years of the congresses in `region` whose candidates are published; of `year`, or of
    the newest year that has any."""
    years = (ProjectYear.objects.filter(places.within_region("congress__region__code", region), congress__is_active=True)
             .exclude(stage__in=public_data.DRAFT_STAGES).select_related("congress__region", "selection_vote", "evaluation_vote")
             .annotate(chosen_count=Count("projects", filter=Q(projects__state=Project.State.CHOSEN))))
    if year is None:
        year = years.order_by("-year").values_list("year", flat=True).first()
    if year is None:
        return []
    return list(years.filter(year=year).order_by("congress__region__level", "congress__region_id"))


def listed(year_or_years):
    """The published candidates of project years, in number order (one query), with what the public
    may see of their votes and satisfaction."""
    years = year_or_years if isinstance(year_or_years, (list, tuple)) else [year_or_years]
    by_pk = {year.pk: year for year in years}
    projects = (Project.objects.filter(year__in=years, state__in=public_data.LISTED_STATES).select_related("unit")
                .order_by("year__congress__region__level", "year_id", "number"))
    rows = []
    for project in projects:
        year = by_pk[project.year_id]
        rows.append({
            "project": project, "year": year, "chosen": project.state == Project.State.CHOSEN,
            "votes": project.votes if public_data.votes_published(year) else None,
            "satisfaction": project.satisfaction if public_data.satisfaction_published(year) else None,
        })
    return rows


def all_years_in(region):
    """Every published project year in `region`, newest first (for the open data)."""
    return list(ProjectYear.objects.filter(places.within_region("congress__region__code", region))
                .exclude(stage__in=public_data.DRAFT_STAGES).select_related("congress__region", "selection_vote", "evaluation_vote")
                .order_by("-year", "congress__region__level", "congress__region_id"))
