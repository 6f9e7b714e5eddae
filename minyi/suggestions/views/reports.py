"""The annual handling report for congress staff and leaders: the figures on a page, with the
congress and year chosen, and the same figures as Word, PDF and Excel files (minyi/suggestions/reports.py)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.encoding import escape_uri_path
from django.utils.translation import gettext as _

from minyi.accounts import access
from minyi.core.documents import pdf_response

from .. import reports
from ..services import congresses_for

FORMATS = {
    "word": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", reports.to_word),
    "excel": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", reports.to_excel),
    "pdf": ("pdf", "application/pdf", reports.to_pdf),
}


def _actor(request):
    actor = access.actor_for(request.user)
    if not (actor.is_system_admin or actor.is_congress_staff):
        raise PermissionDenied
    return actor


def _choice(request, actor):
    """(congress, year) asked for, or ReportRefused with the reason."""
    congress = reports.congress_for(actor, request.GET.get("congress"))
    year = reports.parse_year(request.GET.get("year") or timezone.localdate().year)
    return congress, year


@login_required
def report(request):
    actor = _actor(request)
    congresses = list(congresses_for(actor).order_by("region__level", "region_id"))
    context = {"page_title": _("Suggestion handling report"), "congresses": congresses,
               "years": list(range(timezone.localdate().year, timezone.localdate().year - 6, -1)),
               "chosen_congress": request.GET.get("congress", ""), "chosen_year": request.GET.get("year", "")}
    try:
        congress, year = _choice(request, actor)
    except reports.ReportRefused as refused:
        context["refusal"] = refused.message
        return render(request, "suggestions/report/page.html", context, status=400 if request.GET else 200)
    built = reports.build(congress, year)
    context.update({
        "report": built, "congress": congress, "year": year, "title": reports.title_of(built), "summary": reports.summary_text(built),
        "tables": reports.tables(built), "chosen_congress": str(congress.pk), "chosen_year": str(year),
        "query": f"congress={congress.pk}&year={year}",
    })
    return render(request, "suggestions/report/page.html", context)


@login_required
def download(request, fmt):
    actor = _actor(request)
    if fmt not in FORMATS:
        raise Http404
    try:
        congress, year = _choice(request, actor)
    except reports.ReportRefused as refused:
        return render(request, "suggestions/report/page.html", {
            "page_title": _("Suggestion handling report"), "refusal": refused.message,
            "congresses": list(congresses_for(actor)), "years": [], "chosen_congress": "", "chosen_year": ""}, status=400)
    built = reports.build(congress, year)
    extension, content_type, render_file = FORMATS[fmt]
    body = render_file(built)
    name = reports.filename(built, extension)
    if fmt == "pdf":
        return pdf_response(body, name, inline=False)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(name)}"
    return response
