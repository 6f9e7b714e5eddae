"""Read-only queries behind the public project pages: what a visitor may see of a project year and of
its projects, each page in a fixed number of queries however many projects and reports it has.

Nothing here reads a proposer's name, phone or the matter's timeline notes: ideas are loaded as
titles only, and the projects' work is shown through its own records (milestones, progress reports,
inspections), never through the engine's internal events."""

from decimal import Decimal

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.http import Http404
from django.utils import timezone

from minyi.matters.models import Attachment, TimelineEvent
from minyi.voting import services as voting
from minyi.voting.models import Vote

from .models import ProgressReport, Project, ProjectYear, Proposal

# Until the candidate list is published the candidates are the staff's working draft.
DRAFT_STAGES = (ProjectYear.Stage.COLLECTING, ProjectYear.Stage.REVIEWING)
LISTED_STATES = (Project.State.CANDIDATE, Project.State.CHOSEN, Project.State.NOT_CHOSEN)
INTERNAL = TimelineEvent.Visibility.INTERNAL


def candidates_published(year):
    return year.stage not in DRAFT_STAGES


def votes_published(year):
    """Each candidate's votes are shown once the selection vote's result is published."""
    return year.selection_vote is not None and year.selection_vote.state == Vote.State.PUBLISHED


def satisfaction_published(year):
    """The satisfaction rates are shown once the year-end vote's result is published."""
    return year.evaluation_vote is not None and year.evaluation_vote.state == Vote.State.PUBLISHED


# --- The years ---------------------------------------------------------------------------------------


def years(congress=None):
    """Every project year with its numbers of candidates and chosen projects, grouped by congress
    (the higher congress first), newest year first within each."""
    found = (ProjectYear.objects.select_related("congress__region")
             .annotate(chosen_count=Count("projects", filter=Q(projects__state=Project.State.CHOSEN)),
                       candidate_count=Count("projects", filter=Q(projects__state__in=LISTED_STATES)))
             .order_by("congress__region__level", "congress__region_id", "-year"))
    if congress is not None:
        found = found.filter(congress=congress)
    return found


def grouped_by_congress(project_years):
    groups = []
    for year in project_years:
        if not groups or groups[-1]["congress"].pk != year.congress_id:
            groups.append({"congress": year.congress, "years": []})
        groups[-1]["years"].append(year)
    return groups


def year_or_404(pk):
    year = ProjectYear.objects.select_related("congress__region", "selection_vote", "evaluation_vote").filter(pk=pk).first()
    if year is None:
        raise Http404
    return year


# --- Photos ------------------------------------------------------------------------------------------


def public_photos():
    """Photos anyone may see: public images added with a public timeline event (served by
    matters:attachment, which lets anyone see a project's public photos)."""
    return Attachment.objects.filter(kind=Attachment.Kind.IMAGE, visibility=TimelineEvent.Visibility.PUBLIC,
                                     event__visibility=TimelineEvent.Visibility.PUBLIC)


# --- One year ----------------------------------------------------------------------------------------


def _latest_photo():
    return (public_photos().filter(matter_id=OuterRef("matter_id"), event__action="report_progress")
            .order_by("-uploaded_at", "-id").values("pk")[:1])


def _latest_report_month():
    return (ProgressReport.objects.filter(project_id=OuterRef("pk")).exclude(event__visibility=INTERNAL)
            .order_by("-month", "-at").values("month")[:1])


def listed_projects(year):
    """The year's candidates (chosen or not) with their unit, matter, milestones, latest report month
    and latest public photo: two queries for any number of projects."""
    if not candidates_published(year):
        return []
    return list(year.projects.filter(state__in=LISTED_STATES).select_related("unit", "matter")
                .annotate(latest_photo=Subquery(_latest_photo()), latest_month=Subquery(_latest_report_month()))
                .prefetch_related("milestones").order_by("number"))


def milestone_rows(milestones, today=None):
    today = today or timezone.localdate()
    return [{"title": m.title, "due": m.due, "done_on": m.done_on, "overdue": m.done_on is None and m.due < today} for m in milestones]


def year_summary(year, projects):
    chosen = [p for p in projects if p.state == Project.State.CHOSEN]
    investment = sum((p.investment for p in chosen), Decimal("0"))
    return {
        "ideas": year.proposals.count(),
        "candidates": len(projects),
        "chosen": len(chosen),
        "investment": investment,
        "average_progress": round(sum(p.progress for p in chosen) / len(chosen)) if chosen else None,
    }


def published_votes(year):
    """The year's vote results anyone may read: the selection vote's rounds, then the year-end vote."""
    found = []
    if year.selection_vote_id:
        chain = voting.rounds(year.selection_vote)
        for number, vote in enumerate(chain, start=1):
            if vote.state == Vote.State.PUBLISHED:
                found.append({"vote": vote, "kind": "selection", "round": number if len(chain) > 1 else None})
    if year.evaluation_vote_id and year.evaluation_vote.state == Vote.State.PUBLISHED:
        found.append({"vote": year.evaluation_vote, "kind": "evaluation", "round": None})
    return found


def collection_open(year, today=None):
    today = today or timezone.localdate()
    return year.stage == ProjectYear.Stage.COLLECTING and year.collection_from <= today <= year.collection_until


# --- One project -------------------------------------------------------------------------------------


def project_or_404(pk):
    """A published candidate or chosen project (never a withdrawn one, nor the draft list)."""
    project = (Project.objects.select_related("year__congress__region", "year__selection_vote", "year__evaluation_vote", "unit", "matter")
               .filter(pk=pk, state__in=LISTED_STATES).first())
    if project is None or not candidates_published(project.year):
        raise Http404
    return project


def reports(project):
    """The progress reports, newest first, each with its public photos at report.event.public_photos."""
    photos = Prefetch("event__attachments", queryset=public_photos().order_by("uploaded_at", "id"), to_attr="public_photos")
    return list(project.reports.exclude(event__visibility=INTERNAL).select_related("event").prefetch_related(photos).order_by("-month", "-at"))


def inspections(project):
    return list(project.inspections.exclude(event__visibility=INTERNAL).prefetch_related("findings").order_by("-date", "-id"))


def ideas(project):
    """The titles of the ideas taken into the project, and how many ideas led to it counting the
    similar ones merged into them. Only titles are read: never a name or a phone."""
    titles = list(project.proposals.order_by("submitted_at", "id").values_list("title", flat=True))
    seen = set(project.proposals.values_list("pk", flat=True))
    frontier = set(seen)
    while frontier:
        frontier = set(Proposal.objects.filter(merged_into__in=frontier).values_list("pk", flat=True)) - seen
        seen |= frontier
    return titles, len(seen)


# --- The front page ----------------------------------------------------------------------------------

FRONT_PROJECTS = 5


def front_year():
    """The newest year with chosen projects (the higher congress first in the same year) and its
    first chosen projects, or (None, [])."""
    year = (ProjectYear.objects.filter(congress__is_active=True).select_related("congress__region")
            .annotate(chosen_count=Count("projects", filter=Q(projects__state=Project.State.CHOSEN))).filter(chosen_count__gt=0)
            .order_by("-year", "congress__region__level", "congress__region_id").first())
    if year is None:
        return None, []
    return year, list(year.projects.filter(state=Project.State.CHOSEN).select_related("unit").order_by("number")[:FRONT_PROJECTS])
