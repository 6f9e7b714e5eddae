"""Every write to accounts and roles goes through these functions (views, imports, commands).
Who did it is taken from the audit context (the request, or `audit.context.acting`)."""

from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import access
from .models import ROLE_SCOPE, Role, RoleGrant, User

SCOPE_LABELS = {
    "congress": gettext_lazy("congress"),
    "unit": gettext_lazy("handling unit"),
    "representative": gettext_lazy("representative record"),
}


@transaction.atomic
def create_account(*, username, full_name, password=None, phone=None, email="", must_change_password=True):
    """Create a person's account. Without a password the account cannot sign in until one is set."""
    user = User(username=username, full_name=full_name, phone=phone or None, email=email, must_change_password=must_change_password)
    user.full_clean(exclude=["password"])
    if password:
        password_validation.validate_password(password, user)
        user.set_password(password)
        user.password_changed_at = timezone.now()
    else:
        user.set_unusable_password()
    user.save()
    _keep_must_change(user, must_change_password)
    return user


def _keep_must_change(user, must_change_password):
    """Saving a new password records it in the history, which also clears
    must_change_password (the person chose it); a password set by someone else must still be
    changed at the next sign-in."""
    if must_change_password and not user.must_change_password:
        user.must_change_password = True
        user.save(update_fields=["must_change_password"])


@transaction.atomic
def grant_role(user, role, *, congress=None, department=None, unit=None, representative=None):
    """Give `user` a role with its scope. Granting the same role and scope twice changes nothing."""
    role = Role(role)
    scope_field = ROLE_SCOPE[role]
    scope = {"congress": congress, "unit": unit, "representative": representative}
    if scope_field and scope[scope_field] is None:
        raise ValidationError(_("The role %(role)s needs a %(scope)s.") % {"role": role.label, "scope": SCOPE_LABELS[scope_field]})
    if department is not None and (congress is None or department.congress_id != congress.pk):
        raise ValidationError(_("The department must belong to the chosen congress."))
    grant, _created = RoleGrant.objects.get_or_create(
        user=user,
        role=role,
        congress=congress if scope_field == "congress" else None,
        unit=unit if scope_field == "unit" else None,
        representative=representative if scope_field == "representative" else None,
        defaults={"department": department},
    )
    if department is not None and grant.department_id != department.pk:
        grant.department = department
        grant.save(update_fields=["department"])
    access.forget(user)
    return grant


@transaction.atomic
def revoke_role(grant):
    user = grant.user
    grant.delete()
    access.forget(user)


# ---- Managing other people's accounts ---------------------------------------------------------
# The functions below are called by the account management pages. Each checks that the acting
# user (`actor`) may manage the account (rules.may_manage_user) and may hand out the role with
# its scope (`may_grant`); the changes reach the audit log through the tracked User and RoleGrant.

# Roles nobody but a system administrator hands out: they carry no scope to limit them.
_ADMIN_ONLY_ROLES = {Role.SYSTEM_ADMIN, Role.CITIZEN}
# Readable temporary passwords: no 0/O, 1/l/I.
_TEMPORARY_ALPHABETS = ("abcdefghijkmnpqrstuvwxyz", "ABCDEFGHJKLMNPQRSTUVWXYZ", "23456789", "@#%+=?")


def grantable_roles(actor):
    """The roles `actor` may give anyone at all, in the order of Role."""
    who = access.actor_for(actor)
    if who.is_system_admin:
        return list(Role)
    roles = []
    if Role.CONGRESS_STAFF in who.roles:
        roles += [Role.REPRESENTATIVE, Role.CONGRESS_STAFF, Role.UNIT_STAFF, Role.UNIT_ADMIN, Role.LEADER]
    elif who.admin_unit_ids:
        roles += [Role.UNIT_STAFF, Role.UNIT_ADMIN]
    return [role for role in Role if role in roles]


def may_grant(actor, role, *, congress=None, unit=None, representative=None):
    """May `actor` give (or take away) `role` with this scope? Congress staff hand out roles
    within their congresses' regions and for the representatives whose records they keep; a
    unit administrator hands out the roles of their own unit."""
    who = access.actor_for(actor)
    role = Role(role)
    if who.is_system_admin:
        return True
    if role not in grantable_roles(actor):
        return False
    scope_field = ROLE_SCOPE[role]
    if scope_field == "congress":
        return congress is not None and who.covers_region(congress.region_id)
    if scope_field == "unit":
        if unit is None:
            return False
        return unit.pk in who.admin_unit_ids or (Role.CONGRESS_STAFF in who.roles and who.covers_region(unit.region_id))
    if scope_field == "representative":
        return representative is not None and access.can(actor, "manage", representative)
    return False


def _deny(actor, action, obj):
    from django.core.exceptions import PermissionDenied

    from minyi.audit.services import record_denial

    record_denial(actor, action, obj)
    raise PermissionDenied


def _check_grant(actor, role, scope, target=None):
    if not may_grant(actor, role, **{k: scope.get(k) for k in ("congress", "unit", "representative")}):
        _deny(actor, f"grant:{role}", target)


