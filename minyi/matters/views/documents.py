"""The assignment sheet (交办单) as Word and PDF, one assignment at a time, and the batch Word file
for an assignment meeting. Only the holding congress's staff and the assigned unit may print a
sheet; the batch is for staff. Every file handed out is recorded as an export."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from minyi.accounts import access
from minyi.accounts.models import Role
from minyi.audit.services import record_export
from minyi.core.documents import pdf_response, render_pdf

from .. import documents
from ..models import Assignment

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
STAFF_ROLES = (Role.CONGRESS_STAFF, Role.SYSTEM_ADMIN)


def _assignments():
    return Assignment.objects.select_related("matter", "matter__owner_congress", "matter__owner_congress__region", "unit")


def _sheet_assignment(request, pk):
    return access.get_object(request.user, _assignments(), action="print_sheet", request=request, pk=pk)


def _docx_response(content, filename):
    response = HttpResponse(content, content_type=DOCX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def sheet_docx(request, pk):
    assignment = _sheet_assignment(request, pk)
    actor = access.actor_for(request.user)
    content = documents.sheets_docx([assignment], actor)
    record_export("matters.assignment_sheet", rows=1, filters={"assignment": assignment.pk, "format": "docx"}, user=request.user)
    return _docx_response(content, documents.sheet_filename(assignment, "docx"))


@login_required
@require_GET
def sheet_pdf(request, pk):
    assignment = _sheet_assignment(request, pk)
    actor = access.actor_for(request.user)
    context = {"labels": documents.labels(), "sheets": [documents.sheet_context(assignment, actor)]}
    pdf = render_pdf("matters/documents/assignment_sheet.html", context, request=request)
    record_export("matters.assignment_sheet", rows=1, filters={"assignment": assignment.pk, "format": "pdf"}, user=request.user)
    return pdf_response(pdf, documents.sheet_filename(assignment, "pdf"))


def _ids(text):
    ids = []
    for part in (text or "").replace("，", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit():
            raise ValueError(part)
        ids.append(int(part))
    return list(dict.fromkeys(ids))


def _bad_request(message):
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


@login_required
@require_GET
def sheets_docx(request):
    """All the sheets asked for (?ids=1,2,3), in that order, one per page: staff only."""
    actor = access.require_role(request.user, *STAFF_ROLES, request=request)
    try:
        ids = _ids(request.GET.get("ids"))
    except ValueError:
        return _bad_request(_("List the assignments as numbers separated by commas, e.g. ids=12,13,14."))
    if not ids:
        return _bad_request(_("Choose at least one assignment to print."))
    if len(ids) > documents.BATCH_LIMIT:
        return _bad_request(_("At most %(limit)d sheets can be printed at once.") % {"limit": documents.BATCH_LIMIT})
    found = {a.pk: a for a in access.visible(request.user, _assignments().filter(pk__in=ids))}
    if len(found) != len(ids):
        raise Http404
    assignments = [found[pk] for pk in ids]
    for assignment in assignments:
        access.check(request.user, "print_sheet", assignment, request=request)
    content = documents.sheets_docx(assignments, actor)
    record_export("matters.assignment_sheet", rows=len(assignments), filters={"assignments": ids, "format": "docx"}, user=request.user)
    return _docx_response(content, f"{_('Assignment sheets')}-{timezone.localdate():%Y%m%d}.docx")
