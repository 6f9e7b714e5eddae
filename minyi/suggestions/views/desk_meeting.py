"""The assignment meeting (交办会): the registered suggestions with their proposed units (edited
in place), assigned together; then all their assignment sheets as one Word file and one PDF, and
the batch as an Excel list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from minyi.audit.services import record_export
from minyi.core.documents import pdf_response
from minyi.matters import services as engine
from minyi.organisations.models import Unit

from .. import documents, services
from ..models import Suggestion
from .desk import XLSX_TYPE, desk_suggestions, require_writer

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
BATCH_LIMIT = 500


def _ids(text):
    ids = []
    for part in (text or "").replace("，", ",").split(","):
        part = part.strip()
        if part.isdigit():
            ids.append(int(part))
        elif part:
            raise ValueError(part)
    return list(dict.fromkeys(ids))


@login_required
def desk_meeting(request):
    actor = require_writer(request)
    registered = desk_suggestions(request, actor).filter(matter__status="registered").select_related(
        "matter__representative", "matter__owner_congress", "planned_lead", "session").prefetch_related("planned_co_units").order_by("term", "number")
    rows = list(registered[:BATCH_LIMIT])
    congress_regions = {s.matter.owner_congress.region_id for s in rows}
    units = list(Unit.objects.filter(region_id__in=congress_regions, is_active=True).order_by("name"))
    try:
        done = _ids(request.GET.get("done"))[:BATCH_LIMIT]
    except ValueError:
        done = []
    done_rows = list(desk_suggestions(request, actor).filter(pk__in=done).select_related("matter").order_by("number")) if done else []
    return render(request, "suggestions/desk/meeting.html", {
        "rows": [{"suggestion": s, "co_ids": [u.pk for u in s.planned_co_units.all()]} for s in rows],
        "more": registered.count() > len(rows), "units": units, "done": done_rows, "done_ids": ",".join(str(s.pk) for s in done_rows),
        "limit": BATCH_LIMIT,
    })


@login_required
@require_POST
def desk_meeting_plan(request, pk):
    """Save one row's proposed units."""
    actor = require_writer(request)
    suggestion = desk_suggestions(request, actor).filter(pk=pk).select_related("matter").first()
    if suggestion is None:
        from django.http import Http404

        raise Http404
    units = services.assignable_units(suggestion.matter)
    lead_id = request.POST.get("lead", "")
    lead = units.filter(pk=int(lead_id)).first() if lead_id.isdigit() else None
    co_ids = [int(v) for v in request.POST.getlist("co_units") if v.isdigit()]
    co_units = list(units.filter(pk__in=co_ids))
    label = suggestion.number_label or suggestion.matter.title
    if lead_id and lead is None or len(co_units) != len(set(co_ids)):
        messages.error(request, _("%(number)s: choose active units of the congress's own government.") % {"number": label})
    elif lead is not None and lead in co_units:
        messages.error(request, _("%(number)s: the lead unit cannot also be a co-handling unit.") % {"number": label})
    else:
        try:
            services.plan_units(suggestion, actor=request.user, lead=lead, co_units=co_units)
        except (engine.TransitionNotAllowed, PermissionDenied):
            messages.error(request, _("%(number)s is no longer waiting for assignment.") % {"number": label})
        except ValidationError as error:
            messages.error(request, f"{label}: {'；'.join(error.messages)}")
        else:
            messages.success(request, _("%(number)s: the proposed units were saved.") % {"number": label})
    return redirect(f"{_url('suggestions:desk_meeting')}#row-{suggestion.pk}")


@login_required
@require_POST
def desk_meeting_assign(request):
    actor = require_writer(request)
    ids = [int(v) for v in request.POST.getlist("items") if v.isdigit()][:BATCH_LIMIT]
    if not ids:
        messages.warning(request, _("Tick at least one suggestion first."))
        return redirect("suggestions:desk_meeting")
    found = {s.pk: s for s in desk_suggestions(request, actor).filter(pk__in=ids).select_related("matter", "planned_lead")
             .prefetch_related("planned_co_units")}
    suggestions = [found[pk] for pk in ids if pk in found]
    result = services.assign_batch(suggestions, actor=request.user, note=request.POST.get("note", "")[:1000])
    if result.assigned:
        messages.success(request, _("%(count)d suggestions were assigned.") % {"count": len(result.assigned)})
    if result.skipped:
        items = "；".join(f"{s.number_label or s.matter.title}: {reason}" for s, reason in result.skipped)
        messages.error(request, _("%(count)d were not assigned: %(items)s") % {"count": len(result.skipped), "items": items})
    if not result.assigned:
        return redirect("suggestions:desk_meeting")
    return redirect(f"{_url('suggestions:desk_meeting')}?done={','.join(str(s.pk) for s in result.assigned)}")


def _url(name):
    from django.urls import reverse

    return reverse(name)


def _batch(request):
    actor = require_writer(request)
    try:
        ids = _ids(request.GET.get("ids"))
    except ValueError:
        return None, HttpResponseBadRequest(_("List the suggestions as numbers separated by commas."), content_type="text/plain; charset=utf-8")
    if not ids or len(ids) > BATCH_LIMIT:
        return None, HttpResponseBadRequest(_("Choose between 1 and %(limit)d suggestions.") % {"limit": BATCH_LIMIT},
                                            content_type="text/plain; charset=utf-8")
    allowed = set(desk_suggestions(request, actor).filter(pk__in=ids, matter__assignments__isnull=False).values_list("pk", flat=True))
    suggestions = documents.batch_suggestions([pk for pk in ids if pk in allowed])
    if not suggestions:
        from django.http import Http404

        raise Http404
    return suggestions, None


def _file(content, content_type, name):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def desk_meeting_docx(request):
    suggestions, problem = _batch(request)
    if problem:
        return problem
    content = documents.sheets_docx(documents.sheet_contexts(suggestions))
    record_export("suggestions.assignment_sheet", rows=len(suggestions), filters={"ids": [s.pk for s in suggestions], "format": "docx"},
                  user=request.user)
    return _file(content, DOCX_TYPE, f"{_('Suggestion assignment sheets')}-{timezone.localdate():%Y%m%d}.docx")


@login_required
@require_GET
def desk_meeting_pdf(request):
    suggestions, problem = _batch(request)
    if problem:
        return problem
    pdf = documents.sheets_pdf(documents.sheet_contexts(suggestions), request=request)
    record_export("suggestions.assignment_sheet", rows=len(suggestions), filters={"ids": [s.pk for s in suggestions], "format": "pdf"},
                  user=request.user)
    return pdf_response(pdf, f"{_('Suggestion assignment sheets')}-{timezone.localdate():%Y%m%d}.pdf", inline=False)


@login_required
@require_GET
def desk_meeting_xlsx(request):
    suggestions, problem = _batch(request)
    if problem:
        return problem
    content = documents.sheets_xlsx(suggestions)
    record_export("suggestions.assignment_list", rows=len(suggestions), filters={"ids": [s.pk for s in suggestions], "format": "xlsx"},
                  user=request.user)
    return _file(content, XLSX_TYPE, f"{_('Assigned suggestions')}-{timezone.localdate():%Y%m%d}.xlsx")


__all__ = ["Suggestion"]
