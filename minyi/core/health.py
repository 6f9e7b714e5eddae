"""Checks behind GET /healthz. Each returns (ok, detail) and never raises."""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from .models import WorkerHeartbeat


def check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True, connection.vendor
    except Exception as error:  # a health check reports failures, it does not raise them
        return False, f"{type(error).__name__}: {error}"[:200]


def check_cache():
    key = f"healthz:{time.monotonic_ns()}"
    try:
        cache.set(key, "ok", 10)
        ok = cache.get(key) == "ok"
        cache.delete(key)
        return ok, cache.__class__.__name__ if ok else "read-back failed"
    except Exception as error:
        return False, f"{type(error).__name__}: {error}"[:200]


def check_worker():
    try:
        latest = WorkerHeartbeat.objects.order_by("-beat_at").first()
    except Exception as error:
        return False, f"{type(error).__name__}: {error}"[:200]
    if latest is None:
        return False, "no heartbeat yet"
    age = (timezone.now() - latest.beat_at).total_seconds()
    return age <= settings.WORKER_HEARTBEAT_STALE_SECONDS, f"last beat {int(age)} s ago"


def report():
    checks = {"database": check_database(), "cache": check_cache(), "worker": check_worker()}
    return {
        "status": "ok" if all(ok for ok, _ in checks.values()) else "fail",
        "checks": {name: {"ok": ok, "detail": detail} for name, (ok, detail) in checks.items()},
    }
