"""The one place where Minyi decides who may see or do what.

Every view and API endpoint asks this module; no view checks roles on its own. A person's
scope is data (their RoleGrants: which congress, unit or representative), and each model
registers how that scope applies to it:

    @access.scope(Unit)            -> filters a queryset to what the actor may see
    @access.rule(Unit, "change")   -> decides one action on one object

`access.check()` raises PermissionDenied (and audits the denial); `access.get_object()` loads an
object through the scope so that objects outside it are a 404, never a leak of their existence.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from minyi.regions.models import prefix_of, within

from .models import Role, RoleGrant

STAFF_ROLES = frozenset({Role.CONGRESS_STAFF, Role.LEADER})
UNIT_ROLES = frozenset({Role.UNIT_STAFF, Role.UNIT_ADMIN})


@dataclass(frozen=True)
class Actor:
    """What one signed-in person may touch, read once per request from their RoleGrants."""

    user: object
    roles: frozenset = frozenset()
    congress_ids: frozenset = frozenset()
    region_prefixes: tuple = ()
    unit_ids: frozenset = frozenset()
    admin_unit_ids: frozenset = frozenset()
    representative_ids: frozenset = frozenset()
    department_ids: frozenset = field(default=frozenset())

    @property
    def is_authenticated(self):
        return self.user is not None and self.user.is_authenticated

    @property
    def is_system_admin(self):
        return Role.SYSTEM_ADMIN in self.roles or bool(self.user and self.user.is_superuser)

    @property
    def is_congress_staff(self):
        return bool(self.roles & STAFF_ROLES)

    @property
    def is_unit_staff(self):
        return bool(self.roles & UNIT_ROLES)

    @property
    def is_representative(self):
        return Role.REPRESENTATIVE in self.roles

    def has_role(self, role):
        return role in self.roles

    def may_edit_region(self, code):
        """Changing organisation data is for congress staff within their regions; leaders see
        the same scope but only to read and to lead supervision."""
        return self.is_system_admin or (Role.CONGRESS_STAFF in self.roles and self.covers_region(code))

    @property
    def may_edit_organisation(self):
        """Whether write buttons make sense at all; each write still checks its object."""
        return self.is_system_admin or Role.CONGRESS_STAFF in self.roles

    def covers_region(self, code):
        """True when a region code lies within one of the actor's congresses."""
        return self.is_system_admin or any(code.startswith(p) for p in self.region_prefixes)

    def region_q(self, region_path):
        """A Q object limiting `region_path` (a path to a Region, e.g. "congress__region", or ""
        on Region itself) to the actor's congresses, as a code range Django runs without a join."""
        if self.is_system_admin:
            return Q()
        if not self.region_prefixes:
            return Q(pk__in=[])
        query = Q()
        for prefix in self.region_prefixes:
            query |= within(f"{region_path}__code" if region_path else "code", prefix)
        return query


ANONYMOUS = Actor(user=None)


def actor_for(user):
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, "_minyi_actor", None)
    if cached is not None:
        return cached
    grants = list(RoleGrant.objects.filter(user=user).select_related("congress__region"))
    roles = frozenset(g.role for g in grants)
    staff_grants = [g for g in grants if g.role in STAFF_ROLES and g.congress_id]
    actor = Actor(
        user=user,
        roles=roles | ({Role.SYSTEM_ADMIN} if user.is_superuser else set()),
        congress_ids=frozenset(g.congress_id for g in staff_grants),
        region_prefixes=tuple(sorted({prefix_of(g.congress.region_id, g.congress.region.level) for g in staff_grants})),
        unit_ids=frozenset(g.unit_id for g in grants if g.role in UNIT_ROLES and g.unit_id),
        admin_unit_ids=frozenset(g.unit_id for g in grants if g.role == Role.UNIT_ADMIN and g.unit_id),
        representative_ids=frozenset(g.representative_id for g in grants if g.role == Role.REPRESENTATIVE and g.representative_id),
        department_ids=frozenset(g.department_id for g in staff_grants if g.department_id),
    )
    user._minyi_actor = actor
    return actor


def forget(user):
    """Drop the cached actor after the user's roles change."""
    if user is not None and hasattr(user, "_minyi_actor"):
        del user._minyi_actor


_scopes = {}
_rules = {}


def _label(model):
    return model._meta.label_lower


def scope(model):
    def register(function):
        _scopes[_label(model)] = function
        return function

    return register


def rule(model, *actions):
    def register(function):
        for action in actions:
            _rules[(_label(model), action)] = function
        return function

    return register


def visible(user, queryset):
    """The part of `queryset` the user may see. Models without a registered scope show nothing
    to anyone but system administrators: forgetting to register fails closed."""
    actor = actor_for(user)
    function = _scopes.get(_label(queryset.model))
    if function is None:
        return queryset if actor.is_system_admin else queryset.none()
    return function(actor, queryset)


def can(user, action, obj):
    actor = actor_for(user)
    function = _rules.get((_label(type(obj)), action))
    if function is None:
        return actor.is_system_admin
    return bool(function(actor, obj))


def check(user, action, obj, *, request=None):
    if not can(user, action, obj):
        from minyi.audit.services import record_denial

        record_denial(user, action, obj, request=request)
        raise PermissionDenied
    return obj


def get_object(user, queryset, *, action="view", request=None, **lookup):
    """Load one object the user may see (404 otherwise) and check `action` on it (403)."""
    try:
        obj = visible(user, queryset).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if action != "view":
        check(user, action, obj, request=request)
    return obj


def require_role(user, *roles, request=None):
    """For pages that belong to a role rather than to an object (a workbench, a home)."""
    actor = actor_for(user)
    if actor.is_system_admin or actor.roles & set(roles):
        return actor
    from minyi.audit.services import record_denial

    record_denial(user, "open:" + ",".join(roles), None, request=request)
    raise PermissionDenied
