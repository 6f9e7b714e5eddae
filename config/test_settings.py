"""Settings for the test suite: the real settings, read with MINYI_TESTING on (fast password
hashing, immediate background tasks, a cache per test worker)."""

import os

os.environ.setdefault("MINYI_TESTING", "true")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Hundreds of test sign-ins come from one address; the rate-limit test sets its own rate.
os.environ.setdefault("LOGIN_RATE_PER_ADDRESS", "100000/m")  # Playwright's sync API beside live_server

from .settings import *  # noqa: E402,F403
