"""The vote's papers: numbered paper ballots to print, the result sheet (PDF, Excel) and the audit
file. Every download is in the audit log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.encoding import escape_uri_path
from django.utils.translation import gettext as _

from minyi.audit import services as audit
from minyi.core.documents import pdf_response

from .. import documents, services
from ..services import VoteRefused
from .desk import desk_actor, load

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _attachment(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(filename)}"
    return response


def _counted(request, pk, action="view"):
    desk_actor(request)
    vote = load(request, pk, action)
    if vote.result is None:
        messages.error(request, _("The vote has not been counted yet."))
        return vote, redirect("voting:desk_detail", pk=vote.pk)
    return vote, None


@login_required
def paper_ballots(request, pk):
    desk_actor(request)
    vote = load(request, pk, "manage")
    raw = request.GET.get("count", "")
    count = int(raw) if raw.isdigit() else vote.electorate_size or vote.paper_ballots_printed
    try:
        vote = services.print_paper_ballots(request.user, vote, count or 0)
    except VoteRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("voting:desk_detail", pk=vote.pk)
    audit.write("export", obj=vote, user=request.user, note=f"paper ballots 1–{count}")
    return pdf_response(documents.paper_ballots_pdf(vote, count), f"{vote.title}-选票.pdf")


@login_required
def result_pdf(request, pk):
    vote, refused = _counted(request, pk)
    if refused:
        return refused
    audit.write("export", obj=vote, user=request.user, note="result sheet PDF")
    return pdf_response(documents.result_sheet_pdf(vote), f"{vote.title}-计票结果.pdf")


@login_required
def result_xlsx(request, pk):
    vote, refused = _counted(request, pk)
    if refused:
        return refused
    audit.write("export", obj=vote, user=request.user, note="result workbook")
    return _attachment(documents.result_workbook(vote), XLSX, f"{vote.title}-计票结果.xlsx")


@login_required
def audit_json(request, pk):
    vote, refused = _counted(request, pk, "manage")
    if refused:
        return refused
    audit.write("export", obj=vote, user=request.user, note=f"audit file {vote.audit_digest}")
    return _attachment(services.audit_file(vote), "application/json", f"{vote.title}-审计文件.json")
