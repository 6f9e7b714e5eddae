"""Who sees which wish through minyi.accounts.access: the holding congress's staff and leaders (and
those above), the claimer (representative, unit, volunteer), the citizen's own account. The public
wall reads published wishes on its own, without personal data."""

from django.db.models import Q

from minyi.accounts import access

from .models import Wish, WishPhoto


def _query(actor, prefix=""):
    query = Q(pk__in=[])
    if actor.is_congress_staff:
        query |= actor.region_q(f"{prefix}congress__region")
    if actor.representative_ids:
        query |= Q(**{f"{prefix}claimer_representative_id__in": actor.representative_ids})
    if actor.unit_ids:
        query |= Q(**{f"{prefix}claimer_unit_id__in": actor.unit_ids})
    if actor.user is not None:
        query |= Q(**{f"{prefix}claimer_kind": Wish.ClaimerKind.VOLUNTEER, f"{prefix}claimer_user": actor.user})
        query |= Q(**{f"{prefix}citizen": actor.user})
    return query


@access.scope(Wish)
def wishes_in_scope(actor, queryset):
    return queryset if actor.is_system_admin else queryset.filter(_query(actor))


@access.scope(WishPhoto)
def photos_in_scope(actor, queryset):
    return queryset if actor.is_system_admin else queryset.filter(_query(actor, "wish__"))
