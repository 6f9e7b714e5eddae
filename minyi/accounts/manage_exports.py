"""The "导出 Excel" button of the management lists.

Excel files are written by the transfers app: `minyi.transfers.exports.export_response(kind,
queryset, request)` for the kinds its registry knows. A list shows the button only when that
function exists and knows the list's kind; `?export=xlsx` on the list then hands the list's
filtered queryset to it (which narrows it to the user's scope again and records the export)."""

EXPORT_PARAMETER = "export"
EXPORT_VALUE = "xlsx"


def exporter(kind):
    """The transfers app's `export_response` when it can export `kind`, else None."""
    try:
        from minyi.transfers import registry
        from minyi.transfers.exports import export_response
    except ImportError:
        return None
    try:
        registry.get(kind)
    except LookupError:
        return None
    return export_response


def maybe_export(request, kind, queryset):
    """The Excel response for `queryset` when the list was asked for one and `kind` can be
    exported; None otherwise (the list is shown)."""
    if request.GET.get(EXPORT_PARAMETER) != EXPORT_VALUE:
        return None
    export = exporter(kind)
    if export is None:
        return None
    return export(kind, queryset, request)


def export_query(request):
    """The list's query string without the page, asking for the Excel file."""
    query = request.GET.copy()
    for name in ("page", EXPORT_PARAMETER):
        query.pop(name, None)
    query[EXPORT_PARAMETER] = EXPORT_VALUE
    return query.urlencode()
