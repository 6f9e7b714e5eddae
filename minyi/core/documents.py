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


def render_pdf_in_parts(template_name, contexts, *, request=None):
    """One PDF of several renderings of `template_name` (one per context), joined page by page.
    WeasyPrint keeps the whole layout of a document in memory (1.2 GB for 1,000 assignment sheets);
    rendered a hundred at a time and joined, a batch of any size stays near one part's share."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    for context in contexts:
        writer.append(io.BytesIO(render_pdf(template_name, context, request=request)))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_response(pdf_bytes, filename, *, inline=True):
    response = HttpResponse(pdf_bytes, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{escape_uri_path(filename)}"
    return response
