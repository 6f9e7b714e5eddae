"""Public station pages behind the posters' QR codes, and the list of stations for citizens.
No sign-in; everything shown comes from `public_data`."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from ..public_data import public_station as load_public_station
from ..public_data import public_station_people, public_stations, public_stations_in, station_counties

PUBLIC_PAGE_SIZE = 20


def public_station(request, code):
    if not code.isalnum() or len(code) > 16:
        raise Http404
    station = load_public_station(code)
    people = public_station_people(code) if station is not None else None
    if station is None or people is None:
        raise Http404
    days = []
    for reception in station.upcoming_receptions:
        if days and days[-1]["date"] == reception.date:
            days[-1]["times"].append(reception)
        else:
            days.append({"date": reception.date, "times": [reception], "on_duty": people.on_duty.get(reception.date, [])})
    context = {"station": station, "days": days[:6], "representatives": people.representatives}
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
