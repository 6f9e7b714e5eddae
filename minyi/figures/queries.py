"""The figures of a scope (a region and everything below, a period of months, a kind), read
from the cells; and the matters behind any of them, read from the facts by the same definitions.

A period counts the matters *collected* in its months (a cohort): "completed" in 2026 means the
2026 matters that are completed now, "overdue now" those of them overdue today."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from minyi.matters.models import Channel, Matter
from minyi.matters.policies import registry
from minyi.regions.codes import InvalidCode, parse_code
from minyi.regions.models import PREFIX_LENGTH, Region, within

from .models import COUNTERS, FigureCell, MatterFact

FIRST_YEAR = 2000


def region_prefix(code):
    """A 12-digit code's significant digits by its level (PREFIX_LENGTH), not by stripping zeros."""
    code, level = parse_code(code)
    return code[: PREFIX_LENGTH[level]]
DIMENSIONS = ("region", "kind", "category", "channel", "station", "unit", "group")
STAGES = ("collected", "resolved_on_spot", "converted", "assigned", "completed", "satisfied", "evaluated", "due_replied",
          "on_time", "overdue_now", "open_now")
FUNNEL = ("collected", "resolved_on_spot", "converted", "assigned", "completed", "satisfied")
STAGE_LABELS = {
    "collected": _("Collected"),
    "resolved_on_spot": _("Resolved on the spot"),
    "converted": _("Turned into suggestions"),
    "assigned": _("Assigned to units"),
    "completed": _("Completed"),
    "satisfied": _("Satisfied"),
    "evaluated": _("Evaluated"),
    "due_replied": _("Replied with a deadline"),
    "on_time": _("Replied on time"),
    "overdue_now": _("Overdue now"),
    "open_now": _("Still open"),
}
DIMENSION_LABELS = {
    "region": _("Region"),
    "kind": _("Kind of matter"),
    "category": _("Category"),
    "channel": _("Channel"),
    "station": _("Station"),
    "unit": _("Lead unit"),
    "group": _("Representative group"),
    "keyword": _("Keyword"),
}


# Categories a kind sets by itself rather than from a category table.
FIXED_CATEGORY_LABELS = {"livelihood_project": _("Livelihood project")}


class PeriodError(ValueError):
    """A period that cannot be: the message says, in the user's language, what to fix."""


class ScopeError(ValueError):
    """A region that does not exist."""


def _month(text, what):
    try:
        year, month = (int(part) for part in str(text).strip().split("-"))
        return datetime.date(year, month, 1)
    except (TypeError, ValueError):
        raise PeriodError(gettext("The %(what)s month must be written as year-month, e.g. 2026-03.") % {"what": what}) from None


def _this_month(today=None):
    today = today or timezone.localdate()
    return datetime.date(today.year, today.month, 1)


def _add_months(day, n):
    index = day.year * 12 + day.month - 1 + n
    return datetime.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    first: datetime.date  # the first day of the first month
    last: datetime.date  # the first day of the last month (inclusive)

    @classmethod
    def parse(cls, start, end, today=None):
        first, last = _month(start, gettext("start")), _month(end, gettext("end"))
        if first > last:
            raise PeriodError(gettext("The period starts after it ends: choose a start month before the end month."))
        if first.year < FIRST_YEAR:
            raise PeriodError(gettext("There are no figures before %(year)s.") % {"year": FIRST_YEAR})
        if first > _this_month(today):
            raise PeriodError(gettext("The period starts in the future: there are no figures for it yet."))
        return cls(first, min(last, _this_month(today)))

    @classmethod
    def year(cls, year):
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 1))

    @classmethod
    def months_back(cls, n, today=None):
        last = _this_month(today)
        return cls(_add_months(last, -(n - 1)), last)

    def months(self):
        months, month = [], self.first
        while month <= self.last:
            months.append(month)
            month = _add_months(month, 1)
        return months

    @property
    def start_text(self):
        return f"{self.first:%Y-%m}"

    @property
    def end_text(self):
        return f"{self.last:%Y-%m}"


@dataclass(frozen=True)
class Scope:
    region_code: str
    period: Period | None = None
    kind: str = ""

    def __post_init__(self):
        try:
            code, _level = parse_code(self.region_code)
        except InvalidCode:
            raise ScopeError(gettext("There is no region with the code %(code)s.") % {"code": self.region_code}) from None
        object.__setattr__(self, "region_code", code)

    @property
    def prefix(self):
        """The code's digits down to its level: 420802100 for the township 420802100000, whose
        trailing zeros are partly its own (stripping zeros would take in 4208021xx)."""
        return region_prefix(self.region_code)

    def cell_filter(self, dimension):
        condition = Q(region_code=self.region_code, dimension=dimension)
        if self.period:
            condition &= Q(month__gte=self.period.first, month__lte=self.period.last)
        if self.kind:
            condition &= Q(kind=self.kind)
        return condition


