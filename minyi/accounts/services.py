"""Every write to accounts and roles goes through these functions (views, imports, commands).
Who did it is taken from the audit context (the request, or `audit.context.acting`)."""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
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
    return user


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
