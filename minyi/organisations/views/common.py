"""Helpers the organisation pages share."""

from django.core.paginator import Paginator

from minyi.accounts.models import Role

STAFF = (Role.CONGRESS_STAFF, Role.LEADER, Role.SYSTEM_ADMIN)
PAGE_SIZE = 50


def exporter(kind):
    """`minyi.transfers.exports.export_response` when the Excel transfers app can export `kind`
    (it records the export in the audit log itself); None otherwise, and the list page hides
    its export button."""
    try:
        from minyi.transfers import registry
        from minyi.transfers.exports import export_response

        registry.get(kind)
    except (ImportError, LookupError):
        return None
    return export_response


def attach_errors(form, error):
    """Show a service's ValidationError on the form: on the field it names when the form has
    that field, otherwise above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def paginate(request, queryset, size=PAGE_SIZE):
    page = Paginator(queryset, size).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def filter_query(request):
    """The list's filters as a query string (without the page), for export links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
