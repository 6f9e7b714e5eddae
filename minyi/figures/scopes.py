"""Whose figures a person may see: congress staff and leaders their congresses' regions and
everything below; system administrators every top region; nobody else any."""

from minyi.accounts.access import actor_for
from minyi.accounts.models import Role
from minyi.organisations.models import Congress
from minyi.regions.models import Region

FIGURE_ROLES = frozenset({Role.CONGRESS_STAFF, Role.LEADER})


def regions_for(user):
    """The top regions of the user's figures, broadest first ([] for none)."""
    actor = actor_for(user)
    if actor.is_system_admin:
        congresses = Congress.objects.filter(is_active=True, parent__isnull=True)
    elif actor.roles & FIGURE_ROLES:
        congresses = Congress.objects.filter(pk__in=actor.congress_ids)
    else:
        return []
    return list(Region.objects.filter(congress__in=congresses).order_by("level", "code").distinct())


def allowed(user, region_code):
    """Is `region_code` one of the user's regions or below one? (Prefixes by level: the township
    420802100000 does not contain 420802101000.)"""
    code = str(region_code or "")
    return any(code.startswith(region.prefix) for region in regions_for(user))


def public_root():
    """The deployment's top region: the broadest active congress's."""
    congress = Congress.objects.select_related("region").filter(is_active=True).order_by("region__level", "region_id").first()
    return congress.region if congress else None
