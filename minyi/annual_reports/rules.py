"""Who may see an annual report: the staff and leaders of its congress, and system administrators.
A report of another congress does not exist for anyone else (404, never 403)."""

from minyi.accounts import access

from .models import AnnualReport


@access.scope(AnnualReport)
def reports_of_own_congresses(actor, queryset):
    if actor.is_system_admin:
        return queryset
    return queryset.filter(congress_id__in=actor.congress_ids)
