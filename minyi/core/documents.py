"""Printable documents: an HTML template rendered to PDF by WeasyPrint, in Chinese fonts.

Templates extend `documents/base.html` (A4, Noto Sans/Serif CJK). Fonts come from the system
(fonts-noto-cjk); `make test` and the README's production notes install them."""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.encoding import escape_uri_path


def render_pdf(template_name, context, *, request=None):
    from weasyprint import HTML  # imported here: loading pango takes a moment and most requests never need it

    html = render_to_string(template_name, context, request=request)
    base_url = request.build_absolute_uri("/") if request is not None else None
    return HTML(string=html, base_url=base_url).write_pdf()


def pdf_response(pdf_bytes, filename, *, inline=True):
    response = HttpResponse(pdf_bytes, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{escape_uri_path(filename)}"
    return response
