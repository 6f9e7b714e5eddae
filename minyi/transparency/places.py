"""Which region a portal page or a download is about: the deployment's root region (the figures'
public root) or any active region under it down to the townships, chosen by its code in `?region=`.
A village is too small to publish figures for without pointing at people, so the choice stops at
the township."""

from django.utils.translation import gettext as _

from minyi.figures import scopes
from minyi.regions.models import Level, Region, within

LOWEST = Level.TOWNSHIP


class PlaceError(ValueError):
    """A region parameter the portal cannot use; str() is the message in the visitor's language."""


def root():
    return scopes.public_root()


def choose(code):
    """The region `code` names under the root (the root for an empty code). Raises PlaceError."""
    top = root()
    if top is None:
        raise PlaceError(_("No region has been set up yet."))
    code = (code or "").strip()
    if not code or code == top.code:
        return top
    if not (code.isascii() and code.isdigit() and len(code) == 12):
        raise PlaceError(_("The region code is 12 digits, as in the links of the region list."))
    region = Region.objects.filter(code=code, is_active=True, level__lte=LOWEST).first()
    if region is None or not top.is_within(code):
        raise PlaceError(_("This portal has no figures for that region. Choose one from the list."))
    return region


def trail(region):
    """The regions from the root down to `region`, for the breadcrumb."""
    top = root()
    path = [region]
    while path[0].code != top.code and path[0].parent_id:
        path.insert(0, Region.objects.only("code", "name", "level", "parent").get(pk=path[0].parent_id))
    return path


def children(region):
    """The active regions one level down, while above the township."""
    if region.level >= LOWEST:
        return []
    return list(Region.objects.filter(parent=region, is_active=True).only("code", "name", "level").order_by("code"))


def within_region(path, region):
    """Rows whose region code at `path` lies in `region` (an index range, see regions.within)."""
    return within(path, region.prefix)
