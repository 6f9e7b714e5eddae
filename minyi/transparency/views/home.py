"""The portal's home: a region's public figures and what was published there, without signing in."""

from django.core.cache import cache
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from .. import figures, home, places
from .common import refused

# The home is what a phone opens first: its sections are kept a minute per region, year and
# language (the figures themselves follow the matters within minutes).
CACHE_SECONDS = 60


def _sections(region, year):
    station_rows, station_count = home.stations(region)
    return {
        "figures": figures.panel(region, year), "opinions": home.latest_opinions(region),
        "suggestions": home.latest_suggestions(region), "project_years": home.project_years(region, year),
        "stations": station_rows, "station_count": station_count,
    }


def portal_home(request):
    try:
        region = places.choose(request.GET.get("region"))
        year = figures.year_of(request.GET.get("year"))
    except (places.PlaceError, figures.YearError) as error:
        return refused(request, error)
    key = f"transparency:home:{region.code}:{year}:{translation.get_language()}"
    sections = cache.get_or_set(key, lambda: _sections(region, year), CACHE_SECONDS)
    return render(request, "transparency/home.html", {
        "page_title": _("Transparency portal"), "region": region, "trail": places.trail(region), "children": places.children(region),
        **sections, "station_query": home.station_query(region), "representatives_query": home.representatives_query(region),
        "years": figures.year_choices(), "tab": "home", "year_query": "" if year == figures.year_of("") else f"year={year}",
    })


def front_sections():
    """The public front page's card leading to the portal."""
    return [{"template": "transparency/_front_section.html"}]