@dataclass
class Stage:
    key: str
    label: str
    count: int


def _rate(part, whole):
    return part / whole if whole else None


@dataclass
class Figures:
    counts: dict = field(default_factory=dict)

    def __getattr__(self, name):
        if name in COUNTERS:
            return self.counts.get(name) or 0
        raise AttributeError(name)

    @property
    def completion_rate(self):
        return _rate(self.completed, self.collected)

    @property
    def on_time_rate(self):
        return _rate(self.on_time, self.due_replied)

    @property
    def satisfaction_rate(self):
        return _rate(self.satisfied, self.evaluated)

    @property
    def avg_days_calendar(self):
        return _rate(self.days_calendar, self.timed)

    @property
    def avg_days_working(self):
        return _rate(self.days_working, self.timed_working)

    @property
    def funnel(self):
        return [Stage(key, str(STAGE_LABELS[key]), getattr(self, key)) for key in FUNNEL]

    def as_dict(self):
        values = {name: getattr(self, name) for name in STAGES}
        for name in ("completion_rate", "on_time_rate", "satisfaction_rate", "avg_days_calendar", "avg_days_working"):
            value = getattr(self, name)
            values[name] = round(value, 4) if value is not None else None
        return values


@dataclass
class Row:
    value: str
    label: str
    figures: Figures


_SUMS = {name: Sum(name) for name in COUNTERS}


def summary(scope):
    return Figures(FigureCell.objects.filter(scope.cell_filter("all")).aggregate(**_SUMS))


def trend(scope):
    """Every month of the scope's period (or of the months that have matters), in order."""
    rows = {row["month"]: Figures(row) for row in
            FigureCell.objects.filter(scope.cell_filter("all")).order_by().values("month").annotate(**_SUMS)}
    months = scope.period.months() if scope.period else sorted(rows)
    return [(month, rows.get(month, Figures())) for month in months]


def breakdown(scope, dimension):
    if dimension not in DIMENSIONS:
        raise ValueError(dimension)
    if dimension == "kind":
        grouped = FigureCell.objects.filter(scope.cell_filter("all")).order_by().values("kind").annotate(**_SUMS)
        values = [(row["kind"], row) for row in grouped]
    else:
        grouped = FigureCell.objects.filter(scope.cell_filter(dimension)).order_by().values("value").annotate(**_SUMS)
        values = [(row["value"], row) for row in grouped]
    labels = labels_of(dimension, [value for value, _row in values])
    rows = [Row(value, labels.get(value, value), Figures(row)) for value, row in values if row["collected"]]
    rows.sort(key=lambda row: (-row.figures.collected, row.label))
    if dimension == "region" and rows:
        own = _held_here(scope, rows)
        if own.collected:
            rows.append(Row(scope.region_code, gettext("Registered at this level"), own))
    return rows


def _held_here(scope, children):
    """The matters registered at the scope's region itself rather than one below it."""
    total = summary(scope).counts
    return Figures({name: (total.get(name) or 0) - sum(row.figures.counts.get(name) or 0 for row in children) for name in COUNTERS})


def hot_topics(scope, limit=20):
    grouped = (
        FigureCell.objects.filter(scope.cell_filter("keyword")).order_by().values("value").annotate(n=Sum("collected"))
        .filter(n__gt=0).order_by("-n", "value")[:limit]
    )
    return [(row["value"], row["n"]) for row in grouped]


def facts(scope, *, stage="", dimension="", value=""):
    """The facts of the matters behind a figure; unknown stage or dimension: none."""
    found = MatterFact.objects.filter(within("region_code", scope.prefix))
    if scope.period:
        found = found.filter(month__gte=scope.period.first, month__lte=scope.period.last)
    if scope.kind:
        found = found.filter(kind=scope.kind)
    if stage and stage != "collected":
        if stage not in STAGES:
            return found.none()
        found = found.filter(**{stage: True})
    if dimension:
        found = _narrowed(found, dimension, value, scope.region_code)
    return found


