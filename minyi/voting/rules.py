"""Who sees which vote: the congress's staff and leaders (and those of the congresses above), the
members of its electorate, its tellers. Nobody sees another's ballot: ballots have no owner."""

from django.db.models import Q

from minyi.accounts import access

from .models import Vote


@access.scope(Vote)
def votes_in_scope(actor, queryset):
    if actor.is_system_admin:
        return queryset
    query = Q(pk__in=[])
    if actor.is_congress_staff:
        query |= actor.region_q("congress__region")
    if actor.representative_ids:
        query |= Q(electors__representative_id__in=actor.representative_ids)
    if actor.is_authenticated:
        query |= Q(tellers__user=actor.user)
    return queryset.filter(pk__in=queryset.model.objects.filter(query).values("pk"))


@access.rule(Vote, "manage")
def may_manage(actor, vote):
    return actor.may_edit_region(vote.congress.region_id)
