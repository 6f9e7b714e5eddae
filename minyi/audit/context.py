"""Who is acting right now, for audit entries written far from the request (signals, services)."""

import contextvars
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class ActingContext:
    user: object = None
    ip: str | None = None
    user_agent: str = ""
    path: str = ""
    source: str = ""


_current = contextvars.ContextVar("minyi_acting", default=ActingContext(source="system"))


def current():
    return _current.get()


@contextmanager
def acting(user=None, *, source="system", ip=None, user_agent="", path=""):
    """Attribute audit entries inside the block to `user` (commands, worker tasks, imports)."""
    token = _current.set(ActingContext(user=user, ip=ip, user_agent=user_agent[:300], path=path[:300], source=source))
    try:
        yield
    finally:
        _current.reset(token)


def client_ip(request):
    from django.conf import settings

    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def set_for_request(request):
    user = getattr(request, "user", None)
    return _current.set(
        ActingContext(
            user=user if user is not None and user.is_authenticated else None,
            ip=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
            path=request.path[:300],
            source="web",
        )
    )


def reset(token):
    _current.reset(token)
