"""Public station pages behind the posters' QR codes, and the list of stations for citizens.
No sign-in; everything shown comes from `public_data`."""

import datetime

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from ..public_data import UPCOMING_DAYS, public_station_people, public_stations, public_stations_in, station_counties
from ..public_data import public_station as load_public_station

PUBLIC_PAGE_SIZE = 20

# Apps above the organisation model (duty's reception sessions) add to a station's page through
# these, so that this app never imports them.
_reception_sources = []
_station_sections = []


def register_reception_source(source):
    """source(public_code, start, end) -> {(date, start time): {"on_duty": [PublicPerson], "guests": [(unit, position)]}}
    for the receptions it knows more about than the timetable and the roster."""
    if source not in _reception_sources:
        _reception_sources.append(source)
    return source


def register_station_section(section):
    """section(public_code) -> {"template": name, "context": {...}}, shown below the representatives."""
    if section not in _station_sections:
        _station_sections.append(section)
    return section


def public_station(request, code):
    if not code.isalnum() or len(code) > 16:
        raise Http404
    station = load_public_station(code)
    people = public_station_people(code) if station is not None else None
    if station is None or people is None:
        raise Http404
    today = timezone.localdate()
    details = {}
    for source in _reception_sources:
        details.update(source(code, today, today + datetime.timedelta(days=UPCOMING_DAYS)))
    days = []
    for reception in station.upcoming_receptions:
        if days and days[-1]["date"] == reception.date:
            days[-1]["times"].append(reception)
        else:
            days.append({"date": reception.date, "times": [reception], "on_duty": list(people.on_duty.get(reception.date, [])), "guests": []})
        detail = details.get((reception.date, reception.start_time))
        if detail:
            days[-1]["on_duty"] += [person for person in detail["on_duty"] if person not in days[-1]["on_duty"]]
            days[-1]["guests"] += [guest for guest in detail["guests"] if guest not in days[-1]["guests"]]
    sections = [section(code) for section in _station_sections]
    context = {"station": station, "days": days[:6], "representatives": people.representatives, "sections": sections}
    return render(request, "organisations/public_station.html", context)


def public_station_list(request):
    counties = station_counties()
    county = request.GET.get("county", "")
    if county and county in dict(counties):
        stations = public_stations_in(county) or []
    else:
        county = ""
        stations = public_stations()
    page = Paginator(stations, PUBLIC_PAGE_SIZE).get_page(request.GET.get("page"))
    query = f"county={county}&" if county else ""
    context = {"page": page, "counties": counties, "county": county, "query": query}
    return render(request, "organisations/public_station_list.html", context)
