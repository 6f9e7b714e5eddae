"""Who may see and manage congresses, units and stations.

Congress staff (and leaders) see what lies in their congresses' regions; unit staff see their
own units; a representative sees the stations they are assigned to and their own duty. Public
pages do not go through these scopes: they read `public_data`, which returns public fields only."""

from django.db.models import Q

from minyi.accounts import access

from .models import (
    Congress,
    Department,
    DutyRoster,
    ReceptionException,
    ReceptionRule,
    Session,
    Station,
    StationAssignment,
    Term,
    Unit,
    UnitNameChange,
)


def _staff_manage(actor, region_code):
    return actor.may_edit_region(region_code)


@access.scope(Congress)
def congresses_in_scope(actor, queryset):
    if actor.is_system_admin:
        return queryset
    return queryset.filter(actor.region_q("region"))


@access.rule(Congress, "manage")
def may_manage_congress(actor, congress):
    return _staff_manage(actor, congress.region_id)


@access.scope(Department)
def departments_in_scope(actor, queryset):
    if actor.is_system_admin:
        return queryset
    return queryset.filter(actor.region_q("congress__region"))


@access.scope(Term)
def terms_in_scope(actor, queryset):
    if actor.is_system_admin:
        return queryset
    return queryset.filter(actor.region_q("congress__region"))


@access.rule(Term, "manage")
def may_manage_term(actor, term):
    return _staff_manage(actor, term.congress.region_id)


@access.scope(Session)
def sessions_in_scope(actor, queryset):
    if actor.is_system_admin:
        return queryset
    return queryset.filter(actor.region_q("term__congress__region"))


@access.rule(Session, "manage")
def may_manage_session(actor, session):
    return _staff_manage(actor, session.term.congress.region_id)


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
    return _staff_manage(actor, unit.region_id)


@access.rule(Unit, "manage_staff")
def may_manage_unit_staff(actor, unit):
    return unit.pk in actor.admin_unit_ids or may_manage_unit(actor, unit)


@access.scope(UnitNameChange)
def unit_name_changes_in_scope(actor, queryset):
    if actor.is_system_admin:
        return queryset
    return queryset.filter(unit__in=units_in_scope(actor, Unit.objects.all()))


@access.scope(Station)
def stations_in_scope(actor, queryset):
    """Staff see the stations in their regions; a representative sees the stations they are
    (or were) assigned to."""
    if actor.is_system_admin:
        return queryset
    query = actor.region_q("region") if actor.is_congress_staff else Q(pk__in=[])
    if actor.representative_ids:
        assigned = StationAssignment.objects.filter(representative_id__in=actor.representative_ids)
        query |= Q(pk__in=assigned.values("station_id"))
    return queryset.filter(query)


@access.rule(Station, "manage")
def may_manage_station(actor, station):
    return _staff_manage(actor, station.region_id)


@access.scope(ReceptionRule)
@access.scope(ReceptionException)
def station_parts_in_scope(actor, queryset):
    if actor.is_system_admin:
        return queryset
    return queryset.filter(station__in=stations_in_scope(actor, Station.objects.all()))


@access.rule(ReceptionRule, "manage")
@access.rule(ReceptionException, "manage")
@access.rule(StationAssignment, "manage")
@access.rule(DutyRoster, "manage")
def may_manage_station_part(actor, part):
    return may_manage_station(actor, part.station)


@access.scope(StationAssignment)
@access.scope(DutyRoster)
def own_or_station_staff(actor, queryset):
    """Assignments and duty: staff see their regions' stations; a representative sees their own."""
    if actor.is_system_admin:
        return queryset
    query = actor.region_q("station__region") if actor.is_congress_staff else Q(pk__in=[])
    if actor.representative_ids:
        query |= Q(representative_id__in=actor.representative_ids)
    return queryset.filter(query)
