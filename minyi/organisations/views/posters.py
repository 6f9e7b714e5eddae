"""QR posters of stations (A4 PDF): one station, or every station of the list's filters."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from minyi.accounts import access
from minyi.audit.services import record_export
from minyi.core import documents, qr

from ..public_data import public_station
from .common import STAFF
from .stations import _station, stations_for

# A batch is rendered while the person waits; more than this is better printed by region.
BATCH_LIMIT = 200


def poster_of(station):
    """What one poster shows: the station's public fields and the QR code of its public page."""
    public = public_station(station.public_code)
    if public is None:
        return None
    url = qr.absolute_url(reverse("organisations:public_station", args=[station.public_code]))
    return {"station": public, "url": url, "qr": qr.svg_data_uri(url, scale=12, border=2)}


@login_required
def station_poster(request, pk):
    station = _station(request, pk)
    poster = poster_of(station)
    if poster is None:
        raise Http404
    pdf = documents.render_pdf("organisations/poster.html", {"posters": [poster], "today": timezone.localdate()}, request=request)
    record_export("station_poster", rows=1, filters={"station": station.pk, "public_code": station.public_code}, user=request.user)
    return documents.pdf_response(pdf, _("QR poster %(station)s.pdf") % {"station": station.name})


@login_required
def station_posters(request):
    """Posters of the active stations the list's filters show, one per page."""
    access.require_role(request.user, *STAFF, request=request)
    form, stations = stations_for(request)
    stations = stations.filter(is_active=True)
    count = stations.count()
    list_url = reverse("organisations:station_list") + ("?" + request.GET.urlencode() if request.GET else "")
    if not count:
        messages.warning(request, _("No active station matches the filters; there is nothing to print."))
        return redirect(list_url)
    if count > BATCH_LIMIT:
        messages.warning(
            request, _("%(count)d stations match; narrow the filters to at most %(limit)d to print them at once.")
            % {"count": count, "limit": BATCH_LIMIT},
        )
        return redirect(list_url)
    posters = [poster for poster in (poster_of(station) for station in stations) if poster is not None]
    pdf = documents.render_pdf("organisations/poster.html", {"posters": posters, "today": timezone.localdate()}, request=request)
    record_export("station_posters", rows=len(posters), filters=form.filters(), user=request.user)
    return documents.pdf_response(pdf, _("QR posters of stations.pdf"))
