"""Excel exports in the columns of the import templates, so that export → edit → re-import
updates the same records.

List pages call `export_response` for their "导出 Excel" button with the queryset they show:

    from minyi.transfers.exports import export_response

    def representative_list(request):
        queryset = filtered_representatives(request)        # already access.visible(...)
        if request.GET.get("format") == "xlsx":
            return export_response("representatives", queryset, request)
        ...

Kinds and the model of their queryset: "representatives" (Representative; one row per mandate),
"units" (Unit), "stations" (Station), "accounts" (User; one row per staff role).
"""

from django.utils import timezone
from django.utils.http import content_disposition_header
from django.http import HttpResponse

from minyi.accounts import access
from minyi.audit.services import record_export

from . import registry, workbooks


def export_response(kind, queryset, request, *, filters=None, filename=None):
    """An .xlsx download of `queryset` in the columns of the `kind` template.

    The queryset is narrowed to what the user may see (access.visible) whatever the caller did;
    representatives' phones are written only where the user may see them (access rule
    "view_phone"), otherwise masked as 138****1234, which a re-import reads as "unchanged".
    The export is recorded in the audit log with its row count and `filters` (by default the
    request's query string)."""
    spec = registry.get(kind)
    if queryset.model is not spec.model:
        raise ValueError(f"an export of {kind!r} needs a queryset of {spec.model.__name__}, not {queryset.model.__name__}")
    user = request.user
    queryset = access.visible(user, queryset)
    content, rows = workbooks.build(spec, access.actor_for(user), spec.export_rows(queryset, user))
    if filters is None:
        filters = {key: values if len(values) > 1 else values[0] for key, values in request.GET.lists()}
    record_export(spec.model._meta.label_lower, rows=rows, filters=filters, user=user)
    name = filename or f"{workbooks.sheet_title(spec.title)}-{timezone.localdate():%Y%m%d}.xlsx"
    response = HttpResponse(content, content_type=workbooks.CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["Cache-Control"] = "no-store"
    return response
