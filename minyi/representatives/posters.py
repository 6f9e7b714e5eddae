"""The 代表码 poster: an A4 page per representative with their public details and a large QR
code to their public page (/r/<code>/), drawn by WeasyPrint from the public profile only."""

import base64
import mimetypes

from django.conf import settings
from django.urls import reverse

from minyi.core import documents, qr

from .public_data import public_profile


def public_url(person):
    return qr.absolute_url(reverse("representatives:public_profile", args=[person.public_code]))


def _photo_data_uri(person):
    """The photo inlined, so WeasyPrint never has to fetch it over HTTP from this server."""
    if not person.photo:
        return ""
    try:
        with person.photo.open("rb") as handle:
            data = handle.read()
    except OSError:
        return ""
    kind = mimetypes.guess_type(person.photo.name)[0] or "image/jpeg"
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


def page(person):
    url = public_url(person)
    return {"profile": public_profile(person), "url": url, "qr": qr.svg_data_uri(url, scale=12, border=1), "photo": _photo_data_uri(person)}


def render(people, *, request=None):
    return documents.render_pdf(
        "representatives/poster.html",
        {"pages": [page(person) for person in people], "deployment_name": settings.MINYI_DEPLOYMENT_NAME, "site_name": settings.MINYI_SITE_NAME},
        request=request,
    )
