"""QR codes for posters and pages (segno: pure Python, no image library needed)."""

import segno
from django.conf import settings


def absolute_url(path):
    return settings.SITE_URL.rstrip("/") + path


def svg(data, *, scale=6, border=2):
    """An inline SVG string of a QR code for `data` (high error correction: posters get dirty)."""
    return segno.make(data, error="h").svg_inline(scale=scale, border=border, dark="#000000")


def svg_data_uri(data, *, scale=10, border=2):
    return segno.make(data, error="h").svg_data_uri(scale=scale, border=border, dark="#000000")