def _not_yourself(actor, user, message):
    if actor is not None and actor.pk == user.pk:
        raise ValidationError(message)


def temporary_password():
    """A random password that passes the password rules, for one sign-in only."""
    import secrets

    while True:
        chars = [secrets.choice(alphabet) for alphabet in _TEMPORARY_ALPHABETS]
        everything = "".join(_TEMPORARY_ALPHABETS[:3])
        chars += [secrets.choice(everything) for _position in range(8)]
        secrets.SystemRandom().shuffle(chars)
        password = "".join(chars)
        try:
            password_validation.validate_password(password)
        except ValidationError:
            continue
        return password


def open_account(*, actor, username, full_name, role, phone=None, email="", congress=None, department=None, unit=None, representative=None):
    """Create an account with its first role, for someone the actor may give that role to.
    Returns (user, temporary password): the person signs in with it once and must then choose
    their own."""
    scope = {"congress": congress, "unit": unit, "representative": representative}
    _check_grant(actor, role, scope)
    password = temporary_password()
    with transaction.atomic():
        user = create_account(username=username, full_name=full_name, phone=phone, email=email, password=password, must_change_password=True)
        grant_role(user, role, department=department, **scope)
    return user, password


def update_account(user, *, actor, full_name, phone=None, email=""):
    access.check(actor, "manage", user)
    with transaction.atomic():
        return _save_profile(user, full_name, phone, email)


def _save_profile(user, full_name, phone, email):
    user.full_name, user.phone, user.email = full_name, phone or None, email or ""
    user.full_clean(exclude=["password"])
    user.save()
    return user


def give_role(user, role, *, actor, congress=None, department=None, unit=None, representative=None):
    """`grant_role`, for a person acting through the management pages; nobody widens their
    own rights here."""
    access.check(actor, "manage", user)
    _not_yourself(actor, user, _("You cannot give yourself a role; ask another administrator."))
    scope = {"congress": congress, "unit": unit, "representative": representative}
    _check_grant(actor, role, scope, user)
    return grant_role(user, role, department=department, **scope)


def take_role(grant, *, actor):
    """`revoke_role`, for a person acting through the management pages: one may take away only
    what one could give, and not one's own roles."""
    access.check(actor, "manage", grant.user)
    _not_yourself(actor, grant.user, _("You cannot take away your own roles; ask another administrator."))
    _check_grant(actor, grant.role, {"congress": grant.congress, "unit": grant.unit, "representative": grant.representative}, grant.user)
    revoke_role(grant)


def set_temporary_password(user, *, actor):
    """Replace the password with a new temporary one that must be changed at the next sign-in,
    and lift a lockout. Returns the temporary password, to be shown once and never stored."""
    access.check(actor, "manage", user)
    _not_yourself(actor, user, _("Change your own password under Security settings."))
    password = temporary_password()
    with transaction.atomic():
        user.set_password(password)
        user.password_changed_at = timezone.now()
        user.save(update_fields=["password", "password_changed_at"])
        _keep_must_change(user, True)
        _reset_lockout(user)
    return password


def issue_api_token(user, *, actor, name):
    """A key for a system that acts as `user` (the API, Open311). Only administrators issue them;
    the key is returned once and only its hash is kept."""
    from .models import ApiToken

    if not access.actor_for(actor).is_system_admin:
        raise PermissionDenied
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Name the system that will use the key, e.g. 12345 hotline.")})
    return ApiToken.issue(user, name[:100])


def revoke_api_token(token, *, actor):
    if not access.actor_for(actor).is_system_admin:
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def deactivate_account(user, *, actor):
    """Stop the account from signing in (and end its sessions at their next request); the
    account and everything it did stay."""
    access.check(actor, "manage", user)
    _not_yourself(actor, user, _("You cannot deactivate your own account."))
    with transaction.atomic():
        if user.is_active:
            user.is_active = False
            user.save(update_fields=["is_active"])
    return user


def reactivate_account(user, *, actor):
    access.check(actor, "manage", user)
    with transaction.atomic():
        if not user.is_active:
            user.is_active = True
            user.save(update_fields=["is_active"])
    return user


def _lockout_names(user):
    return [name for name in {user.username, user.username.lower(), user.phone or ""} if name]


def is_locked_out(user):
    """True while failed sign-ins keep the account locked (django-axes)."""
    from axes.models import AccessAttempt
    from django.conf import settings

    since = timezone.now() - timezone.timedelta(hours=settings.AXES_COOLOFF_TIME)
    attempts = AccessAttempt.objects.filter(username__in=_lockout_names(user), attempt_time__gte=since)
    return any(attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT for attempt in attempts)


def _reset_lockout(user):
    from axes.utils import reset

    return sum(reset(username=name) for name in _lockout_names(user))


def unlock_account(user, *, actor):
    """Clear the failed sign-ins that lock the account, and write that to the audit log."""
    from minyi.audit.models import AuditEntry
    from minyi.audit.services import write

    access.check(actor, "manage", user)
    cleared = _reset_lockout(user)
    write(AuditEntry.Action.ACTION, obj=user, note="unlock", user=actor)
    return cleared
