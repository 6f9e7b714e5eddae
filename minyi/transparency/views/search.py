"""The portal's search page: one box over everything published (see search.py), a calm message for an odd query."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from .. import places, search


def search_page(request):
    raw = request.GET.get("q", "")
    results, notice = None, ""
    try:
        region = places.choose(request.GET.get("region"))
    except places.PlaceError as error:
        region, notice = places.root(), str(error)
    if not notice:
        try:
            results = search.run(search.clean(raw), region)
        except search.QueryRefused as error:
            notice = str(error)
    return render(request, "transparency/search.html", {
        "page_title": _("Search the portal"), "q": raw.strip()[:search.MAX_LENGTH], "results": results, "notice": notice,
        "region": region,
    })
