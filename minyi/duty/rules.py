"""Who sees which duty records: the congress's staff and leaders (and those above), and each
representative their own invitations, attendance and leave."""

from django.db.models import Q

from minyi.accounts import access

from .models import Activity, Attendance, Invitation, LeaveRequest


@access.scope(Activity)
def activities_in_scope(actor, queryset):
    if actor.is_system_admin:
        return queryset
    query = Q(pk__in=[])
    if actor.is_congress_staff:
        query |= actor.region_q("congress__region")
    if actor.representative_ids:
        query |= Q(invitations__representative_id__in=actor.representative_ids) | Q(attendances__representative_id__in=actor.representative_ids)
    return queryset.filter(pk__in=Activity.objects.filter(query).values("pk"))


@access.scope(Invitation)
@access.scope(Attendance)
@access.scope(LeaveRequest)
def records_in_scope(actor, queryset):
    if actor.is_system_admin:
        return queryset
    query = Q(pk__in=[])
    if actor.is_congress_staff:
        query |= actor.region_q("activity__congress__region")
    if actor.representative_ids:
        query |= Q(representative_id__in=actor.representative_ids)
    return queryset.filter(query)
