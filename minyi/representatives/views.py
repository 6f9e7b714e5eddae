"""A representative's phone home, and the public pages behind the 代表码: a representative's
profile and the "find my representative" search."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from minyi.accounts import access
from minyi.accounts.models import Role
from minyi.core import qr
from minyi.duty.public_record import public_duty
from minyi.organisations.models import DutyRoster, StationAssignment
from minyi.organisations.reception import reception_days

from . import listing
from .forms import PublicSearchForm
from .models import GridResponsibility, Representative
from .posters import public_url
from .public_data import public_profile

# How far ahead the home looks for reception days: two months always show a monthly one.
UPCOMING_DAYS = 62
RECEPTIONS_SHOWN = 3
PUBLIC_PAGE_SIZE = 20


@login_required
def home(request):
    actor = access.require_role(request.user, Role.REPRESENTATIVE, request=request)
    today = timezone.localdate()
    people = [_home_card(person, today) for person in Representative.objects.filter(pk__in=actor.representative_ids)]
    return render(request, "representatives/home.html", {"people": people, "today": today})


def _home_card(person, today):
    until = today + datetime.timedelta(days=UPCOMING_DAYS)
    mandates = list(person.mandates.select_related("congress", "term", "group", "professional_group").order_by("-start"))
    stations = []
    assignments = (
        StationAssignment.objects.current()
        .filter(representative=person, station__is_active=True)
        .select_related("station__region")
        .order_by("station__name")
    )
    for assignment in assignments:
        station = assignment.station
        my_duty = set(DutyRoster.objects.filter(station=station, representative=person, date__range=(today, until)).values_list("date", flat=True))
        receptions = [
            {"reception": reception, "on_duty": reception.date in my_duty}
            for reception in reception_days(station, today, until)[:RECEPTIONS_SHOWN]
        ]
        stations.append({"station": station, "receptions": receptions, "public_url": f"/s/{station.public_code}/"})
    url = public_url(person)
    return {
        "person": person,
        "current_mandates": [m for m in mandates if m.is_current],
        "former_mandates": [m for m in mandates if not m.is_current],
        "stations": stations,
        "grids": GridResponsibility.objects.current().filter(representative=person).select_related("grid__region"),
        "qr_svg": qr.svg(url, scale=7, border=2),
        "public_path": reverse("representatives:public_profile", args=[person.public_code]),
        "poster_path": reverse("representatives:poster", args=[person.pk]),
    }


def public_profile_page(request, code):
    """The page behind a representative's 代表码: public details and the duty record only (代表法 第58条)."""
    code = (code or "").strip()
    person = Representative.objects.filter(public_code__in={code, code.lower()}).first()
    if person is None:
        raise Http404
    profile = public_profile(person)
    return render(
        request,
        "representatives/public/profile.html",
        {
            "profile": profile, "page_title": "", "stations": [{"link": station, "url": f"/s/{station.public_code}/"} for station in profile.stations],
            # The duty record the law asks to publish, one year at a time, and the 代表码 that leads here.
            "duty": public_duty(person, request.GET.get("year", "")),
            "qr_svg": qr.svg(public_url(person), scale=4, border=2),
        },
    )


def public_list(request):
    """Find my representative: serving representatives by name and county."""
    form = PublicSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    people = listing.public_search(filters.get("q") or "", filters.get("county"))
    page = Paginator(people, PUBLIC_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "representatives/public/list.html",
        {"form": form, "page": page, "query": query.urlencode(), "page_title": _("Find your representative")},
    )
