"""What the cockpit shows for one set of filters, as plain data for the page, the workbook and the
PDF alike (so the three cannot disagree). Every figure of matters comes from minyi.figures.queries
and carries the address of the matters behind it; nothing here counts matters itself."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

from minyi.figures import queries
from minyi.regions.models import Region

# The breakdown tables, in the page's order (the regions have their own drill-down table).
DIMENSIONS = ("kind", "category", "channel", "station", "unit", "group")


def dimension_label(dimension):
    # "Kind" and "Category" read alike in Chinese (类别): the kind of matter says what it is.
    if dimension == "kind":
        return _("Kind of matter")
    if dimension == "keyword":
        return _("Hot topic")
    return str(queries.DIMENSION_LABELS[dimension])


HOT_TOPICS = 20


def percent(rate):
    return None if rate is None else round(rate * 100, 1)


def days(value):
    return None if value is None else round(value, 1)


@dataclass
class Line:
    """One row of a breakdown: a value with its figures and the links behind each number."""

    value: str
    label: str
    figures: object
    links: dict
    url: str = ""  # the row's own page (a child region's cockpit)
    extra: dict = field(default_factory=dict)

    @property
    def on_time(self):
        return percent(self.figures.on_time_rate)

    @property
    def satisfaction(self):
        return percent(self.figures.satisfaction_rate)

    @property
    def days_working(self):
        return days(self.figures.avg_days_working)

    @property
    def days_calendar(self):
        return days(self.figures.avg_days_calendar)


# The counts each breakdown row links, in the table's order.
ROW_STAGES = ("collected", "completed", "on_time", "satisfied", "overdue_now")


def matters_url(filters, **params):
    return reverse("cockpit:matters") + "?" + filters.matters_params(**params)


def cockpit_url(filters, **changes):
    return reverse("cockpit:page") + "?" + filters.params(**changes)


def _links(filters, dimension="", value=""):
    return {
        stage: matters_url(filters, stage="" if stage == "collected" else stage, dim=dimension, value=value)
        for stage in ROW_STAGES
    }


def kpis(filters, figures):
    """The cards: (key, label, shown value, unit, link, note)."""

    def link(stage):
        return matters_url(filters, stage=stage)

    on_time, satisfaction = percent(figures.on_time_rate), percent(figures.satisfaction_rate)
    return [
        {
            "key": "collected",
            "label": _("Collected"),
            "value": figures.collected,
            "unit": "",
            "url": link(""),
            "note": _("%(n)s still open") % {"n": figures.open_now},
        },
        {
            "key": "on_time_rate",
            "label": _("On-time rate"),
            "value": on_time,
            "unit": "%",
            "url": link("on_time"),
            "note": _("%(on_time)s of %(due)s replied on time") % {"on_time": figures.on_time, "due": figures.due_replied},
        },
        {
            "key": "satisfaction_rate",
            "label": _("Satisfaction rate"),
            "value": satisfaction,
            "unit": "%",
            "url": link("satisfied"),
            "note": _("%(satisfied)s of %(evaluated)s evaluations")
            % {"satisfied": figures.satisfied, "evaluated": figures.evaluated},
        },
        {
            "key": "days_working",
            "label": _("Average handling days (working days)"),
            "value": days(figures.avg_days_working),
            "unit": "",
            "url": link("completed"),
            "note": _("%(days)s calendar days") % {"days": _shown(days(figures.avg_days_calendar))},
        },
        {
            "key": "overdue_now",
            "label": _("Overdue now"),
            "value": figures.overdue_now,
            "unit": "",
            "url": link("overdue_now"),
            "note": _("completion rate %(rate)s") % {"rate": _shown(percent(figures.completion_rate), "%")},
        },
    ]


def _shown(value, unit=""):
    return "—" if value is None else f"{value}{unit}"


def funnel(filters, figures):
    stages = figures.funnel
    top = stages[0].count if stages else 0
    return [
        {
            "key": s.key,
            "label": s.label,
            "count": s.count,
            "share": percent(s.count / top) if top else None,
            "url": matters_url(filters, stage="" if s.key == "collected" else s.key),
        }
        for s in stages
    ]


def trend(filters):
    rows = []
    for month, figures in queries.trend(filters.scope):
        text = month.strftime("%Y-%m")
        rows.append(
            {
                "month": text,
                "figures": figures,
                "on_time": percent(figures.on_time_rate),
                "satisfaction": percent(figures.satisfaction_rate),
                "url": reverse("cockpit:matters") + "?" + filters.params(**{"from": text, "to": text}),
            }
        )
    return rows


def children(filters):
    """Every region directly below, with its figures (zero when it has no matters), busiest first;
    then the matters registered at the region itself, when it has regions below and such matters."""
    region = filters.region
    found = {row.value: row for row in queries.breakdown(filters.scope, "region")}
    own = found.pop(region.code, None)
    regions = list(Region.objects.filter(parent=region).order_by("code"))
    known = {child.code for child in regions}
    # Figures under a code that is not (or no longer) a child in the tree still count: show them too.
    regions += list(
        Region.objects.filter(code__in=[code for code in found if code not in known and code.startswith(region.prefix)])
    )
    lines = []
    for child in regions:
        row = found.get(child.code)
        figures = row.figures if row else queries.Figures()
        lines.append(
            Line(
                child.code,
                child.name,
                figures,
                _links(filters, "region", child.code),
                url=cockpit_url(filters, region=child.code),
                extra={"level": child.get_level_display()},
            )
        )
    lines.sort(key=lambda line: (-line.figures.collected, line.value))
    if lines and own is not None and own.figures.collected:
        lines.append(Line(region.code, own.label, own.figures, _links(filters, "region", region.code), extra={"own": True}))
    return lines


def breakdown(filters, dimension):
    return [
        Line(row.value, row.label or _("(not given)"), row.figures, _links(filters, dimension, row.value))
        for row in queries.breakdown(filters.scope, dimension)
    ]


def hot_topics(filters):
    return [
        {"word": word, "count": count, "url": matters_url(filters, dim="keyword", value=word)}
        for word, count in queries.hot_topics(filters.scope, limit=HOT_TOPICS)
    ]


@dataclass
class Breakdown:
    dimension: str
    label: str
    lines: list

    def __iter__(self):  # unpacks as (dimension, label, lines)
        return iter((self.dimension, self.label, self.lines))

    @property
    def chart_height(self):
        from .charts import height

        return height(self.lines)


@dataclass
class Cockpit:
    filters: object
    figures: object
    kpis: list
    funnel: list
    trend: list
    children: list
    breakdowns: list  # [(dimension, label, [Line])]
    hot_topics: list
    ranking: object  # ranking.Ranking
    projects: object  # projects_progress.Progress or None
    duty: object  # duty_summary.Summary or None
    congress: object = None


def build(filters):
    from . import duty_summary, projects_progress, ranking, scope_congress

    figures = queries.summary(filters.scope)
    congress = scope_congress.congress_for(filters)
    breakdowns = [Breakdown(dimension, dimension_label(dimension), breakdown(filters, dimension)) for dimension in DIMENSIONS]
    units = next(lines for dimension, _label, lines in breakdowns if dimension == "unit")
    return Cockpit(
        filters=filters,
        figures=figures,
        kpis=kpis(filters, figures),
        funnel=funnel(filters, figures),
        trend=trend(filters),
        children=children(filters),
        breakdowns=breakdowns,
        hot_topics=hot_topics(filters),
        ranking=ranking.rank(units, congress, filters.end.year),
        projects=projects_progress.progress(congress, filters.end.year),
        duty=duty_summary.summary(congress, filters.end.year),
        congress=congress,
    )
