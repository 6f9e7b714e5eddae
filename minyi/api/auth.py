from django.conf import settings
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

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


class Session(SessionAuth):
    """The browser's signed-in session, CSRF-checked. A request without a session cookie is not a
    browser's: it is passed on (to the token, or refused as unauthenticated) instead of failing the
    CSRF check, which would refuse a system's token on every POST."""

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None
        return super().__call__(request)


# The token first: a system's POST carries no CSRF token, and the session check would refuse it.
session_or_token = [TokenAuth(), Session()]
