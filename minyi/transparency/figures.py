"""The public figures of a region for the portal's home, from the figures' rollups (queries.summary,
trend and breakdown), shaped for server-drawn numbers and CSS bars: no chart library on a phone."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from minyi.figures import queries
from minyi.figures.queries import Period, Scope

from . import places

TOP_CATEGORIES = 6
FIRST_YEAR = 2000


class YearError(ValueError):
    """str() is the message for the visitor."""


def year_of(value, today=None):
    """The year asked for in `?year=` (this year when empty). Raises YearError."""
    this_year = (today or timezone.localdate()).year
    value = (value or "").strip()
    if not value:
        return this_year
    if not (value.isascii() and value.isdigit()) or not FIRST_YEAR <= int(value) <= this_year:
        raise YearError(_("Choose a year from %(first)d to %(last)d.") % {"first": FIRST_YEAR, "last": this_year})
    return int(value)


def _share(value, largest):
    return round(100 * value / largest) if largest else 0


@dataclass
class Bar:
    label: str
    value: int
    share: int  # per cent of the largest bar, for the CSS width
    code: str = ""
    rate: float | None = None


def panel(region, year):
    """Everything the home's figures section shows for `region` in `year`."""
    scope = Scope(region_code=region.code, period=Period.year(year), kind="")
    summary = queries.summary(scope)
    months = [(month, figures.collected) for month, figures in queries.trend(scope)]
    today = timezone.localdate()
    if year == today.year:
        months = [(month, count) for month, count in months if month <= today]
    largest = max((count for _month, count in months), default=0)
    month_bars = [Bar(label=str(month.month), value=count, share=_share(count, largest)) for month, count in months]
    categories = queries.breakdown(scope, "category")[:TOP_CATEGORIES]
    top = max((row.figures.collected for row in categories), default=0)
    category_bars = [Bar(label=row.label or _("Uncategorised"), value=row.figures.collected, share=_share(row.figures.collected, top))
                     for row in categories]
    # Every child region is listed, those without a matter too: the table is also the way down.
    child_rows = []
    children = places.children(region)
    if children:
        rows = {row.value: row for row in queries.breakdown(scope, "region")}
        widest = max((row.figures.collected for row in rows.values()), default=0)
        for child in children:
            figures = rows[child.code].figures if child.code in rows else None
            collected = figures.collected if figures else 0
            child_rows.append({"code": child.code, "name": child.name, "figures": figures, "collected": collected,
                               "share": _share(collected, widest)})
        child_rows.sort(key=lambda row: -row["collected"])
    return {"summary": summary, "months": month_bars, "categories": category_bars, "children": child_rows, "year": year}


def year_choices(today=None):
    """The years a visitor can pick: this one and the four before it."""
    this_year = (today or timezone.localdate()).year
    return list(range(this_year, this_year - 5, -1))
