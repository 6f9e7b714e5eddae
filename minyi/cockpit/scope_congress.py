"""The congress a cockpit scope belongs to: the region's own congress, or the nearest one above it
that is still within the user's regions. A village has no congress; its figures of units' scores,
livelihood projects and representatives' duty are those of the township or county congress that
holds it. Never a congress above the user's own top region."""

from minyi.organisations.models import Congress


def congress_for(filters):
    chain = filters.path()  # from the user's top region down to the scope's region
    codes = [region.code for region in chain]
    congresses = {
        c.region_id: c
        for c in Congress.objects.filter(region_id__in=codes, is_active=True, kind=Congress.Kind.CONGRESS).select_related(
            "region"
        )
    }
    for code in reversed(codes):
        if code in congresses:
            return congresses[code]
    return None
