"""The open data page (licence, data dictionary, downloads) and the downloads themselves, streamed."""

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import files, licence, places
from ..datasets import DATASETS
from ..figures import YearError, year_choices, year_of
from .common import refused


def data_page(request):
    try:
        region = places.choose(request.GET.get("region"))
        year = year_of(request.GET.get("year"))
    except (places.PlaceError, YearError) as error:
        return refused(request, error)
    return render(request, "transparency/data.html", {
        "page_title": _("Open data"), "datasets": DATASETS.values(), "region": region,
        "trail": places.trail(region), "children": places.children(region), "years": year_choices(), "year": year, "tab": "data",
        "licence_name": licence.NAME, "licence_url": licence.URL, "attribution": licence.attribution(), "publisher": licence.publisher(),
    })


def _bad(message):
    # A download link is followed by programs as often as by people: the message is plain text.
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


def download(request, key, fmt):
    dataset = DATASETS.get(key)
    if dataset is None or fmt not in files.FORMATS:
        raise Http404
    try:
        region = places.choose(request.GET.get("region"))
        year = year_of(request.GET.get("year")) if dataset.takes_year else None
    except (places.PlaceError, YearError) as error:
        return _bad(str(error))
    response = StreamingHttpResponse(files.chunks(dataset, fmt, region=region, year=year), content_type=files.FORMATS[fmt])
    stamp = timezone.localdate().strftime("%Y%m%d")
    name = f"minyi-{dataset.key}-{region.code}{f'-{year}' if year else ''}-{stamp}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "public, max-age=600"
    return response
