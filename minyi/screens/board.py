"""What a big screen shows, as one JSON-ready dict: the figures of the token's region for the
current year (tiles, funnel, categories, hot topics, the map of the regions beneath), the last twelve
months' trend, and the scope congress's livelihood projects of the year.

Everything comes from the figures' rollups (minyi.figures.queries) and the projects' own progress;
nothing here reads a person: no names, phones or texts of matters, only counts, rates, region and
category names, keywords (without personal names), the projects' names and their responsible units."""

import datetime
import re

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from minyi.organisations.models import Congress
from minyi.projects.models import Project, ProjectYear
from minyi.regions.models import Region

from .models import Figure

TOP_CATEGORIES = 8
HOT_TOPICS = 24
PROJECTS_SHOWN = 12
# A keyword with a run of digits may be part of a phone, ID or house number: never on the wall.
DIGITS = re.compile(r"\d{3,}")
KPI_FIELDS = ("collected", "completed", "completion_rate", "on_time_rate", "satisfaction_rate", "avg_days_working", "overdue_now")
RATES = {Figure.COMPLETION_RATE, Figure.ON_TIME_RATE, Figure.SATISFACTION_RATE}
# How the map's colours read: a volume (more is just more), a rate (low warns, high is good) or an
# alarm (overdue matters: more is worse).
SCALES = {Figure.COLLECTED: "volume", Figure.COMPLETION_RATE: "rate", Figure.ON_TIME_RATE: "rate",
          Figure.SATISFACTION_RATE: "rate", Figure.OVERDUE_NOW: "alarm"}


def congress_of(region):
    """The congress that holds the region: its own, or the nearest one above (a village's township)."""
    while region is not None:
        congress = Congress.objects.filter(region=region, is_active=True).first()
        if congress is not None:
            return congress
        region = Region.objects.filter(pk=region.parent_id).first() if region.parent_id else None
    return None


def kpis(figures):
    """The tiles' figures as the figures give them for JSON (rates 0..1 and days to four decimals)."""
    values = figures.as_dict()
    return {name: values[name] for name in KPI_FIELDS}


def figure_value(figures, figure):
    """The value the map colours a region by: a count, or a rate in per cent (None when nothing to divide)."""
    value = getattr(figures, figure)
    if figure in RATES:
        return None if value is None else round(value * 100, 1)
    return value


def region_map(scope, figure, region):
    """Every active region right beneath the scope's, with the figure (None where it has no matters)."""
    from minyi.figures import queries

    rows = {row.value: row.figures for row in queries.breakdown(scope, "region")}
    children = Region.objects.filter(parent=region, is_active=True).order_by("code")
    regions = []
    for child in children:
        figures = rows.get(child.code)
        if figures is not None:
            value = figure_value(figures, figure)
        else:
            # No matters there: a count is a true zero, a rate has nothing to divide.
            value = None if figure in RATES else 0
        regions.append({"code": child.code, "name": child.name, "value": value, "collected": figures.collected if figures is not None else 0})
    return {
        "figure": figure,
        "label": str(Figure(figure).label),
        "unit": "%" if figure in RATES else "",
        "scale": SCALES[figure],
        "regions": regions,
    }


def projects(congress, year):
    """The congress's chosen livelihood projects of `year` with their progress."""
    found = ProjectYear.objects.filter(congress=congress, year=year).first() if congress else None
    if found is None:
        return {"title": "", "year": year, "items": [], "average_progress": None}
    chosen = list(Project.objects.filter(year=found, state=Project.State.CHOSEN).select_related("unit").order_by("number"))
    items = [{"number": p.number, "name": p.name, "unit": p.unit.name, "progress": p.progress} for p in chosen[:PROJECTS_SHOWN]]
    average = round(sum(p.progress for p in chosen) / len(chosen), 1) if chosen else None
    return {"title": found.title, "year": year, "items": items, "average_progress": average, "count": len(chosen)}


def personal(word):
    """Whether a keyword may name or reach a person: a personal name as jieba tags it (nr, nrfg,
    nrt: "王芳", "张建国"), or a run of digits. The rarest words of a letter are often its names."""
    if DIGITS.search(word):
        return True
    import jieba.posseg

    return any(pair.flag.startswith("nr") for pair in jieba.posseg.lcut(word, HMM=False))


def hot_topics(scope):
    """The scope's keywords without names of people (the figures already leave out its places)."""
    from minyi.figures import queries

    return [{"word": word, "count": count} for word, count in queries.hot_topics(scope, limit=HOT_TOPICS * 2)
            if not personal(word)][:HOT_TOPICS]


def build(token, now=None):
    """The screen of `token` as a dict for data.json (and for the page's first paint)."""
    from minyi.figures import queries
    from minyi.figures.queries import Period, Scope

    now = now or timezone.now()
    today = timezone.localdate(now)
    region = token.region
    congress = congress_of(region)
    year = Scope(region_code=region.code, period=Period.year(today.year))
    summary = queries.summary(year)
    months = queries.trend(Scope(region_code=region.code, period=Period.months_back(12, today=today)))
    categories = queries.breakdown(year, "category")[:TOP_CATEGORIES]
    return {
        "state": "live",
        "title": _("%(region)s people's opinions at a glance") % {"region": region.name},
        "congress": congress.name if congress else "",
        "region": {"code": region.code, "name": region.name},
        "period": _("%(start)s to %(end)s") % {"start": date_format(datetime.date(today.year, 1, 1), "YEAR_MONTH_FORMAT"),
                                                "end": date_format(today, "YEAR_MONTH_FORMAT")},
        "generated_at": now.isoformat(),
        "refresh_seconds": token.refresh_seconds,
        "kpis": kpis(summary),
        "funnel": [{"key": stage.key, "label": str(stage.label), "count": stage.count} for stage in summary.funnel],
        "trend": [{"month": month.strftime("%Y-%m"), "collected": figures.collected, "completed": figures.completed,
                   "on_time_rate": figure_value(figures, Figure.ON_TIME_RATE)} for month, figures in months],
        "categories": [{"label": row.label, "collected": row.figures.collected} for row in categories],
        "hot_topics": hot_topics(year),
        "projects": projects(congress, today.year),
        "map": region_map(year, token.figure, region),
    }

