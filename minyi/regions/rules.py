"""Who may see and change regions.

Congress staff (and leaders) see the regions within their congresses' regions, found by code
prefix; system administrators see the whole tree. Adding a local region (a new community the
statistical codes do not list yet) is for those whose scope covers its parent."""


from minyi.accounts import access

from .models import Region


def _within_scope(actor, region):
    return actor.may_edit_region(region.code)


@access.scope(Region)
def regions_in_scope(actor, queryset):
    if actor.is_system_admin:
        return queryset
    if not actor.is_congress_staff or not actor.region_prefixes:
        return queryset.none()
    return queryset.filter(actor.region_q(""))


@access.rule(Region, "add_child")
def may_add_child(actor, region):
    return _within_scope(actor, region)


@access.rule(Region, "manage")
def may_manage_region(actor, region):
    return _within_scope(actor, region)
