"""The desk pages of the annual report: choose a congress and a year, watch the worker write it,
download the Word and PDF files. Every report is loaded through access.get_object, so another
congress's report is a 404 on its page and on its files alike."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from minyi.accounts import access
from minyi.accounts.models import Role

from . import services
from .models import AnnualReport
from .progress import progress_of

RECENT = 20
FORMATS = {
    "word": ("docx", "word_file", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "pdf": ("pdf", "pdf_file", "application/pdf"),
}


def _desk(request):
    return access.require_role(request.user, Role.CONGRESS_STAFF, Role.LEADER, request=request)


def _reports(request):
    return access.visible(request.user, AnnualReport.objects.select_related("congress", "requested_by"))


@login_required
@require_http_methods(["GET", "POST"])
def index(request):
    _desk(request)
    congresses = list(services.congresses_for(request.user).order_by("region__level", "region_id"))
    this_year = timezone.localdate().year
    chosen = {"congress": str(congresses[0].pk) if congresses else "", "year": str(this_year)}
    refusal = None
    if request.method == "POST":
        chosen = {"congress": request.POST.get("congress", ""), "year": request.POST.get("year", "")}
        try:
            congress, year = services.choose(request.user, chosen["congress"], chosen["year"])
        except services.Refused as refused:
            refusal = refused.message
        else:
            report = services.request(request.user, congress, year)
            return redirect("annual_reports:report", pk=report.pk)
    context = {
        "congresses": congresses, "chosen": chosen, "refusal": refusal, "years": list(range(this_year, this_year - 6, -1)),
        "reports": list(_reports(request)[:RECENT]), "worker_running": services.worker_running(),
    }
    return render(request, "annual_reports/index.html", context, status=400 if refusal else 200)


@login_required
def report(request, pk):
    _desk(request)
    found = access.get_object(request.user, _reports(request), pk=pk, request=request)
    context = {"report": found, "progress": progress_of(found), "worker_running": services.worker_running()}
    template = "annual_reports/_panel.html" if request.htmx else "annual_reports/report.html"
    return render(request, template, context)


@login_required
def download(request, pk, fmt):
    _desk(request)
    found = access.get_object(request.user, _reports(request), pk=pk, request=request)
    if fmt not in FORMATS or not found.is_ready:
        raise Http404
    extension, field_name, content_type = FORMATS[fmt]
    try:
        handle = getattr(found, field_name).open("rb")
    except FileNotFoundError:
        raise Http404 from None
    services.record_download(request.user, found, extension)
    response = FileResponse(handle, content_type=content_type, as_attachment=True, filename=services.file_name(found, extension))
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
