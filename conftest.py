import os

# Set before Django's settings load: tests use fast hashing, immediate tasks and their own cache.
os.environ.setdefault("MINYI_TESTING", "true")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402


@pytest.fixture
def world(db):
    from minyi.testing import World

    return World()

