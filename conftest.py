import pytest


@pytest.fixture
def world(db):
    from minyi.testing import World

    return World()


@pytest.fixture(autouse=True)
def _default_language():
    """A request with another Accept-Language leaves that language active in the thread; each
    test starts from the deployment's default (Chinese) instead of whatever ran before it."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def fresh_cache():
    """Rate-limit counters start from zero. Parallel workers share one Redis database, so only this
    worker's keys (its key prefix) are deleted; a FLUSHDB would reset another worker's counters
    in the middle of its test."""
    from django.core.cache import cache

    def clear():
        if hasattr(cache, "delete_pattern"):
            cache.delete_pattern("*")
        else:
            cache.clear()

    clear()
    yield
    clear()
