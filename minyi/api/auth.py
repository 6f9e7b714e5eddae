from django.utils import timezone
from ninja.security import HttpBearer, django_auth

from minyi.accounts.models import ApiToken


class TokenAuth(HttpBearer):
    """`Authorization: Bearer my_…` for systems; tokens are issued per user and act as that user."""

    def authenticate(self, request, token):
        found = ApiToken.objects.select_related("user").filter(key_hash=ApiToken.hash_key(token), revoked_at__isnull=True).first()
        if found is None or not found.user.is_active:
            return None
        # Touch at most once a minute: the timestamp is for administrators, not an access log.
        if found.last_used_at is None or timezone.now() - found.last_used_at > timezone.timedelta(minutes=1):
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return found.user


# Browsers use their signed-in session (ninja's django_auth checks CSRF on unsafe methods).
session_or_token = [django_auth, TokenAuth()]
