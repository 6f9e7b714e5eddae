"""Rules about an account as a whole (not about objects): password age, two-factor duty."""

from django.conf import settings
from django.utils import timezone

from .access import actor_for


def needs_strong_login(user):
    """Staff, unit staff and administrators hold other people's data; citizens and
    representatives sign in on their phones and are not forced to use TOTP."""
    actor = actor_for(user)
    return actor.is_congress_staff or actor.is_unit_staff or actor.is_system_admin


def password_expired(user):
    if user.must_change_password:
        return True
    if not settings.PASSWORD_MAX_AGE_DAYS or not needs_strong_login(user):
        return False
    changed = user.password_changed_at
    return changed is None or timezone.now() - changed > timezone.timedelta(days=settings.PASSWORD_MAX_AGE_DAYS)


def has_totp(user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def totp_required(user):
    return settings.REQUIRE_2FA_FOR_STAFF and needs_strong_login(user)


def must_set_up_totp(user):
    return totp_required(user) and not has_totp(user)