def _narrowed(found, dimension, value, scope_code):
    if dimension == "region":
        try:
            code, _level = parse_code(value)
        except InvalidCode:
            return found.none()
        if code == scope_code:  # the breakdown's "registered at this level" row
            return found.filter(region_code=code)
        return found.filter(within("region_code", region_prefix(code)))
    if dimension in ("kind", "category", "channel"):
        return found.filter(**{dimension: value})
    if dimension in ("station", "unit", "group"):
        return found.filter(**{f"{dimension}_id": int(value)}) if str(value).isdigit() else found.none()
    if dimension == "keyword":
        word = str(value).strip()
        if not word or " " in word:
            return found.none()
        return found.filter(Q(keywords=word) | Q(keywords__startswith=f"{word} ") | Q(keywords__endswith=f" {word}")
                            | Q(keywords__contains=f" {word} "))
    return found.none()


def matters(scope, *, stage="", dimension="", value=""):
    """The matters behind a figure as a queryset (to narrow further, e.g. by search words). For pages
    of a list, MatterList is far quicker over a million matters."""
    return Matter.objects.filter(pk__in=facts(scope, stage=stage, dimension=dimension, value=value).values("matter_id"))


def count(scope, *, stage="", dimension="", value=""):
    """How many matters are behind a figure, read from the cells; None where the cells do not
    hold it (a keyword's matters at a stage other than collected)."""
    stage = stage or "collected"
    if stage not in STAGES:
        return 0
    if not dimension:
        cells = FigureCell.objects.filter(scope.cell_filter("all"))
    elif dimension == "kind":
        cells = FigureCell.objects.filter(scope.cell_filter("all"), kind=value)
    elif dimension == "region" and value == scope.region_code:
        return getattr(_held_here(scope, _children(scope)), stage)
    elif dimension in ("region", "category", "channel", "station", "unit", "group") or (dimension == "keyword" and stage == "collected"):
        cells = FigureCell.objects.filter(scope.cell_filter(dimension), value=value)
    else:
        return None
    return cells.aggregate(n=Sum(stage))["n"] or 0


def _children(scope):
    grouped = FigureCell.objects.filter(scope.cell_filter("region")).order_by().values("value").annotate(**_SUMS)
    return [Row(row["value"], "", Figures(row)) for row in grouped]


class MatterList:
    """The matters behind a figure, newest first, for a Paginator: each page is read on the facts'
    own index (matterfact_newest) and the total comes from the cells, so a page of a million
    matters costs milliseconds where the matters table itself would be scanned and sorted."""

    def __init__(self, scope, *, stage="", dimension="", value=""):
        self.facts = facts(scope, stage=stage, dimension=dimension, value=value).order_by("-created_at", "-matter_id")
        self.total = count(scope, stage=stage, dimension=dimension, value=value)

    def count(self):
        if self.total is None:
            self.total = self.facts.count()
        return self.total

    def __len__(self):
        return self.count()

    def __getitem__(self, item):
        if not isinstance(item, slice):
            return self[item:item + 1][0]
        ids = list(self.facts.values_list("matter_id", flat=True)[item])
        found = Matter.objects.in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]


def labels_of(dimension, values):
    """{value: label} for a breakdown's values; an unknown value keeps its raw form."""
    if dimension == "region":
        return dict(Region.objects.filter(code__in=values).values_list("code", "name"))
    if dimension == "kind":
        return {value: str(registry.get(value).label) for value in values if value in registry}
    if dimension == "channel":
        return {value: str(label) for value, label in Channel.choices if value in values}
    if dimension == "category":
        from minyi.opinions.models import Category as OpinionCategory
        from minyi.suggestions.models import Category as SuggestionCategory

        labels = {value: str(FIXED_CATEGORY_LABELS[value]) for value in values if value in FIXED_CATEGORY_LABELS}
        labels.update(SuggestionCategory.objects.filter(code__in=values).values_list("code", "name"))
        labels.update(OpinionCategory.objects.filter(code__in=values).values_list("code", "name"))
        return labels
    model = _MODELS.get(dimension)
    if model is None:
        return {}
    ids = [int(v) for v in values if str(v).isdigit()]
    return {str(pk): name for pk, name in model().objects.filter(pk__in=ids).values_list("pk", "name")}


def _station():
    from minyi.organisations.models import Station

    return Station


def _unit():
    from minyi.organisations.models import Unit

    return Unit


def _group():
    from minyi.representatives.models import RepresentativeGroup

    return RepresentativeGroup


_MODELS = {"station": _station, "unit": _unit, "group": _group}
