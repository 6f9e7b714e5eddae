from django.shortcuts import redirect
from django.urls import reverse

from . import policy

# Pages a signed-in person can always reach, so the forced steps below cannot loop.
_OPEN_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/healthz", "/api/", "/media/")


class AccountPolicyMiddleware:
    """Sends a signed-in person to change an expired password or to set up two-factor sign-in
    before anything else, when the deployment requires it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith(_OPEN_PREFIXES):
            if policy.password_expired(user):
                return redirect(f"{reverse('accounts:password_change')}?next={request.path}")
            if policy.must_set_up_totp(user):
                return redirect(reverse("accounts:totp_setup"))
        return self.get_response(request)
