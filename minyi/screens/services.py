"""Issuing and revoking display tokens, and what a running screen's token may do.

Congress staff issue screens for the regions of their congresses (the figures' scopes decide which),
system administrators for any region. A token is looked up by its hash; a revoked one stays in the
table, so its screen can say it was switched off instead of showing stale figures."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from minyi.accounts import access
from minyi.accounts.models import Role
from minyi.regions.models import Level, Region, within

from .models import MAX_REFRESH_SECONDS, MIN_REFRESH_SECONDS, DisplayToken, Figure

# A running screen asks every refresh interval (30 s or more); noting each ask would write the
# database twice a minute per screen for nothing the desk needs to know more precisely.
SEEN_EVERY = datetime.timedelta(minutes=1)
# The region select offers whole levels below the actor's top regions while they stay readable.
REGION_OPTIONS_LIMIT = 600


def may_manage(user):
    actor = access.actor_for(user)
    return actor.is_system_admin or Role.CONGRESS_STAFF in actor.roles


def top_regions(user):
    from minyi.figures import scopes

    return list(scopes.regions_for(user)) if may_manage(user) else []


def visible(user):
    """The tokens of screens within the user's regions."""
    if not may_manage(user):
        return DisplayToken.objects.none()
    if access.actor_for(user).is_system_admin:
        return DisplayToken.objects.all()
    query = Q(pk__in=[])
    for region in top_regions(user):
        query |= within("region__code", region.prefix)
    return DisplayToken.objects.filter(query)


def region_options(user):
    """[(code, name indented by depth)] the regions a screen may be issued for: the user's top
    regions and the levels below them down to the townships, a level only while the list stays short.
    A village has no regions beneath it to draw on the map, so it gets no screen of its own."""
    tops = sorted(top_regions(user), key=lambda region: region.code)
    chosen = {region.code: region for region in tops}
    depth = {region.code: 0 for region in tops}
    frontier = [region.code for region in tops if region.level < Level.TOWNSHIP]
    while frontier:
        children = list(Region.objects.filter(parent_id__in=frontier, is_active=True, level__lte=Level.TOWNSHIP).order_by("code"))
        if not children or len(chosen) + len(children) > REGION_OPTIONS_LIMIT:
            break
        for child in children:
            chosen[child.code] = child
            depth[child.code] = depth[child.parent_id] + 1
        frontier = [child.code for child in children if child.level < Level.TOWNSHIP]
    ordered = sorted(chosen.values(), key=lambda region: _tree_key(region, chosen))
    return [(region.code, "\u3000" * depth[region.code] + region.name) for region in ordered]


def _tree_key(region, chosen):
    # Codes sort a region's descendants right after it, except local regions (their own codes):
    # sorting by the chain of ancestors' codes keeps every child under its parent.
    chain = [region.code]
    parent = chosen.get(region.parent_id)
    while parent is not None:
        chain.insert(0, parent.code)
        parent = chosen.get(parent.parent_id)
    return chain


def issue(user, *, name, region_code, figure=Figure.COLLECTED, refresh_seconds=60):
    """A new screen for `region_code`: returns (token, key); the key is in the screen's URL and is
    not kept, so the caller shows it now or never."""
    from minyi.figures import scopes

    if not may_manage(user):
        raise PermissionDenied
    errors = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = _("Say where the screen stands, e.g. 东宝区代表之家大厅.")
    elif len(name) > 100:
        errors["name"] = _("Keep the name within 100 characters.")
    region = Region.objects.filter(pk=region_code or "", is_active=True).first()
    if region is None:
        errors["region_code"] = _("Choose the region whose figures the screen shows.")
    elif not scopes.allowed(user, region.code):
        errors["region_code"] = _("You can only issue screens for the regions of your own congresses.")
    if figure not in Figure.values:
        errors["figure"] = _("Choose one of the figures offered for the map.")
    try:
        refresh_seconds = int(refresh_seconds)
    except (TypeError, ValueError):
        refresh_seconds = None
    if refresh_seconds is None or not MIN_REFRESH_SECONDS <= refresh_seconds <= MAX_REFRESH_SECONDS:
        errors["refresh_seconds"] = _("Refresh every %(low)s to %(high)s seconds.") % {"low": MIN_REFRESH_SECONDS, "high": MAX_REFRESH_SECONDS}
    if errors:
        raise ValidationError(errors)
    key = DisplayToken.new_key()
    token = DisplayToken.objects.create(
        name=name, region=region, figure=figure, refresh_seconds=refresh_seconds,
        key_hash=DisplayToken.hash_key(key), prefix=key[:6], created_by=user,
    )
    return token, key


def revoke(user, token):
    """Switch a screen off for good; its page then says so. Revoking twice changes nothing."""
    if not visible(user).filter(pk=token.pk).exists():
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def find(key):
    """The token whose URL carries `key`, live or revoked; None for a key never issued."""
    if not key or len(key) > 100:
        return None
    return DisplayToken.objects.select_related("region").filter(key_hash=DisplayToken.hash_key(key)).first()


def seen(token, now=None):
    """Note that the screen asked for its figures, at most once a minute. The condition sits in the
    UPDATE itself, so screens served by several processes still write once."""
    now = now or timezone.now()
    if token.last_seen_at is not None and now - token.last_seen_at < SEEN_EVERY:
        return False
    written = (DisplayToken.objects.filter(pk=token.pk)
               .filter(Q(last_seen_at__isnull=True) | Q(last_seen_at__lte=now - SEEN_EVERY))
               .update(last_seen_at=now))
    if written:
        token.last_seen_at = now
    return bool(written)


def is_on_air(token, now=None):
    """Whether the screen has asked lately (within three intervals and a minute): the desk's green dot."""
    now = now or timezone.now()
    if token.revoked_at is not None or token.last_seen_at is None:
        return False
    return now - token.last_seen_at <= datetime.timedelta(seconds=3 * token.refresh_seconds) + SEEN_EVERY
