"""Who may see and manage representatives, their mandates, groups and grids.

Congress staff see a representative who holds a mandate in a congress of their regions, or who
is assigned to a station there (a station's 五级代表 include representatives of higher
congresses); they manage the records of those holding a mandate in their congresses. A
representative sees their own record. The public profile is read through `public_data`."""

from django.db.models import Q

from minyi.accounts import access
from minyi.organisations.models import StationAssignment

from .models import Grid, GridResponsibility, Mandate, Representative, RepresentativeGroup


def _staff_manage(actor, region_code):
    return actor.is_system_admin or (actor.is_congress_staff and actor.covers_region(region_code))


def _representatives_query(actor):
    query = Q(pk__in=actor.representative_ids)
    if actor.is_congress_staff:
        by_mandate = Mandate.objects.filter(actor.region_q("congress__region")).values("representative_id")
        by_station = StationAssignment.objects.filter(actor.region_q("station__region")).values("representative_id")
        query |= Q(pk__in=by_mandate) | Q(pk__in=by_station)
    return query


@access.scope(Representative)
def representatives_in_scope(actor, queryset):
    if actor.is_system_admin:
        return queryset
    return queryset.filter(_representatives_query(actor))


@access.rule(Representative, "manage")
def may_manage_representative(actor, representative):
    if actor.is_system_admin:
        return True
    if not actor.is_congress_staff:
        return False
    return representative.mandates.filter(actor.region_q("congress__region")).exists()


@access.rule(Representative, "view_phone")
def may_see_phone(actor, representative):
    """Staff who work with the representative may call them; so may the person themself."""
    if actor.is_system_admin or representative.pk in actor.representative_ids:
        return True
    return actor.is_congress_staff and representatives_in_scope(actor, Representative.objects.filter(pk=representative.pk)).exists()


@access.scope(Mandate)
def mandates_in_scope(actor, queryset):
    if actor.is_system_admin:
        return queryset
    return queryset.filter(representative__in=representatives_in_scope(actor, Representative.objects.all()))


@access.rule(Mandate, "manage")
def may_manage_mandate(actor, mandate):
    if mandate.congress_id:
        return _staff_manage(actor, mandate.congress.region_id)
    # A national mandate, or one in a congress above the deployment's root, has no congress in
    # the tree: it is kept by whoever keeps the person's record.
    return may_manage_representative(actor, mandate.representative)


@access.scope(RepresentativeGroup)
def groups_in_scope(actor, queryset):
    if actor.is_system_admin:
        return queryset
    query = actor.region_q("congress__region") if actor.is_congress_staff else Q(pk__in=[])
    if actor.representative_ids:
        mine = Mandate.objects.filter(representative_id__in=actor.representative_ids)
        query |= Q(pk__in=mine.values("group_id")) | Q(pk__in=mine.values("professional_group_id"))
    return queryset.filter(query)


@access.rule(RepresentativeGroup, "manage")
def may_manage_group(actor, group):
    return _staff_manage(actor, group.congress.region_id)


@access.scope(Grid)
def grids_in_scope(actor, queryset):
    if actor.is_system_admin:
        return queryset
    query = actor.region_q("region") if actor.is_congress_staff else Q(pk__in=[])
    if actor.representative_ids:
        mine = GridResponsibility.objects.filter(representative_id__in=actor.representative_ids)
        query |= Q(pk__in=mine.values("grid_id"))
    return queryset.filter(query)


@access.rule(Grid, "manage")
def may_manage_grid(actor, grid):
    return _staff_manage(actor, grid.region_id)


@access.scope(GridResponsibility)
def grid_responsibilities_in_scope(actor, queryset):
    if actor.is_system_admin:
        return queryset
    query = actor.region_q("grid__region") if actor.is_congress_staff else Q(pk__in=[])
    if actor.representative_ids:
        query |= Q(representative_id__in=actor.representative_ids)
    return queryset.filter(query)


@access.rule(GridResponsibility, "manage")
def may_manage_grid_responsibility(actor, responsibility):
    return may_manage_grid(actor, responsibility.grid)
