"""What the portal's home shows for a region, besides the figures: the latest published opinions
and suggestion replies, the year's livelihood projects, the way to the representatives and the
stations with their reception timetables. A fixed number of queries whatever the region's size."""

from urllib.parse import urlencode

from minyi.organisations.models import Station
from minyi.organisations.public_data import public_station
from minyi.regions.models import Level

from . import opinions, places, projects, suggestions

LATEST = 5
STATIONS = 4


def latest_opinions(region):
    return opinions.present(opinions.published(region)[:LATEST])


def latest_suggestions(region):
    return suggestions.present(suggestions.published(region)[:LATEST])


def project_years(region, year):
    """The region's project years of `year` (or the newest earlier year with any), each with its chosen projects."""
    years = projects.years_in(region, year) or projects.years_in(region)
    rows = projects.listed(years) if years else []
    return [{"year": y, "projects": [r for r in rows if r["year"].pk == y.pk and r["chosen"]][:projects.HOME_PROJECTS],
             "more": max(0, y.chosen_count - projects.HOME_PROJECTS)} for y in years]


def stations(region):
    """(the first few active stations in the region with their timetable and next receptions, how many there are)."""
    found = Station.objects.filter(places.within_region("region__code", region), is_active=True)
    codes = list(found.order_by("region_id", "name").values_list("public_code", flat=True)[:STATIONS])
    return [s for s in (public_station(code) for code in codes) if s is not None], found.count()


def representatives_query(region):
    """The query string of the representatives' public list narrowed to `region`."""
    if region.level == Level.COUNTY:
        return f"county={region.code}"
    if region.level > Level.COUNTY:
        return urlencode({"q": region.name})
    return ""


def station_query(region):
    """The stations' public list narrowed to the county of `region`, when it is one or under one."""
    if region.level >= Level.COUNTY:
        return f"county={region.code[:6]}000000"
    return ""
