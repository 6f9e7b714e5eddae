"""Every number of a congress's annual report, read from the apps that keep them, never counted
again here: the people's opinions and suggestions from the figures rollups (minyi.figures), the
suggestions' handling from the suggestions report, the livelihood projects from their year, and
the representatives' duty from the archive's statistics.

`gather(congress, year, step)` calls `step(phase)` before each part, so the job can show how far
it is; the parts are the same for every report (STEPS)."""

from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone

from minyi.duty.models import Measure

# (phase, number of steps): the job's progress bar counts these, then the charts and the files.
STEPS = (
    ("figures", 7),
    ("suggestions", 1),
    ("projects", 1),
    ("duty", 1),
)


@dataclass
class ProjectRow:
    number: int
    name: str
    unit: str
    progress: int
    investment: object
    votes: int | None
    valid_ballots: int | None
    satisfaction: object  # Decimal percent or None
    completion_date: object


@dataclass
class Projects:
    title: str = ""
    stage: str = ""
    ideas: int = 0
    candidates: int = 0
    chosen: int = 0
    investment: object = 0
    average_progress: int | None = None
    rows: list = field(default_factory=list)  # [ProjectRow] of the chosen projects


@dataclass
class Duty:
    representatives: int = 0
    totals: list = field(default_factory=list)  # [(measure label, records counted, representatives with at least one)]
    has_list: bool = False
    list_met: int = 0  # representatives who have done all of the year's duty list so far
    average_completion: int | None = None


@dataclass
class Contents:
    congress: object
    year: int
    made_on: object
    summary: object = None  # figures.Figures of the whole year
    trend: list = field(default_factory=list)  # [(month, Figures)]
    categories: list = field(default_factory=list)  # [figures Row]
    channels: list = field(default_factory=list)
    regions: list = field(default_factory=list)
    units: list = field(default_factory=list)  # [figures Row], best first (see rank_units)
    hot_topics: list = field(default_factory=list)  # [(word, count)]
    suggestions: object = None  # suggestions.reports.Report
    projects: Projects = None
    duty: Duty = None

    @property
    def region_name(self):
        return self.congress.region.name


def _descending(value):
    """A sort key putting larger rates first and the units with no rate (nothing due, nothing judged) last."""
    return (1, 0) if value is None else (0, -value)


def rank_units(rows):
    """The units that were assigned anything, by on-time rate, then satisfaction, then how much they handled."""
    assigned = [row for row in rows if row.figures.assigned]
    return sorted(assigned, key=lambda r: (_descending(r.figures.on_time_rate), _descending(r.figures.satisfaction_rate),
                                           -r.figures.assigned, r.label))


def gather(congress, year, step=lambda phase: None, today=None):
    from minyi.figures import queries
    from minyi.figures.queries import Period, Scope

    today = today or timezone.localdate()
    contents = Contents(congress=congress, year=year, made_on=today)
    scope = Scope(region_code=congress.region_id, period=Period.year(year), kind="")

    step("figures")
    contents.summary = queries.summary(scope)
    step("figures")
    contents.trend = list(queries.trend(scope))
    for dimension in ("category", "channel", "region", "unit"):
        step("figures")
        rows = list(queries.breakdown(scope, dimension))
        if dimension == "unit":
            contents.units = rank_units(rows)
        else:
            setattr(contents, {"category": "categories", "channel": "channels", "region": "regions"}[dimension], rows)
    step("figures")
    contents.hot_topics = list(queries.hot_topics(scope, limit=20))

    step("suggestions")
    from minyi.suggestions import reports as suggestion_reports

    contents.suggestions = suggestion_reports.build(congress, year, today=today)

    step("projects")
    contents.projects = projects_of(congress, year)

    step("duty")
    contents.duty = duty_of(congress, year, today)
    return contents


def projects_of(congress, year):
    from minyi.projects import public_data
    from minyi.projects.models import Project, ProjectYear

    project_year = ProjectYear.objects.filter(congress=congress, year=year).select_related("selection_vote").first()
    if project_year is None:
        return Projects()
    listed = list(project_year.projects.filter(state__in=public_data.LISTED_STATES).select_related("unit").order_by("number"))
    summary = public_data.year_summary(project_year, listed)
    vote = project_year.selection_vote
    valid = (vote.result or {}).get("valid") if vote is not None else None
    rows = [ProjectRow(p.number, p.name, p.unit.name, p.progress, p.investment, p.votes, valid if p.votes is not None else None,
                       p.satisfaction, p.completion_date)
            for p in listed if p.state == Project.State.CHOSEN]
    return Projects(title=project_year.title, stage=project_year.get_stage_display(), ideas=summary["ideas"],
                    candidates=summary["candidates"], chosen=summary["chosen"], investment=summary["investment"],
                    average_progress=summary["average_progress"], rows=rows)


def duty_of(congress, year, today):
    from minyi.duty import exports

    scores, progress, the_list = exports.statistics(congress, year, today)
    totals, people = Counter(), Counter()
    for score in scores:
        for measure, count in score.counts.items():
            totals[measure] += count
            if count:
                people[measure] += 1
    duty = Duty(representatives=len(scores),
                totals=[(str(m.label), totals[m.value], people[m.value]) for m in Measure if totals[m.value]])
    if the_list is not None and progress:
        duty.has_list = True
        duty.list_met = sum(1 for p in progress.values() if p.rows and p.met_count == len(p.rows))
        duty.average_completion = round(sum(p.completion for p in progress.values()) / len(progress))
    return duty
