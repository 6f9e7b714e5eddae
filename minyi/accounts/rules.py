"""Who may see and manage accounts."""

from django.db.models import Q

from . import access
from .models import Role, User


@access.scope(User)
def users_in_scope(actor, queryset):
    if actor.is_system_admin:
        return queryset
    query = Q(pk=actor.user.pk) if actor.user is not None else Q(pk__in=[])
    if actor.is_congress_staff:
        query |= _grants_in_regions(actor)
    if actor.admin_unit_ids:
        query |= Q(role_grants__unit_id__in=actor.admin_unit_ids)
    return queryset.filter(query).distinct()


def _grants_in_regions(actor):
    # A representative's account is in the regions of the congresses where they hold (or held)
    # a mandate: the staff who keep their record also look after their sign-in.
    return (
        actor.region_q("role_grants__congress__region")
        | actor.region_q("role_grants__unit__region")
        | actor.region_q("role_grants__representative__mandates__congress__region")
    )


@access.rule(User, "manage")
def may_manage_user(actor, user):
    """Unit administrators manage their own unit's staff; staff of the representative work
    bodies manage accounts in their regions; nobody but a system administrator touches an
    administrator's account."""
    if actor.is_system_admin:
        return True
    target_roles = set(user.role_grants.values_list("role", flat=True))
    if Role.SYSTEM_ADMIN in target_roles or user.is_superuser:
        return False
    if actor.admin_unit_ids and target_roles <= {Role.UNIT_STAFF, Role.UNIT_ADMIN}:
        return user.role_grants.filter(unit_id__in=actor.admin_unit_ids).exists()
    if Role.CONGRESS_STAFF in actor.roles:
        return User.objects.filter(pk=user.pk).filter(_grants_in_regions(actor)).exists()
    return False
