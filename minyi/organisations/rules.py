"""Who may see and manage congresses and handling units."""

from django.db.models import Q

from minyi.accounts import access

from .models import Congress, Department, Unit


@access.scope(Congress)
def congresses_in_scope(actor, queryset):
    if actor.is_system_admin:
        return queryset
    return queryset.filter(actor.region_q("region"))


@access.rule(Congress, "manage")
def may_manage_congress(actor, congress):
    return actor.covers_region(congress.region_id) and (actor.is_system_admin or actor.is_congress_staff)


@access.scope(Department)
def departments_in_scope(actor, queryset):
    if actor.is_system_admin:
        return queryset
    return queryset.filter(actor.region_q("congress__region"))


@access.scope(Unit)
def units_in_scope(actor, queryset):
    if actor.is_system_admin:
        return queryset
    query = actor.region_q("region") if actor.is_congress_staff else None
    if actor.unit_ids:
        own = Q(pk__in=actor.unit_ids)
        query = own if query is None else query | own
    return queryset.filter(query) if query is not None else queryset.none()


@access.rule(Unit, "manage")
def may_manage_unit(actor, unit):
    return actor.is_system_admin or (actor.is_congress_staff and actor.covers_region(unit.region_id))


@access.rule(Unit, "manage_staff")
def may_manage_unit_staff(actor, unit):
    return unit.pk in actor.admin_unit_ids or may_manage_unit(actor, unit)
